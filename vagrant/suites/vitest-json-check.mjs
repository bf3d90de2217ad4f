// Checks a vitest JSON report for one regression: the tests in FILE whose full name matches
// PATTERN all passed, and there were at least MIN of them (so a renamed test is a failure,
// not a silent pass). Prints each test with its state.
//   node vitest-json-check.mjs REPORT.json FILE PATTERN MIN
import fs from 'node:fs';

const [report, file, pattern, min] = process.argv.slice(2);
if (!report || !file || !pattern || !(Number(min) > 0)) {
  console.error('usage: vitest-json-check.mjs REPORT.json FILE PATTERN MIN');
  process.exit(2);
}
const json = JSON.parse(fs.readFileSync(report, 'utf8'));
const re = new RegExp(pattern);
const mod = json.testResults.find((t) => t.name.endsWith(`/${file}`));
const tests = (mod?.assertionResults ?? []).filter((a) => re.test(a.fullName));
for (const t of tests) {
  console.log(`${t.status}: ${t.fullName}`);
  for (const m of t.failureMessages ?? []) console.log(`  ${m.split('\n').slice(0, 3).join('\n  ')}`);
}
if (mod && mod.status === 'failed' && mod.message) console.log(`module: ${mod.message}`);
const bad = tests.filter((t) => t.status !== 'passed');
if (tests.length < Number(min)) console.log(`expected at least ${min} tests matching /${pattern}/ in ${file}, found ${tests.length}`);
process.exit(tests.length >= Number(min) && bad.length === 0 ? 0 : 1);
