// Rule actions -> the supervisor's NativeAction, for one syscall (ALTER names an argument whose
// index depends on the syscall).

import type { SyscallEntry } from '../../tables/index.js';
import { NativeActionType, type NativeAction } from '../native-binding.js';
import type { Rule } from '../../rules/model.js';
import { resolveParamArg } from '../../filter/index.js';
import { CompileError } from '../../filter/index.js';
import { SockField } from '../../filter/index.js';
import { errnoValue, literalValue, signalValue } from '../../filter/index.js';

export function nativeAction(rule: Rule, entry: SyscallEntry, what: string): NativeAction {
  if (rule.callback) return { type: NativeActionType.CALLBACK };
  const a = rule.action;
  switch (a.type) {
    case 'LOG':
      return { type: NativeActionType.LOG };
    case 'FAIL':
      return { type: NativeActionType.FAIL, errno: errnoValue(a.errno, what) };
    case 'RETURN':
      return { type: NativeActionType.RETURN, value: a.value };
    case 'DELAY':
      return { type: NativeActionType.DELAY, us: a.us };
    case 'SUSPEND':
      return { type: NativeActionType.SUSPEND, us: a.us ?? 0 };
    case 'KILL':
      return { type: NativeActionType.KILL, signal: signalValue(a.signal, what) };
    case 'ALTER': {
      if (a.target.kind === 'retval') return { type: NativeActionType.ALTER_RET, value: literalValue(a.value, what) };
      const r = resolveParamArg(entry, a.target.param);
      if (!r.ok) throw new CompileError(`${what}: ${r.message}`);
      const field = a.target.param.field?.[0];
      if (r.arg.type === 'sockaddr') {
        const sockField = field === 'port' ? SockField.PORT : field === 'family' ? SockField.FAMILY : undefined;
        if (sockField === undefined) throw new CompileError(`${what}: ALTER can change a sockaddr's port or family, not '${field ?? '(the struct)'}'`);
        return { type: NativeActionType.ALTER_MEM, arg: r.index, sockField, value: literalValue(a.value, what) };
      }
      if (r.info.kind === 'string') {
        if (a.value.type !== 'string') throw new CompileError(`${what}: ALTER of ${r.arg.name} needs a string value`);
        const text = Buffer.from(a.value.value, 'utf8');
        // Strings get their NUL; buffers are replaced byte for byte.
        const bytes = r.arg.type === 'path' || r.arg.type === 'string' ? Buffer.concat([text, Buffer.from([0])]) : text;
        return { type: NativeActionType.ALTER_MEM, arg: r.index, bytes: new Uint8Array(bytes) };
      }
      return { type: NativeActionType.ALTER_REG, arg: r.index, value: literalValue(a.value, what) };
    }
  }
}
