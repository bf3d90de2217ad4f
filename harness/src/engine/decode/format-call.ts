// A call from an event, as strace prints it:
//   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
//   openat(AT_FDCWD, "/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied) (INJECTED)

import { lookupConstant, type Arch } from '../../tables/index.js';
import { entryOf, type DecodedEvent } from './event.js';
import { formatReturn } from './errno-text.js';
import { formatArg, type FormatOptions } from './format-args.js';
import { CALL_PRINTERS } from './calls.js';

export type { FormatOptions } from './format-args.js';

/** The arguments, each formatted, in order (six at most, as many as the prototype has). */
export function formatParams(e: DecodedEvent, opts: FormatOptions, compatNames?: ReadonlyMap<number, string>): string[] {
  const entry = e.nr !== undefined ? entryOf(e.nr, e.abi ?? opts.arch, opts.arch, compatNames) : undefined;
  const args = e.args ?? [];
  let count = entry ? entry.args.length : args.length;
  if (entry && omitsMode(entry.args.map((a) => a.type), args, opts)) count--;
  const r = e.phase === 'after' ? (e.seen ?? e.retval) : undefined;
  const done = r !== undefined && !(r < 0n && r >= -4095n);
  const params = Array.from({ length: count }, (_, i) => formatArg(entry?.args[i], args[i] ?? 0n, e.mem?.[i], opts, done, args[i + 1]));
  const printer = e.syscall === undefined ? undefined : CALL_PRINTERS[e.syscall];
  return printer?.params?.(args, params, opts.arch, e.mem ?? {}) ?? params;
}

/** strace leaves out open's mode unless the flags create a file (O_CREAT, O_TMPFILE). */
function omitsMode(types: readonly string[], args: readonly bigint[], opts: FormatOptions): boolean {
  const f = types.indexOf('open_flags');
  if (f < 0 || types.at(-1) !== 'mode' || types.length !== f + 2) return false;
  const flags = args[f] ?? 0n;
  // O_TMPFILE includes O_DIRECTORY's bit: all of its bits must be set.
  const creates = ['O_CREAT', 'O_TMPFILE'].some((n) => {
    const bit = BigInt(lookupConstant(n, opts.arch)?.value ?? 0);
    return bit !== 0n && (flags & bit) === bit;
  });
  return !creates;
}

/** `= 3`, `= -1 EACCES (...)`; `(INJECTED)` when a rule decided the result. */
export function formatResult(e: DecodedEvent, arch: Arch = defaultArch()): string | undefined {
  if (e.phase === 'after') {
    const seen = e.seen ?? e.retval;
    if (seen === undefined) return undefined;
    const altered = e.seen !== undefined && e.retval !== undefined && e.seen !== e.retval;
    const ok = !(seen < 0n && seen >= -4095n);
    const special = !ok || e.syscall === undefined ? undefined : CALL_PRINTERS[e.syscall]?.result?.(e.args ?? [], seen, arch) ?? formatReturned(e, seen, arch);
    return `= ${special ?? formatReturn(seen)}${altered ? ` (INJECTED, was ${formatReturn(e.retval!)})` : ''}`;
  }
  if (e.seen !== undefined) return `= ${formatReturn(e.seen)} (INJECTED)`;
  // A call that ends the process returns nothing: strace writes `= ?`.
  if (e.syscall === 'exit' || e.syscall === 'exit_group') return '= ?';
  return undefined;
}

/** A result the table says is an address (hex) or an fd (with its path under -y: `3</etc/passwd>`). */
function formatReturned(e: DecodedEvent, seen: bigint, arch: Arch): string | undefined {
  const ret = e.nr === undefined ? undefined : entryOf(e.nr, e.abi ?? arch, arch)?.ret;
  if (ret === 'hex') return `0x${BigInt.asUintN(64, seen).toString(16)}`;
  const path = e.mem?.[6];
  return ret === 'fd' && typeof path === 'string' ? `${seen}<${path}>` : undefined;
}

export function formatCall(e: DecodedEvent, opts: FormatOptions & { compatNames?: ReadonlyMap<number, string> }): string {
  const name = e.syscall ?? `syscall_${e.nr ?? '?'}`;
  const abi = e.abi && e.abi !== opts.arch ? `[${e.abi}] ` : '';
  const call = `${abi}${name}(${formatParams(e, opts, opts.compatNames).join(', ')})`;
  const result = formatResult(e, opts.arch);
  return result ? `${call} ${result}` : call;
}

export function defaultArch(): Arch {
  return process.arch === 'arm64' ? 'aarch64' : 'x86_64';
}
