// `sct watch --backend ebpf`: compile the rules for watch.bpf.c, load and attach it through the
// sct_watch addon, print events until SIGINT/SIGTERM, swap the rules on SIGHUP, then print the
// per-rule hits and the counters. Each event is decoded by the plan of the epoch it carries (a
// call keeps the rules it entered with; watch.h); an epoch's hits are added to the totals when a
// reload retires it, and at the end.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addonCall } from '../addon-arguments.js';
import { ruleLabel } from '../engine/compile/index.js';
import { loadWatchBinding, type WatchBinding } from './binding.js';
import { compileWatch, wantedProcPaths, type WatchPlan } from './compile.js';
import { WATCH_EVENT_SIZE, WATCH_PATHS_SIZE } from './contract.js';
import { WatchLoadError, WatchNeedsRootError, WatchRefusedError } from './errors.js';
import { decodeWatchEvents, toDecoded } from './event.js';
import { eventLine } from './format.js';
import { canLoadBpf } from './privileges.js';
import { readWatchRules, type WatchRules } from './rule-source.js';
import { waitForStop } from './signals.js';
import type { WatchOptions, WatchOutput } from './options.js';

/** Where libbpf looks for the tracepoints' ids, in its order. */
const TRACEFS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

interface Generation {
  plan: WatchPlan;
  rules: WatchRules;
  strArg: Map<number, number>;
}

/** Plans kept for the events of retired epochs still on their way through the ring buffer. */
const KEPT_EPOCHS = 64;

let lsmVerdict: { why: string | undefined } | undefined;

/**
 * Why BPF LSM programs cannot deny calls here (WatchHost.bpfLsm), probed once: the addon loads,
 * attaches and fires a program on file_open, since a kernel may list `bpf` among its LSMs and
 * still refuse the programs (EPERM: this project's host), or load them and never call them.
 * Without the privileges to load BPF the probe says nothing: the root check that follows does.
 */
function bpfLsm(binding: WatchBinding): string | undefined {
  if (!canLoadBpf()) return undefined;
  lsmVerdict ??= { why: binding.probeLsm() ?? undefined };
  return lsmVerdict.why === undefined ? undefined : `which is refused or not active here (${lsmVerdict.why.split('\n')[0]})`;
}

function generation(rules: WatchRules, binding: WatchBinding, json: boolean): Generation {
  const plan = compileWatch(rules.rules, { programs: binding.programs(), bpfLsm: () => bpfLsm(binding) }, (rule, i) => wantedProcPaths(rule, rules.ownFormat[i]!, json));
  return { plan, rules, strArg: new Map(plan.set.sys.map((s) => [s.nr, s.strArg])) };
}

function describe(g: Generation): string {
  return `${g.rules.rules.length} rule(s) on ${g.plan.syscalls.length} syscall(s)`;
}

/** Hits of one generation's slots, summed per input rule label, added to `totals`. */
function addHits(totals: Map<string, bigint>, g: Generation, hits: readonly bigint[]): void {
  g.plan.slots.forEach((slot, i) => {
    const label = ruleLabel(g.rules.rules[slot.rule]!, slot.rule);
    totals.set(label, (totals.get(label) ?? 0n) + (hits[i] ?? 0n));
  });
}

/** What was attached at start that the new rules would need otherwise (attach points are not redone on SIGHUP). */
function reloadBlocked(first: Generation, next: Generation, o: WatchOptions): string | undefined {
  if (next.plan.cgroupFail && !first.plan.cgroupFail) return 'FAIL rules need the cgroup programs, which are attached only when the first rule set has one: restart sct watch';
  const lsm = next.plan.lsmPrograms.filter((p) => !first.plan.lsmPrograms.includes(p));
  if (lsm.length) return `FAIL rules need the BPF LSM programs ${lsm.join(', ')}, which are attached only when the first rule set needs them: restart sct watch`;
  const missing = o.tracepoints ? next.plan.syscalls.filter((n) => !first.plan.syscalls.includes(n)) : [];
  if (missing.length) return `--tracepoints attached the first rule set's syscalls only, not ${missing.join(', ')}: restart sct watch`;
  return undefined;
}

function openError(err: unknown, o: WatchOptions): unknown {
  const e = err as { code?: string; errno?: number; message?: string };
  if (typeof e?.errno !== 'number') return err;
  if (o.tracepoints && e.code === 'EACCES' && e.message?.startsWith('attach syscalls:')) {
    const first = e.message.split('\n')[0];
    return new WatchRefusedError([`--tracepoints: this host refuses to attach BPF programs to per-syscall tracepoints (${first}); run without --tracepoints (tp_btf sys_enter/sys_exit)`]);
  }
  const hint = e.code === 'EPERM' || e.code === 'EACCES' ? '\nthe host refused BPF here (lockdown, a seccomp policy or missing CAP_BPF/CAP_PERFMON); see docs/watch.md' : '';
  return new WatchLoadError(`${e.message}${hint}`, e.errno, { cause: err });
}

export async function watchEbpf(o: WatchOptions, out: WatchOutput, first: WatchRules): Promise<number> {
  const binding = loadWatchBinding();
  if (binding.sizes.event !== WATCH_EVENT_SIZE || binding.sizes.paths !== WATCH_PATHS_SIZE) {
    throw new WatchLoadError(
      `the sct_watch addon was built from another watch.h (event of ${binding.sizes.event} bytes, paths of ${binding.sizes.paths}; expected ${WATCH_EVENT_SIZE} and ${WATCH_PATHS_SIZE}); rebuild it with \`npm run build:native\``,
    );
  }
  const g0 = generation(first, binding, o.json);
  /** By epoch: the plan events of that epoch are decoded with. */
  const plans = new Map<number, Generation>([[0, g0]]);
  if (!canLoadBpf()) throw new WatchNeedsRootError('sct watch loads BPF programs: run it as root (or with CAP_BPF and CAP_PERFMON)');
  if (o.tracepoints && !TRACEFS.some((d) => existsSync(join(d, 'events/syscalls')))) {
    throw new WatchRefusedError([
      `--tracepoints needs tracefs, where the per-syscall tracepoints' ids are (${TRACEFS.join(' or ')}: not mounted here); mount it (\`mount -t tracefs nodev /sys/kernel/tracing\`) or run without --tracepoints`,
    ]);
  }
  try {
    addonCall(() =>
      binding.open({ treePid: o.pid ?? 0, comm: o.comm ?? '', tracepoints: o.tracepoints, tpNames: g0.plan.syscalls, cgroupFail: g0.plan.cgroupFail, lsmPrograms: g0.plan.lsmPrograms, ringBytes: o.ringBytes ?? 0, rules: g0.plan.set }),
    );
  } catch (err) {
    throw openError(err, o);
  }
  let unknownEpoch = 0;
  const totals = new Map<string, bigint>();
  const startNs = process.hrtime.bigint();
  try {
    for (const w of g0.plan.warnings) process.stderr.write(`sct: warning: ${w}\n`);
    let drained!: () => void;
    const ended = new Promise<void>((r) => (drained = r));
    binding.start((batch) => {
      if (batch.length === 0) return drained(); // stop(): the last events came before this
      for (const ev of decodeWatchEvents(batch)) {
        const g = plans.get(ev.epoch);
        if (!g) {
          unknownEpoch++;
          continue;
        }
        for (const d of toDecoded(ev, g.plan.slots, g.rules.rules, g.strArg.get(ev.nr))) {
          out.write(eventLine(d, g.rules.rules[d.rule! - 1]!, g.rules.ownFormat[d.rule! - 1]!, g.strArg.get(ev.nr), { json: o.json, startNs }));
        }
      }
    });
    let reloading = Promise.resolve();
    const wait = waitForStop(() => {
      reloading = reloading.then(async () => {
        try {
          const next = generation(await readWatchRules(o), binding, o.json);
          const blocked = reloadBlocked(g0, next, o);
          if (blocked) throw new WatchRefusedError([blocked]);
          const r = binding.setRules(next.plan.set);
          const retired = r.retired && plans.get(r.retired.epoch);
          if (retired) addHits(totals, retired, r.retired!.hits);
          plans.set(r.epoch, next);
          plans.delete(r.epoch - KEPT_EPOCHS);
          for (const w of next.plan.warnings) process.stderr.write(`sct: warning: ${w}\n`);
          process.stderr.write(`sct: reloaded: watching ${describe(next)} (ebpf)\n`);
        } catch (err) {
          process.stderr.write(`sct: reload failed, the rules stay as they were: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      });
    });
    // Only now: a test (or a user) may signal as soon as it reads this line.
    process.stderr.write(`sct: watching ${describe(g0)} (ebpf${o.tracepoints ? ', per-syscall tracepoints' : ''})\n`);
    const signal = await wait.done;
    await reloading;
    // Detached first, then the ring buffer read to its end: the counters are final and every
    // event they count has been printed. The wait's timer keeps Node running until then (the
    // addon's callback does not: it is unreferenced).
    try {
      addonCall(() => binding.stop());
    } catch (err) {
      process.stderr.write(`sct: warning: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    await ended;
    wait.dispose();
    const s = binding.stats();
    // The live epoch and the one before it (still in the other generation), oldest first.
    for (const g of [...s.generations].sort((a, b) => (a.epoch ?? -1) - (b.epoch ?? -1))) {
      const plan = g.epoch === null ? undefined : plans.get(g.epoch);
      if (plan) addHits(totals, plan, g.hits);
    }
    const lines = [`sct: ${signal}: stopped watching`];
    for (const [label, hits] of totals) lines.push(`sct:   ${label}: ${hits} hit(s)`);
    lines.push(`sct: events ${s.events}, dropped ${s.drops} (ring buffer full), string reads failed ${s.strFail}, filtered out ${s.filtered}, outlived their rules ${s.stale}`);
    if (unknownEpoch) lines.push(`sct: warning: ${unknownEpoch} event(s) of rules replaced more than ${KEPT_EPOCHS} reloads earlier were not printed`);
    if (s.pollError) lines.push(`sct: warning: the ring buffer reader stopped early (errno ${s.pollError}): events after that were not printed`);
    process.stderr.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    binding.close();
  }
}
