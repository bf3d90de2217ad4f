// Process facts for log lines (%ppid %uid %comm %exe %cwd). The supervisor reads them during the
// call (event.proc); this reads /proc when the line is written, for events without them. A process
// that is already gone reads as `?`.

import { readFileSync, readlinkSync } from 'node:fs';

export interface ProcInfo {
  ppid?: number;
  uid?: number;
  comm?: string;
  exe?: string;
  cwd?: string;
}

function tryRead<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

export function readProcInfo(pid: number, tid = pid): ProcInfo {
  const status = tryRead(() => readFileSync(`/proc/${pid}/status`, 'utf8')) ?? '';
  const field = (name: string): string | undefined => status.match(new RegExp(`^${name}:\\s*(\\S+)`, 'm'))?.[1];
  const ppid = field('PPid');
  const uid = field('Uid');
  const info: ProcInfo = {};
  if (ppid !== undefined) info.ppid = Number(ppid);
  if (uid !== undefined) info.uid = Number(uid);
  const comm = tryRead(() => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trimEnd());
  if (comm !== undefined) info.comm = comm;
  const exe = tryRead(() => readlinkSync(`/proc/${pid}/exe`));
  if (exe !== undefined) info.exe = exe;
  const cwd = tryRead(() => readlinkSync(`/proc/${pid}/cwd`));
  if (cwd !== undefined) info.cwd = cwd;
  return info;
}
