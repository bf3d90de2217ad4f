// The numbers of native/watch/bpf/watch.h (the contract between watch.bpf.c and the sct_watch
// addon) that the TypeScript side needs. The addon exports the same sizes (binding.sizes);
// session.ts checks that they agree before it trusts a batch.

/** enum sct_watch_action. */
export const WatchAction = { LOG: 0, KILL: 1, SUSPEND: 2, FAIL: 3 } as const;
/** enum sct_watch_lsm_hook: bits of struct sct_watch_sys.lsm_hooks. */
export const WatchLsmHook = { FILE_OPEN: 0, PATH_UNLINK: 1, PATH_RMDIR: 2, PATH_RENAME: 3, PATH_MKDIR: 4, BPRM_CHECK: 5 } as const;
/** SCT_WATCH_MAX_RULES: rules per generation (struct sct_watch_sys.rules is a 64-bit mask). */
export const WATCH_MAX_RULES = 64;
/** SCT_WATCH_MAX_NR: syscall numbers the "sys" array covers. */
export const WATCH_MAX_NR = 512;
/** SCT_WATCH_NO_STR: no string argument to copy. */
export const WATCH_NO_STR = 0xff;
/** SCT_WATCH_PATH_LEN: bytes of the string argument copied into an event, NUL included. */
export const WATCH_PATH_LIMIT = 256;
/** sizeof(struct sct_watch_event). */
export const WATCH_EVENT_SIZE = 384;
/** sizeof(struct sct_watch_paths): after the event when it carries exe or cwd. */
export const WATCH_PATHS_SIZE = 16;
/** enum sct_watch_proc_path: the process paths a rule's events carry. */
export const WatchProcPath = { EXE: 1, CWD: 2 } as const;
/** How a path longer than the kernel's dentry walk allows (4,096 bytes, 128 components) begins:
 * what follows is its last whole components. */
export const TRUNCATED_PATH_MARK = '...';
