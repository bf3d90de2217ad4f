// "did you mean" suggestions: the closest candidate by edit distance, if close enough.

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const MAX_SUGGESTED = 64;

/** The closest candidate within a distance of about a third of the name's length, or undefined. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED) return undefined; // no candidate is that long; spare the quadratic distance
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `"; did you mean 'open'?"` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>, prefix = ''): string {
  const c = closest(name, candidates);
  return c === undefined ? '' : `; did you mean '${prefix}${c}'?`;
}
