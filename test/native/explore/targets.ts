// The demo targets of scenarios/targets as exploration scenarios: no rules, and expectations that
// must hold under any fault (the library's scenarios expect one particular fault's outcome).
// Each factory gives the buggy or the fixed variant; `scenarios` lists all of them, so that a
// reproducer can import its scenario by name.
import { readFileSync } from 'node:fs';
import { defineScenario, type Scenario } from '../../../harness/src/scenarios/index.js';
import { actedFaults } from '../../../harness/src/explore/index.js';
import { waitMs } from '../../helpers/scale.js';

export type Variant = 'buggy' | 'fixed';
const T = '../../../scenarios/targets';
const defines = (v: Variant): string[] => (v === 'fixed' ? ['FIXED'] : []);
const reported = (r: { exitCode: number | null; stderr: string }): boolean => r.exitCode !== 0 && r.stderr.trim() !== '';

export const configReader = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-config-reader-${v}`,
    description: 'config-reader must never crash, whatever fails',
    target: { c: `${T}/config-reader.c`, defines: defines(v), files: { 'app.conf': 'color=red\n' } },
    rules: [],
    expect: { exit: 'any-non-crash', signal: 'none', files: { 'app.conf': 'unchanged' } },
  });

export const configReaderNode = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-config-reader-node-${v}`,
    description: 'the Node config-reader must go on (with defaults) when its config cannot be read',
    target: { node: `${T}/config-reader.mjs`, args: v === 'fixed' ? ['--fixed'] : [], files: { 'app.json': '{"color":"red"}' } },
    rules: [],
    // Node's own start under TCG in a busy guest once took longer than 20 s: scaled like every wait.
    expect: { exit: 0, stdout: /setting color=(red|blue)/, maxRunMs: waitMs(20_000) },
  });

export const saveData = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-save-data-${v}`,
    description: 'save-data either saves all 64 KiB or says it failed',
    target: { c: `${T}/save-data.c`, defines: defines(v) },
    rules: [],
    expect: {
      signal: 'none',
      check: (r) => {
        const saved = /END\n$/.test(readMaybe(`${r.workDir}/out.dat`));
        return saved || reported(r) ? undefined : `out.dat is incomplete, yet the program exited ${r.exitCode} with ${r.stderr ? 'stderr ' + JSON.stringify(r.stderr) : 'nothing on stderr'}`;
      },
    },
  });

const OLD = 'counter=1\n';
const NEW = 'counter=2\n';
export const journal = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-journal-${v}`,
    description: 'journal replaces state.txt only when every step succeeded, and keeps it otherwise',
    target: { c: `${T}/journal.c`, defines: defines(v), files: { 'state.txt': OLD } },
    rules: [],
    expect: {
      signal: 'none',
      check: (r) => {
        const state = readMaybe(`${r.workDir}/state.txt`);
        if (state !== OLD && state !== NEW) return `state.txt is neither the old nor the new state: ${JSON.stringify(state)}`;
        const lost = actedFaults(r).find((f) => ['write', 'fsync', 'fdatasync', 'close'].includes(f.syscall) && (f.arg0 ?? 0n) >= 3n && !(f.action === 'DELAY'));
        if (r.exitCode === 0 && lost) return `${lost.syscall} of the new state failed (${lost.errno ?? lost.action}), yet the program exited 0 with state.txt = ${JSON.stringify(state)}`;
        if (r.exitCode !== 0 && state !== OLD) return `the program failed (exit ${r.exitCode}) but replaced state.txt`;
        return undefined;
      },
    },
  });

export const readAll = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-read-all-${v}`,
    description: 'read-all counts all 12 bytes unless a real read error is reported',
    target: { c: `${T}/read-all.c`, defines: defines(v), stdin: 'twelve bytes' },
    rules: [],
    expect: {
      signal: 'none',
      check: (r) => {
        if (r.stdout.includes('read 12 bytes')) return undefined;
        const hard = actedFaults(r, ['EINTR']).filter((f) => !f.transient);
        return hard.length > 0 && r.stderr !== '' ? undefined : `counted wrong (${JSON.stringify(r.stdout)}) under ${actedFaults(r).map((f) => `${f.syscall} ${f.errno ?? f.action}`).join(', ') || 'no fault'}`;
      },
    },
  });

export const spawner = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-spawner-${v}`,
    description: 'spawner says done only when its child ran',
    target: { c: `${T}/spawner.c`, defines: defines(v) },
    rules: [],
    expect: {
      signal: 'none',
      check: (r) => (r.stdout.includes('spawner: done') && !r.stdout.includes('child ran') ? 'reported done, but the child never ran' : undefined),
    },
  });

export const token = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-token-${v}`,
    description: 'token never prints a predictable token',
    target: { c: `${T}/token.c`, defines: defines(v) },
    rules: [],
    expect: {
      signal: 'none',
      check: (r) => {
        const t = /token: ([0-9a-f]*)/.exec(r.stdout)?.[1];
        if (t === undefined) return reported(r) ? undefined : 'printed no token and reported nothing';
        return t.length === 32 && !/0{16}/.test(t) ? undefined : `predictable token ${t}`;
      },
    },
  });

export const bigBuffer = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-big-buffer-${v}`,
    description: 'big-buffer must never crash',
    target: { c: `${T}/big-buffer.c`, defines: defines(v) },
    rules: [],
    expect: { exit: 'any-non-crash', signal: 'none' },
  });

export const fetch = (v: Variant): Scenario =>
  defineScenario({
    name: `explore-fetch-${v}`,
    description: 'fetch never dies of a signal, and exits 0 only with the answer',
    target: { c: `${T}/fetch.c`, defines: defines(v), timeoutMs: 15_000 },
    rules: [],
    expect: {
      exit: 'any-non-crash',
      signal: 'none',
      check: (r) => (r.exitCode === 0 && !r.stdout.includes('fetch: got ') ? 'exited 0 without an answer' : undefined),
    },
  });

function readMaybe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '<missing>';
  }
}

/**
 * name, factory, and exclusions beyond the defaults. Node aborts (SIGABRT, a runtime assertion)
 * when close(2) of the file readFileSync read fails: a Node finding, not config-reader's, so the
 * Node target leaves close out.
 */
export const TARGETS: [string, (v: Variant) => Scenario, { syscalls?: string[] }?][] = [
  ['config-reader', configReader],
  ['config-reader-node', configReaderNode, { syscalls: ['close'] }],
  ['save-data', saveData],
  ['journal', journal],
  ['read-all', readAll],
  ['spawner', spawner],
  ['token', token],
  ['big-buffer', bigBuffer],
  ['fetch', fetch],
];

export const scenarios: Scenario[] = TARGETS.flatMap(([, f]) => [f('buggy'), f('fixed')]);
