// What each command does, in one line: `sct --help` lists these before any command's module is
// loaded (index.ts), and each module gives its command the same line. Data only, no imports, so
// that the kernel suite's small CLI (cli/kmod-main.ts) can use it too.
export const DESCRIPTIONS = {
  config: 'check and normalise rule files in the syscalltrack language',
  list: 'list scenarios and what they check (default: scenarios/**/*.ts, without scenarios/targets)',
  run: "run a program under rules (seccomp engine); exits with the program's own status",
  trace: 'print the calls a program makes, strace-style (every traced call stops in the supervisor)',
  explore: 'search for a fault schedule that breaks a scenario (property-based; see docs/explore.md)',
  crash: 'check a program against power loss at every point of one recorded run (see docs/crash.md)',
  resume: 'resume what a SUSPEND rule stopped: a process under `sct run`, or a thread the kernel module holds',
  load: 'kernel module: compile rule files and atomically replace the rules the sct module applies system-wide',
  clear: 'kernel module: remove every rule (unhooks every syscall)',
  rules: 'kernel module: print the loaded rules with their matched/acted counters',
  log: 'kernel module: print the events of the loaded rules (which process did what)',
  watch: 'which process did that? watch every process (or one tree) with eBPF or the kernel module, until interrupted',
} as const;

export type CommandName = keyof typeof DESCRIPTIONS;
