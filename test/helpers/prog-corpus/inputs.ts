// Inputs for running the corpus's compiled programs through both interpreters: the addon's
// evalProg (include/sct/prog_interp.h, keyed as native-binding.ts describes) and the TS oracle
// (harness/src/filter/prog-interp.ts, keyed `${source}:${arg}`). One seeded draw feeds both, so
// they see the same call: registers, variables, strings per argument, comm/exe/cwd, a sockaddr.
import fc from 'fast-check';
import type { ProgInput } from '../../../harness/src/filter/index.js';
import { SockField, StrSrc } from '../../../harness/src/filter/prog-format.js';

export interface NativeInput {
  args: bigint[];
  vars?: number[];
  strings?: Record<number, string | Uint8Array>;
}

const WORDS = ['/etc/passwd', '/tmp/x', 'app.conf', 'a', '', '/var/log/syslog', 'cat', '/', 'aab', '/tmp/abc', 'xyz', '42', '::1'];
const AF_UNIX = 1;
const AF_INET = 2;

interface Draw {
  args: bigint[];
  vars: number[] | undefined;
  strs: (string | undefined)[];
  procStrs: (string | undefined)[]; // comm, exe, cwd
  sock: { family: number; port: number; ip: [number, number, number, number]; path: string } | undefined;
}

const reg = fc.oneof(
  fc.bigInt({ min: -5n, max: 70000n }),
  fc.constantFrom(0n, 1n, -1n, 0xffffffffn, 0xffffff9cn, -100n, 2147483647n, 0x8000000000000000n),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => BigInt.asIntN(64, v)),
);
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { freq: 6, nil: undefined });
const draw: fc.Arbitrary<Draw> = fc.record({
  args: fc.array(reg, { minLength: 6, maxLength: 6 }),
  vars: maybe(fc.array(fc.integer({ min: -1, max: 70000 }), { minLength: 6, maxLength: 6 })),
  strs: fc.array(maybe(fc.constantFrom(...WORDS)), { minLength: 6, maxLength: 6 }),
  procStrs: fc.array(maybe(fc.constantFrom(...WORDS)), { minLength: 3, maxLength: 3 }),
  sock: maybe(
    fc.record({
      family: fc.constantFrom(AF_INET, AF_UNIX),
      port: fc.constantFrom(0, 80, 443, 8080, 65535),
      ip: fc.constantFrom<[number, number, number, number]>([127, 0, 0, 1], [10, 0, 0, 1], [192, 168, 1, 2]),
      path: fc.constantFrom('/tmp/x', 'a', '/run/sock'),
    }),
  ),
});

/** The raw sockaddr bytes the addon reads for argument `sockArg`. */
function sockaddrBytes(s: NonNullable<Draw['sock']>): Uint8Array {
  if (s.family === AF_UNIX) {
    const path = new TextEncoder().encode(s.path);
    const b = new Uint8Array(2 + path.length + 1);
    b[0] = AF_UNIX;
    b.set(path, 2);
    return b;
  }
  const b = new Uint8Array(16);
  b[0] = AF_INET;
  b[2] = s.port >> 8;
  b[3] = s.port & 0xff;
  b.set(s.ip, 4);
  return b;
}

/** `count` input pairs (native, oracle) for a program whose sockaddr (if any) is argument `sockArg`. */
export function inputPairs(seed: number, count: number, sockArg: number | undefined): { native: NativeInput; oracle: ProgInput }[] {
  return fc.sample(draw, { seed, numRuns: count }).map((d) => {
    const strings: Record<number, string | Uint8Array> = {};
    const ostr: Record<string, string> = {};
    const osock: Record<string, bigint> = {};
    d.strs.forEach((s, i) => {
      if (s === undefined || i === sockArg) return;
      strings[i] = s;
      ostr[`${StrSrc.ARG}:${i}`] = s;
      ostr[`${StrSrc.FD_PATH}:${i}`] = s;
    });
    d.procStrs.forEach((s, i) => {
      if (s === undefined) return;
      strings[10 + i] = s;
      ostr[`${StrSrc.COMM + i}:0`] = s;
    });
    if (d.sock && sockArg !== undefined) {
      strings[sockArg] = sockaddrBytes(d.sock);
      osock[`${SockField.FAMILY}:${sockArg}`] = BigInt(d.sock.family);
      if (d.sock.family === AF_INET) {
        osock[`${SockField.PORT}:${sockArg}`] = BigInt(d.sock.port);
        ostr[`${StrSrc.SOCK_IP}:${sockArg}`] = d.sock.ip.join('.');
      } else {
        ostr[`${StrSrc.SOCK_PATH}:${sockArg}`] = d.sock.path;
      }
    }
    const vars = d.vars ? Object.fromEntries(d.vars.map((v, i) => [i, BigInt(v)])) : undefined;
    return {
      native: { args: d.args, ...(d.vars ? { vars: d.vars } : {}), strings },
      oracle: { args: d.args, ...(vars ? { vars } : {}), strings: ostr, sock: osock },
    };
  });
}
