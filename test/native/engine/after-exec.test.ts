// After-rules on write, pwrite64, fsync and fdatasync run by the supervisor itself (tier 2,
// native/src/notif_exec.cc) against the same rules on the ptrace path (tier 3, forced through
// SCT_FAKE_MISSING_FEATURE=notif_exec): each program must see the same results and leave the same
// files. The program covers a file, /dev/null and O_APPEND (run by the supervisor), a bad fd and a
// pipe (bounced to ptrace), and a blocking pipe write ended by SIGALRM (EINTR through ptrace).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rule, toConfigText, type RuleBuilder } from '../../../harness/src/rules/builder/index.js';
import { buildPrograms, cliPath, type Programs } from './helpers.js';
import { builtCli, cc, needs, notifExec } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc, builtCli, notifExec));

interface Seen {
  status: number | null;
  stdout: string;
  stderr: string;
  file: string;
  appended: string;
  explain: string;
}

function runVia(path: 'supervisor' | 'ptrace', rules: RuleBuilder[]): Seen {
  const dir = mkdtempSync(join(tmpdir(), 'sct-after-exec-'));
  try {
    const conf = join(dir, 'rules.sct');
    const file = join(dir, 'out.txt');
    const app = join(dir, 'app.txt');
    writeFileSync(conf, toConfigText(rules));
    writeFileSync(app, 'start:');
    const env = { ...process.env, SCT_FAKE_MISSING_FEATURE: path === 'ptrace' ? 'notif_exec' : '' };
    const explain = spawnSync(process.execPath, [cliPath(), 'run', '--explain', '-c', conf, '--', 'true'], { encoding: 'utf8', env });
    const r = spawnSync(process.execPath, [cliPath(), 'run', '-c', conf, '--', progs.bin('after_io'), file, app], { encoding: 'utf8', env, timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, file: readFileSync(file, 'latin1'), appended: readFileSync(app, 'latin1'), explain: explain.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fds = [3, 5, 6, 7, 42];
const cases: Array<{ title: string; rules: RuleBuilder[]; expect: RegExp[] }> = [
  {
    title: 'after write FAIL EIO: the bytes land, the program sees EIO',
    rules: fds.map((fd) => rule.after('write').where({ fd }).fail('EIO')),
    expect: [/^write -1 EIO$/m, /^offset 11$/m, /^write-pipe -1 EIO$/m, /^pipe got 'pipe'$/m, /^write-badfd -1 EIO$/m],
  },
  {
    title: 'after write RETURN 1: a short write as the program sees it',
    rules: fds.map((fd) => rule.after('write').where({ fd }).returns(1)),
    expect: [/^write 1$/m, /^write-append 1$/m, /^write-full-pipe 1$/m],
  },
  {
    title: 'after write ALTER retval 5, pwrite64 FAIL ENOSPC',
    rules: [rule.after('write').where({ fd: 3 }).alterReturn(5), rule.after('pwrite64').fail('ENOSPC')],
    expect: [/^write 5$/m, /^pwrite64 -1 ENOSPC$/m, /^pwrite64-pipe -1 ENOSPC$/m],
  },
  {
    title: 'after fsync and fdatasync FAIL EIO: the data is on disk, the program sees EIO',
    rules: [rule.after('fsync').fail('EIO'), rule.after('fdatasync').fail('EIO')],
    expect: [/^fsync -1 EIO$/m, /^fdatasync -1 EIO$/m, /^fsync-pipe -1 EIO$/m],
  },
];

describe('after-rules run by the supervisor equal the ptrace path', () => {
  for (const c of cases) {
    it(c.title, () => {
      const sup = runVia('supervisor', c.rules);
      const pt = runVia('ptrace', c.rules);
      expect(sup.explain).toMatch(/phase after, \w+ run by the supervisor/);
      expect(pt.explain).not.toMatch(/run by the supervisor/);
      expect(sup.status, sup.stderr).toBe(0);
      for (const re of c.expect) expect(sup.stdout).toMatch(re);
      expect(sup.stdout).toMatch(/^write-full-pipe .*$/m);
      expect({ stdout: sup.stdout, file: sup.file, appended: sup.appended, status: sup.status }).toEqual({
        stdout: pt.stdout,
        file: pt.file,
        appended: pt.appended,
        status: pt.status,
      });
      expect(sup.file).toBe('HEllo world');
      expect(sup.appended).toBe('start:appended');
    });
  }
});

describe('after-rules by the supervisor from many threads', () => {
  it('300 threads in turn (more callers than the pidfd cache keeps, tids of exited threads): every write runs once and returns the rule\'s value, as on the ptrace path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sct-after-threads-'));
    try {
      const conf = join(dir, 'rules.sct');
      writeFileSync(conf, toConfigText([rule.after('write').where({ fd: 3 }).returns(7)]));
      const seen = (path: 'supervisor' | 'ptrace'): string => {
        const env = { ...process.env, SCT_FAKE_MISSING_FEATURE: path === 'ptrace' ? 'notif_exec' : '' };
        const r = spawnSync(process.execPath, [cliPath(), 'run', '--no-summary', '-c', conf, '--', progs.bin('after_threads'), join(dir, `out-${path}`)], { encoding: 'utf8', env, timeout: 60_000 });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout;
      };
      const sup = seen('supervisor');
      expect(sup).toBe('returned-1 0 returned-7 300 other 0 size 300\n');
      expect(seen('ptrace')).toBe(sup);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('after-rules on read, pread64 and ftruncate: the supervisor\'s path equals ptrace\'s', () => {
  const readCases: Array<{ title: string; rules: RuleBuilder[]; expect: RegExp[] }> = [
    {
      title: 'after read FAIL EIO: the bytes land in the buffer, the offset moves, the program sees EIO; a read into a read-only buffer moves no offset',
      rules: [3, 4, 5, 42].map((fd) => rule.after('read').where({ fd }).fail('EIO')),
      expect: [/^read -1 EIO$/m, /^buf 'hello\.\.\.'$/m, /^offset 5$/m, /^read-zero -1 EIO$/m, /^buf-zero 0 0 0 0 \.$/m, /^read-pipe -1 EIO$/m, /^buf 'pipe'$/m, /^read-readonly -1 EIO\noffset 5$/m],
    },
    {
      title: 'after read RETURN 2, pread64 ALTER retval 1',
      rules: [rule.after('read').where({ fd: 3 }).returns(2), rule.after('pread64').alterReturn(1)],
      expect: [/^read 2$/m, /^buf 'hello\.\.\.'$/m, /^pread64 1$/m, /^buf 'world\.\.\.'$/m, /^offset 5$/m, /^read-readonly 2\noffset 5$/m],
    },
    {
      title: 'after ftruncate FAIL EPERM: the file is cut, the program sees EPERM',
      rules: [rule.after('ftruncate').fail('EPERM')],
      expect: [/^ftruncate -1 EPERM$/m, /^size 4$/m, /^read-readonly -1 EFAULT\noffset 5$/m],
    },
  ];
  for (const c of readCases) {
    it(c.title, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sct-after-read-'));
      try {
        const conf = join(dir, 'rules.sct');
        writeFileSync(conf, toConfigText(c.rules));
        const seen = (path: 'supervisor' | 'ptrace') => {
          const file = join(dir, `in-${path}`);
          writeFileSync(file, 'hello world');
          const env = { ...process.env, SCT_FAKE_MISSING_FEATURE: path === 'ptrace' ? 'notif_exec' : '' };
          const explain = spawnSync(process.execPath, [cliPath(), 'run', '--explain', '-c', conf, '--', 'true'], { encoding: 'utf8', env });
          const r = spawnSync(process.execPath, [cliPath(), 'run', '--no-summary', '-c', conf, '--', progs.bin('after_read'), file], { encoding: 'utf8', env, timeout: 60_000 });
          return { status: r.status, stdout: r.stdout, stderr: r.stderr, file: readFileSync(file, 'latin1'), explain: explain.stdout };
        };
        const sup = seen('supervisor');
        const pt = seen('ptrace');
        expect(sup.explain).toMatch(/phase after, \w+ run by the supervisor/);
        expect(pt.explain).not.toMatch(/run by the supervisor/);
        expect(sup.status, sup.stderr).toBe(0);
        for (const re of c.expect) expect(sup.stdout).toMatch(re);
        expect({ stdout: sup.stdout, file: sup.file, status: sup.status }).toEqual({ stdout: pt.stdout, file: pt.file, status: pt.status });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
