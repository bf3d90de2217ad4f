// Comparing `sct trace -f -o FILE` with `strace -f -o FILE` (issue 15): both files have one call a
// line, each prefixed with its pid. Lines are normalized (strace's alignment, unfinished/resumed
// halves joined, pids named by the order the processes were created, addresses and getrandom's
// random bytes masked) and
// compared per process as multisets, since the two runs interleave processes differently.

/** Normalized lines by process label (`P0` is the traced program, `P1` its first child, ...). */
export type Traced = Map<string, string[]>;

const PREFIX = /^(\d+) +(.*)$/;
const UNFINISHED = / <unfinished \.\.\.>$/;
const RESUMED = /^<\.\.\. [\w]+ resumed>(.*)$/;
/** A call that makes a process: its return value is the new pid. */
const FORK = /^(clone3?|fork|vfork)\(.*\) = (\d+)$/;
/** Pointers and other long hex numbers differ between runs. */
const ADDRESS = /\b0x[0-9a-f]{7,}\b/g;
/** So do random bytes: getrandom's buffer. */
const RANDOM = /^getrandom\("(\\x[0-9a-f]{2})*"/;

/** The calls of a `-f -o` file as [pid, text] pairs, unfinished/resumed halves joined. */
function calls(text: string): [number, string][] {
  const out: [number, string][] = [];
  const pending = new Map<number, number>();
  for (const raw of text.split('\n')) {
    const m = PREFIX.exec(raw);
    if (!m) continue;
    const pid = Number(m[1]);
    let line = m[2]!;
    const resumed = RESUMED.exec(line);
    const at = pending.get(pid);
    if (resumed && at !== undefined) {
      out[at]![1] += resumed[1]!;
      pending.delete(pid);
      continue;
    }
    if (UNFINISHED.test(line)) {
      line = line.replace(UNFINISHED, '');
      pending.set(pid, out.length);
    }
    out.push([pid, line]);
  }
  return out;
}

/** strace pads the call to column 40 before ` = `. */
function unpad(line: string): string {
  return line.replace(/\) {2,}= /, ') = ');
}

export function normalize(text: string): Traced {
  const rows = calls(text).map(([pid, line]) => [pid, unpad(line)] as const);
  const label = new Map<number, string>();
  const name = (pid: number): void => {
    if (!label.has(pid)) label.set(pid, `P${label.size}`);
  };
  if (rows[0]) name(rows[0][0]);
  // Children by creation order (their parent's clone), then any other pid by first appearance.
  for (const [, line] of rows) {
    const fork = FORK.exec(line);
    if (fork) name(Number(fork[2]));
  }
  for (const [pid] of rows) name(pid);
  const pidRe = new RegExp(`\\b(${[...label.keys()].join('|')})\\b`, 'g');
  const out: Traced = new Map();
  for (const [pid, line] of rows) {
    const text = line.replace(ADDRESS, '0x…').replace(RANDOM, 'getrandom("…"').replace(pidRe, (p) => label.get(Number(p))!);
    const key = label.get(pid)!;
    out.set(key, [...(out.get(key) ?? []), text]);
  }
  return out;
}

export interface Comparison {
  /** strace's lines, and how many of them sct printed identically (as a multiset per process). */
  total: number;
  same: number;
  /** strace's lines sct did not print, in strace's order. */
  misses: string[];
}

export function compare(theirs: Traced, ours: Traced): Comparison {
  let total = 0;
  let same = 0;
  const misses: string[] = [];
  for (const [proc, lines] of theirs) {
    const have = new Map<string, number>();
    for (const l of ours.get(proc) ?? []) have.set(l, (have.get(l) ?? 0) + 1);
    for (const l of lines) {
      total++;
      const n = have.get(l) ?? 0;
      if (n > 0) {
        same++;
        have.set(l, n - 1);
      } else misses.push(`${proc} ${l}`);
    }
  }
  return { total, same, misses };
}

export function percent(c: Comparison): number {
  return c.total === 0 ? 100 : Math.floor((1000 * c.same) / c.total) / 10;
}
