// Strings as strace prints them: double-quoted, C escapes, non-printable bytes in octal, and
// truncated after `max` bytes with `...` after the closing quote.

export const DEFAULT_STRING_LIMIT = 32;

const ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x0b: '\\v', 0x0c: '\\f' };

export function quoteBytes(bytes: Uint8Array, max = DEFAULT_STRING_LIMIT): string {
  const n = Math.min(bytes.length, max);
  let out = '"';
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    const esc = ESCAPES[b];
    if (esc) out += esc;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else {
      // strace pads octal to 3 digits only when a digit follows.
      const next = bytes[i + 1];
      const digitFollows = i + 1 < n && next !== undefined && next >= 0x30 && next <= 0x37;
      out += '\\' + (digitFollows ? b.toString(8).padStart(3, '0') : b.toString(8));
    }
  }
  return out + '"' + (bytes.length > max ? '...' : '');
}

export function quoteString(s: string, max = DEFAULT_STRING_LIMIT): string {
  return quoteBytes(Buffer.from(s, 'utf8'), max);
}

/** Every byte as \xNN, as strace prints getrandom's buffer. */
export function quoteHex(bytes: Uint8Array, max = DEFAULT_STRING_LIMIT): string {
  const n = Math.min(bytes.length, max);
  let out = '"';
  for (let i = 0; i < n; i++) out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
  return out + '"' + (bytes.length > max ? '...' : '');
}
