// --ring-size: the events ring buffer's size. Events that do not fit are counted as dropped, and
// every event counted as sent is printed: with sct watch stopped (SIGSTOP) while rm deletes more
// files than a 4 KiB ring holds, events + dropped = the calls, and the lines printed = events.
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { SCT, setsidSh, startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('ring-size.test.ts');

describe('sct watch --ring-size', () => {
  beforeEach(skipWhen(skip));
  it('a 4 KiB ring: what did not fit while the reader was stopped is counted, the rest printed', async () => {
    const comm = `sctring${process.pid % 100000}`;
    const files = Array.from({ length: 50 }, (_, i) => `f${i}`);
    for (const f of files) writeFileSync(join(dir, f), '');
    copyFileSync('/usr/bin/rm', join(dir, comm));
    const w = await startWatch(['-e', 'trace=unlinkat', '--comm', comm, '--ring-size', '4K']);
    w.child.kill('SIGSTOP');
    try {
      setsidSh(`./${comm} ${files.join(' ')}`, dir);
    } finally {
      w.child.kill('SIGCONT');
    }
    const r = await w.stop();
    expect(r.code).toBe(0);
    const [events, dropped] = /sct: events (\d+), dropped (\d+)/.exec(r.stderr)!.slice(1).map(Number);
    expect(events! + dropped!).toBe(files.length);
    expect(dropped).toBeGreaterThan(0); // 50 events of 384 bytes cannot all be in 4 KiB
    expect(r.stdout.filter((l) => l.startsWith('unlinkat '))).toHaveLength(events!);
    expect(r.stderr).toContain(`rule 1: ${files.length} hit(s)`);
  });

  it.each(['3000', '4k1', '2G', '0'])('--ring-size %s: exit 2, saying what it takes', (size) => {
    const r = spawnSync(process.execPath, [...SCT, 'watch', '-e', 'trace=unlinkat', '--ring-size', size], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Expected \`--ring-size\` to be a power of 2 from 4K to 1G (bytes, or with K, M or G), got \`${size}\``);
  });
});
