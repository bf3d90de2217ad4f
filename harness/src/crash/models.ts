// Step 2 of `sct crash`: the persistence models (docs/crash.md). Each gives, for a cut (a power
// loss after the first `cut` recorded operations), which of those operations may be missing from
// the disk: a crash point. Applying the rest to the starting tree gives the crash state.

import { FsTree } from './fs-model.js';
import { describeOp, isDataOp, isDirOp, type Op } from './ops.js';
import type { Recording } from './record.js';

export const MODELS = ['process', 'lose-unsynced', 'reorder'] as const;
export type ModelName = (typeof MODELS)[number];

export const BLOCK = 4096;

/** A recorded operation missing from a state; a torn write keeps its first `keep` bytes. */
export interface Loss {
  op: number;
  keep?: number;
}

export interface CrashPoint {
  model: ModelName;
  /** Operations ops[0..cut) had returned when the power went. */
  cut: number;
  lost: Loss[];
}

/** For each operation, the index of the first later one that makes it durable (Infinity: none). */
interface Cover {
  data: number[];
  dirSynced: number[];
  committed: number[];
}

function covers(ops: readonly Op[]): Cover {
  const n = ops.length;
  const data = new Array<number>(n).fill(Infinity), dirSynced = new Array<number>(n).fill(Infinity), committed = new Array<number>(n).fill(Infinity);
  // Walk backwards, remembering the next fsync of each inode, the next sync(), the next fsync of anything.
  const nextFsync = new Map<number, number>();
  let nextAll = Infinity, nextAny = Infinity;
  for (let i = n - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (isDataOp(op)) data[i] = op.synced ? i : Math.min(nextAll, nextFsync.get(op.ino) ?? Infinity);
    if (isDirOp(op)) {
      dirSynced[i] = Math.min(nextAll, Math.max(...op.dirs.map((d) => nextFsync.get(d) ?? Infinity)));
      committed[i] = Math.min(nextAll, nextAny);
    }
    if (op.kind === 'fsync') {
      nextFsync.set(op.ino, i);
      nextAny = i;
    } else if (op.kind === 'sync-all') {
      nextAll = i;
      nextAny = i;
    }
  }
  return { data, dirSynced, committed };
}

/** Where an unsynced write may be torn: bytes kept, at 4 KiB boundaries of the file (at most 3 choices). */
export function tearPoints(op: Op): number[] {
  if (op.kind !== 'write') return [];
  const end = op.offset + op.data.length;
  const cuts: number[] = [];
  for (let b = (Math.floor(op.offset / BLOCK) + 1) * BLOCK; b < end; b += BLOCK) cuts.push(b - op.offset);
  if (cuts.length <= 3) return cuts;
  return [cuts[0]!, cuts[Math.floor(cuts.length / 2)]!, cuts[cuts.length - 1]!];
}

/** One cut under `reorder`: what may be lost there. */
export interface ReorderChoices {
  cut: number;
  /** The uncommitted metadata operations, in order: a suffix of them may be lost. */
  metaTail: number[];
  /** Unsynced data operations, each lost whole (keep undefined) or torn (keep = bytes). */
  data: { op: number; variants: (number | undefined)[] }[];
}

export class ModelSpace {
  private readonly cover: Cover;

  constructor(readonly rec: Recording, readonly maxLost: number) {
    this.cover = covers(rec.ops);
  }

  get cuts(): number {
    return this.rec.ops.length + 1;
  }

  /** The one state of `process` or `lose-unsynced` at this cut. */
  single(model: 'process' | 'lose-unsynced', cut: number): CrashPoint {
    if (model === 'process') return { model, cut, lost: [] };
    const lost: Loss[] = [];
    for (let i = 0; i < cut; i++) {
      const op = this.rec.ops[i]!;
      if ((isDataOp(op) && this.cover.data[i]! >= cut) || (isDirOp(op) && this.cover.dirSynced[i]! >= cut)) lost.push({ op: i });
    }
    return { model, cut, lost };
  }

  reorderChoices(cut: number): ReorderChoices {
    const metaTail: number[] = [], data: ReorderChoices['data'] = [];
    for (let i = 0; i < cut; i++) {
      const op = this.rec.ops[i]!;
      if (isDirOp(op) && this.cover.committed[i]! >= cut) metaTail.push(i);
      if (isDataOp(op) && this.cover.data[i]! >= cut) data.push({ op: i, variants: [undefined, ...tearPoints(op)] });
    }
    return { cut, metaTail, data };
  }

  /** How many crash points a model has (before equal states are merged). */
  count(model: ModelName): number {
    if (model !== 'reorder') return this.cuts;
    let total = 0;
    for (let cut = 0; cut < this.cuts; cut++) {
      const c = this.reorderChoices(cut);
      // coef[j]: ways to lose j data operations (each in one of its variants).
      const coef = [1];
      for (const d of c.data) {
        for (let j = Math.min(coef.length, this.maxLost); j >= 1; j--) coef[j] = (coef[j] ?? 0) + coef[j - 1]! * d.variants.length;
      }
      for (let s = 0; s <= Math.min(c.metaTail.length, this.maxLost); s++) for (let j = 0; j <= this.maxLost - s; j++) total += coef[j] ?? 0;
    }
    return total;
  }

  /** Every crash point of a model, earliest cut first and, within a cut, fewest losses first. */
  *points(model: ModelName): Generator<CrashPoint> {
    for (let cut = 0; cut < this.cuts; cut++) {
      if (model !== 'reorder') {
        yield this.single(model, cut);
        continue;
      }
      const c = this.reorderChoices(cut);
      for (let total = 0; total <= this.maxLost; total++) {
        for (let s = 0; s <= Math.min(total, c.metaTail.length); s++) {
          const meta = c.metaTail.slice(c.metaTail.length - s).map((op) => ({ op }));
          for (const picked of combinations(c.data, total - s)) yield { model, cut, lost: [...meta, ...picked].sort((a, b) => a.op - b.op) };
        }
      }
    }
  }

  /** The point a sampled choice names (fast-check draws the numbers; see crash.ts). */
  reorderPoint(cut: number, metaDrop: number, picks: readonly { i: number; v: number }[]): CrashPoint {
    const c = this.reorderChoices(cut);
    const s = Math.min(metaDrop, c.metaTail.length, this.maxLost);
    const lost: Loss[] = c.metaTail.slice(c.metaTail.length - s).map((op) => ({ op }));
    const used = new Set<number>();
    for (const p of picks) {
      if (lost.length >= this.maxLost || c.data.length === 0) break;
      const d = c.data[p.i % c.data.length]!;
      if (used.has(d.op)) continue;
      used.add(d.op);
      const keep = d.variants[p.v % d.variants.length];
      lost.push(keep === undefined ? { op: d.op } : { op: d.op, keep });
    }
    return { model: 'reorder', cut, lost: lost.sort((a, b) => a.op - b.op) };
  }

  /** The directory as the crash point leaves it, and what the target had printed by then. */
  build(p: CrashPoint): { tree: FsTree; stdout: string } {
    const tree = this.rec.initial.clone();
    const lost = new Map(p.lost.map((l) => [l.op, l.keep]));
    let stdout = '';
    for (let i = 0; i < p.cut; i++) {
      const op = this.rec.ops[i]!;
      if (op.kind === 'output') stdout += op.text;
      else if (lost.has(i)) {
        const keep = lost.get(i);
        if (keep !== undefined && isDataOp(op)) tree.applyData(op, keep);
      } else if (isDirOp(op)) tree.applyDir(op);
      else if (isDataOp(op)) tree.applyData(op);
    }
    return { tree, stdout };
  }

  /** The crash point in words: what was lost, and what reached the disk after the first loss. */
  explain(p: CrashPoint): { lost: string[]; persisted: string[] } {
    const lost = p.lost.map((l) => {
      const op = this.rec.ops[l.op]!;
      const what = `#${l.op + 1} ${describeOp(op)}`;
      if (l.keep !== undefined && op.kind === 'write') return `${what} torn: only its first ${l.keep} of ${op.data.length} bytes reached the disk`;
      return isDirOp(op) ? `${what} not made durable (${p.model === 'reorder' ? 'no journal commit after it' : 'no fsync of its directory after it'}): lost` : `${what} never synced: lost`;
    });
    const first = p.lost.length ? p.lost[0]!.op : p.cut;
    const gone = new Set(p.lost.map((l) => l.op));
    const persisted: string[] = [];
    for (let i = first + 1; i < p.cut; i++) {
      const op = this.rec.ops[i]!;
      if (!gone.has(i) && (isDirOp(op) || isDataOp(op))) persisted.push(`#${i + 1} ${describeOp(op)} persisted`);
    }
    return { lost, persisted };
  }
}

function* combinations<T extends { op: number; variants: (number | undefined)[] }>(items: readonly T[], k: number, from = 0): Generator<Loss[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) {
    for (const rest of combinations(items, k - 1, i + 1)) {
      for (const keep of items[i]!.variants) yield [keep === undefined ? { op: items[i]!.op } : { op: items[i]!.op, keep }, ...rest];
    }
  }
}
