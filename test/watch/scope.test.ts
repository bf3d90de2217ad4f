// --pid: only one process tree; calls outside it are not reported.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { setsidSh, startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('scope.test.ts');

describe('sct watch --pid', () => {
  beforeEach(skipWhen(skip));
  it('reports the calls of that tree only', async () => {
    const inside = join(dir, 'inside');
    const outside = join(dir, 'outside');
    writeFileSync(inside, '');
    writeFileSync(outside, '');
    // The tree: sh waits for a line on stdin, then its child rm deletes `inside`.
    const tree = spawn('sh', ['-c', `read x; rm ${inside}`], { stdio: ['pipe', 'ignore', 'ignore'] });
    const w = await startWatch(['-e', 'trace=unlinkat', '--pid', String(tree.pid)]);
    setsidSh(`rm ${outside}`, dir);
    tree.stdin!.end('go\n');
    await new Promise((r) => tree.on('close', r));
    await w.waitForLine((l) => l.includes(inside));
    await new Promise((r) => setTimeout(r, 300));
    const r = await w.stop();
    expect(r.code).toBe(0);
    expect(r.stdout.filter((l) => l.includes('path=')).map((l) => /path="([^"]*)"/.exec(l)![1])).toEqual([inside]);
  });
});
