// The BPF and seccomp ABI values must match the uapi headers the machine ships.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { BPF, SECCOMP_RET } from '../../../../harness/src/engine/compile/bpf-format.js';
import { needs, UAPI_HEADERS, uapiHeaders } from '../../../helpers/host/index.js';

let text: string | undefined;

function define(name: string): number | undefined {
  text ??= UAPI_HEADERS.map((h) => readFileSync(h, 'utf8')).join('\n');
  const m = text.match(new RegExp(`#define\\s+${name}\\s+(0x[0-9a-fA-F]+|\\d+)U?\\b`));
  return m ? Number(m[1]) : undefined;
}

describe('bpf-format matches the kernel uapi headers', () => {
  beforeEach(needs(uapiHeaders));
  it.each(Object.entries(BPF))('BPF_%s', (name, value) => {
    expect(define(`BPF_${name}`)).toBe(value);
  });
  it.each(Object.entries(SECCOMP_RET))('SECCOMP_RET_%s', (name, value) => {
    expect(define(`SECCOMP_RET_${name}`)).toBe(value);
  });
});
