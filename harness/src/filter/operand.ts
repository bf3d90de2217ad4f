// What an operand of a filter reads, for one syscall: a register argument, a sockaddr field, a
// string (from memory, an fd's path or the process), a process variable, or a constant.

import type { SyscallEntry } from '../tables/index.js';
import type { Operand } from '../rules/model.js';
import { resolveParamArg } from './resolve-param.js';
import { argWidth, type ArgWidth } from './arg-width.js';
import { CompileError } from './errors.js';
import { SockField, StrSrc, Var } from './prog-format.js';

export type ResolvedOperand =
  | { kind: 'arg'; index: number; width: ArgWidth }
  | { kind: 'sock'; field: number; index: number; lenIndex: number }
  | { kind: 'str'; src: number; index: number; lenIndex: number }
  | { kind: 'var'; id: number }
  | { kind: 'num'; literal: Extract<Operand, { type: 'number' | 'symbol' }> }
  | { kind: 'text'; value: string };

const STRING_VARS: Record<string, number> = { COMM: StrSrc.COMM, EXE: StrSrc.EXE, CWD: StrSrc.CWD };

export function resolveOperand(op: Operand, entry: SyscallEntry, compat: boolean): ResolvedOperand {
  switch (op.type) {
    case 'number':
    case 'symbol':
      return { kind: 'num', literal: op };
    case 'string':
      return { kind: 'text', value: op.value };
    case 'var': {
      const s = STRING_VARS[op.name];
      if (s !== undefined) return { kind: 'str', src: s, index: 0, lenIndex: 0 };
      return { kind: 'var', id: Var[op.name as keyof typeof Var] };
    }
    case 'param': {
      const r = resolveParamArg(entry, op);
      if (!r.ok) throw new CompileError(r.message);
      const lenIndex = r.arg.lenArg ?? 0;
      if (r.info.fdPath) return { kind: 'str', src: StrSrc.FD_PATH, index: r.index, lenIndex };
      const field = op.field?.[0];
      if (r.arg.type === 'sockaddr') {
        if (field === 'family') return { kind: 'sock', field: SockField.FAMILY, index: r.index, lenIndex };
        if (field === 'port') return { kind: 'sock', field: SockField.PORT, index: r.index, lenIndex };
        if (field === 'ip' || field === 'addr') return { kind: 'str', src: StrSrc.SOCK_IP, index: r.index, lenIndex };
        if (field === 'path') return { kind: 'str', src: StrSrc.SOCK_PATH, index: r.index, lenIndex };
        throw new CompileError(`${entry.name}: compare a field of the sockaddr (family, port, ip, path), not the struct itself`);
      }
      if (r.info.kind === 'string') return { kind: 'str', src: StrSrc.ARG, index: r.index, lenIndex };
      if (r.info.kind === 'struct') throw new CompileError(`${entry.name}: ${r.arg.name} is a struct sct cannot compare`);
      return { kind: 'arg', index: r.index, width: argWidth(r.arg.type, compat) };
    }
  }
}
