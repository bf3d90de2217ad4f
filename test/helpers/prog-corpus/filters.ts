// Filter expressions for the program corpus: random but seeded (fast-check's sample with a fixed
// seed), built from operand atoms of a few syscalls that between them reach every opcode, string
// source, socket field and argument width the compiler emits, joined with && || ! and parentheses.
import fc from 'fast-check';

/** Atoms per syscall: filter text of one comparison each, with literals drawn by fast-check. */
const word = fc.constantFrom('/etc/passwd', '/tmp/x', 'app.conf', 'a', '', '/var/log/syslog', 'cat', '/');
const regex = fc.constantFrom('log$', '^/etc', 'pass', 'a+b', '[0-9]+', '[.]conf$', '^$', '(x|y)*z', '^/tmp/[a-z]+$');
const num = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.constantFrom(0, 1, -1, 2147483647, 4294967295));
const cmpOp = fc.constantFrom('==', '!=', '<', '<=', '>', '>=');
const strOp = fc.constantFrom('==', '!=');

const ATOMS: Record<string, fc.Arbitrary<string>[]> = {
  openat: [
    fc.tuple(strOp, word).map(([o, s]) => `path ${o} "${s}"`),
    regex.map((r) => `path ~= "${r}"`),
    fc.uniqueArray(word, { minLength: 1, maxLength: 4 }).map((ws) => `path in (${ws.map((w) => `"${w}"`).join(', ')})`),
    fc.constantFrom('O_CREAT', '(O_EXCL|O_TRUNC)', 'O_APPEND').map((f) => `flags & ${f}`),
    fc.constantFrom('dfd == AT_FDCWD', 'dfd.path == "/tmp"', 'dfd.path ~= "^/"'),
    fc.tuple(cmpOp, num).map(([o, v]) => `mode ${o} ${v}`),
  ],
  write: [
    fc.tuple(cmpOp, num).map(([o, v]) => `fd ${o} ${v}`),
    fc.tuple(cmpOp, num).map(([o, v]) => `count ${o} ${v}`),
    regex.map((r) => `fd.path ~= "${r}"`),
    fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }).map((ns) => `fd in (${ns.join(', ')})`),
  ],
  connect: [
    fc.tuple(cmpOp, fc.integer({ min: 0, max: 65535 })).map(([o, v]) => `addr.port ${o} ${v}`),
    fc.constantFrom('AF_INET', 'AF_INET6', 'AF_UNIX').map((f) => `addr.family == ${f}`),
    fc.constantFrom('127.0.0.1', '::1', '10.0.0.1').map((ip) => `addr.ip == "${ip}"`),
    fc.tuple(strOp, word).map(([o, s]) => `addr.path ${o} "${s}"`),
  ],
  kill: [fc.tuple(cmpOp, num).map(([o, v]) => `pid ${o} ${v}`), fc.constantFrom('SIGTERM', 'SIGKILL', '0').map((s) => `sig == ${s}`)],
};

/** Operands every syscall has: process variables and strings. */
const COMMON: fc.Arbitrary<string>[] = [
  fc.tuple(fc.constantFrom('PID', 'PPID', 'TID', 'UID', 'EUID', 'GID'), cmpOp, num).map(([v, o, n]) => `${v} ${o} ${n}`),
  fc.tuple(fc.constantFrom('COMM', 'EXE', 'CWD'), strOp, word).map(([v, o, s]) => `${v} ${o} "${s}"`),
  fc.tuple(fc.constantFrom('COMM', 'EXE', 'CWD'), regex).map(([v, r]) => `${v} ~= "${r}"`),
];

function expr(atom: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const { e } = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('e'), fc.constantFrom('&&', '||'), tie('e')).map(([l, o, r]) => `(${l}) ${o} (${r})`),
      tie('e').map((x) => `!(${x})`),
    ),
  }));
  return e;
}

/** `count` filters for each syscall above, the same for a given seed. */
export function corpusFilters(seed: number, count: number): { syscall: string; text: string }[] {
  const out: { syscall: string; text: string }[] = [];
  const names = Object.keys(ATOMS);
  names.forEach((syscall, i) => {
    const atom = fc.oneof(...ATOMS[syscall]!, ...COMMON);
    for (const text of fc.sample(expr(atom), { seed: seed + i, numRuns: count })) out.push({ syscall, text });
  });
  return out;
}
