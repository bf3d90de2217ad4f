#!/usr/bin/env node
// Prints the closing line CI reads ("N passed, N failed, N skipped") from a vitest JSON report,
// after one line per skipped test with the reason a host probe gave (test/helpers/host:
// meta.skipReason) and one block per failed test with the first lines of its failure (CI keeps
// only the tail of a long log, so the failures are said again here, near the end).
// Usage: node ci/summarize-vitest.mjs report.json [label]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, label = 'tests'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
for (const mod of report.testResults ?? []) {
  for (const t of mod.assertionResults ?? []) {
    if (t.status !== 'skipped' && t.status !== 'pending' && t.status !== 'todo') continue;
    console.log(`skipped: ${relative(process.cwd(), mod.name)} > ${t.fullName}: ${t.meta?.skipReason ?? `(no reason given; ${t.status})`}`);
  }
}
const failed = [];
for (const mod of report.testResults ?? []) {
  const file = relative(process.cwd(), mod.name);
  for (const t of mod.assertionResults ?? []) {
    if (t.status !== 'failed') continue;
    const why = (t.failureMessages ?? []).join('\n').split('\n').slice(0, 8).join('\n    ');
    failed.push(`FAILED: ${file} > ${t.fullName}\n    ${why}`);
  }
  // A file that fails before its tests run (an import error, a throwing describe) has no results.
  if (mod.status === 'failed' && !(mod.assertionResults ?? []).some((t) => t.status === 'failed')) {
    failed.push(`FAILED: ${file} (the file itself)\n    ${String(mod.message ?? '').split('\n').slice(0, 8).join('\n    ')}`);
  }
}
for (const f of failed) console.log(f);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
