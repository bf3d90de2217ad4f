// TAP version 14: a test point per scenario; a failure carries a YAML block with its file, its
// reasons and the injections made.

import type { ScenarioVerdict } from '../scenarios/index.js';

/** `#` starts a directive and `\` escapes in a TAP description. */
const description = (name: string): string => name.replace(/\\/g, '\\\\').replace(/#/g, '\\#');

/** A JSON string is a valid YAML double-quoted scalar. */
const q = (s: string): string => JSON.stringify(s);

export function tapHeader(count: number): string {
  return `TAP version 14\n1..${count}\n`;
}

export function tapVerdict(v: ScenarioVerdict, n: number): string {
  const line = `${v.passed ? 'ok' : 'not ok'} ${n} - ${description(v.name)} # time=${Math.round(v.durationMs)}ms\n`;
  if (v.passed) return line;
  const yaml = ['  ---'];
  if (v.file !== undefined) yaml.push(`  file: ${q(v.file)}`);
  yaml.push('  reasons:', ...v.reasons.map((r) => `    - ${q(r)}`));
  if (v.injections.length > 0) {
    yaml.push('  injections:', ...v.injections.flatMap((i) => [`    - rule: ${q(i.rule)}`, `      syscall: ${q(i.syscall)}`, `      times: ${i.times}`]));
  }
  if (v.record) yaml.push(`  exitCode: ${v.record.exitCode ?? 'null'}`, `  signal: ${v.record.signal === null ? 'null' : q(v.record.signal)}`);
  yaml.push('  ...');
  return line + yaml.join('\n') + '\n';
}
