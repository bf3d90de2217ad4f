// Every `SCT_*` code that syscalltrack gives a user: on an SctError's `code`, a Diagnostic's
// `code`, and in the `[CODE]` that `sct` prints after a message. One list, so that a new code is
// a type error until it is listed here and explained in docs/errors.md (what it means and what to
// do); test/unit/error-codes.test.ts checks both ways, and that the sources use no code not listed.

/** Each code with its one-line meaning (docs/errors.md says what to do about it). */
export const ERROR_CODES = {
  // Rule files, strace-style specs and the rule checks (diagnostics, RuleSyntaxError)
  SCT_RULE_INVALID: 'a rule file or spec does not parse or does not pass the checks (the diagnostics say where)',
  SCT_PARSE_SYNTAX: 'the rule language parser met text it cannot read',
  SCT_PARSE_UNKNOWN_KEY: 'a rule has a key the language does not know',
  SCT_PARSE_DUPLICATE_KEY: 'a rule sets the same key twice',
  SCT_PARSE_MISSING_KEY: 'a rule lacks a key it needs',
  SCT_PARSE_BAD_VALUE: 'a key has a value of the wrong form',
  SCT_PARSE_TOO_DEEP: 'a filter nests deeper than the parser takes',
  SCT_INPUT_TOO_LARGE: 'a rule file is larger than sct reads',
  SCT_FILTER_TOO_DEEP: 'a filter built in TypeScript nests deeper than the compilers take',
  SCT_UNKNOWN_SYSCALL: 'no syscall of that name on the architecture',
  SCT_UNKNOWN_FAMILY: 'no syscall family (@name) of that name',
  SCT_UNKNOWN_CLASS: 'no syscall class (%name) of that name',
  SCT_UNKNOWN_PARAM: 'a filter names a parameter the syscall does not have',
  SCT_UNKNOWN_FIELD: 'a filter names a struct field sct does not read',
  SCT_PARAM_RANGE: 'PARAMS[i] past the syscall\'s arguments',
  SCT_UNKNOWN_SYMBOL: 'an errno, signal or constant name sct does not know',
  SCT_SYMBOL_KIND: 'a symbol of the wrong kind (a signal where an errno goes, ...)',
  SCT_TYPE_MISMATCH: 'a comparison of a string with a number, or a parameter typed differently across the rule\'s syscalls',
  SCT_LITERAL_RANGE: 'an integer that does not fit the argument it is compared with',
  SCT_LITERAL_TOO_LONG: 'a string longer than any path the kernel takes',
  SCT_BAD_REGEX: 'a `~=` pattern that is not a valid regular expression',
  SCT_REGEX_TOO_BIG: 'a `~=` pattern whose automaton is too large to run in the kernel or the supervisor',
  SCT_BAD_ACTION: 'an action with a value it cannot take',
  SCT_BAD_LOG_FORMAT: 'a LOG format naming an unknown variable',
  SCT_BAD_TRIGGER: 'a when=/trigger that is not well formed',
  SCT_PHASE_ACTION: 'an action that cannot run in the rule\'s phase (ALTER of RETVAL before the call, ...)',
  SCT_ALTER_TOO_LONG: 'an ALTER string that cannot fit where the original was',
  SCT_LIBC_AVOIDS: 'warning: the C library calls another syscall than the one named',
  SCT_STRACE_SPEC: 'an -e/-P option that is not well formed',
  SCT_STRACE_IGNORED: 'warning: an strace option that changes only strace\'s output',
  SCT_STRACE_PATH_UNUSED: 'warning: -P given, but no syscall of the rule takes a path or an fd',
  SCT_RULE_TYPE: 'something that is neither a Rule nor a RuleBuilder where rules go',
  SCT_NOT_REPRESENTABLE: 'a rule that the requested output cannot express (a JS callback into the rule language)',
  // Compiling rules for an engine
  SCT_COMPILE: 'a rule that passed the checks but that the engine cannot compile',
  SCT_BPF_INVALID: 'sct built a seccomp program it cannot run (a bug: please report it)',
  SCT_RULE: 'the native supervisor refused a compiled rule',
  // Options and API arguments
  SCT_USAGE: 'bad input to an API call or a CLI option',
  // Starting and running the target
  SCT_LAUNCH_FAILED: 'the target could not be started or run',
  SCT_COMMAND_NOT_FOUND: 'the command is not in PATH',
  SCT_COMMAND_NOT_EXECUTABLE: 'the command exists but cannot be executed',
  SCT_EXEC: 'execve of the target failed',
  SCT_SPAWN: 'the supervisor could not start a process it needs',
  SCT_FEATURE: 'the kernel lacks a feature the rules need',
  SCT_NATIVE_LOAD: 'the native supervisor addon cannot be loaded',
  SCT_UNSUPPORTED_PLATFORM: 'no prebuilt addon for this platform, and no source build',
  SCT_UNSUPPORTED_ARCH: 'the host CPU has no syscall table in sct',
  // sct resume
  SCT_NO_SUCH_PROCESS: 'sct resume: no process with that pid',
  SCT_NOT_SUSPENDED: 'sct resume: the process is not stopped',
  SCT_NOT_SCT_TARGET: 'sct resume: the process is not under sct',
  SCT_RESUME_FAILED: 'sct resume: the signal could not be sent',
  // The kernel module (sct load, rules, log, clear, resume --kernel)
  SCT_KMOD_MISSING: 'the kernel module is not loaded (no /dev/sct)',
  SCT_KMOD_PERM: 'the kernel module needs root',
  SCT_KMOD_VERSION: 'the kernel module speaks another protocol version',
  SCT_KMOD_REFUSED: 'the kernel module refused the request',
  SCT_KMOD_ADDON: 'the kernel-module control addon was built from another protocol header',
  SCT_KMOD_ADDON_LOAD: 'the kernel-module control addon cannot be loaded',
  SCT_KMOD_NO_SUSPENDED: 'no thread is suspended by the kernel module',
  // sct watch (eBPF)
  SCT_WATCH_UNAVAILABLE: 'the sct watch addon or libbpf.so.1 cannot be loaded',
  SCT_WATCH_NEEDS_ROOT: 'sct watch needs root (CAP_BPF and CAP_PERFMON)',
  SCT_WATCH_REFUSED: 'a rule asks sct watch for what this host or backend cannot do',
  SCT_WATCH_LOAD: 'the kernel refused to load or attach the watch programs',
  // Scenarios
  SCT_SCENARIO_INVALID: 'defineScenario() got something it cannot run',
  SCT_SCENARIO_LOAD: 'a scenario file cannot be imported, or exports no scenario',
  SCT_TARGET_BUILD: 'a scenario\'s C target did not compile',
  // sct explore
  SCT_EXPLORE_RECORD: 'the recording run gave no profile to explore',
  SCT_EXPLORE_EMPTY_SPACE: 'nothing left to fault after the exclusions',
  SCT_EXPLORE_BASELINE: 'the scenario fails with no fault injected',
  SCT_EXPLORE_WORKER: 'a worker process failed (its run is redone in the main process)',
  SCT_CRASH_NO_SPEC: 'sct crash was given a scenario without `crash` expectations',
  SCT_CRASH_BASELINE: 'the crash scenario fails its own expectations with no crash',
  SCT_CRASH_RECORD: 'the recording run could not be turned into operations on the work directory',
  SCT_CRASH_RECOVER: 'the scenario\'s crash.recover command could not be started',
  SCT_CRASH_REPLAY: 'a saved crash state (--replay) could not be read',
  // syscalltrack/vitest
  SCT_NOT_RECORDED: 'a question about a syscall the run did not record',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** True for a string that is one of the codes (the addon's errors carry theirs as plain strings). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
