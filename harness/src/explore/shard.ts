// `--shard i/n`: schedule k of the seeded sequence belongs to shard (k mod n) + 1, so n CI jobs
// with the same seed cover the sequence once, without talking to each other.

import { UsageError } from '../errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`Expected \`--shard\` to be i/n with 1 <= i <= n, got \`${text}\``);
  return { index, count };
}

/** The schedule indices (0-based, of `runs`) that `shard` takes. */
export function shardIndices(runs: number, shard: Shard = { index: 1, count: 1 }): number[] {
  const out: number[] = [];
  for (let k = shard.index - 1; k < runs; k += shard.count) out.push(k);
  return out;
}
