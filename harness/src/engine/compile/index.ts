export { compileRules, formatSummary, type CompiledRules, type CompileOptions, type RuleSummary, type SyscallPlacement } from './compile-rules.js';
export { runBpf, seccompAction, type SeccompData, type SeccompAction, type BpfRun } from './bpf-interp.js';
export { SECCOMP_RET } from './bpf-format.js';
export { compileFilter } from './prog-compile.js';
export { verifyProg } from './prog-verify.js';
export { CompileError } from './errors.js';
