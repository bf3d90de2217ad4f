// Resuming a process that a seccomp-engine SUSPEND stopped, from any process (`sct resume PID`).
//
// How we decide that PID is ours: every target runs below its session's keeper process, which
// names itself `sct-keeper` (prctl PR_SET_NAME, native/src/keeper.cc) and is a child subreaper, so
// even orphaned grandchildren stay below it. PID qualifies when its parent chain (/proc/N/stat)
// reaches a process whose comm is `sct-keeper`. It is suspended when its state is T (job-control
// stop) or t (the same under ptrace, tier 3). Resuming = SIGCONT to the process: the supervisor
// sees the held call come back and lets it through.

import { readFileSync } from 'node:fs';
import { SctError } from '../errors.js';

export const KEEPER_COMM = 'sct-keeper';

export class ResumeError extends SctError {
  constructor(
    message: string,
    readonly code: 'SCT_NO_SUCH_PROCESS' | 'SCT_NOT_SUSPENDED' | 'SCT_NOT_SCT_TARGET' | 'SCT_RESUME_FAILED',
    readonly pid: number,
  ) {
    super(message);
  }
}

interface Stat {
  comm: string;
  state: string;
  ppid: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).split(' ');
  return { comm: text.slice(open + 1, close), state: rest[0]!, ppid: Number(rest[1]) };
}

const SIGSTOP_BIT = 1n << 18n; // signal 19, bit 19 - 1 of the /proc masks

/** Whether a SIGSTOP is pending for `pid` (for its whole group, or for its main thread). */
function stopPending(pid: number): boolean {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return false;
  }
  return [...text.matchAll(/^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/gm)].some((m) => (BigInt(`0x${m[1]!}`) & SIGSTOP_BIT) !== 0n);
}

/** The pid of the sct keeper above `pid`, or undefined. */
export function sctKeeperOf(pid: number): number | undefined {
  let cur = stat(pid)?.ppid;
  for (let depth = 0; cur !== undefined && cur > 1 && depth < 256; depth++) {
    const s = stat(cur);
    if (!s) return undefined;
    if (s.comm === KEEPER_COMM) return cur;
    cur = s.ppid;
  }
  return undefined;
}

/** Sends SIGCONT to a process the seccomp engine suspended. Throws ResumeError with a reason. */
export function resumeSeccompTarget(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 0) throw new ResumeError(`Expected a positive integer pid, got \`${String(pid)}\``, 'SCT_NO_SUCH_PROCESS', pid);
  const s = stat(pid);
  if (!s) throw new ResumeError(`no process ${pid}`, 'SCT_NO_SUCH_PROCESS', pid);
  if (sctKeeperOf(pid) === undefined) {
    throw new ResumeError(`process ${pid} (${s.comm}) is not running under sct (no ${KEEPER_COMM} among its ancestors)`, 'SCT_NOT_SCT_TARGET', pid);
  }
  // A SIGSTOP still pending counts: SUSPEND reports as it acts, and the target stops only on its way
  // back to user space, so a `sct resume` run on the "suspended" line can find it in state S. The
  // SIGCONT then cancels the pending stop, and the held call goes on as after a stop.
  if (s.state !== 'T' && s.state !== 't' && !stopPending(pid)) {
    throw new ResumeError(`process ${pid} (${s.comm}) is not suspended (state ${s.state})`, 'SCT_NOT_SUSPENDED', pid);
  }
  try {
    process.kill(pid, 'SIGCONT');
  } catch (error) {
    throw new ResumeError(`cannot resume process ${pid}: ${(error as Error).message}`, 'SCT_RESUME_FAILED', pid);
  }
}
