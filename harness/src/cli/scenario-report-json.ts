// `--reporter json`: one document with every verdict (without the raw event record).

import type { ScenarioVerdict } from '../scenarios/index.js';

export function jsonReport(verdicts: readonly ScenarioVerdict[]): string {
  const passed = verdicts.filter((v) => v.passed).length;
  const scenarios = verdicts.map((v) => ({
    name: v.name,
    ...(v.file !== undefined ? { file: v.file } : {}),
    passed: v.passed,
    reasons: v.reasons,
    injections: v.injections,
    durationMs: Math.round(v.durationMs),
    exitCode: v.record?.exitCode ?? null,
    signal: v.record?.signal ?? null,
  }));
  return JSON.stringify({ passed, failed: verdicts.length - passed, scenarios }, null, 2) + '\n';
}
