// `npx tsx bench/bad-inputs.ts [MB...]`: how long `sct config check` takes to refuse large bad
// inputs (test/fixtures/invalid/large-inputs.ts), and how much it prints. The goal: any refused
// input up to 10 MB answered in under 2 s. Scales: the issue's sizes (1), and inputs of about
// 10 MB (command-line inputs: as much as Linux passes, about 1.5 MB). Prints a markdown table;
// asserts nothing (the test bounds only the output).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LARGE_INPUTS } from '../test/fixtures/invalid/large-inputs.js';

const cli = join(import.meta.dirname, '..', 'dist/harness/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'sct-bench-bad-'));
const TIMEOUT_MS = Number(process.env.SCT_BENCH_TIMEOUT_MS ?? 120_000);

console.log('| input | size | s | exit | stderr lines | stderr bytes |');
console.log('| --- | --- | --- | --- | --- | --- |');
try {
  for (const input of LARGE_INPUTS) {
    for (const targetMb of [undefined, 10]) {
      const probe = input.make(dir, 1);
      const size = (args: string[]) => args.reduce((n, a) => n + (a.startsWith(dir) ? statSync(a).size : a.length), 0);
      const scale = targetMb === undefined ? 1 : (targetMb * 2 ** 20) / size(probe);
      const args = input.make(dir, scale);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'config', 'check', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: TIMEOUT_MS });
      const s = ((performance.now() - t0) / 1000).toFixed(2);
      const stderr = r.stderr ?? '';
      const lines = stderr.split('\n').length - 1;
      console.log(`| ${input.name} | ${(size(args) / 2 ** 20).toFixed(2)} MB | ${r.error ? ((r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `> ${TIMEOUT_MS / 1000}` : (r.error as NodeJS.ErrnoException).code) : s} | ${r.status} | ${lines} | ${stderr.length} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
