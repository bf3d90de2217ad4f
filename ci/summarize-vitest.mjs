#!/usr/bin/env node
// Prints the closing line CI reads ("N passed, N failed, N skipped") from a vitest JSON report,
// after one line per skipped test with the reason a host probe gave (test/helpers/host:
// meta.skipReason).
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
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
