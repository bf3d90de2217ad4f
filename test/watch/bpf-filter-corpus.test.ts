// The program corpus (test/helpers/prog-corpus) through the BPF filter (native/watch/bpf/
// filter.bpf.h: include/sct/prog_interp.h stepped by bpf_loop), run with BPF_PROG_RUN by
// native/watch/test/filter-corpus.c, against the addon's evalProg (the same interpreter as the
// kernel module's) on the same inputs. Needs root and a kernel that lets BPF load: skipped with
// the reason otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalProg } from '../../harness/src/engine/native.js';
import { checkProg, compileFilter } from '../../harness/src/filter/index.js';
import { parseFilterExpression } from '../../harness/src/rules/config/index.js';
import { lookupSyscall } from '../../harness/src/tables/index.js';
import { buildCorpus, Origin } from '../helpers/prog-corpus/index.js';
import { inputPairs, type NativeInput } from '../helpers/prog-corpus/inputs.js';
import { WATCH_DIR, watchUnavailable } from '../helpers/watch-build.js';

const RUNNER = join(WATCH_DIR, 'build/filter-corpus');
const PROG_MAX = 16384; // SCT_WATCH_PROG_MAX (native/watch/bpf/watch.h)
const INPUTS = 4;

const dir = mkdtempSync(join(tmpdir(), 'sct-bpf-filter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Why this suite cannot run here, or undefined. Builds the runner and loads the BPF filter once. */
function unavailable(): string | undefined {
  const missing = watchUnavailable('build/filter-corpus');
  if (missing) return missing;
  const empty = join(dir, 'empty.bin');
  writeFileSync(empty, encodeCases([]));
  const probe = spawnSync(RUNNER, [empty], { encoding: 'utf8' });
  if (probe.status === 3) return `BPF refused: ${probe.stderr.trim()}`;
  return undefined;
}

interface Case {
  blob: Uint8Array;
  inputs: { input: NativeInput; expected: boolean }[];
}

/** The runner's case file (its format is in native/watch/test/filter-corpus.c). */
function encodeCases(cases: Case[]): Uint8Array {
  const chunks: Uint8Array[] = [new TextEncoder().encode('SCTBPFC1')];
  const u32 = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    return b;
  };
  chunks.push(u32(cases.length));
  for (const c of cases) {
    chunks.push(u32(c.blob.length), c.blob, u32(c.inputs.length));
    for (const { input, expected } of c.inputs) {
      const fixed = new Uint8Array(6 * 8 + 6 * 8 + 8);
      const v = new DataView(fixed.buffer);
      input.args.forEach((a, i) => v.setBigInt64(i * 8, a, true));
      let varMask = 0;
      (input.vars ?? []).forEach((x, i) => {
        v.setBigInt64(48 + i * 8, BigInt(x), true);
        varMask |= 1 << i;
      });
      const strs = Object.entries(input.strings ?? {}).map(([k, s]) => [Number(k), typeof s === 'string' ? new TextEncoder().encode(s) : s] as const);
      strs.sort((a, b) => a[0] - b[0]);
      v.setUint32(96, varMask, true);
      v.setUint32(100, strs.reduce((m, [k]) => m | (1 << k), 0), true);
      chunks.push(fixed);
      for (const [, bytes] of strs) chunks.push(u32(bytes.length), bytes);
      chunks.push(Uint8Array.of(expected ? 1 : 0));
    }
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Runs the cases through the BPF filter: the runner's disagreement lines and its summary. */
function run(cases: Case[], name: string): { lines: string[]; summary: string } {
  const file = join(dir, `${name}.bin`);
  writeFileSync(file, encodeCases(cases));
  const lines = execFileSync(RUNNER, [file], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n');
  return { summary: lines.pop()!, lines };
}

const expectAll = (cases: Case[], summary: string) => {
  const n = cases.reduce((k, c) => k + c.inputs.length, 0);
  expect(summary).toMatch(new RegExp(`^cases ${cases.length} inputs ${n} agree ${n} disagree 0 faults 0 `));
};

const reason = unavailable();
if (reason) console.warn(`test/watch/bpf-filter-corpus: skipped: ${reason}`);

describe.skipIf(reason !== undefined)('the BPF filter against the addon interpreter', () => {
  it('agrees on every valid corpus program, 4 inputs each', () => {
    const { records, compiled } = buildCorpus();
    const valid = records.filter((r) => checkProg(r.blob) === null);
    const cases: Case[] = valid.map((r, i) => {
      const sockArg = r.origin === Origin.COMPILED && compiled[records.indexOf(r)]?.syscall === 'connect' ? 1 : undefined;
      return {
        blob: r.blob,
        inputs: inputPairs(i + 1, INPUTS, sockArg).map(({ native }) => ({ input: native, expected: evalProg(r.blob, native as Parameters<typeof evalProg>[1]) })),
      };
    });
    expect(cases.every((c) => c.blob.length <= PROG_MAX)).toBe(true);
    const { lines, summary } = run(cases, 'corpus');
    console.log(`bpf filter corpus: ${valid.length} valid of ${records.length} programs; ${summary}`);
    expect(lines.slice(0, 10)).toEqual([]);
    expectAll(cases, summary);
    expect(cases.flatMap((c) => c.inputs).filter((x) => x.expected).length).toBeGreaterThan(100); // both outcomes reached
  });

  // The corpus's strings are short; a compare takes 64 bytes per bpf_loop step (filter.bpf.h).
  it('agrees on strings that span several 64-byte steps', () => {
    const long = (n: number, last = 'b') => `/${'a'.repeat(n - 2)}${last}`;
    const texts = [`path == "${long(130)}"`, `path != "${long(64)}"`, 'path ~= "^/a+b$"', 'path ~= "ab$"', 'path ~= "z"', `path in ("${long(65)}", "${long(200)}")`, 'COMM ~= "a+b"'];
    const strings = [2, 3, 63, 64, 65, 127, 128, 129, 130, 200, 255].flatMap((n) => [long(n), long(n, 'z'), long(n, 'a')]);
    const cases: Case[] = texts.map((text) => {
      const { expr } = parseFilterExpression(text);
      const blob = compileFilter(expr!, lookupSyscall('openat', 'x86_64')!);
      return {
        blob,
        inputs: strings.map((str) => {
          const input: NativeInput = { args: [0n, 0n, 0n, 0n, 0n, 0n], strings: { 1: str, 10: str } };
          return { input, expected: evalProg(blob, input as Parameters<typeof evalProg>[1]) };
        }),
      };
    });
    const { lines, summary } = run(cases, 'long');
    console.log(`bpf filter long strings: ${summary}`);
    expect(lines).toEqual([]);
    expectAll(cases, summary);
    expect(Number(/max_steps (\d+)/.exec(summary)![1])).toBeGreaterThan(5); // several compare steps taken
    expect(cases.flatMap((c) => c.inputs).filter((x) => x.expected).length).toBeGreaterThan(20);
  });
});
