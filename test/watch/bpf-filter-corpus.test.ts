// The program corpus (test/helpers/prog-corpus) through the BPF filter (native/watch/bpf/
// filter.bpf.h: include/sct/prog_interp.h stepped by bpf_loop), run with BPF_PROG_RUN by
// native/watch/test/filter-corpus.c, against the addon's evalProg (the same interpreter as the
// kernel module's) on the same inputs. Needs root and a kernel that lets BPF load: skipped with
// the reason otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { evalProg } from '../../harness/src/engine/native.js';
import { checkProg, compileFilter } from '../../harness/src/filter/index.js';
import { parseFilterExpression } from '../../harness/src/rules/config/index.js';
import { lookupSyscall } from '../../harness/src/tables/index.js';
import { buildCorpus, Origin } from '../helpers/prog-corpus/index.js';
import { inputPairs, type NativeInput } from '../helpers/prog-corpus/inputs.js';
import { WATCH_DIR, watchUnavailable } from '../helpers/watch-build.js';

const RUNNER = join(WATCH_DIR, 'build-bpf/filter-corpus');
const PROG_MAX = 16384; // SCT_WATCH_PROG_MAX (native/watch/bpf/watch.h)
const INPUTS = 4;

const dir = mkdtempSync(join(tmpdir(), 'sct-bpf-filter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Why this suite cannot run here, or undefined. Builds the runner and loads the BPF filter once. */
function unavailable(): string | undefined {
  const missing = watchUnavailable('build-bpf/filter-corpus');
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

describe('the BPF filter against the addon interpreter', () => {
  beforeEach(skipWhen(reason));
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

  // The corpus's sockaddrs are AF_INET and AF_UNIX; IPv6 text (inet_ntop's zero compression and
  // IPv4 tails) is written by hand in filter.bpf.h: every address's text against every other's.
  it('writes IPv6 and IPv4 addresses as text as inet_ntop does', () => {
    const v6 = ['::', '::1', '::2', '1::', '1::1', '2001:db8::1', '2001:db8::1:0:0:1', 'fe80::1:2:3:4', '::ffff:10.0.0.1', '::10.0.0.1', '1:2:3:4:5:6:7:8', '0:0:1::', '1:0:1:0:1:0:1:0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::ffff:0.0.0.1', '1:0:0:2::'];
    const v4 = ['0.0.0.0', '127.0.0.1', '255.255.255.255', '10.200.3.40'];
    /** The 8 groups of an address's text ("::" for the zero run, a dotted IPv4 tail). */
    const groups = (t: string): number[] => {
      const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
      const extra = tail ? [(Number(tail[1]) << 8) | Number(tail[2]), (Number(tail[3]) << 8) | Number(tail[4])] : [];
      let text = tail ? t.slice(0, tail.index) : t;
      if (tail && text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
      const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
      const h = head ? head.split(':').map((x) => parseInt(x, 16)) : [];
      const r = rest ? rest.split(':').map((x) => parseInt(x, 16)) : [];
      const zeros = rest !== undefined ? 8 - h.length - r.length - extra.length : 0;
      return [...h, ...Array<number>(zeros).fill(0), ...r, ...extra];
    };
    const sock6 = (t: string) => {
      const b = new Uint8Array(28);
      b[0] = 10; // AF_INET6, little-endian sa_family
      groups(t).forEach((g, i) => ((b[8 + 2 * i] = g >> 8), (b[9 + 2 * i] = g & 0xff)));
      return b;
    };
    const sock4 = (t: string) => {
      const b = new Uint8Array(16);
      b[0] = 2;
      b.set(t.split('.').map(Number), 4);
      return b;
    };
    const socks = [...v6.map(sock6), ...v4.map(sock4)];
    const cases: Case[] = [...v6, ...v4].map((text) => {
      const { expr } = parseFilterExpression(`addr.ip == "${text}"`);
      const blob = compileFilter(expr!, lookupSyscall('connect', 'x86_64')!);
      return {
        blob,
        inputs: socks.map((raw) => {
          const input: NativeInput = { args: [3n, 0n, 28n, 0n, 0n, 0n], strings: { 1: raw } };
          return { input, expected: evalProg(blob, input as Parameters<typeof evalProg>[1]) };
        }),
      };
    });
    const { lines, summary } = run(cases, 'ip');
    console.log(`bpf filter ip text: ${summary}`);
    expect(lines).toEqual([]);
    expectAll(cases, summary);
    // inet_ntop writes each address as the text it was made from: one match per row.
    expect(cases.map((c) => c.inputs.filter((x) => x.expected).length)).toEqual(cases.map(() => 1));
  });
});
