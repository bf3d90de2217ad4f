// Step 3 of `sct crash`: one crash state on disk, the scenario's recovery command run on it, then
// its `crash.files` and `crash.check`.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { checkFiles, snapshotFiles } from '../scenarios/checks/index.js';
import { scenarioDir } from '../scenarios/target.js';
import type { CrashState, RecoveryResult, Scenario } from '../scenarios/index.js';
import { CrashRecoverError } from './errors.js';
import type { FsTree } from './fs-model.js';

const RECOVER_TIMEOUT_MS = 30_000;

export interface StateVerdict {
  reasons: string[];
  recovery?: RecoveryResult;
}

export class StateChecker {
  private readonly before: ReturnType<typeof snapshotFiles>;
  private readonly command?: string;

  constructor(private readonly scenario: Scenario, initial: FsTree, baseDir?: string) {
    const spec = scenario.crash!;
    const dir = mkdtempSync(join(tmpdir(), 'sct-crash-initial-'));
    try {
      initial.write(dir);
      this.before = snapshotFiles(spec.files, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const c = spec.recover?.command;
    if (c !== undefined) this.command = c.startsWith('./') || c.startsWith('../') ? resolve(scenarioDir(scenario, baseDir), c) : c;
  }

  /** Writes the state into a fresh directory, recovers, checks; the directory is removed after. */
  async check(tree: FsTree, facts: Omit<CrashState, 'dir' | 'read' | 'recovery'>): Promise<StateVerdict> {
    const spec = this.scenario.crash!;
    const dir = mkdtempSync(join(tmpdir(), 'sct-crash-state-'));
    try {
      tree.write(dir);
      let recovery: RecoveryResult | undefined;
      if (this.command !== undefined) {
        const r = await execa(this.command, [...(spec.recover!.args ?? [])], {
          cwd: dir, reject: false, stdin: 'ignore', timeout: spec.recover!.timeoutMs ?? RECOVER_TIMEOUT_MS,
          env: { ...spec.recover!.env }, stripFinalNewline: false,
        });
        if (r.failed && r.exitCode === undefined && !r.timedOut && r.signal === undefined) {
          throw new CrashRecoverError(`scenario '${this.scenario.name}': crash.recover.command '${this.command}' could not be started: ${r.originalMessage ?? r.shortMessage}`);
        }
        recovery = { exitCode: r.exitCode ?? null, signal: r.signal ?? null, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
        if (r.timedOut) return { reasons: [`crash.recover: '${this.command}' did not finish within ${spec.recover!.timeoutMs ?? RECOVER_TIMEOUT_MS} ms`], recovery };
      }
      const reasons = checkFiles(spec.files, dir, this.before).map((r) => `crash.${r}`);
      if (spec.check) {
        const state: CrashState = {
          ...facts, dir, ...(recovery ? { recovery } : {}),
          read: (p) => {
            try {
              return readFileSync(resolve(dir, p), 'utf8');
            } catch {
              return undefined;
            }
          },
        };
        try {
          const out = await spec.check(state);
          if (out === false) reasons.push('crash.check returned false');
          else if (typeof out === 'string') reasons.push(`crash.check: ${out}`);
        } catch (error) {
          reasons.push(`crash.check threw: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return { reasons, ...(recovery ? { recovery } : {}) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
