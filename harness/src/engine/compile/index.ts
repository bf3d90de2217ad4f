// The seccomp engine's compiler: rules -> tiers, the BPF program, the supervisor's rule records.
// Filter expressions compile in the filter room (harness/src/filter), shared with the module.
export { compileRules, formatSummary, type CompiledRules, type CompileOptions, type RuleSummary, type SyscallPlacement } from './compile-rules.js';
export { runBpf, seccompAction, type SeccompData, type SeccompAction, type BpfRun } from './bpf-interp.js';
export { SECCOMP_RET } from './bpf-format.js';
export { nativeAction } from './native-action.js';
export { ruleEntries, ruleLabel } from './plan.js';
