// The kernel-module backend's commands: `sct load`, `sct clear`, `sct rules`, `sct log`
// (`sct resume` in resume.ts serves both engines). They talk to /dev/sct (kernel/, loaded with insmod) through native/kmod; rules
// are system-wide, narrowed by --pid/--uid/--comm/--cgroup. On a host without the module the
// error says why (e.g. booted with nomodule) and how to get it (`npm run test:vm kernel`).

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { statSync } from 'node:fs';
import { loadRules } from '../../rules/load.js';
import { printLoadDiagnostics } from '../run-diagnostics.js';
import { UsageError } from '../../errors.js';
import { ruleLabel } from '../../engine/compile/plan.js';
import { CompileError } from '../../filter/index.js';
import { compileKmod } from '../../kmod/compile.js';
import { KmodClient } from '../../kmod/client.js';
import { ACTION_NAMES, type Counter, type Scope } from '../../kmod/protocol.js';
import { counterText, eventJson, eventText } from '../../kmod/format.js';
import { readState, saveState } from '../../kmod/state.js';
import { EXIT, reportError } from '../exit.js';
import { collect } from '../options.js';

interface ScopeOpts {
  pid?: string;
  uid?: string;
  comm?: string;
  cgroup?: string;
}

function intOpt(name: string, v: string | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`Expected \`--${name}\` to be a number from 0 to ${max}, got \`${v}\``);
  return Number(v);
}

export function scopeFrom(o: ScopeOpts): Scope {
  const s: Scope = { pid: intOpt('pid', o.pid, 0x7fffffff), uid: intOpt('uid', o.uid, 0xfffffffe), comm: o.comm };
  if (o.comm !== undefined && Buffer.byteLength(o.comm) > 15) throw new UsageError(`Expected \`--comm\` to be at most 15 bytes (the kernel's comm length), got \`${o.comm}\``);
  if (o.cgroup !== undefined) {
    // a cgroup v2 id is the inode number of its directory
    const path = o.cgroup.startsWith('/sys/fs/cgroup') ? o.cgroup : `/sys/fs/cgroup/${o.cgroup.replace(/^\/+/, '')}`;
    try {
      s.cgroupId = statSync(path, { bigint: true }).ino;
    } catch {
      throw new UsageError(`Expected \`--cgroup\` to name a cgroup v2 directory, got \`${o.cgroup}\` (${path} does not exist)`);
    }
  }
  return s;
}

function scopeText(s: Scope): string {
  const parts = [s.pid ? `pid ${s.pid} and descendants` : '', s.uid !== undefined && s.uid !== 0xffffffff ? `uid ${s.uid}` : '', s.comm ? `comm ${s.comm}` : '', s.cgroupId ? `cgroup id ${s.cgroupId}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'system-wide';
}

function fail(error: unknown): void {
  process.exitCode = reportError(error, EXIT.CHECK_FAILED);
}

function totals(cs: Counter[]): string {
  const m = cs.reduce((a, c) => a + c.matched, 0n);
  const a = cs.reduce((x, c) => x + c.acted, 0n);
  return `matched ${m}, acted ${a}`;
}

export function registerKmod(program: Command): void {
  program
    .command('load')
    .description(DESCRIPTIONS.load)
    .argument('[files...]', 'rule files in the syscalltrack config language')
    .option('-e, --expr <spec>', 'also an strace-style spec, e.g. inject=openat:error=EACCES (repeatable)', collect, [])
    .option('--pid <pid>', 'only this process and its descendants')
    .option('--uid <uid>', 'only calls by this real uid')
    .option('--comm <name>', 'only threads with this comm')
    .option('--cgroup <path>', 'only processes in this cgroup v2 (or below)')
    .option('--no-events', 'events only for LOG rules (others just count)')
    .action(async (files: string[], opts: ScopeOpts & { expr: string[]; events: boolean }) => {
      try {
        if (files.length === 0 && opts.expr.length === 0) throw new UsageError('`sct load` needs a rule file (or -e SPEC)');
        const scope = scopeFrom(opts);
        const loaded = await loadRules({ files, expressions: opts.expr, arch: 'x86_64' });
        printLoadDiagnostics(loaded);
        if (loaded.errorCount > 0) {
          process.stderr.write(`sct: ${loaded.errorCount} error(s); nothing loaded\n`);
          process.exitCode = EXIT.CHECK_FAILED;
          return;
        }
        let compiled;
        try {
          compiled = compileKmod(loaded.rules, { events: opts.events });
        } catch (err) {
          if (err instanceof CompileError) throw new UsageError(`${err.message}; nothing loaded`, { cause: err });
          throw err;
        }
        const client = KmodClient.open();
        try {
          const r = client.load(compiled.rules, scope);
          saveState({
            generation: String(r.generation),
            sources: loaded.sources.map((s) => s.source),
            scope: { ...scope, cgroupId: scope.cgroupId?.toString() },
            rules: compiled.rules.map((k) => ({
              id: k.id,
              label: ruleLabel(loaded.rules[compiled.ruleOf.get(k.id)!]!, compiled.ruleOf.get(k.id)!),
              syscall: compiled.nameOf.get(k.id)!,
              action: ACTION_NAMES[k.action]!,
              phase: k.phase === 1 ? 'after' : 'before',
            })),
          });
          const nrs = new Set(compiled.rules.map((k) => compiled.nameOf.get(k.id)));
          process.stdout.write(`loaded ${loaded.rules.length} rule(s) as ${compiled.rules.length} kernel rule(s), generation ${r.generation}, ${scopeText(scope)}; hooking ${[...nrs].join(', ')}\n`);
          if (r.retiredGeneration) process.stdout.write(`replaced generation ${r.retiredGeneration} (${totals(r.retired)})\n`);
          for (const n of compiled.notes) process.stdout.write(`note: ${n}\n`);
        } finally {
          client.close();
        }
      } catch (err) {
        fail(err);
      }
    });

  program
    .command('clear')
    .description(DESCRIPTIONS.clear)
    .action(() => {
      try {
        const client = KmodClient.open();
        try {
          const r = client.clear();
          process.stdout.write(r.retiredGeneration ? `cleared generation ${r.retiredGeneration} (${totals(r.retired)})\n` : 'no rules were loaded\n');
        } finally {
          client.close();
        }
      } catch (err) {
        fail(err);
      }
    });

  program
    .command('rules')
    .description(DESCRIPTIONS.rules)
    .option('--json', 'one JSON document')
    .action((opts: { json?: boolean }) => {
      try {
        const client = KmodClient.open();
        try {
          const l = client.list();
          const state = readState(l.generation);
          if (opts.json) {
            process.stdout.write(
              JSON.stringify(
                {
                  generation: Number(l.generation),
                  scope: { ...l.scope, cgroupId: l.scope.cgroupId?.toString() },
                  hooked: l.hooked,
                  suspended: l.suspended,
                  events: Number(l.events),
                  dropped: Number(l.dropped),
                  coverage: 'x86_64 only: 32-bit (int 0x80) and x32 calls are not hooked',
                  rules: l.counters.map((c) => ({ ...c, matched: Number(c.matched), acted: Number(c.acted), label: state?.rules.find((r) => r.id === c.id)?.label })),
                },
                null,
                2,
              ) + '\n',
            );
            return;
          }
          if (!l.generation) process.stdout.write('no rules loaded\n');
          else {
            process.stdout.write(`generation ${l.generation}, ${scopeText(l.scope)}${state ? ` (from ${state.sources.join(', ')})` : ''}: ${l.n} kernel rule(s), ${l.hooked} syscall(s) hooked\n`);
            for (const c of l.counters) process.stdout.write(counterText(c, state) + '\n');
          }
          process.stdout.write(`suspended threads: ${l.suspended}; events: ${l.events} written, ${l.dropped} dropped\n`);
          process.stdout.write('coverage: x86_64 syscalls only; 32-bit (int 0x80) and x32 calls are not hooked\n');
        } finally {
          client.close();
        }
      } catch (err) {
        fail(err);
      }
    });

  program
    .command('log')
    .description(DESCRIPTIONS.log)
    .option('-f, --follow', 'keep printing new events until interrupted')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { follow?: boolean; json?: boolean }) => {
      try {
        const client = KmodClient.open();
        let stop = false;
        const onInt = (): void => {
          stop = true;
        };
        process.once('SIGINT', onInt);
        process.once('SIGTERM', onInt);
        try {
          const first = client.list();
          const state = readState(first.generation);
          let printed = 0;
          for (;;) {
            const evs = client.readEvents(256).sort((a, b) => (a.seq < b.seq ? -1 : 1));
            for (const ev of evs) process.stdout.write((opts.json ? JSON.stringify(eventJson(ev, state)) : eventText(ev, state)) + '\n');
            printed += evs.length;
            if (evs.length > 0) continue;
            if (!opts.follow || stop) break;
            await new Promise((r) => setTimeout(r, 100));
            if (stop) break;
          }
          const l = client.list();
          const msg = `${printed} event(s); ${l.dropped} dropped since the module was loaded${l.dropped > first.dropped ? ` (${l.dropped - first.dropped} while reading: read more often)` : ''}`;
          if (opts.json) process.stdout.write(JSON.stringify({ type: 'kmod-summary', events: printed, dropped: Number(l.dropped) }) + '\n');
          else process.stderr.write(msg + '\n');
        } finally {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onInt);
          client.close();
        }
      } catch (err) {
        fail(err);
      }
    });
}

/** Resume threads the kernel module holds in SUSPEND (0: every one); returns how many. */
export function resumeKernelThreads(tid: number): number {
  const client = KmodClient.open();
  try {
    return client.resume(tid);
  } finally {
    client.close();
  }
}
