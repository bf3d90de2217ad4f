// Every addon entry point with each kind of bad argument (issue #14): the addon checks once, at the
// N-API boundary (native/shared/js_args.h), and throws a TypeError (wrong type, missing) or a
// RangeError (out of range) with code SCT_USAGE naming the function, the field, what was expected
// and what was given; the TS wrappers turn it into NativeArgumentError with the same message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookupSyscall } from '../../harness/src/tables/syscalls.js';
import { RET, routeFilter } from './helpers/bpf.js';
import { program } from '../helpers/c-programs.js';
import { rule, run } from './helpers/run.js';
import { cc, needs } from '../helpers/host/index.js';
import { launchNative, loadNative, NativeArgumentError, evalProg } from '../../harness/src/engine/native.js';
import { checkProg } from '../../harness/src/filter/index.js';
import { NativeActionType, NativeEventKind, type LaunchOptions, type NativeRule } from '../../harness/src/engine/native-binding.js';
import { loadKmodBinding } from '../../harness/src/kmod/binding.js';
import { loadWatchBinding } from '../../harness/src/watch/binding.js';
import { UsageError } from '../../harness/src/errors.js';
import { strArgEquals } from './helpers/prog.js';

type ErrorClass = typeof TypeError | typeof RangeError;

/** The error `call` throws (it must throw). */
function thrown(call: () => unknown): Error & { code?: string; cause?: unknown } {
  try {
    call();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

function expectRaw(call: () => unknown, cls: ErrorClass, message: string): void {
  const err = thrown(call);
  expect(err).toBeInstanceOf(cls);
  expect(err.message).toBe(message);
  expect(err.code).toBe('SCT_USAGE');
}

/** Through a wrapper: NativeArgumentError (a UsageError) with the addon's message, the raw error as cause. */
function expectWrapped(call: () => unknown, cls: ErrorClass, message: string): void {
  const err = thrown(call);
  expect(err).toBeInstanceOf(NativeArgumentError);
  expect(err).toBeInstanceOf(UsageError);
  expect(err.message).toBe(message);
  expect(err.code).toBe('SCT_USAGE');
  expect(err.cause).toBeInstanceOf(cls);
}

const T = TypeError;
const R = RangeError;

// Never launched as is: each row breaks one field. Its rule is tier 1 (decided in the BPF filter),
// which the addon checks in full and then leaves to the filter.
function options(): LaunchOptions {
  const rule: NativeRule = {
    id: 1,
    tier: 1,
    phase: 0,
    nrs: [2],
    compatNrs: [],
    prog: new Uint8Array(),
    action: { type: NativeActionType.FAIL, errno: 13 },
    trigger: { first: 1, last: 0, step: 1, p: 1, seed: 0, max: 0, scope: 0 },
    report: false,
  };
  return {
    file: '/bin/true',
    argv: ['true'],
    envp: [],
    cwd: '/',
    stdio: [-1, -1, -1],
    bpf: new Uint8Array(),
    rules: [rule],
    needsNotify: false,
    needsPtrace: false,
    timeoutMs: 0,
    onEvents: () => {},
    onExit: () => {},
  };
}

/** The options with `path` (`rules.0.action.errno`) set to `value`, or deleted for `undefined`. */
function withField(path: string, value: unknown): LaunchOptions {
  const o = options() as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let at = o;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return o as unknown as LaunchOptions;
}

const U = undefined;
// [field path, value (undefined: removed), class, message]
const launchRows: [string, unknown, ErrorClass, string][] = [
  ['file', U, T, 'launch: expected `file` to be a non-empty string, got `undefined` (undefined)'],
  ['file', '', R, 'launch: expected `file` to be a non-empty string, got `""` (string)'],
  ['argv', 'true', T, 'launch: expected `argv` to be a non-empty array of strings, got `"true"` (string)'],
  ['argv', [], R, 'launch: expected `argv` to be a non-empty array of strings, got an array of 0'],
  ['argv', ['true', 1], T, 'launch: expected `argv[1]` to be a string, got `1` (number)'],
  ['envp', ['A=\0'], R, 'launch: expected `envp[0]` to be a string without NUL bytes, got `"A=\\u0000"` (string)'],
  ['cwd', 'tmp', R, 'launch: expected `cwd` to be an absolute path, got `"tmp"` (string)'],
  ['stdio', [0, 1], R, 'launch: expected `stdio` to be an array of 3 fds (-1: /dev/null), got an array of 2'],
  ['stdio', [0, 1, -2], R, 'launch: expected `stdio[2]` to be a file descriptor, or -1 for /dev/null, got `-2` (number)'],
  ['stdio', ['0', 1, 2], T, 'launch: expected `stdio[0]` to be a file descriptor, or -1 for /dev/null, got `"0"` (string)'],
  ['bpf', [], T, 'launch: expected `bpf` to be a Uint8Array, got an array of 0'],
  ['bpf', new Uint8Array(7), R, 'launch: expected `bpf` to be a Uint8Array of 0 to 4096 struct sock_filter (8 bytes each), got a Uint8Array of 7 bytes'],
  ['needsNotify', U, T, 'launch: expected `needsNotify` to be a boolean, got `undefined` (undefined)'],
  ['needsPtrace', 1, T, 'launch: expected `needsPtrace` to be a boolean, got `1` (number)'],
  ['timeoutMs', -1, R, 'launch: expected `timeoutMs` to be a non-negative integer (ms; 0: none), got `-1` (number)'],
  ['timeoutMs', 1.5, R, 'launch: expected `timeoutMs` to be a non-negative integer (ms; 0: none), got `1.5` (number)'],
  ['timeoutMs', 5n, T, 'launch: expected `timeoutMs` to be a non-negative integer (ms; 0: none), got `5n` (bigint)'],
  ['callbackTimeoutMs', '5', T, 'launch: expected `callbackTimeoutMs` to be a non-negative integer (ms), got `"5"` (string)'],
  ['onEvents', U, T, 'launch: expected `onEvents` to be a function, got `undefined` (undefined)'],
  ['onExit', {}, T, 'launch: expected `onExit` to be a function, got an object'],
  ['onCallback', 5, T, 'launch: expected `onCallback` to be a function, got `5` (number)'],
  ['onCallback', Symbol('f'), T, 'launch: expected `onCallback` to be a function, got a symbol'],
  ['cwd', 'é'.repeat(30), R, `launch: expected \`cwd\` to be an absolute path, got \`"${'é'.repeat(18)}..."\` (string)`],
  ['cwd', 'say "hi"\n', R, 'launch: expected `cwd` to be an absolute path, got `"say \\"hi\\"\\n"` (string)'],
  ['rules', {}, T, 'launch: expected `rules` to be an array of NativeRule, got an object'],
  ['rules.0', null, T, 'launch: expected `rules[0]` to be an object, got `null` (null)'],
  ['rules.0.id', -1, R, 'launch: expected `rules[0].id` to be a non-negative integer, got `-1` (number)'],
  ['rules.0.tier', 4, R, 'launch: expected `rules[0].tier` to be 1, 2 or 3, got `4` (number)'],
  ['rules.0.phase', U, T, 'launch: expected `rules[0].phase` to be 0 (before the call) or 1 (after it), got `undefined` (undefined)'],
  ['rules.0.nrs', [1.5], R, 'launch: expected `rules[0].nrs[0]` to be a syscall number (0 to 4095), got `1.5` (number)'],
  ['rules.0.compatNrs', U, T, 'launch: expected `rules[0].compatNrs` to be an array of syscall numbers, got `undefined` (undefined)'],
  ['rules.0.report', U, T, 'launch: expected `rules[0].report` to be a boolean, got `undefined` (undefined)'],
  ['rules.0.procInfo', 'yes', T, 'launch: expected `rules[0].procInfo` to be a boolean, got `"yes"` (string)'],
  ['rules.0.prog', U, T, 'launch: expected `rules[0].prog` to be a Uint8Array, got `undefined` (undefined)'],
  ['rules.0.action', U, T, 'launch: expected `rules[0].action` to be an object, got `undefined` (undefined)'],
  ['rules.0.action.type', 11, R, 'launch: expected `rules[0].action.type` to be a NativeActionType (0 to 10), got `11` (number)'],
  ['rules.0.action.errno', U, T, 'launch: expected `rules[0].action.errno` to be set (FAIL returns it), got `undefined` (undefined)'],
  ['rules.0.action.errno', 0, R, 'launch: expected `rules[0].action.errno` to be an errno between 1 and 4095, got `0` (number)'],
  ['rules.0.action.errno', 4096, R, 'launch: expected `rules[0].action.errno` to be an errno between 1 and 4095, got `4096` (number)'],
  ['rules.0.action.value', 5, T, 'launch: expected `rules[0].action.value` to be a bigint between -2^63 and 2^64-1, got `5` (number)'],
  ['rules.0.action.value', 2n ** 64n, R, 'launch: expected `rules[0].action.value` to be a bigint between -2^63 and 2^64-1, got `18446744073709551616n` (bigint)'],
  ['rules.0.action.value', -(2n ** 63n) - 1n, R, 'launch: expected `rules[0].action.value` to be a bigint between -2^63 and 2^64-1, got `-9223372036854775809n` (bigint)'],
  ['rules.0.action.us', -1, R, 'launch: expected `rules[0].action.us` to be a non-negative integer (microseconds), got `-1` (number)'],
  ['rules.0.action.signal', 65, R, 'launch: expected `rules[0].action.signal` to be a signal number between 1 and 64, got `65` (number)'],
  ['rules.0.action.arg', 6, R, 'launch: expected `rules[0].action.arg` to be an argument index between 0 and 5, got `6` (number)'],
  ['rules.0.action.bytes', 'abc', T, 'launch: expected `rules[0].action.bytes` to be a Uint8Array, got `"abc"` (string)'],
  ['rules.0.action.sockField', 2, R, 'launch: expected `rules[0].action.sockField` to be a sockaddr field (enum sct_sock_field: 0 or 1), got `2` (number)'],
  ['rules.0.trigger', U, T, 'launch: expected `rules[0].trigger` to be an object, got `undefined` (undefined)'],
  ['rules.0.trigger.first', 0, R, 'launch: expected `rules[0].trigger.first` to be a positive integer, got `0` (number)'],
  ['rules.0.trigger.step', U, T, 'launch: expected `rules[0].trigger.step` to be a positive integer, got `undefined` (undefined)'],
  ['rules.0.trigger.p', 1.5, R, 'launch: expected `rules[0].trigger.p` to be a probability between 0 and 1, got `1.5` (number)'],
  ['rules.0.trigger.p', NaN, R, 'launch: expected `rules[0].trigger.p` to be a probability between 0 and 1, got `NaN` (number)'],
  ['rules.0.trigger.seed', -1, R, 'launch: expected `rules[0].trigger.seed` to be a non-negative integer, got `-1` (number)'],
  ['rules.0.trigger.max', 2 ** 53, R, 'launch: expected `rules[0].trigger.max` to be a non-negative integer (0: no limit), got `9007199254740992` (number)'],
  ['rules.0.trigger.scope', 3, R, 'launch: expected `rules[0].trigger.scope` to be 0 (tree), 1 (process) or 2 (thread), got `3` (number)'],
];

// Fields that are wrong together: [what, options, class, message].
const launchCombos: [string, () => unknown, ErrorClass, string][] = [
  ['not an object', () => null, T, 'launch: expected `options` to be an object, got `null` (null)'],
  [
    'last before first',
    () => withField('rules.0.trigger', { first: 3, last: 2, step: 1, p: 1, seed: 0, max: 0, scope: 0 }),
    R,
    'launch: expected `rules[0].trigger.last` to be 0 (unbounded) or at least `first` (3), got `2` (number)',
  ],
  ['RETURN without its value', () => withField('rules.0.action', { type: NativeActionType.RETURN }), T, 'launch: expected `rules[0].action.value` to be set (RETURN returns it), got `undefined` (undefined)'],
  ['KILL without its signal', () => withField('rules.0.action', { type: NativeActionType.KILL }), T, 'launch: expected `rules[0].action.signal` to be set (KILL sends it), got `undefined` (undefined)'],
  [
    'ALTER_MEM with neither bytes nor sockField',
    () => withField('rules.0.action', { type: NativeActionType.ALTER_MEM, arg: 1 }),
    T,
    "launch: expected `rules[0].action.bytes` to be set (ALTER_MEM places them, unless it changes a sockaddr's `sockField`), got `undefined` (undefined)",
  ],
  ['a tier-2 rule without needsNotify', () => withField('rules.0.tier', 2), R, 'launch: `needsNotify` must be true for tier-2 rules'],
  [
    'a CALLBACK rule without onCallback',
    () => ({ ...withField('rules.0', { ...options().rules[0], tier: 2, action: { type: NativeActionType.CALLBACK } }), needsNotify: true, bpf: new Uint8Array(8) }),
    T,
    'launch: expected `onCallback` to be a function (rules with CALLBACK actions ask it), got `undefined` (undefined)',
  ],
];

describe('launch: the addon checks every field of its options', () => {
  it.each(launchRows)('%s = %o', (path, value, cls, message) => {
    expectRaw(() => loadNative().launch(withField(path, value)), cls, message);
    expectWrapped(() => launchNative(withField(path, value)), cls, message);
  });

  it.each(launchCombos)('%s', (_what, make, cls, message) => {
    const opts = make() as LaunchOptions;
    expectRaw(() => loadNative().launch(opts), cls, message);
    expectWrapped(() => launchNative(opts), cls, message);
  });

  it('counts its arguments', () => {
    const raw = loadNative() as unknown as Record<string, (...a: unknown[]) => unknown>;
    expectRaw(() => raw.launch!(), T, 'Usage: launch(options); got 0 arguments');
    expectRaw(() => raw.launch!(options(), 1), T, 'Usage: launch(options); got 2 arguments');
  });
});

describe('the other entry points of the seccomp addon', () => {
  const prog = strArgEquals(1, '/etc/secret');
  const raw = (): Record<string, (...a: unknown[]) => unknown> => loadNative() as unknown as Record<string, (...a: unknown[]) => unknown>;
  // [call, class, message]; those with a TS wrapper go through it too.
  const rows: [string, () => unknown, ErrorClass, string, (() => unknown)?][] = [
    ['features(1)', () => raw().features!(1), T, 'Usage: features(); got 1 argument'],
    ['progCheck()', () => raw().progCheck!(), T, 'Usage: progCheck(prog); got 0 arguments'],
    ['progCheck([1, 2])', () => raw().progCheck!([1, 2]), T, 'progCheck: expected `prog` to be a Uint8Array, got an array of 2', () => checkProg([1, 2] as never)],
    ['progCheck(Uint16Array)', () => raw().progCheck!(new Uint16Array(2)), T, 'progCheck: expected `prog` to be a Uint8Array, got a Uint16Array of 4 bytes'],
    ['evalProg(prog)', () => raw().evalProg!(prog), T, 'Usage: evalProg(prog, input); got 1 argument'],
    ['evalProg("x", ...)', () => raw().evalProg!('x', { args: [] }), T, 'evalProg: expected `prog` to be a Uint8Array, got `"x"` (string)'],
    ['evalProg(prog, null)', () => raw().evalProg!(prog, null), T, 'evalProg: expected `input` to be an object, got `null` (null)', () => evalProg(prog, null as never)],
    ['evalProg without args', () => raw().evalProg!(prog, {}), T, 'evalProg: expected `input.args` to be an array of at most 6 bigints, got `undefined` (undefined)'],
    ['evalProg with 7 args', () => raw().evalProg!(prog, { args: Array(7).fill(0n) }), R, 'evalProg: expected `input.args` to be an array of at most 6 bigints, got an array of 7'],
    ['evalProg with a number arg', () => raw().evalProg!(prog, { args: [0n, 5] }), T, 'evalProg: expected `input.args[1]` to be a bigint between -2^63 and 2^64-1, got `5` (number)', () => evalProg(prog, { args: [0n, 5 as never] })],
    ['evalProg with a fraction var', () => raw().evalProg!(prog, { args: [], vars: [1.5] }), R, 'evalProg: expected `input.vars[0]` to be an integer, got `1.5` (number)'],
    ['evalProg with 7 vars', () => raw().evalProg!(prog, { args: [], vars: Array(7).fill(0) }), R, 'evalProg: expected `input.vars` to be an array of at most 6 integers (by enum sct_var), got an array of 7'],
    [
      'evalProg with a string key 7',
      () => raw().evalProg!(prog, { args: [], strings: { 7: 'x' } }),
      R,
      'evalProg: `input.strings` has the key `7`; the keys are 0-5 (arguments), 10 (comm), 11 (exe) and 12 (cwd)',
    ],
    ['evalProg with a number string', () => raw().evalProg!(prog, { args: [], strings: { 1: 5 } }), T, 'evalProg: expected `input.strings[1]` to be a string or a Uint8Array, got `5` (number)'],
    ['mkfifo("/tmp/x")', () => raw().mkfifo!('/tmp/x'), T, 'Usage: mkfifo(path, mode); got 1 argument'],
    ['mkfifo(5, 0o600)', () => raw().mkfifo!(5, 0o600), T, 'mkfifo: expected `path` to be a non-empty string, got `5` (number)'],
    ['mkfifo("", 0o600)', () => raw().mkfifo!('', 0o600), R, 'mkfifo: expected `path` to be a non-empty string, got `""` (string)'],
    ['mkfifo("a\\0b", 0o600)', () => raw().mkfifo!('a\0b', 0o600), R, 'mkfifo: expected `path` to be a non-empty string without NUL bytes, got `"a\\u0000b"` (string)'],
    ['mkfifo(path, 0o10000)', () => raw().mkfifo!('/tmp/unused-sct-fifo', 0o10000), R, 'mkfifo: expected `mode` to be a mode between 0 and 0o7777, got `4096` (number)'],
    ['mkfifo(path, "600")', () => raw().mkfifo!('/tmp/unused-sct-fifo', '600'), T, 'mkfifo: expected `mode` to be a mode between 0 and 0o7777, got `"600"` (string)'],
    ['errnoText()', () => raw().errnoText!(), T, 'Usage: errnoText(errno); got 0 arguments'],
    ['errnoText("EIO")', () => raw().errnoText!('EIO'), T, 'errnoText: expected `errno` to be a non-negative integer, got `"EIO"` (string)'],
    ['errnoText(-1)', () => raw().errnoText!(-1), R, 'errnoText: expected `errno` to be a non-negative integer, got `-1` (number)'],
    ['becomeSubreaper(true)', () => raw().becomeSubreaper!(true), T, 'Usage: becomeSubreaper(); got 1 argument'],
  ];
  it.each(rows)('%s', (_what, call, cls, message, wrapped) => {
    expectRaw(call, cls, message);
    if (wrapped) expectWrapped(wrapped, cls, message);
  });
});

describe("onCallback's answer is checked like a rule's action", () => {
  beforeEach(needs(cc));

  it('a bad answer leaves a WARNING naming the field, and the call runs unchanged', async () => {
    const OPENAT = lookupSyscall('openat')!.nr;
    const r = await run([program('open_probe'), '/etc/passwd'], {
      bpf: routeFilter({ [OPENAT]: RET.USER_NOTIF }),
      needsNotify: true,
      rules: [rule({ nrs: [OPENAT], prog: strArgEquals(1, '/etc/passwd'), action: { type: NativeActionType.CALLBACK } })],
      onCallback: () => ({ type: NativeActionType.FAIL, errno: 0 }),
    });
    expect(r.stdout).toBe('open /etc/passwd = ok\n');
    const warnings = r.events.filter((e) => e.kind === NativeEventKind.WARNING).map((e) => e.message);
    expect(warnings).toContain('rule 1: callback: bad answer: onCallback: expected `answer.errno` to be an errno between 1 and 4095, got `0` (number)');
  });
});

describe("a running target's supervisor", () => {
  let sup: ReturnType<typeof launchNative>;
  let exited: Promise<unknown>;
  beforeAll(() => {
    exited = new Promise((onExit) => {
      sup = launchNative({ ...options(), file: '/bin/sleep', argv: ['sleep', '30'], rules: [], onExit });
    });
  });
  afterAll(async () => {
    sup.kill();
    await exited;
  });

  const rows: [string, (s: typeof sup) => unknown, ErrorClass, string][] = [
    ['resume("1")', (s) => s.resume('1' as never), T, 'resume: expected `pid` to be a process id (1 or more), got `"1"` (string)'],
    ['resume(0)', (s) => s.resume(0), R, 'resume: expected `pid` to be a process id (1 or more), got `0` (number)'],
    ['signal(0)', (s) => s.signal(0), R, 'signal: expected `sig` to be a signal number between 1 and 64, got `0` (number)'],
    ['signal(1.5)', (s) => s.signal(1.5), R, 'signal: expected `sig` to be a signal number between 1 and 64, got `1.5` (number)'],
    ['signal("TERM")', (s) => s.signal('TERM' as never), T, 'signal: expected `sig` to be a signal number between 1 and 64, got `"TERM"` (string)'],
    ['signal(undefined)', (s) => (s.signal as (...a: unknown[]) => boolean)(), T, 'signal: expected `sig` to be a signal number between 1 and 64, got `undefined` (undefined)'],
  ];
  it.each(rows)('%s', (_what, call, cls, message) => {
    expectWrapped(() => call(sup), cls, message);
  });
});

describe('the kernel-module control addon (checked before any ioctl: no /dev/sct needed)', () => {
  let k: Record<string, (...a: unknown[]) => unknown>;
  beforeAll(() => {
    k = loadKmodBinding() as unknown as Record<string, (...a: unknown[]) => unknown>;
  });
  const hdr = (rulesLen = 0): Buffer => {
    const b = Buffer.alloc(96);
    b.writeUInt32LE(rulesLen, 16);
    return b;
  };
  const rows: [string, (k: Record<string, (...a: unknown[]) => unknown>) => unknown, ErrorClass, string][] = [
    ['open(5)', (k) => k.open!(5), T, 'open: expected `path` to be a non-empty string, got `5` (number)'],
    ['open("a", "b")', (k) => k.open!('a', 'b'), T, 'Usage: open(path?); got 2 arguments'],
    ['close()', (k) => k.close!(), T, 'Usage: close(fd); got 0 arguments'],
    ['close(-1)', (k) => k.close!(-1), R, 'close: expected `fd` to be a file descriptor (0 or more), got `-1` (number)'],
    ['version("3")', (k) => k.version!('3'), T, 'version: expected `fd` to be a file descriptor (0 or more), got `"3"` (string)'],
    ['load with a short hdr', (k) => k.load!(0, Buffer.alloc(95), Buffer.alloc(0)), R, 'load: expected `hdr` to be a Buffer of 96 bytes, got a Buffer of 95 bytes'],
    ['load with an array hdr', (k) => k.load!(0, [], Buffer.alloc(0)), T, 'load: expected `hdr` to be a Buffer of 96 bytes, got an array of 0'],
    ['load with string rules', (k) => k.load!(0, hdr(), 'x'), T, 'load: expected `rules` to be a Buffer, got `"x"` (string)'],
    ['load with rules_len past the buffer', (k) => k.load!(0, hdr(16), Buffer.alloc(8)), R, 'load: `hdr` says rules_len 16 but `rules` holds 8 bytes'],
    ['load with a number for retired', (k) => k.load!(0, hdr(), Buffer.alloc(0), 5), T, 'load: expected `retired` to be a Buffer whose length is a multiple of 24, got `5` (number)'],
    ['load with a ragged retired', (k) => k.load!(0, hdr(), Buffer.alloc(0), Buffer.alloc(10)), R, 'load: expected `retired` to be a Buffer whose length is a multiple of 24, got a Buffer of 10 bytes'],
    ['load(fd, hdr)', (k) => k.load!(0, hdr()), T, 'Usage: load(fd, hdr, rules, retired?); got 2 arguments'],
    ['clear(fd)', (k) => k.clear!(0), T, 'Usage: clear(fd, hdr, retired?); got 1 argument'],
    ['clear with a long hdr', (k) => k.clear!(0, Buffer.alloc(97)), R, 'clear: expected `hdr` to be a Buffer of 96 bytes, got a Buffer of 97 bytes'],
    ['list with ragged counters', (k) => k.list!(0, Buffer.alloc(96), Buffer.alloc(25)), R, 'list: expected `counters` to be a Buffer whose length is a multiple of 24, got a Buffer of 25 bytes'],
    ['resume(fd, -1)', (k) => k.resume!(0, -1), R, 'resume: expected `tid` to be a thread id (0: every suspended thread), got `-1` (number)'],
    ['resume(fd)', (k) => k.resume!(0), T, 'Usage: resume(fd, tid); got 1 argument'],
    ['readEvents(fd, 0)', (k) => k.readEvents!(0, 0), R, 'readEvents: expected `maxEvents` to be an event count between 1 and 65536, got `0` (number)'],
    ['readEvents(2 ** 31)', (k) => k.readEvents!(2 ** 31), R, 'readEvents: expected `fd` to be a file descriptor (0 or more), got `2147483648` (number)'],
  ];
  it.each(rows)('%s', (_what, call, cls, message) => {
    expectRaw(() => call(k), cls, message);
  });
});

describe('the eBPF addon of sct watch (checked before anything is loaded: no root needed)', () => {
  let w: Record<string, (...a: unknown[]) => unknown>;
  beforeAll(() => {
    w = loadWatchBinding() as unknown as Record<string, (...a: unknown[]) => unknown>;
  });
  const rule = { action: 0, signal: 0, err: 0, atEnter: false, procPaths: 0, prog: new Uint8Array(0) };
  const set = (over: Record<string, unknown> = {}) => ({ rules: [rule], sys: [{ nr: 263, rules: 1n, strArg: 1, lsmHooks: 0 }], ...over });
  const config = (over: Record<string, unknown> = {}) => ({ treePid: 0, comm: '', tracepoints: false, tpNames: [], cgroupFail: false, lsmPrograms: [], ringBytes: 0, rules: set(), ...over });
  const rows: [string, (w: Record<string, (...a: unknown[]) => unknown>) => unknown, ErrorClass, string][] = [
    ['open()', (w) => w.open!(), T, 'Usage: open(config); got 0 arguments'],
    ['open(5)', (w) => w.open!(5), T, 'open: expected `config` to be an object, got `5` (number)'],
    ['open without treePid', (w) => w.open!({ ...config(), treePid: undefined }), T, 'open: expected `config.treePid` to be a process id (0: every process), got `undefined` (undefined)'],
    ['open with a 16-byte comm', (w) => w.open!(config({ comm: 'abcdefghijklmnop' })), R, 'open: expected `config.comm` to be a comm of at most 15 bytes, got `"abcdefghijklmnop"` (string)'],
    ['open with an action past FAIL', (w) => w.open!(config({ rules: set({ rules: [{ ...rule, action: 4 }] }) })), R, 'open: expected `config.rules.rules[0].action` to be an action code (0 LOG, 1 KILL, 2 SUSPEND, 3 FAIL), got `4` (number)'],
    ['open with a number mask', (w) => w.open!(config({ rules: set({ sys: [{ nr: 263, rules: 1, strArg: 1, lsmHooks: 0 }] }) })), T, 'open: expected `config.rules.sys[0].rules` to be a bigint between -2^63 and 2^64-1, got `1` (number)'],
    ['open with a mask naming a rule not given', (w) => w.open!(config({ rules: set({ sys: [{ nr: 263, rules: 2n, strArg: 1, lsmHooks: 0 }] }) })), R, 'open: `config.rules.sys[0].rules` must name at least one rule and only the 1 given'],
    ['open with nr 512', (w) => w.open!(config({ rules: set({ sys: [{ nr: 512, rules: 1n, strArg: 1, lsmHooks: 0 }] }) })), R, 'open: expected `config.rules.sys[0].nr` to be a syscall number between 0 and 511, got `512` (number)'],
    ['open with strArg 6', (w) => w.open!(config({ rules: set({ sys: [{ nr: 263, rules: 1n, strArg: 6, lsmHooks: 0 }] }) })), R, 'open: expected `config.rules.sys[0].strArg` to be an argument index (0-5) or 255 (none), got `6` (number)'],
    ['open with lsmHooks 64', (w) => w.open!(config({ rules: set({ sys: [{ nr: 263, rules: 1n, strArg: 1, lsmHooks: 64 }] }) })), R, 'open: expected `config.rules.sys[0].lsmHooks` to be a bitmask of BPF LSM hooks (0-63), got `64` (number)'],
    ['open without lsmPrograms', (w) => w.open!({ ...config(), lsmPrograms: undefined }), T, 'open: expected `config.lsmPrograms` to be an array of program names, got `undefined` (undefined)'],
    ['probeLsm(1)', (w) => w.probeLsm!(1), T, 'Usage: probeLsm(); got 1 argument'],
    ['open with a program of 16385 bytes', (w) => w.open!(config({ rules: set({ rules: [{ ...rule, prog: new Uint8Array(16385) }] }) })), R, 'open: expected `config.rules.rules[0].prog` to be a program of at most 16384 bytes, got a Uint8Array of 16385 bytes'],
    ['open with procPaths 4', (w) => w.open!(config({ rules: set({ rules: [{ ...rule, procPaths: 4 }] }) })), R, 'open: expected `config.rules.rules[0].procPaths` to be a bitmask of the process paths its events carry (1 exe, 2 cwd), got `4` (number)'],
    ['open without ringBytes', (w) => w.open!({ ...config(), ringBytes: undefined }), T, 'open: expected `config.ringBytes` to be a ring buffer size in bytes (0: the default), at most 1 GiB, got `undefined` (undefined)'],
    ['setRules([])', (w) => w.setRules!([]), T, 'setRules: expected `rules` to be an object, got an array of 0'],
    ['start(1)', (w) => w.start!(1), T, 'start: expected `onEvents` to be a function, got `1` (number)'],
    ['stats(1)', (w) => w.stats!(1), T, 'Usage: stats(); got 1 argument'],
    ['stop(1)', (w) => w.stop!(1), T, 'Usage: stop(); got 1 argument'],
  ];
  it.each(rows)('%s', (_what, call, cls, message) => {
    expectRaw(() => call(w), cls, message);
  });
});
