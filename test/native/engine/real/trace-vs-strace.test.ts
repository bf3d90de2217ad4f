// Issue 15: `sct trace` prints the lines strace prints. Both tools run the same real programs, in
// the same directory, with the same environment and stdio; the share of strace's lines that sct
// printed identically (normalized: strace-lines.ts) must not fall below a floor a few points under
// what was reached (python3 once measured 6 points under its usual share; the cause is not known),
// as a ratchet: raise it when the decoders improve. The goal (95%) is printed next to it.
import { execFileSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROGRAM, sct, strace, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';
import { compare, normalize, percent, type Comparison } from './strace-lines.js';

const GOAL = 95;

interface Case {
  name: string;
  needs: (keyof typeof PROGRAM)[];
  argv: string[];
  /** Puts the directory back in the state the program expects (each tool runs on a fresh one). */
  reset?: (dir: string) => void;
  /** The share reached so far (percent of strace's lines). */
  floor: number;
}

const CASES: Case[] = [
  { name: 'ls -la', needs: [], argv: ['ls', '-la'], floor: 95 },
  { name: 'cat', needs: [], argv: ['cat', 'a.txt'], floor: 95 },
  { name: 'sh -c pipeline', needs: [], argv: ['sh', '-c', 'cat a.txt | wc -l'], floor: 91 },
  { name: 'python3 -c', needs: ['python3'], argv: [PROGRAM.python3, '-c', 'import os; print(sorted(os.listdir(".")))'], floor: 90 },
  {
    name: 'sqlite3',
    needs: ['sqlite3'],
    argv: [PROGRAM.sqlite3, 't.db', 'create table t(x); insert into t values (1); select count(*) from t;'],
    reset: (dir) => rmSync(join(dir, 't.db'), { force: true }),
    floor: 93,
  },
  { name: 'git status', needs: ['git'], argv: [PROGRAM.git, 'status'], floor: 95 },
];

let dir = '';
/** Where the traces go: outside `dir`, which the programs list. */
let outDir = '';
let env: NodeJS.ProcessEnv = {};
const results: { name: string; floor: number; c: Comparison }[] = [];

function trace(tool: 'sct' | 'strace', c: Case): string {
  c.reset?.(dir);
  const out = join(outDir, `${tool}.trace`);
  const opts: SpawnSyncOptions = { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] };
  const r = tool === 'sct' ? sct(['trace', '-f', '-o', out, '--', ...c.argv], opts) : strace(['-f', '-o', out, ...c.argv], opts);
  expect(r.status, `${tool} ${c.argv.join(' ')}: ${r.stderr}`).toBe(0);
  const text = readFileSync(out, 'utf8');
  rmSync(out);
  return text;
}

describe('sct trace prints what strace prints', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sct-vs-strace-'));
    outDir = mkdtempSync(join(tmpdir(), 'sct-vs-strace-out-'));
    // PYTHONHASHSEED: python3's set order (and so some of its calls) would differ between the two runs.
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C', PYTHONHASHSEED: '0' };
    writeFileSync(join(dir, 'a.txt'), 'one\ntwo\n');
    writeFileSync(join(dir, 'b.txt'), 'three\n');
  });
  afterAll(() => {
    if (results.length > 0) {
      const rows = results.map((r) => `  ${r.name.padEnd(16)} ${String(percent(r.c)).padStart(5)}%  (${r.c.same}/${r.c.total})  floor ${r.floor}%  goal ${GOAL}%`);
      process.stdout.write(`strace lines printed identically by sct trace:\n${rows.join('\n')}\n`);
    }
    for (const d of [dir, outDir]) if (d) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(needs(...programs('cli', 'strace')));

  for (const c of CASES) {
    it(c.name, (ctx) => {
      needs(...programs(...c.needs))(ctx);
      if (c.name === 'git status' && !existsRepo()) makeRepo();
      const theirs = normalize(trace('strace', c));
      const ours = normalize(trace('sct', c));
      const result = compare(theirs, ours);
      results.push({ name: c.name, floor: c.floor, c: result });
      process.stdout.write(`${c.name}: ${percent(result)}% of strace's lines; first misses:\n${result.misses.slice(0, 8).map((m) => `    ${m}`).join('\n')}\n`);
      expect(percent(result)).toBeGreaterThanOrEqual(c.floor);
    });
  }
});

function existsRepo(): boolean {
  try {
    readFileSync(join(dir, '.git', 'HEAD'));
    return true;
  } catch {
    return false;
  }
}

/** A repository with one commit; a first `git status` settles the index so both runs see the same. */
function makeRepo(): void {
  const git = (...args: string[]): void => void execFileSync(PROGRAM.git, args, { cwd: dir, env, stdio: 'ignore' });
  git('init', '-q');
  git('add', 'a.txt');
  git('-c', 'user.name=sct', '-c', 'user.email=sct@example.invalid', 'commit', '-q', '-m', 'a');
  git('status');
}
