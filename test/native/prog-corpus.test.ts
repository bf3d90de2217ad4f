// The program corpus (test/helpers/prog-corpus) through every user-space entry point: the addon's
// checker (include/sct/prog_check.h), a plain C program built against the same header reading
// the corpus's binary file, and the addon's interpreter (prog_interp.h) against the TS oracle on
// the compiled programs. The kernel module's run is vagrant/suites/lib/kernel.sh's k_prog_corpus.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalProg } from '../../harness/src/engine/native.js';
import { checkProg } from '../../harness/src/filter/index.js';
import { evalProg as oracleEval } from '../../harness/src/filter/index.js';
import { packageRoot } from '../../harness/src/paths.js';
import { ANY_FAULT, buildCorpus, encodeCorpus, faultNames, handCases, Origin } from '../helpers/prog-corpus/index.js';
import { inputPairs } from '../helpers/prog-corpus/inputs.js';

const { records, compiled } = buildCorpus();
const names = faultNames();
const verdict = (blob: Uint8Array): string => {
  const v = checkProg(blob);
  return v ? `${v.fault} ${v.index} ${v.constant}` : 'OK -1 -1';
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sct-prog-corpus-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the corpus', () => {
  it('holds a few thousand programs of all three origins', () => {
    const by = (o: number) => records.filter((r) => r.origin === o).length;
    expect(records.length).toBeGreaterThan(2000);
    expect(by(Origin.COMPILED)).toBe(300);
    expect(by(Origin.HAND)).toBe(handCases().length);
    expect(by(Origin.MUTANT)).toBeGreaterThan(1500);
  });

  it('has a hand-made program for every fault of prog_check.h', () => {
    const covered = new Set(handCases().map((h) => h.fault));
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
  });
});

describe('the addon checker (progCheck)', () => {
  it.each(handCases().map((h) => [h.name, h.fault, h.blob] as const))('%s: %s', (_name, fault, blob) => {
    expect(checkProg(blob)?.fault ?? 'OK').toBe(fault);
  });

  it('accepts every program the compiler emitted', () => {
    const refused = compiled.filter((c) => checkProg(c.blob) !== null).map((c) => `${c.syscall}: ${c.text}: ${checkProg(c.blob)!.message}`);
    expect(refused).toEqual([]);
  });

  it('rejects most mutants, each with a known fault name', () => {
    const faults = records.filter((r) => r.origin === Origin.MUTANT).map((r) => checkProg(r.blob)?.fault ?? 'OK');
    expect(faults.filter((f) => f !== 'OK' && !names.includes(f))).toEqual([]);
    expect(faults.filter((f) => f !== 'OK').length).toBeGreaterThan(faults.length / 2);
  });
});

describe('a C program built against include/sct/prog_check.h', () => {
  const cc = (args: string[]) => execFileSync('cc', args, { cwd: packageRoot(), stdio: 'pipe' });

  it('gives every record the verdict the addon gives: fault, instruction and constant', () => {
    const file = join(dir, 'corpus.bin');
    writeFileSync(file, encodeCorpus(records));
    const bin = join(dir, 'prog-corpus-check');
    cc(['-O2', '-std=c99', '-Wall', '-Wextra', '-Wvla', '-Werror', '-Iinclude', '-o', bin, 'test/native/helpers/prog-corpus-check.c']);
    const lines = execFileSync(bin, [file], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n');
    expect(lines.pop()).toBe('mismatches 0'); // the hand-made and compiled records' expected faults
    expect(lines.length).toBe(records.length);
    const disagree = records.flatMap((r, i) => (lines[i] === `${i} ${verdict(r.blob)}` ? [] : [`${r.name}: C ${lines[i]}, addon ${verdict(r.blob)}`]));
    expect(disagree).toEqual([]);
    expect(records.filter((r) => r.expected !== ANY_FAULT).length).toBe(300 + handCases().length);
  });

  it('compiles freestanding, without VLAs, calling nothing outside itself', () => {
    const src = join(dir, 'freestanding.c');
    writeFileSync(src, '#include "sct/prog_check.h"\nint check(const void *b, __u32 n, struct sct_prog_check_ws *w, struct sct_prog_verdict *v) { return sct_prog_check(b, n, w, v); }\nconst char *name(int f) { return sct_prog_fault_name(f); }\n');
    const obj = join(dir, 'freestanding.o');
    cc(['-ffreestanding', '-fno-builtin', '-O2', '-std=c99', '-Wall', '-Wextra', '-Wvla', '-Werror', '-Iinclude', '-c', '-o', obj, src]);
    expect(execFileSync('nm', ['-u', obj], { encoding: 'utf8' }).trim()).toBe('');
  });
});

describe('the addon interpreter against the TS oracle', () => {
  it('agrees on 4 inputs for each compiled program', () => {
    const differ: string[] = [];
    let matched = 0;
    compiled.forEach((c, i) => {
      const sockArg = c.syscall === 'connect' ? 1 : undefined;
      for (const { native, oracle } of inputPairs(i + 1, 4, sockArg)) {
        const a = evalProg(c.blob, native as Parameters<typeof evalProg>[1]);
        const b = oracleEval(c.blob, oracle);
        if (a) matched++;
        if (a !== b) differ.push(`${c.syscall}: ${c.text}: addon ${a}, oracle ${b} for ${JSON.stringify(oracle, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`);
      }
    });
    expect(differ.slice(0, 5)).toEqual([]);
    expect(matched).toBeGreaterThan(100); // the inputs reach both outcomes, not only "no match"
  });
});
