// exe and cwd read in the kernel at the call (a dentry walk), for a process sct did not start: in
// a LOG format (%exe, %cwd) and in --json's proc. A path longer than the walk's bound (4,096
// bytes, or 128 components) is marked truncated ("..." then its last whole components), never cut
// silently.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { setsidSh, startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('proc-paths.test.ts');

/** A rule file: LOG of unlinkat of `name` (so that another user's rm is not reported) with `format`. */
function rules(name: string, format: string): string {
  const file = join(dir, `${name}.sct`);
  writeFileSync(file, `rule { syscall_name = unlinkat rule_name = who when = after filter_expression { path == "${name}" } action { type = LOG log_format {${format}} } }`);
  return file;
}

const FORMAT = 'exe=%exe cwd=%cwd comm=%comm';
const parse = (line: string) => /^exe=(.*) cwd=(.*) comm=(.*)$/.exec(line)!.slice(1);

describe('sct watch (ebpf): exe and cwd of the caller', () => {
  beforeEach(skipWhen(skip));
  it('%exe and %cwd: rm in a directory of its own, started outside sct (symlinks resolved as the kernel does)', async () => {
    const cwd = join(dir, 'somedir');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'victim-1'), '');
    const w = await startWatch(['-c', rules('victim-1', FORMAT)]);
    setsidSh(`cd somedir && rm victim-1`, dir);
    const line = await w.waitForLine((l) => l.startsWith('exe='));
    expect((await w.stop()).code).toBe(0);
    expect(parse(line)).toEqual([realpathSync('/usr/bin/rm'), realpathSync(cwd), 'rm']);
  });

  it('--json: proc carries exe and cwd beside comm, ppid and uid', async () => {
    writeFileSync(join(dir, 'victim-2'), '');
    const w = await startWatch(['-c', rules('victim-2', FORMAT), '--json']);
    setsidSh('rm victim-2', dir);
    const ev = JSON.parse(await w.waitForLine((l) => l.includes('"victim-2"')));
    expect((await w.stop()).code).toBe(0);
    expect(ev.proc).toEqual({ comm: 'rm', exe: realpathSync('/usr/bin/rm'), cwd: realpathSync(dir), ppid: expect.any(Number), uid: 0 });
  });

  it('a format naming neither: the line is the same as without the walk', async () => {
    writeFileSync(join(dir, 'victim-3'), '');
    const w = await startWatch(['-c', rules('victim-3', 'comm=%comm uid=%uid')]);
    setsidSh('rm victim-3', dir);
    expect(await w.waitForLine((l) => l.startsWith('comm='))).toBe('comm=rm uid=0');
    expect((await w.stop()).code).toBe(0);
  });

  // Working directories beyond the walk's bound, entered one component at a time (a path over
  // PATH_MAX cannot be given to chdir at once: dash's logical cd would build one, hence -P); the tree
  // is removed by the same shell.
  it.each([
    ['longer than 4,096 bytes', 'L'.repeat(200), 25],
    ['deeper than 128 components', 'd', 140],
  ])('a cwd %s is marked truncated and keeps its last whole components', async (_what, component, depth) => {
    const name = `victim-${component.length}-${depth}`;
    const w = await startWatch(['-c', rules(name, FORMAT)]);
    setsidSh(
      `top=$PWD; i=0; while [ $i -lt ${depth} ]; do mkdir ${component} && cd -P ${component} || exit 1; i=$((i+1)); done; ` +
        `: > ${name}; rm ${name}; cd "$top" && rm -r ${component}`,
      dir,
    );
    const [exe, cwd] = parse(await w.waitForLine((l) => l.startsWith('exe=')));
    expect((await w.stop()).code).toBe(0);
    const full = realpathSync(dir) + `/${component}`.repeat(depth);
    expect(exe).toBe(realpathSync('/usr/bin/rm'));
    expect(cwd!.startsWith('.../')).toBe(true);
    const tail = cwd!.slice(3);
    expect(full.endsWith(tail)).toBe(true);
    expect(tail.length).toBeLessThan(full.length);
    expect(tail.length).toBeLessThanOrEqual(4096);
  });
});
