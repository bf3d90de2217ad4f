// Evaluates the integer expressions found in macro bodies (`(EM_X86_64|__AUDIT_ARCH_64BIT)`,
// `(__O_TMPFILE | O_DIRECTORY)`, `-100`, `0x40000000`), resolving names through a symbol table.
// Casts such as `(int)` or `(unsigned long)` are skipped. Anything else is refused.

export type Symbols = ReadonlyMap<string, string>;

const TOKEN = /\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|\S)/y;
const CAST_WORDS = new Set(['int', 'long', 'unsigned', 'signed', 'short', 'char', '__u32', '__s32', '__u64', '__s64', '__sighandler_t']);

export class ExprError extends Error {}

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text)) !== null) out.push(m[1]!);
  return out;
}

function parseNumber(tok: string): bigint {
  const t = tok.replace(/[uUlL]+$/, '');
  if (/^0[xX]/.test(t)) return BigInt(t);
  if (/^0\d+$/.test(t)) return BigInt('0o' + t.slice(1));
  return BigInt(t);
}

/** Evaluates `text`; names are looked up in `symbols` (macro bodies or enum values), recursively. */
export function evaluate(text: string, symbols: Symbols, seen: ReadonlySet<string> = new Set()): bigint {
  const toks = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const next = (): string => {
    const t = toks[i++];
    if (t === undefined) throw new ExprError(`unexpected end of \`${text}\``);
    return t;
  };
  const BINARY: Array<Record<string, (a: bigint, b: bigint) => bigint>> = [
    { '|': (a, b) => a | b },
    { '^': (a, b) => a ^ b },
    { '&': (a, b) => a & b },
    { '<<': (a, b) => a << b, '>>': (a, b) => a >> b },
    { '+': (a, b) => a + b, '-': (a, b) => a - b },
    { '*': (a, b) => a * b, '/': (a, b) => a / b },
  ];
  const binary = (level: number): bigint => {
    if (level === BINARY.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const op = BINARY[level]![peek() ?? ''];
      if (!op) return left;
      i++;
      left = op(left, binary(level + 1));
    }
  };
  const unary = (): bigint => {
    const t = next();
    if (t === '-') return -unary();
    if (t === '+') return unary();
    if (t === '~') return ~unary();
    if (t === '(') {
      if (toks[i] !== undefined && CAST_WORDS.has(toks[i]!)) {
        while (toks[i] !== undefined && CAST_WORDS.has(toks[i]!)) i++;
        if (next() !== ')') throw new ExprError(`bad cast in \`${text}\``);
        return unary();
      }
      const v = binary(0);
      if (next() !== ')') throw new ExprError(`missing ) in \`${text}\``);
      return v;
    }
    if (/^\d/.test(t)) return parseNumber(t);
    if (/^[A-Za-z_]/.test(t)) {
      const body = symbols.get(t);
      if (body === undefined || seen.has(t)) throw new ExprError(`unknown name \`${t}\` in \`${text}\``);
      return evaluate(body, symbols, new Set([...seen, t]));
    }
    throw new ExprError(`unexpected \`${t}\` in \`${text}\``);
  };
  const v = binary(0);
  if (i !== toks.length) throw new ExprError(`trailing \`${toks.slice(i).join(' ')}\` in \`${text}\``);
  return v;
}

