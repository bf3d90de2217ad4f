#!/usr/bin/env node
// Prints the closing line CI reads ("N passed, N failed, N skipped") from a vitest JSON report.
// Usage: node ci/summarize-vitest.mjs report.json [label]
import { readFileSync } from 'node:fs';

const [file, label = 'tests'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
