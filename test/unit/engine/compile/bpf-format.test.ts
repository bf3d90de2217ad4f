// The BPF and seccomp ABI values must match the uapi headers the machine ships.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BPF, SECCOMP_RET } from '../../../../harness/src/engine/compile/bpf-format.js';

const HEADERS = ['/usr/include/linux/bpf_common.h', '/usr/include/linux/filter.h', '/usr/include/linux/seccomp.h'];
const present = HEADERS.every((h) => existsSync(h));
const text = present ? HEADERS.map((h) => readFileSync(h, 'utf8')).join('\n') : '';

function define(name: string): number | undefined {
  const m = text.match(new RegExp(`#define\\s+${name}\\s+(0x[0-9a-fA-F]+|\\d+)U?\\b`));
  return m ? Number(m[1]) : undefined;
}

describe.skipIf(!present)('bpf-format matches the kernel uapi headers', () => {
  it.each(Object.entries(BPF))('BPF_%s', (name, value) => {
    expect(define(`BPF_${name}`)).toBe(value);
  });
  it.each(Object.entries(SECCOMP_RET))('SECCOMP_RET_%s', (name, value) => {
    expect(define(`SECCOMP_RET_${name}`)).toBe(value);
  });
});
