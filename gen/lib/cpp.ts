// Runs the C preprocessor on Debian's headers: `cpp -dM` for macro values, `cpp -P` for text.

import { execFileSync } from 'node:child_process';
import type { Sources } from './sources.js';

export type Target = 'x86_64' | 'aarch64' | 'libc';

/** cpp flags that make the headers read as the given architecture's, independent of the host. */
export function cppFlags(target: Target, src: Sources): string[] {
  switch (target) {
    case 'x86_64':
      return ['-undef', '-nostdinc', '-D__x86_64__', '-D__LP64__', ...src.x86Include.map((d) => `-I${d}`)];
    case 'aarch64':
      return ['-undef', '-nostdinc', '-D__aarch64__', '-D__LP64__', `-I${src.arm64Include}`];
    case 'libc':
      // glibc's headers as the host compiler sees them (SOCK_*, AF_*: generic in glibc for both arches).
      return [];
  }
}

function runCpp(args: string[], input: string): string {
  return execFileSync('cpp', args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

const includes = (headers: readonly string[]): string => headers.map((h) => `#include <${h}>\n`).join('');

/** Object-like macros defined after including `headers`: name -> body. */
export function macros(target: Target, src: Sources, headers: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of runCpp(['-dM', ...cppFlags(target, src), '-'], includes(headers)).split('\n')) {
    const m = /^#define ([A-Za-z_]\w*)(?:\s+(.*))?$/.exec(line);
    if (m) out.set(m[1]!, (m[2] ?? '').trim());
  }
  return out;
}

/** The preprocessed text of `headers`, with extra `-D` definitions. */
export function preprocess(target: Target, src: Sources, headers: readonly string[], defs: readonly string[] = []): string {
  return runCpp(['-P', ...cppFlags(target, src), ...defs.map((d) => `-D${d}`), '-'], includes(headers));
}

/** `enum { A = 1, B, C = A | 4 }` constants in preprocessed text, as name -> expression text. */
export function enumConstants(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)) {
    let prev: string | undefined;
    for (const item of m[1]!.split(',')) {
      const im = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([^]*?))?\s*$/.exec(item);
      if (!im) continue;
      const expr = im[2] ?? (prev === undefined ? '0' : `(${prev}) + 1`);
      out.set(im[1]!, expr);
      prev = im[1]!;
    }
  }
  return out;
}
