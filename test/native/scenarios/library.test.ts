// The scenario library (scenarios/*.ts): every scenario passes, and every buggy target is caught
// for the reason its scenario claims.
import { existsSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { findScenarioFiles, loadScenarioFiles, runScenario, runScenarios, type Scenario } from '../../../harness/src/scenarios/index.js';
import { packageRoot } from '../../../harness/src/paths.js';
import { configEacces } from '../../../scenarios/config-eacces.js';
import { configEaccesNode } from '../../../scenarios/config-eacces-node.js';
import { shortWrite } from '../../../scenarios/short-write.js';
import { journalEnospcWrite } from '../../../scenarios/journal-enospc-write.js';
import { journalEnospcFsync } from '../../../scenarios/journal-enospc-fsync.js';
import { journalEioClose } from '../../../scenarios/journal-eio-close.js';
import { readEintr } from '../../../scenarios/read-eintr.js';
import { forkEagain } from '../../../scenarios/fork-eagain.js';
import { mmapEnomem } from '../../../scenarios/mmap-enomem.js';
import { connectRefused } from '../../../scenarios/connect-refused.js';
import { getrandomFails } from '../../../scenarios/getrandom-fails.js';
import { cc, needs } from '../../helpers/host/index.js';

beforeEach(needs(cc));

const files = await findScenarioFiles(['scenarios/**/*.ts'], packageRoot());
const library = await loadScenarioFiles(files);
const verdicts = runScenarios(library);

describe('the scenario library', () => {
  it('has a scenario for every fault the issue lists', () => {
    expect(library.map((s) => s.name).sort()).toEqual([
      'alter-path', 'config-eacces-fixed', 'config-eacces-node-fixed', 'connect-delay', 'connect-refused-fixed',
      'crash-log-buggy', 'crash-log-fixed', 'crash-save-buggy', 'crash-save-fixed', 'crash-save-fsync-file',
      'crash-sqlite-extra', 'crash-sqlite-full', 'crash-sqlite-off', 'crash-sqlite-wal', 'fork-eagain-fixed',
      'getrandom-fails-fixed', 'journal-eio-close-fixed', 'journal-enospc-fsync-fixed', 'journal-enospc-write-fixed', 'mmap-enomem-fixed',
      'open-family', 'read-eintr-fixed', 'short-write-fixed', 'suspend-after-connect', 'who-deleted',
    ]);
    expect(files.some((f) => f.includes('/targets/'))).toBe(false);
  });

  // The sqlite3 scenarios run Debian's sqlite3 (ci/install.sh installs it; the VM's guest has none).
  const lacks = (s: Scenario): string | undefined => (s.name.startsWith('crash-sqlite-') && !existsSync('/usr/bin/sqlite3') ? '/usr/bin/sqlite3 is missing (ci/install.sh installs it)' : undefined);
  it.for(library.map((s, i) => [s.name, i] as const))('%s passes, and its rules acted', async ([, i], ctx) => {
    const why = lacks(library[i]!);
    if (why !== undefined) {
      console.log(`skipped: ${why}`);
      ctx.skip(why);
    }
    const v = (await verdicts)[i]!;
    expect(v.reasons).toEqual([]);
    expect(v.passed).toBe(true);
    expect(v.record?.timedOut).toBe(false);
    // A crash scenario (`sct crash`) has no rules: `sct run` runs it unfaulted, as the recording.
    if (v.name !== 'who-deleted' && library[i]!.crash === undefined) expect(v.injections.reduce((n, x) => n + x.times, 0)).toBeGreaterThan(0);
  });

  it('who-deleted names the worker that deleted the file, by pid and comm', async () => {
    const v = (await verdicts).find((x) => x.name === 'who-deleted')!;
    const pid = /worker-2 pid=(\d+)/.exec(v.record!.stdout)![1];
    expect(v.record!.log).toEqual([`deleted by pid ${pid} (worker-2): unlink("victim.txt")`]);
  });

  it('open-family injects once into each of open, openat and creat', async () => {
    const v = (await verdicts).find((x) => x.name === 'open-family')!;
    expect(v.injections).toEqual([
      { rule: 'deny-blocked', syscall: 'creat', times: 1 },
      { rule: 'deny-blocked', syscall: 'open', times: 1 },
      { rule: 'deny-blocked', syscall: 'openat', times: 1 },
    ]);
  });
});

type Factory = (variant: 'buggy' | 'fixed') => Scenario;

// Each buggy target, the reasons its scenario must give (every one of them), and the syscall
// whose injection exposed it.
const BUGS: [string, Factory, RegExp[], string][] = [
  ['crash on a failed fopen', configEacces, [/^exit: expected a normal exit \(any code\), but the target was killed by SIGSEGV$/, /^signal: expected none, but the target was killed by SIGSEGV$/, /^stdout: /, /^stderr: /], 'openat'],
  ['Node: uncaught EACCES', configEaccesNode, [/^exit: expected 0, but the target exited with 1$/, /^stdout: expected to contain "setting color=blue", got \(empty\)$/, /^stderr: expected to contain "cannot read app.json: EACCES; using defaults", got ".*Error: EACCES: permission denied, open 'app.json'/], 'openat'],
  ['ignored short write', shortWrite, [/^files\['out.dat'\]: expected to contain \/END\\n\$\/, got "x{200}\.\.\."$/], 'write'],
  ['ignored ENOSPC on write', journalEnospcWrite, [/^exit: expected 1, but the target exited with 0$/, /^stderr: /, /^files\['state.txt'\]: expected unchanged, but its checksum changed; now \(empty\)$/], 'write'],
  ['lost update when fsync fails', journalEnospcFsync, [/^exit: expected 1, but the target exited with 0$/, /^stdout: expected not to contain "saved", got "journal: saved counter=2\\n"$/, /^stderr: /, /^files\['state.txt'\]: expected unchanged, but its checksum changed; now "counter=2\\n"$/], 'fsync'],
  ['ignored EIO on close', journalEioClose, [/^exit: expected 1, but the target exited with 0$/, /^stderr: /, /^files\['state.txt'\]: expected unchanged, but its checksum changed; now "counter=2\\n"$/], 'close'],
  ['EINTR taken for end of file', readEintr, [/^stdout: expected to contain "read 12 bytes", got "read 0 bytes\\n"$/], 'read'],
  ['fork -1 taken for a pid', forkEagain, [/^stdout: expected to contain "child ran", got "spawner: done\\n"$/], 'clone'],
  ['mmap compared with NULL', mmapEnomem, [/^exit: expected 3, but the target was killed by SIGSEGV$/, /^signal: expected none, but the target was killed by SIGSEGV$/, /^stderr: /], 'mmap'],
  ['unchecked connect', connectRefused, [/^exit: expected 0, but the target was killed by SIGPIPE$/, /^signal: expected none, but the target was killed by SIGPIPE$/, /^stdout: expected to contain "fetch: got pong", got "fetch: connect took \d+ ms\\n"$/], 'connect'],
  ['unchecked getrandom', getrandomFails, [/^stdout: expected not to match \/token: 0\{32\}\/, got "token: 0{32}\\n"$/], 'getrandom'],
];

describe('buggy targets are caught, fixed ones pass', () => {
  it.each(BUGS)('%s', async (_bug, factory, reasons, syscall) => {
    const [buggy, fixed] = await Promise.all([runScenario(factory('buggy')), runScenario(factory('fixed'))]);
    expect(buggy.passed).toBe(false);
    expect(buggy.reasons).toHaveLength(reasons.length);
    buggy.reasons.forEach((r, i) => expect(r).toMatch(reasons[i]!));
    expect(buggy.injections.map((x) => x.syscall)).toContain(syscall);
    expect(fixed.reasons).toEqual([]);
    expect(fixed.injections.map((x) => x.syscall)).toContain(syscall);
  });
});
