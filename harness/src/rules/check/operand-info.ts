// A uniform view of any operand (parameter, process variable, literal) for the typing passes.

import { lookupConstant, type Arch, type ArgType } from '../../tables/index.js';
import type { Literal, Operand } from '../model.js';
import { describeKind, varInfo, type ConstantKind, type ParamInfo, type ValueKind } from '../../filter/index.js';
import { KIND_NAMES } from './symbol-names.js';

export interface OperandInfo {
  literal: boolean;
  kind: ValueKind;
  /** `path`, `addr.port`, `PID`, `the string "x"`, `O_CREAT (an open flag)`. */
  text: string;
  /** For parameters and variables: what the value is (`path`, `open_flags`, `sockaddr port number`). */
  what?: string;
  symbolKinds?: readonly ConstantKind[];
  constant?: ConstantKind;
  /** For a register argument read whole: its table type (ParamInfo.argType). */
  argType?: ArgType;
}

/** undefined when the operand is a parameter that did not resolve, or an unknown symbol. */
export function operandInfo(o: Operand, params: Map<object, ParamInfo>, arch: Arch): OperandInfo | undefined {
  switch (o.type) {
    case 'param': {
      const info = params.get(o);
      return info && { literal: false, ...info };
    }
    case 'var': return { literal: false, ...varInfo(o.name) };
    default: return literalInfo(o, arch);
  }
}

export function literalInfo(l: Literal, arch: Arch): OperandInfo | undefined {
  switch (l.type) {
    case 'string': return { literal: true, kind: 'string', text: `the string ${JSON.stringify(l.value)}` };
    case 'number': return { literal: true, kind: 'int', text: `the integer ${l.value}` };
    case 'symbol': {
      const c = lookupConstant(l.name, arch);
      return c && { literal: true, kind: 'int', text: `${l.name} (${KIND_NAMES[c.kind]})`, constant: c.kind };
    }
  }
}

/** `path (path) is a string` or `the integer 3`. */
export function describe(o: OperandInfo): string {
  return o.literal ? o.text : `${o.text} (${o.what}) is ${describeKind(o.kind)}`;
}
