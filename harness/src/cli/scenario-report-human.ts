// The default reporter: one verdict line per scenario, with the injections made and, for a
// failure, each reason on its own line; a closing "N passed, M failed".

import type { Injection, ScenarioVerdict } from '../scenarios/index.js';

export function injectionText(injections: readonly Injection[]): string {
  if (injections.length === 0) return 'no injections';
  return `injected ${injections.map((i) => `${i.syscall}×${i.times} (${i.rule})`).join(', ')}`;
}

export function humanVerdict(v: ScenarioVerdict): string {
  const head = `${v.passed ? 'PASS' : 'FAIL'} ${v.name} (${Math.round(v.durationMs)} ms): ${injectionText(v.injections)}`;
  return [head, ...v.reasons.map((r) => `     - ${r}`)].join('\n') + '\n';
}

export function humanSummary(verdicts: readonly ScenarioVerdict[]): string {
  const passed = verdicts.filter((v) => v.passed).length;
  return `\n${passed} passed, ${verdicts.length - passed} failed\n`;
}
