// Sets of bytes as 256-entry membership arrays (1 = member).

export type ByteSet = Uint8Array;

export function emptySet(): ByteSet {
  return new Uint8Array(256);
}

export function fullSet(): ByteSet {
  return new Uint8Array(256).fill(1);
}

export function singleByte(b: number): ByteSet {
  const s = emptySet();
  s[b] = 1;
  return s;
}

export function addRange(s: ByteSet, lo: number, hi: number): void {
  for (let b = lo; b <= hi; b++) s[b] = 1;
}

export function invert(s: ByteSet): ByteSet {
  const out = emptySet();
  for (let b = 0; b < 256; b++) out[b] = s[b] ? 0 : 1;
  return out;
}

/** The POSIX character classes usable as `[[:name:]]`, in the C locale. */
const CLASS_TESTS: Record<string, (b: number) => boolean> = {
  alpha: (b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a),
  digit: (b) => b >= 0x30 && b <= 0x39,
  alnum: (b) => CLASS_TESTS.alpha!(b) || CLASS_TESTS.digit!(b),
  upper: (b) => b >= 0x41 && b <= 0x5a,
  lower: (b) => b >= 0x61 && b <= 0x7a,
  space: (b) => b === 0x20 || (b >= 0x09 && b <= 0x0d),
  blank: (b) => b === 0x20 || b === 0x09,
  punct: (b) => b >= 0x21 && b <= 0x7e && !CLASS_TESTS.alnum!(b),
  print: (b) => b >= 0x20 && b <= 0x7e,
  graph: (b) => b >= 0x21 && b <= 0x7e,
  cntrl: (b) => b < 0x20 || b === 0x7f,
  xdigit: (b) => CLASS_TESTS.digit!(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66),
};

export const POSIX_CLASS_NAMES: readonly string[] = Object.keys(CLASS_TESTS);

export function posixClass(name: string): ByteSet | undefined {
  const test = CLASS_TESTS[name];
  if (!test) return undefined;
  const s = emptySet();
  for (let b = 0; b < 256; b++) if (test(b)) s[b] = 1;
  return s;
}
