// `sct watch --backend kmod` (and `auto` where /dev/sct exists): the same rules through the
// kernel module (`sct load` + `sct log -f` + `sct clear` in one command), with its own compiler
// (kmod/compile.ts), which does all actions the module does; events and counters as `sct log`
// and `sct rules` print them.

import { compileKmod, KmodClient } from '../kmod/index.js';
import { counterText, eventJson, eventText } from '../kmod/format.js';
import { CompileError } from '../filter/index.js';
import { WatchRefusedError } from './errors.js';
import { readWatchRules, type WatchRules } from './rule-source.js';
import { waitForStop } from './signals.js';
import type { WatchOptions, WatchOutput } from './options.js';

export async function watchKmod(o: WatchOptions, out: WatchOutput, rules: WatchRules): Promise<number> {
  // eBPF-only options are refused here, not ignored: the module has its own hooks and event queue.
  const ebpfOnly = [...(o.tracepoints ? ['--tracepoints'] : []), ...(o.ringBytes !== undefined ? ['--ring-size'] : [])];
  if (ebpfOnly.length) throw new WatchRefusedError([`${ebpfOnly.join(' and ')}: only the eBPF backend takes ${ebpfOnly.length > 1 ? 'them' : 'it'}; the kernel module is in use (${o.backend === 'auto' ? '--backend auto found it loaded; ' : ''}use --backend ebpf)`]);
  const compile = (rs: WatchRules['rules']): ReturnType<typeof compileKmod> => {
    try {
      return compileKmod(rs);
    } catch (err) {
      if (err instanceof CompileError) throw new WatchRefusedError([err.message]);
      throw err;
    }
  };
  const compiled = compile(rules.rules);
  const client = KmodClient.open();
  try {
    client.load(compiled.rules, { pid: o.pid, comm: o.comm });
    for (const n of compiled.notes) process.stderr.write(`sct: note: ${n}\n`);
    const names = new Set(compiled.rules.map((k) => compiled.nameOf.get(k.id)));
    // SIGHUP: the rule files again, loaded over the old set in one step (the module swaps rule
    // sets atomically); the old set's final counters are printed then, since its summary would
    // be lost. A file that no longer parses leaves the rules as they were.
    let reloading = Promise.resolve();
    const reload = async (): Promise<void> => {
      try {
        const next = await readWatchRules(o);
        const c = compile(next.rules);
        const r = client.load(c.rules, { pid: o.pid, comm: o.comm });
        const syscalls = new Set(c.rules.map((k) => c.nameOf.get(k.id))).size;
        process.stderr.write([...r.retired.map((x) => `sct: SIGHUP: replaced ${counterText(x)}`), `sct: SIGHUP: reloaded, watching ${next.rules.length} rule(s) on ${syscalls} syscall(s) (kmod)`].join('\n') + '\n');
      } catch (err) {
        process.stderr.write(`sct: SIGHUP: the rules stay as they were: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    };
    const wait = waitForStop(() => (reloading = reloading.then(reload)));
    process.stderr.write(`sct: watching ${rules.rules.length} rule(s) on ${names.size} syscall(s) (kmod)\n`);
    let stopped: NodeJS.Signals | undefined;
    void wait.done.then((s) => (stopped = s));
    while (stopped === undefined) {
      for (const ev of client.readEvents(256)) out.write(o.json ? JSON.stringify(eventJson(ev)) : eventText(ev));
      await new Promise((r) => setTimeout(r, 100));
    }
    wait.dispose();
    await reloading;
    for (const ev of client.readEvents(256)) out.write(o.json ? JSON.stringify(eventJson(ev)) : eventText(ev));
    const l = client.list();
    const r = client.clear();
    process.stderr.write([`sct: ${stopped}: stopped watching, rules cleared`, ...r.retired.map((c) => `sct: ${counterText(c)}`), `sct: events ${l.events}, dropped ${l.dropped}`].join('\n') + '\n');
    return 0;
  } finally {
    client.close();
  }
}
