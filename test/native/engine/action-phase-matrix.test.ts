// Every action in both phases, one table row each, run on real programs (coreutils, sh -c,
// node -e, small C programs); each row asserts on what the target itself saw: its output, its
// exit, the files it left. SUSPEND rows also look at the process while it is held.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWithRules, startWithRules, type RunResult } from '../../../harness/src/engine/run.js';
import { formatCall } from '../../../harness/src/engine/decode/index.js';
import { rule, toConfigText, type RuleBuilder } from '../../../harness/src/rules/builder/index.js';
import { buildPrograms, cliPath, type Programs } from './helpers.js';
import { builtCli, cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

const hostnameText = readFileSync('/etc/hostname', 'utf8');
const DELAY_MS = 300;

/** A fresh scratch dir per row: `file` is the path the row's program works on. */
interface Scratch {
  dir: string;
  file: string;
}

/** What a row saw: through the API (`r`), through the CLI (`status`, `stdout`, `stderr` only). */
interface Observed {
  r?: RunResult;
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** SUSPEND rows: the held process's /proc state and whether the side effect existed while held. */
  held?: { state: string; sideEffect: boolean };
}

interface Row {
  action: 'LOG' | 'FAIL' | 'RETURN' | 'DELAY' | 'SUSPEND' | 'KILL' | 'ALTER';
  phase: 'before' | 'after';
  title: string;
  rule(s: Scratch): RuleBuilder;
  command(s: Scratch): [string, ...string[]];
  setup?(s: Scratch): void;
  /** api (default): runWithRules with report on; cli: `sct run -c <rules>`; held: SUSPEND, looked at, then resumed. */
  via?: 'api' | 'cli' | 'held';
  check(o: Observed, s: Scratch): void;
}

const touch = (s: Scratch): [string, ...string[]] => ['touch', s.file];
const catHostname = (): [string, ...string[]] => ['cat', '/etc/hostname'];
const event = (o: Observed) => {
  const e = o.r!.events.find((x) => x.type === 'rule' && x.acted !== false);
  expect(e, 'an event for the rule').toBeDefined();
  return e!;
};
const called = (o: Observed) => formatCall(event(o), { arch: 'x86_64' });
/** dd's own timing line: "3 bytes copied, 0.30123 s, 9.9 B/s". */
const ddSeconds = (stderr: string) => Number(/copied, ([\d.]+) s/.exec(stderr)?.[1] ?? NaN);

const rows: Row[] = [
  {
    action: 'LOG', phase: 'before', title: 'cat: stdout unchanged, the event decodes the open',
    rule: () => rule.before('openat').where({ path: '/etc/hostname' }).log(),
    command: catHostname,
    check: (o) => {
      expect([o.status, o.stdout, o.stderr]).toEqual([0, hostnameText, '']);
      expect(called(o)).toMatch(/^openat\(AT_FDCWD, "\/etc\/hostname", O_RDONLY(\|O_CLOEXEC)?\)$/);
    },
  },
  {
    action: 'LOG', phase: 'after', title: 'cat: stdout unchanged, the event shows the fd returned',
    rule: () => rule.after('openat').where({ path: '/etc/hostname' }).log(),
    command: catHostname,
    check: (o) => {
      expect([o.status, o.stdout, o.stderr]).toEqual([0, hostnameText, '']);
      expect(called(o)).toMatch(/^openat\(AT_FDCWD, "\/etc\/hostname", O_RDONLY(\|O_CLOEXEC)?\) = [3-9]$/);
    },
  },
  {
    action: 'FAIL', phase: 'before', title: 'touch: the file is not created, touch reports Permission denied',
    rule: (s) => rule.before('openat').where({ path: s.file }).fail('EACCES'),
    command: touch,
    check: (o, s) => {
      expect(o.status).toBe(1);
      expect(o.stderr).toMatch(/cannot touch .*: Permission denied/);
      expect(existsSync(s.file)).toBe(false);
    },
  },
  {
    action: 'FAIL', phase: 'after', title: 'sh -c: the redirection created the file, and sh saw Permission denied',
    rule: (s) => rule.after('openat').where({ path: s.file }).fail('EACCES'),
    command: (s) => ['sh', '-c', `echo hi > ${s.file}`],
    check: (o, s) => {
      expect(o.status).toBe(2);
      expect(o.stderr).toMatch(/cannot create .*: Permission denied/);
      expect(readFileSync(s.file, 'utf8')).toBe('');
    },
  },
  {
    action: 'FAIL', phase: 'before', title: 'node -e: readFileSync throws EACCES',
    setup: (s) => writeFileSync(s.file, 'secret\n'),
    rule: (s) => rule.before('openat').where({ path: s.file }).fail('EACCES'),
    command: (s) => [process.execPath, '-e', "try { require('fs').readFileSync(process.argv[1]); console.log('read') } catch (e) { console.log(e.code) }", s.file],
    check: (o) => {
      expect([o.status, o.stdout]).toEqual([0, 'EACCES\n']);
    },
  },
  {
    action: 'RETURN', phase: 'before', title: 'rm: exits 0, the file is still there',
    setup: (s) => writeFileSync(s.file, 'keep\n'),
    rule: (s) => rule.before('unlinkat').where({ pathname: s.file }).returns(0),
    command: (s) => ['rm', s.file],
    check: (o, s) => {
      expect([o.status, o.stderr]).toEqual([0, '']);
      expect(readFileSync(s.file, 'utf8')).toBe('keep\n');
    },
  },
  {
    action: 'RETURN', phase: 'after', title: 'rm of a missing file: unlinkat ran (ENOENT), rm saw 0 and exits 0',
    rule: (s) => rule.after('unlinkat').where({ pathname: s.file }).returns(0),
    command: (s) => ['rm', s.file],
    check: (o) => {
      expect([o.status, o.stderr]).toEqual([0, '']);
      expect(event(o)).toMatchObject({ retval: -2n, seen: 0n });
    },
  },
  {
    action: 'DELAY', phase: 'before', title: `dd: its own timing >= ${DELAY_MS} ms, the copy is intact`,
    rule: () => rule.before('write').where({ fd: 1 }).delay(`${DELAY_MS}ms`),
    command: (s) => ['dd', 'if=/etc/hostname', `of=${s.file}`],
    check: (o, s) => {
      expect(o.status).toBe(0);
      expect(ddSeconds(o.stderr)).toBeGreaterThanOrEqual((DELAY_MS - 5) / 1000);
      expect(readFileSync(s.file, 'utf8')).toBe(hostnameText);
    },
  },
  {
    action: 'DELAY', phase: 'after', title: `dd: its own timing >= ${DELAY_MS} ms, the copy is intact`,
    rule: () => rule.after('write').where({ fd: 1 }).delay(`${DELAY_MS}ms`),
    command: (s) => ['dd', 'if=/etc/hostname', `of=${s.file}`],
    check: (o, s) => {
      expect(o.status).toBe(0);
      expect(ddSeconds(o.stderr)).toBeGreaterThanOrEqual((DELAY_MS - 5) / 1000);
      expect(readFileSync(s.file, 'utf8')).toBe(hostnameText);
    },
  },
  {
    action: 'SUSPEND', phase: 'before', title: 'touch: stopped (T, tier 2) with no file; resumed, it creates it',
    via: 'held',
    rule: (s) => rule.before('openat').where({ path: s.file }).suspend(),
    command: touch,
    check: (o, s) => {
      expect(o.r!.summary[0]!.tier).toBe(2);
      expect(o.held).toEqual({ state: 'T', sideEffect: false });
      expect(o.status).toBe(0);
      expect(existsSync(s.file)).toBe(true);
    },
  },
  {
    action: 'SUSPEND', phase: 'after', title: 'touch: stopped (t, tier 3 under ptrace) with the file already there; resumed, exits 0',
    via: 'held',
    rule: (s) => rule.after('openat').where({ path: s.file }).suspend(),
    command: touch,
    check: (o, s) => {
      expect(o.r!.summary[0]!.tier).toBe(3);
      expect(o.held).toEqual({ state: 't', sideEffect: true });
      expect(o.status).toBe(0);
      expect(existsSync(s.file)).toBe(true);
    },
  },
  {
    action: 'KILL', phase: 'before', title: 'touch (API): killed by SIGKILL, no file',
    rule: (s) => rule.before('openat').where({ path: s.file }).kill('SIGKILL'),
    command: touch,
    check: (o, s) => {
      expect([o.status, o.signal]).toEqual([null, 'SIGKILL']);
      expect(existsSync(s.file)).toBe(false);
    },
  },
  {
    action: 'KILL', phase: 'before', title: 'touch (CLI): exits 137, no file',
    via: 'cli',
    rule: (s) => rule.before('openat').where({ path: s.file }).kill('SIGKILL'),
    command: touch,
    check: (o, s) => {
      expect(o.status).toBe(137);
      expect(existsSync(s.file)).toBe(false);
    },
  },
  {
    action: 'KILL', phase: 'after', title: 'touch (API): killed by SIGKILL, the file exists',
    rule: (s) => rule.after('openat').where({ path: s.file }).kill('SIGKILL'),
    command: touch,
    check: (o, s) => {
      expect([o.status, o.signal]).toEqual([null, 'SIGKILL']);
      expect(existsSync(s.file)).toBe(true);
    },
  },
  {
    action: 'KILL', phase: 'after', title: 'touch (CLI): exits 137, the file exists',
    via: 'cli',
    rule: (s) => rule.after('openat').where({ path: s.file }).kill('SIGKILL'),
    command: touch,
    check: (o, s) => {
      expect(o.status).toBe(137);
      expect(existsSync(s.file)).toBe(true);
    },
  },
  {
    action: 'ALTER', phase: 'before', title: 'register (write count): writer sees a short write of 3',
    rule: () => rule.before('write').where({ count: 11 }).alter('count', 3),
    command: (s) => [progs.bin('writer'), s.file],
    check: (o, s) => {
      expect([o.status, o.stdout]).toEqual([0, 'write 3\n']);
      expect(readFileSync(s.file, 'utf8')).toBe('hel');
    },
  },
  {
    action: 'ALTER', phase: 'before', title: 'string (openat path): cat of a missing path prints /etc/hostname',
    rule: () => rule.before('openat').where({ path: '/nonexistent/sct-matrix' }).alter('path', '/etc/hostname'),
    command: () => ['cat', '/nonexistent/sct-matrix'],
    check: (o) => {
      expect([o.status, o.stdout, o.stderr]).toEqual([0, hostnameText, '']);
    },
  },
  {
    action: 'ALTER', phase: 'after', title: 'return value (write): all 11 bytes landed, writer saw 5',
    rule: () => rule.after('write').where({ count: 11 }).alterReturn(5),
    command: (s) => [progs.bin('writer'), s.file],
    check: (o, s) => {
      expect([o.status, o.stdout]).toEqual([0, 'write 5\n']);
      expect(readFileSync(s.file, 'utf8')).toBe('hello world');
    },
  },
];

async function viaApi(row: Row, s: Scratch): Promise<Observed> {
  const [command, ...args] = row.command(s);
  const r = await runWithRules({ command, args, rules: [row.rule(s).build()], report: true, timeoutMs: 30_000 });
  return { r, status: r.exitCode, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function viaCli(row: Row, s: Scratch): Observed {
  const rules = join(s.dir, 'rules.sct');
  writeFileSync(rules, toConfigText([row.rule(s)]));
  const r = spawnSync(process.execPath, [cliPath(), 'run', '-c', rules, '--', ...row.command(s)], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const procState = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
  } catch {
    return '';
  }
};

/** Runs until the SUSPEND rule acts, waits for the stop, records state and side effect, resumes. */
async function viaHeld(row: Row, s: Scratch): Promise<Observed> {
  const [command, ...args] = row.command(s);
  let onSuspended!: (pid: number) => void;
  const suspended = new Promise<number>((resolve) => (onSuspended = resolve));
  const handle = startWithRules({
    command,
    args,
    rules: [row.rule(s).build()],
    timeoutMs: 30_000,
    onEvent: (e) => {
      if (e.type === 'rule' && e.action === 'SUSPEND' && e.acted !== false) onSuspended(e.pid);
    },
  });
  const pid = await Promise.race([suspended, handle.result.then(() => -1)]);
  let held: Observed['held'];
  if (pid > 0) {
    const deadline = Date.now() + 10_000;
    let state = procState(pid);
    while (state !== 'T' && state !== 't' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      state = procState(pid);
    }
    held = { state, sideEffect: existsSync(s.file) };
    handle.resume(pid);
  }
  const r = await handle.result;
  return { r, status: r.exitCode, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(held ? { held } : {}) };
}

describe('every action in both phases, seen by the target', () => {
  for (const row of rows) {
    it(`${row.action} ${row.phase}: ${row.title}`, async (ctx) => {
      if (row.via === 'cli') needs(builtCli)(ctx);
      const dir = mkdtempSync(join(progs.dir, 'row-'));
      const s: Scratch = { dir, file: join(dir, 'target') };
      row.setup?.(s);
      const o = row.via === 'cli' ? viaCli(row, s) : row.via === 'held' ? await viaHeld(row, s) : await viaApi(row, s);
      row.check(o, s);
    });
  }

  it('covers every action in both phases', () => {
    const cells = new Set(rows.map((r) => `${r.action} ${r.phase}`));
    const want = ['LOG', 'FAIL', 'RETURN', 'DELAY', 'SUSPEND', 'KILL', 'ALTER'].flatMap((a) => [`${a} before`, `${a} after`]);
    expect([...cells].sort()).toEqual(want.sort());
    expect(rows.map((r) => r.command({ dir: '', file: '' })[0])).toEqual(expect.arrayContaining(['cat', 'touch', 'rm', 'dd', 'sh', process.execPath]));
  });
});
