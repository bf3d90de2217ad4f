// Sample events, as `--json` writes them, checked against docs/events.schema.json by a small
// structural validator (the subset of JSON Schema the file uses; no dependency).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../../harness/src/paths.js';
import { toJsonEvent, type DecodedEvent } from '../../../../harness/src/engine/decode/index.js';
import { lookupSyscall } from '../../../../harness/src/tables/index.js';

type Schema = {
  type?: string; const?: unknown; enum?: unknown[]; required?: string[]; pattern?: string; minimum?: number; maxItems?: number;
  properties?: Record<string, Schema>; patternProperties?: Record<string, Schema>; additionalProperties?: boolean; items?: Schema;
};

function validate(value: unknown, schema: Schema, path = '$'): string[] {
  const errors: string[] = [];
  const typeOk: Record<string, (v: unknown) => boolean> = {
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
  };
  if (schema.type && !typeOk[schema.type]!(value)) return [`${path}: expected ${schema.type}, got ${JSON.stringify(value)}`];
  if ('const' in schema && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: ${value} does not match ${schema.pattern}`);
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    value.forEach((v, i) => errors.push(...(schema.items ? validate(v, schema.items, `${path}[${i}]`) : [])));
  } else if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k] ?? Object.entries(schema.patternProperties ?? {}).find(([re]) => new RegExp(re).test(k))?.[1];
      if (sub) errors.push(...validate(v, sub, `${path}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
    }
  }
  return errors;
}

const schema = JSON.parse(readFileSync(join(packageRoot(), 'docs/events.schema.json'), 'utf8')) as Schema;
const nr = (n: string): number => lookupSyscall(n, 'x86_64')!.nr;
const sockaddr = Uint8Array.from([2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

const SAMPLES: Array<[string, DecodedEvent]> = [
  ['FAIL before', { type: 'rule', time: 123n, pid: 5, tid: 5, rule: 1, ruleName: 'deny', action: 'FAIL', syscall: 'openat', nr: nr('openat'), abi: 'x86_64', phase: 'before', args: [0xffffff9cn, 0x7ffd0000n, 0n, 0n, 0n, 0n], mem: { 1: '/etc/passwd' }, seen: -13n, acted: true }],
  ['after with sockaddr', { type: 'rule', time: 9n, pid: 5, tid: 6, rule: 2, action: 'LOG', syscall: 'connect', nr: nr('connect'), abi: 'x86_64', phase: 'after', args: [3n, 1n, 16n], mem: { 1: sockaddr }, retval: 0n, acted: true }],
  ['negative arg', { type: 'rule', time: 9n, pid: 5, tid: 5, rule: 1, action: 'LOG', syscall: 'read', nr: 0, abi: 'x86_64', phase: 'before', args: [-1n] }],
  ['with process facts', { type: 'rule', time: 9n, pid: 7, tid: 7, rule: 1, action: 'SUSPEND', syscall: 'openat', nr: nr('openat'), abi: 'x86_64', phase: 'before', args: [0n], proc: { comm: 'rm', exe: '/usr/bin/rm', cwd: '/tmp', ppid: 5, uid: 1000 }, acted: true }],
  // as `sct watch` builds it from a kernel event (harness/src/watch/event.ts): facts read in the kernel, no exe/cwd
  ['sct watch', { type: 'rule', time: 33443710581071n, pid: 17122, tid: 17122, rule: 1, action: 'LOG', syscall: 'unlinkat', nr: nr('unlinkat'), abi: 'x86_64', phase: 'after', args: [0xffffff9cn, 0x55c4a0c8d0f0n, 0n], mem: { 1: '/tmp/victim' }, retval: 0n, proc: { comm: 'rm', ppid: 17121, uid: 0 }, acted: true }],
  ['fork', { type: 'fork', time: 1n, pid: 5, tid: 5, child: 6 }],
  ['exec', { type: 'exec', time: 1n, pid: 6, tid: 6, message: '/usr/bin/true' }],
  ['exit', { type: 'exit', time: 1n, pid: 6, tid: 6, status: -9 }],
  ['warning', { type: 'warning', time: 1n, pid: 0, tid: 0, message: 'cannot read memory' }],
  ['unmatched', { type: 'unmatched', time: 1n, pid: 0, tid: 0, rule: 2, action: 'FAIL', message: 'fdatasync -P t.db' }],
];

describe('NDJSON events match docs/events.schema.json', () => {
  it.each(SAMPLES)('%s', (_what, e) => {
    const line = JSON.stringify(toJsonEvent(e, { arch: 'x86_64' }));
    expect(line).not.toContain('\n');
    expect(validate(JSON.parse(line), schema)).toEqual([]);
  });

  it('the validator rejects what the schema forbids', () => {
    expect(validate({ v: 1, type: 'rule', time: 5, pid: 1, tid: 1 }, schema)).toEqual(['$.time: expected string, got 5']);
    expect(validate({ v: 1, type: 'nope', time: '5', pid: 1, tid: 1, extra: 1 }, schema)).toHaveLength(2);
  });
});
