// Index a block's entries by key, reporting unknown and duplicate keys.

import { closest } from '../check/suggest.js';
import { PARSE_CODES } from './codes.js';
import { report, type BuildContext } from './build-context.js';
import type { RawEntry } from './raw.js';

export function indexEntries(
  ctx: BuildContext,
  entries: readonly RawEntry[],
  block: string,
  known: readonly string[],
): Map<string, RawEntry> {
  const byKey = new Map<string, RawEntry>();
  for (const entry of entries) {
    if (entry.unknown) {
      const guess = closest(entry.key, known);
      const hint = guess ? `did you mean \`${guess}\`?` : `expected one of ${known.join(', ')}.`;
      report(ctx, PARSE_CODES.unknownKey, `Unknown key \`${entry.key}\` in ${block}; ${hint}`, entry.keyLoc);
      continue;
    }
    const first = byKey.get(entry.key);
    if (first) {
      const where = `line ${first.keyLoc.line}, column ${first.keyLoc.column}`;
      report(ctx, PARSE_CODES.duplicateKey, `Duplicate key \`${entry.key}\` in ${block}; first given at ${where}.`, entry.keyLoc);
      continue;
    }
    byKey.set(entry.key, entry);
  }
  return byKey;
}
