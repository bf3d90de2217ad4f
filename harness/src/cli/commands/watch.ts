// `sct watch`: which process did that? Rules watch every process on the machine (or one tree),
// through eBPF (native/watch) or the kernel module. The logic is in harness/src/watch/.
//
// Exit codes: 0 after SIGINT/SIGTERM; 2 for a command line, rule file or rule the backend cannot
// take (nothing was attached); 125 when the host cannot watch (not root, no libbpf, BPF refused).

import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { DESCRIPTIONS } from './descriptions.js';
import { RuleSyntaxError, UsageError } from '../../errors.js';
import { collect } from '../options.js';
import { EXIT, fromCommandLine, reportError } from '../exit.js';
import { printLoadDiagnostics } from '../run-diagnostics.js';
import { openSink } from '../run-sink.js';
import type { LoadedRules } from '../../rules/load.js';
import type { WatchBackend } from '../../watch/options.js';

interface Opts {
  config: string[];
  expr: string[];
  path: string[];
  pid?: string;
  comm?: string;
  json?: boolean;
  output?: string;
  backend: WatchBackend;
  tracepoints?: boolean;
  ringSize?: string;
}

function pidOpt(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 0x7fffffff) throw new UsageError(`Expected \`--pid\` to be a process id (1 or more), got \`${v}\``);
  if (!existsSync(`/proc/${Number(v)}`)) throw new UsageError(`Expected \`--pid\` to name a running process, got \`${v}\` (no /proc/${Number(v)})`);
  return Number(v);
}

/** `--ring-size 64K`: bytes, a power of 2 from the page size (4 KiB) to 1 GiB; K/M/G multiply by 1024. */
export function ringSizeOpt(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)([KMG]?)$/i.exec(v);
  const n = m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase()) : NaN;
  if (!(n >= 4096 && n <= 2 ** 30 && (n & (n - 1)) === 0)) {
    throw new UsageError(`Expected \`--ring-size\` to be a power of 2 from 4K to 1G (bytes, or with K, M or G), got \`${v}\``);
  }
  return n;
}

function commOpt(v: string | undefined): string | undefined {
  if (v !== undefined && (v === '' || Buffer.byteLength(v) > 15)) throw new UsageError(`Expected \`--comm\` to be 1 to 15 bytes (the kernel's comm length), got \`${v}\``);
  return v;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description(DESCRIPTIONS.watch)
    .option('-c, --config <file>', 'a rule file in the syscalltrack language (repeatable)', collect, [])
    .option('-e, --expr <spec>', 'an strace-style spec: trace=SET prints those calls, e.g. -e trace=unlinkat,renameat2 (repeatable)', collect, [])
    .option('-P, --path <path>', 'only calls whose path argument is PATH, as strace -P (repeatable; restricts -e rules)', collect, [])
    .option('--pid <pid>', 'only this process and its descendants (the kernel walks up real_parent)')
    .option('--comm <name>', 'only threads whose comm is NAME (at most 15 bytes)')
    .option('--json', 'one JSON object per event, the schema of `sct run --json` (docs/events.md)')
    .option('-o, --output <file>', 'write events to FILE instead of stdout (status lines stay on stderr)')
    .addOption(new Option('--backend <backend>', 'auto: the kernel module when /dev/sct exists, else eBPF').choices(['auto', 'ebpf', 'kmod']).default('auto'))
    .option('--tracepoints', 'eBPF: attach per-syscall tracepoints (syscalls:sys_enter_NAME) instead of tp_btf sys_enter/sys_exit; some hosts refuse them')
    .option('--ring-size <bytes>', 'eBPF: size of the events ring buffer, a power of 2 from 4K to 1G (default 1M); events that do not fit are counted as dropped')
    .addHelpText(
      'after',
      `
Actions: LOG; KILL and SUSPEND (at sys_enter the call itself still runs: the signal lands when it
returns); FAIL only where the BPF programs have cgroup socket hooks (connect, bind, sendmsg).
DELAY, RETURN, ALTER and triggers are refused at load with the reason (exit 2).
Needs root (CAP_BPF + CAP_PERFMON) and libbpf.so.1 (apt install libbpf1). SIGHUP re-reads the
rule files and swaps the rules atomically; SIGINT/SIGTERM print hits per rule and drops. See docs/watch.md.

Examples:
  sct watch -e trace=unlinkat -P /tmp/victim       who deletes /tmp/victim?
  sct watch -c rules.sct --pid 4242 --json -o ev.ndjson`,
    )
    .action(async (o: Opts) => {
      try {
        const { pid, comm, ringBytes } = fromCommandLine(() => {
          if (o.config.length === 0 && o.expr.length === 0) throw new UsageError('`sct watch` needs rules: -c FILE or -e trace=SET');
          return { pid: pidOpt(o.pid), comm: commOpt(o.comm), ringBytes: ringSizeOpt(o.ringSize) };
        });
        const { runWatch } = await import('../../watch/index.js');
        const out = openSink(o.output, process.stdout);
        process.exitCode = await runWatch(
          {
            files: o.config,
            expressions: o.expr,
            paths: o.path,
            ...(pid !== undefined ? { pid } : {}),
            ...(comm !== undefined ? { comm } : {}),
            json: o.json === true,
            backend: o.backend,
            tracepoints: o.tracepoints === true,
            ...(ringBytes !== undefined ? { ringBytes } : {}),
          },
          out,
        ).finally(() => out.close());
      } catch (err) {
        if (err instanceof RuleSyntaxError && (err as RuleSyntaxError & { loaded?: LoadedRules }).loaded) {
          printLoadDiagnostics((err as RuleSyntaxError & { loaded: LoadedRules }).loaded);
          process.stderr.write(`sct: ${err.diagnostics.length} error(s) in the rules; nothing attached\n`);
          process.exitCode = EXIT.USAGE;
          return;
        }
        const code = (err as { code?: string })?.code;
        if (code === 'SCT_WATCH_REFUSED') {
          process.stderr.write(`sct: ${(err as Error).message} [${code}]\n`);
          process.exitCode = EXIT.USAGE;
          return;
        }
        process.exitCode = reportError(err, EXIT.RUN_INTERNAL);
      }
    });
}
