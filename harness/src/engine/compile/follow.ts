// Syscalls that create processes: under ptrace they stop (RET_TRACE) so that the tracer can clear
// CLONE_UNTRACED and keep following the tree (see native/). Names, resolved per table.
export const PROCESS_CREATING = ['clone', 'clone3', 'fork', 'vfork'] as const;
