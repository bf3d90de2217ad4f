// Loads gen/data/*.json, the hand-kept parts of the tables.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Abi } from './abi.js';
import type { ArgPrint, ArgType, Arch, ConstantKind, SyscallClass } from '../../harness/src/tables/types.js';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

function load<T>(file: string): T {
  return JSON.parse(readFileSync(DATA_DIR + file, 'utf8')) as T;
}

export interface ArgRule {
  syscalls?: string[];
  name?: string;
  ctype?: string;
  type: ArgType;
  lenArg?: string;
}

export interface PrintRule {
  syscalls?: string[];
  name?: string;
  print: ArgPrint;
}

export interface ClassRule {
  derive?: ArgType[];
  members?: string[];
  except?: string[];
}

export interface ConstantSpec {
  from: 'uapi' | 'libc';
  headers: string[];
  pattern: string;
  except: string[];
  printOrder?: string[];
  /** Only these architectures have the header (x86's asm/prctl.h); the others get no values. */
  arches?: Arch[];
}

export interface GenData {
  prototypes: Record<string, { from: string; params: string[] }>;
  argRules: ArgRule[];
  printRules: PrintRule[];
  /** How a call's result prints: in hex (addresses), or as an fd. */
  returns: Record<string, 'hex' | 'fd'>;
  classes: Record<SyscallClass, ClassRule>;
  families: Record<string, string[]>;
  libcPrefers: Record<Arch, Record<string, string>>;
  constants: {
    kinds: Record<ConstantKind, ConstantSpec>;
    aliases: Record<string, string>;
    auditArch: { headers: string[]; names: string[] };
  };
  /** The enums TS, the addon and the kernel module share (abi.json). */
  abi: Abi;
}

export function loadData(): GenData {
  const { $comment: _c, ...libcPrefers } = load<Record<string, unknown>>('libc-prefers.json');
  return {
    prototypes: load<{ prototypes: GenData['prototypes'] }>('prototypes.json').prototypes,
    argRules: load<{ rules: ArgRule[] }>('arg-rules.json').rules,
    printRules: load<{ rules: PrintRule[] }>('arg-print.json').rules,
    returns: Object.fromEntries(load<{ returns: { syscalls: string[]; print: 'hex' | 'fd' }[] }>('arg-print.json').returns.flatMap((r) => r.syscalls.map((n) => [n, r.print]))),
    classes: load<{ classes: GenData['classes'] }>('classes.json').classes,
    families: load<{ families: GenData['families'] }>('families.json').families,
    libcPrefers: libcPrefers as GenData['libcPrefers'],
    constants: load<GenData['constants']>('constants.json'),
    abi: load<Abi>('abi.json'),
  };
}

