// Reads a suite's TAP with tap-parser and prints it for people: one line per
// test, the YAML diagnostics of failures, and counts.
import { Parser } from 'tap-parser';

/** @returns {{tests: {ok, name, skip, todo, diag}[], passed, failed, skipped, planned, complete}} */
export function parseTap(text) {
  const tests = [];
  let planned = null;
  const parser = new Parser();
  parser.on('assert', (a) => tests.push({ ok: a.ok, name: a.name, skip: a.skip, todo: a.todo, diag: a.diag }));
  parser.on('plan', (p) => { planned = p.end - p.start + 1; });
  parser.end(text);
  const skipped = tests.filter((t) => t.skip || t.todo).length;
  const failed = tests.filter((t) => !t.ok && !t.todo).length;
  const passed = tests.length - failed - skipped;
  const complete = planned !== null && planned === tests.length;
  return { tests, passed, failed, skipped, planned, complete };
}

export function formatTests(report, indent = '  ') {
  const out = [];
  for (const t of report.tests) {
    const mark = t.skip || t.todo ? '-' : t.ok ? '✓' : '✗';
    const reason = (d) => (typeof d === 'string' && d ? ` ${d}` : '');
    const note = t.skip ? ` # SKIP${reason(t.skip)}` : t.todo ? ` # TODO${reason(t.todo)}` : '';
    out.push(`${indent}${mark} ${t.name}${note}`);
    if (!t.ok && !t.todo && t.diag) {
      for (const [k, v] of Object.entries(t.diag)) {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        out.push(...`${k}: ${text}`.split('\n').slice(0, 25).map((l) => `${indent}    ${l}`));
      }
    }
  }
  return out.join('\n');
}
