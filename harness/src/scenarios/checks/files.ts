// expect.files: checksums taken before the run, compared after it; contents after it.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileExpectation } from '../types.js';
import { excerpt, list, matches, showMatcher } from './text.js';

type Snapshot = ReadonlyMap<string, string | undefined>;

function digest(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

const normal = (f: FileExpectation): Exclude<FileExpectation, 'unchanged'> => (f === 'unchanged' ? { unchanged: true } : f);

/** Checksums of the files that must stay unchanged. */
export function snapshotFiles(files: Readonly<Record<string, FileExpectation>> | undefined, workDir: string): Snapshot {
  const snap = new Map<string, string | undefined>();
  for (const [path, f] of Object.entries(files ?? {})) if (normal(f).unchanged) snap.set(path, digest(resolve(workDir, path)));
  return snap;
}

export function checkFiles(files: Readonly<Record<string, FileExpectation>> | undefined, workDir: string, before: Snapshot): string[] {
  const out: string[] = [];
  for (const [path, raw] of Object.entries(files ?? {})) {
    const f = normal(raw);
    const full = resolve(workDir, path);
    let text: string | undefined;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      text = undefined;
    }
    const at = `files['${path}']`;
    if (f.exists === false) {
      if (text !== undefined) out.push(`${at}: expected not to exist, but it does`);
      continue;
    }
    if (text === undefined && (f.exists || f.contains !== undefined || f.unchanged)) {
      out.push(`${at}: expected to exist${before.get(path) !== undefined ? ' (unchanged)' : ''}, but it is missing`);
      continue;
    }
    if (f.unchanged && before.get(path) !== digest(full)) out.push(`${at}: expected unchanged, but its checksum changed; now ${excerpt(text ?? '')}`);
    for (const m of list(f.contains)) if (!matches(text ?? '', m)) out.push(`${at}: expected to contain ${showMatcher(m)}, got ${excerpt(text ?? '')}`);
    for (const m of list(f.lacks)) if (matches(text ?? '', m)) out.push(`${at}: expected not to contain ${showMatcher(m)}, got ${excerpt(text ?? '')}`);
  }
  return out;
}
