// Real programs under rules, through runWithRules; assertions are on what the target itself saw.
import { createServer, type Server } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { runWithRules, startWithRules, CommandNotFoundError } from '../../../harness/src/engine/run.js';
import type { Rule } from '../../../harness/src/rules/model.js';
import { InvalidRuleError } from '../../../harness/src/rules/as-rule.js';
import { rule as build } from '../../../harness/src/rules/builder/index.js';
import { toJsonEvent } from '../../../harness/src/engine/decode/index.js';
import { buildPrograms, cmp, FAIL, lines, n, p, rule, str, type Programs } from './helpers.js';
import { cc, needs } from '../../helpers/host/index.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());
beforeEach(needs(cc));

const hostname = readFileSync('/etc/hostname', 'utf8').split('\n')[0]!;
const pathIs = (path: string) => cmp('==', p('path'), str(path));

describe('runWithRules', () => {
  it('runs a program without rules and collects its output', async () => {
    const r = await runWithRules({ command: 'cat', args: ['/etc/hostname'], rules: [] });
    expect([r.exitCode, r.signal, r.stdout]).toEqual([0, null, readFileSync('/etc/hostname', 'utf8')]);
  });

  it('refuses a missing program before launching', async () => {
    await expect(runWithRules({ command: 'no-such-program-sct', rules: [] })).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  it('FAIL openat EACCES in tier 1 (scalar only): the program sees EACCES, nothing is counted', async () => {
    const r = await runWithRules({ command: progs.bin('openf'), args: ['/etc/hostname'], rules: [rule('openat', FAIL(), { filter: cmp('==', p('flags'), n(0)) })] });
    expect(lines(r.stdout)).toEqual(['open /etc/hostname = -1 EACCES']);
    expect(r.counts[0]).toMatchObject({ tier: 1, counted: false, matched: 0 });
  });

  it('FAIL openat EACCES in tier 2 with a path filter: only that path fails, and it is counted', async () => {
    const r = await runWithRules({ command: progs.bin('openf'), args: ['/etc/hostname', '/etc/passwd'], rules: [rule('openat', FAIL(), { filter: pathIs('/etc/hostname') })] });
    expect(lines(r.stdout)).toEqual(['open /etc/hostname = -1 EACCES', expect.stringMatching(/^open \/etc\/passwd = fd read "root:/)]);
    expect(r.counts[0]).toMatchObject({ tier: 2, counted: true, matched: 1, acted: 1 });
  });

  it('--count moves a tier-1 rule to the supervisor and counts it', async () => {
    const r = await runWithRules({ command: progs.bin('openf'), args: ['/etc/hostname'], count: true, rules: [rule('openat', FAIL(), { filter: cmp('==', p('flags'), n(0)) })] });
    expect(lines(r.stdout)).toEqual(['open /etc/hostname = -1 EACCES']);
    expect(r.counts[0]).toMatchObject({ tier: 2, counted: true, acted: 1 });
  });

  it('RETURN makes the call return a chosen value', async () => {
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['2'], rules: [rule('getppid', { type: 'RETURN', value: 4242n })] });
    expect(lines(r.stdout)).toEqual(['1 4242', '2 4242']);
  });

  it('when=3 injects exactly once, at the 3rd call', async () => {
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['5'], rules: [rule('getppid', FAIL('EPERM'), { trigger: { scope: 'tree', when: { first: 3, step: 0 } } })] });
    const out = lines(r.stdout);
    expect(out.map((l) => l.includes('EPERM'))).toEqual([false, false, true, false, false]);
    expect(r.counts[0]).toMatchObject({ matched: 5, acted: 1 });
  });

  it('probability with a seed gives the same injections every run', async () => {
    const run = async (seed: number) =>
      lines((await runWithRules({ command: progs.bin('getppid_n'), args: ['40'], rules: [rule('getppid', FAIL('EPERM'), { trigger: { scope: 'tree', probability: { p: 0.5, seed } } })] })).stdout).map((l) => l.includes('EPERM'));
    const a = await run(7);
    const b = await run(7);
    expect(a).toEqual(b);
    expect(a.filter(Boolean).length).toBeGreaterThan(5);
    expect(a.filter(Boolean).length).toBeLessThan(35);
  });

  it('DELAY holds the call for the given time', async () => {
    const r = await runWithRules({ command: progs.bin('elapsed'), rules: [rule('getppid', { type: 'DELAY', us: 200_000 })] });
    expect(Number(r.stdout)).toBeGreaterThanOrEqual(195);
  });

  it('KILL ends the program with the signal', async () => {
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [rule('getppid', { type: 'KILL', signal: 'SIGKILL' })] });
    expect([r.exitCode, r.signal, r.stdout]).toEqual([null, 'SIGKILL', '']);
  });

  it('KILL with SIGSYS is decided in the kernel (tier 1)', async () => {
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [rule('getppid', { type: 'KILL', signal: 'SIGSYS' })] });
    expect([r.signal, r.counts[0]!.tier]).toEqual(['SIGSYS', 1]);
  });

  it('FAIL after write: the data landed and the program saw the error', async () => {
    const file = join(progs.dir, 'failed-after');
    const r = await runWithRules({ command: progs.bin('writer'), args: [file], rules: [rule('write', FAIL('EIO'), { phase: 'after', filter: cmp('==', p('count'), n(11)) })] });
    expect(lines(r.stdout)).toEqual(['write -1 EIO']);
    expect(readFileSync(file, 'utf8')).toBe('hello world');
  });

  it('ALTER of write\'s count gives a short write', async () => {
    const file = join(progs.dir, 'short');
    const r = await runWithRules({ command: progs.bin('writer'), args: [file], rules: [rule('write', { type: 'ALTER', target: { kind: 'param', param: p('count') }, value: n(3) }, { filter: cmp('==', p('count'), n(11)) })] });
    expect(lines(r.stdout)).toEqual(['write 3']);
    expect(readFileSync(file, 'utf8')).toBe('hel');
  });

  it('ALTER of the path redirects an open', async () => {
    const r = await runWithRules({ command: progs.bin('openf'), args: ['/nonexistent/sct'], rules: [rule('openat', { type: 'ALTER', target: { kind: 'param', param: p('path') }, value: str('/etc/hostname') }, { filter: pathIs('/nonexistent/sct') })] });
    // The program read the other file; its own path buffer now holds the new path too (ALTER writes in place).
    expect(lines(r.stdout)).toEqual([expect.stringMatching(new RegExp(`= fd read "${hostname}"$`))]);
  });

  it('ALTER of the return value changes what the program sees', async () => {
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [rule('getppid', { type: 'ALTER', target: { kind: 'retval' }, value: n(77) }, { phase: 'after' })] });
    expect(lines(r.stdout)).toEqual(['1 77']);
  });

  it('a JS callback decides per call', async () => {
    let calls = 0;
    const callback: Rule['callback'] = (ctx) => {
      calls++;
      return ctx.syscall === 'getppid' && calls === 2 ? { type: 'RETURN', value: 99n } : undefined;
    };
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['3'], rules: [{ ...rule('getppid', { type: 'LOG' }), callback }] });
    expect(lines(r.stdout).map((l) => l.split(' ')[1])).toEqual([expect.not.stringMatching(/^99$/), '99', expect.not.stringMatching(/^99$/)]);
    expect(calls).toBe(3);
  });

  it('a JS callback fails openat for paths ending in .secret and counts the calls it saw', async () => {
    const seen: string[] = [];
    const callback: Rule['callback'] = (ctx) => {
      const path = Object.values(ctx.decoded).find((v): v is string => typeof v === 'string') ?? '';
      seen.push(path);
      return path.endsWith('.secret') ? { type: 'FAIL', errno: 'EACCES' } : undefined;
    };
    const dir = progs.dir;
    const secret = join(dir, 'a.secret');
    writeFileSync(secret, 'hidden\n');
    writeFileSync(join(dir, 'a.txt'), 'plain\n');
    const pathIn = cmp('~=', p('path'), str(`^${dir}/`));
    const r = await runWithRules({ command: progs.bin('openf'), args: [join(dir, 'a.txt'), secret, join(dir, 'a.txt')], rules: [{ ...rule('openat', { type: 'LOG' }, { filter: pathIn }), callback }] });
    expect(lines(r.stdout)).toEqual([`open ${dir}/a.txt = fd read "plain"`, `open ${secret} = -1 EACCES`, `open ${dir}/a.txt = fd read "plain"`]);
    expect(seen).toEqual([join(dir, 'a.txt'), secret, join(dir, 'a.txt')]);
  });

  it('a callback that throws lets the call run and leaves a warning', async () => {
    const callback: Rule['callback'] = () => {
      throw new Error('boom');
    };
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [{ ...rule('getppid', { type: 'LOG' }), callback }] });
    expect(r.exitCode).toBe(0);
    expect(lines(r.stdout)[0]).not.toMatch(/ -1 /);
    expect(r.events.some((e) => e.type === 'warning' && /callback threw: boom/.test(e.message ?? ''))).toBe(true);
  });

  it('a callback on the first calls after the exec is asked, even while launch() is still returning', async () => {
    // brk is the dynamic loader's first call: the target reaches it while the JS thread may still be
    // inside launch(). The supervisor waits for JS rather than letting the call through unasked.
    // Under CI load that happened by itself (stop 21's CI); here the addon's test-only delay holds
    // launch() back 100 ms after the exec, so the calls surely come first.
    process.env.SCT_TEST_LAUNCH_RETURN_DELAY_MS = '100';
    onTestFinished(() => {
      delete process.env.SCT_TEST_LAUNCH_RETURN_DELAY_MS;
    });
    for (let i = 0; i < 3; i++) {
      let calls = 0;
      const callback: Rule['callback'] = () => {
        calls++;
        return undefined;
      };
      const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [{ ...rule('brk', { type: 'LOG' }), callback }] });
      expect(r.events.filter((e) => e.type === 'warning').map((e) => e.message)).toEqual([]);
      expect(calls).toBe(r.events.filter((e) => e.type === 'rule' && e.syscall === 'brk').length);
      expect(calls).toBeGreaterThan(0);
    }
  });

  it('a callback on execve itself is not asked before launch() returns: the exec runs, with a warning', async () => {
    const callback: Rule['callback'] = () => ({ type: 'FAIL', errno: 'EPERM' });
    const r = await runWithRules({ command: progs.bin('getppid_n'), args: ['1'], rules: [{ ...rule('execve', { type: 'LOG' }), callback }] });
    expect(r.exitCode).toBe(0);
    expect(r.events.filter((e) => e.type === 'warning').map((e) => e.message)).toEqual([expect.stringMatching(/callback: asked about the exec before launch\(\) returned/)]);
  });

  it('LOG reports events with decoded parameters and leaves stdout alone', async () => {
    const r = await runWithRules({ command: 'cat', args: ['/etc/hostname'], rules: [rule('openat', { type: 'LOG' }, { filter: pathIs('/etc/hostname') })] });
    expect(r.stdout).toBe(readFileSync('/etc/hostname', 'utf8'));
    const e = r.events.find((x) => x.type === 'rule');
    expect(e).toMatchObject({ syscall: 'openat', phase: 'before', mem: { 1: '/etc/hostname' }, rule: 1, action: 'LOG' });
  });

  it('takes an unbuilt rule (a RuleBuilder) as it takes a built one: cat sees EACCES', async () => {
    const r = await runWithRules({ command: 'cat', args: ['/etc/hostname'], rules: [build.before('openat').where({ path: '/etc/hostname' }).fail('EACCES').named('deny')], report: true });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cat: \/etc\/hostname: Permission denied/);
    expect(r.counts[0]).toMatchObject({ name: 'deny', acted: 1 });
  });

  it('refuses what is neither a Rule nor a RuleBuilder with a typed error naming the fix', async () => {
    const run = runWithRules({ command: 'cat', rules: [{ syscall: 'openat' } as never] });
    await expect(run).rejects.toBeInstanceOf(InvalidRuleError);
    await expect(run).rejects.toThrow("Expected `rules[0]` to be a Rule or a RuleBuilder (rule.before('openat').fail('EACCES')), got an object with keys `syscall`");
  });

  it('gives events the same shape as --json: rule, ruleName and action at the top', async () => {
    const r = await runWithRules({ command: 'cat', args: ['/etc/hostname'], rules: [build.before('openat').where({ path: '/etc/hostname' }).fail('EACCES').named('deny')], report: true });
    const e = r.events.find((x) => x.type === 'rule')!;
    expect(e).toMatchObject({ rule: 1, ruleName: 'deny', action: 'FAIL', seen: -13n });
    const json = toJsonEvent(e, { arch: 'x86_64' });
    const { v: _v, call: _call, ...same } = json;
    expect(Object.keys(same).sort()).toEqual(Object.keys(e).sort());
    expect(json).toMatchObject({ rule: 1, ruleName: 'deny', action: 'FAIL', seen: '-13' });
  });

  it('SUSPEND after connect: the server sees the connection while the client is stopped; resume lets it go on', async () => {
    const server: Server = createServer();
    const accepted = new Promise<void>((resolve) => server.once('connection', (sock) => { sock.resume(); resolve(); }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const suspended = new Promise<number>((resolve) => {
      const rules: Rule[] = [rule('connect', { type: 'SUSPEND' }, { phase: 'after' })];
      const handle = startWithRules({
        command: progs.bin('client'),
        args: [String(port)],
        rules,
        onEvent: (e) => {
          if (e.type === 'rule' && e.syscall === 'connect' && e.acted) resolve(e.pid);
        },
      });
      void accepted.then(async () => {
        const pid = await suspended;
        // Stopped (T) while the server holds the connection.
        const deadline = Date.now() + 5000;
        let state = '';
        while (Date.now() < deadline) {
          state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
          if (state === 'T' || state === 't') break;
          await new Promise((r) => setTimeout(r, 20));
        }
        stateSeen = state;
        handle.resume(pid);
        result = await handle.result;
        done();
      });
    });
    let stateSeen = '';
    let result: Awaited<ReturnType<typeof runWithRules>> | undefined;
    let done!: () => void;
    await Promise.all([suspended, new Promise<void>((r) => (done = r))]);
    server.close();
    expect(stateSeen).toMatch(/^[Tt]$/);
    expect(lines(result!.stdout)).toEqual(['connect 0']);
    expect(result!.exitCode).toBe(0);
  });
});
