// runScenario(): prepare the target, run it under the scenario's rules, check every expectation,
// and say why it failed, each reason naming the expectation and what happened.

import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SctError } from '../errors.js';
import { runWithRules, type RunResult } from '../engine/run.js';
import { DEFAULT_LOG_FORMAT, formatLogLine, type DecodedEvent } from '../engine/decode/index.js';
import { hostArch } from '../tables/index.js';
import { checkCustom, checkExit, checkFiles, checkInjected, checkOutput, snapshotFiles } from './checks/index.js';
import { injectionsOf } from './injections.js';
import { prepareTarget, type PreparedTarget } from './target.js';
import type { RunScenarioOptions, Scenario, ScenarioRecord, ScenarioVerdict } from './types.js';

/** A run without maxRunMs or target.timeoutMs is still killed after this long. */
export const DEFAULT_SCENARIO_TIMEOUT_MS = 120_000;

function limitOf(s: Scenario): number {
  const limits = [s.target.timeoutMs, s.expect.maxRunMs].filter((x): x is number => x !== undefined);
  return limits.length ? Math.min(...limits) : DEFAULT_SCENARIO_TIMEOUT_MS;
}

function describeError(error: unknown): string {
  if (error instanceof SctError) return `${error.message} [${error.code}]`;
  return error instanceof Error ? error.message : String(error);
}

/** Formats LOG events into lines as they arrive, while the process can still be looked up. */
function logWriter(s: Scenario, lines: string[], forward?: (e: DecodedEvent) => void): (e: DecodedEvent) => void {
  const ctx = { arch: hostArch(), startNs: process.hrtime.bigint() };
  return (e) => {
    const rule = e.rule !== undefined ? s.rules[e.rule - 1] : undefined;
    if (e.type === 'rule' && rule?.action.type === 'LOG' && e.acted !== false) lines.push(formatLogLine(rule.action.format ?? DEFAULT_LOG_FORMAT, e, ctx));
    forward?.(e);
  };
}

function recordOf(s: Scenario, t: PreparedTarget, r: RunResult, log: string[]): ScenarioRecord {
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    events: r.events,
    counts: r.counts,
    injections: injectionsOf(s.rules, r.events, r.counts),
    log,
    durationMs: r.durationMs,
    workDir: t.workDir,
    command: t.command,
    args: t.args,
  };
}

export async function runScenario(scenario: Scenario, opts: RunScenarioOptions = {}): Promise<ScenarioVerdict> {
  const started = performance.now();
  const base = { name: scenario.name, ...(scenario.file !== undefined ? { file: scenario.file } : {}) };
  let target: PreparedTarget | undefined;
  try {
    target = await prepareTarget(scenario, opts.baseDir);
    const before = snapshotFiles(scenario.expect.files, target.workDir);
    const limit = limitOf(scenario);
    const log: string[] = [];
    const result = await runWithRules({
      command: target.command,
      args: target.args,
      env: target.env,
      cwd: target.cwd,
      ...(target.input !== undefined ? { input: target.input } : {}),
      timeoutMs: limit,
      rules: [...scenario.rules],
      count: true,
      report: true,
      onEvent: logWriter(scenario, log, opts.onEvent),
    });
    const record = recordOf(scenario, target, result, log);
    const e = scenario.expect;
    const reasons = [
      ...checkExit(e, record, limit),
      ...checkOutput('stdout', e.stdout, record.stdout),
      ...checkOutput('stderr', e.stderr, record.stderr),
      ...checkFiles(e.files, target.workDir, before),
      ...checkInjected(e.injected, scenario.rules, record),
      ...(record.timedOut ? [] : await checkCustom(e.check, record)),
    ];
    return { ...base, passed: reasons.length === 0, reasons, injections: record.injections, durationMs: performance.now() - started, record };
  } catch (error) {
    return { ...base, passed: false, reasons: [`target: could not run: ${describeError(error)}`], injections: [], durationMs: performance.now() - started };
  } finally {
    if (target && !opts.keepWorkDir) rmSync(target.workDir, { recursive: true, force: true });
  }
}
