// The SMP stress of #18: threads (twice the CPUs, at least 4) hammer a hooked call that the rules
// match (every 16th turn), a hooked call that their filters turn away and a call no rule names
// (test/c/watch_stress.c counts its own), while the rule file is rewritten and SIGHUPed as fast
// as sct watch reloads it, cycling through three rule sets that match the same calls under other
// rule names, slots and event sizes (one asks for %exe and %cwd). At the end the counters add up
// exactly, per rule and in total, and dmesg has no new warning.
//
// SCT_WATCH_STRESS_SECONDS=N hammers for N seconds instead of 12 (the default fits npm test).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { program } from '../helpers/c-programs.js';
import { startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('stress.test.ts');

const SECONDS = Number(process.env.SCT_WATCH_STRESS_SECONDS ?? 12);
const THREADS = Math.max(4, 2 * availableParallelism());
const BASE = 1_000_000; // close(BASE + i) matches, close(BASE - 1 - i) does not
const COMM = `sctst${process.pid % 100000}`;
const EVERY = 16; // a matched call every 16th turn of each thread

/** Three rule sets; each matches every close(fd >= BASE) with exactly one rule. */
const RULE_SETS: { name: string; text: string }[] = [
  { name: 'gen_a', text: `rule { syscall_name = close rule_name = gen_a when = after filter_expression { PARAMS[1] >= ${BASE} } action { type = LOG log_format {gen_a} } }` },
  {
    name: 'gen_b',
    text: `rule { syscall_name = close rule_name = gen_b when = after filter_expression { PARAMS[1] >= ${BASE} && PARAMS[1] < ${BASE + 4096} } action { type = LOG log_format {gen_b %exe %cwd} } }`,
  },
  {
    name: 'gen_c',
    text:
      `rule { syscall_name = close rule_name = gen_c_none when = after filter_expression { PARAMS[1] == 7 } action { type = LOG log_format {gen_c_none} } }\n` +
      `rule { syscall_name = close rule_name = gen_c when = after filter_expression { PARAMS[1] > ${BASE - 1} } action { type = LOG log_format {gen_c} } }`,
  },
];

/** New kernel log lines that mean trouble. */
const KERNEL_TROUBLE = /WARNING|BUG|lockdep|possible recursive locking|circular locking|RCU stall|rcu_.*stall|Call Trace|general protection|refcount_t|UBSAN|KASAN/;

function dmesg(): { lines: string[] } | { unreadable: string } {
  const r = spawnSync('dmesg', [], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.status === 0 ? { lines: r.stdout.split('\n') } : { unreadable: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
}

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

describe('sct watch: SMP stress', () => {
  beforeEach(skipWhen(skip));
  it(`${THREADS} threads, ${SECONDS} s, the rules replaced meanwhile: every call is counted once`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    const bin = program('watch_stress');
    const before = dmesg();
    const rules = join(dir, 'rules.sct');
    const out = join(dir, 'events.log');
    writeFileSync(rules, RULE_SETS[0]!.text);
    const w = await startWatch(['-c', rules, '--comm', COMM, '--ring-size', '64K', '-o', out]);

    const hammer = spawn(bin, [String(THREADS), String(SECONDS), String(BASE), COMM, String(EVERY)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    hammer.stdout.on('data', (d) => (said += d));
    hammer.stderr.on('data', (d) => (said += d));
    const exited = new Promise<number | null>((r) => hammer.on('close', r));
    let running = true;
    void exited.then(() => (running = false));

    // Reload after reload, each once the last one is done (reloads do not pile up).
    let sent = 0;
    while (running) {
      const set = RULE_SETS[(sent + 1) % RULE_SETS.length]!;
      writeFileSync(`${rules}.new`, set.text);
      renameSync(`${rules}.new`, rules); // the reload reads a whole file
      w.child.kill('SIGHUP');
      sent++;
      const done = (): boolean => count(w.stderr(), /sct: reload(ed:| failed)/g) >= sent;
      while (!done()) {
        if (w.child.exitCode !== null || w.child.signalCode !== null) throw new Error(`sct watch ended during the stress:\n${w.stderr()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(await exited, said).toBe(0);
    const r = await w.stop();
    expect(r.code, r.stderr).toBe(0);

    const calls = Object.fromEntries([...said.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    const summary = Object.fromEntries(
      [...r.stderr.matchAll(/(events|dropped|string reads failed|filtered out|outlived their rules) (\d+)/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    const hits = Object.fromEntries([...r.stderr.matchAll(/rule '(\w+)': (\d+) hit/g)].map((m) => [m[1]!, Number(m[2])]));
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const printed: Record<string, number> = {};
    for (const l of lines) printed[l.split(' ')[0]!] = (printed[l.split(' ')[0]!] ?? 0) + 1;
    const totalHits = Object.values(hits).reduce((a, b) => a + b, 0);
    const reloads = count(r.stderr, /sct: reloaded: /g);
    process.stderr.write(
      `stress.test.ts: ${THREADS} threads, ${SECONDS} s: calls ${JSON.stringify(calls)}; reloads ${reloads} (of ${sent} SIGHUPs); ` +
        `hits ${JSON.stringify(hits)}; printed ${JSON.stringify(printed)}; ${JSON.stringify(summary)}\n`,
    );

    expect(r.stderr).not.toContain('reload failed');
    expect(reloads).toBe(sent);
    expect(calls.matched).toBeGreaterThan(0);
    // Every event the kernel counts as sent was printed; each under the rule it matched.
    expect(lines.length).toBe(summary.events);
    for (const [name, n] of Object.entries(printed)) expect(n, name).toBeLessThanOrEqual(hits[name] ?? 0);
    if (summary.dropped === 0) expect(printed).toEqual(Object.fromEntries(Object.entries(hits).filter(([, n]) => n > 0)));
    expect(hits.gen_c_none ?? 0).toBe(0);
    // Every match is an event or a counted drop.
    expect(summary.events! + summary.dropped!).toBe(totalHits);
    // Every hooked call is a hit, filtered out, or ended after its rules were replaced (stale).
    expect(totalHits + summary['filtered out']! + summary['outlived their rules']!).toBe(calls.matched! + calls.filtered!);
    expect(totalHits).toBeLessThanOrEqual(calls.matched!);
    expect(summary['string reads failed']).toBe(0);

    const after = dmesg();
    if ('unreadable' in before || 'unreadable' in after) {
      process.stderr.write(`stress.test.ts: dmesg not checked: ${'unreadable' in before ? before.unreadable : (after as { unreadable: string }).unreadable}\n`);
    } else {
      const old = new Set(before.lines);
      expect(after.lines.filter((l) => !old.has(l) && KERNEL_TROUBLE.test(l))).toEqual([]);
    }
  });
});
