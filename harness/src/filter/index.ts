// The filter room: a rule's filter expression -> the bytecode that the addon's supervisor, the
// kernel module and (next) BPF programs all run (include/sct/prog.h), and what a rule's operands
// mean against a syscall's arguments (parameter names, widths, symbols). Both engines, the kernel
// module's compiler and the rule checker (rules/check) import this entry only; nothing here
// imports an engine. Files: prog-format (the header's numbers, mirrored), prog-encode (blob
// layout), prog-compile (expression -> program), prog-check (the one checker, prog_check.h in the
// addon), prog-interp (a pure-TS oracle for tests), operand/arg-width/param-info/resolve-param/
// symbols (operands), errors (CompileError).

export { CompileError } from './errors.js';
export { argWidth, registerValue, progValue, type ArgWidth } from './arg-width.js';
export { compileFilter, argWidthCode } from './prog-compile.js';
export { encodeProg, decodeProg, encodeDfa, insn, RET, type Prog, type ProgInsn, type ProgConst, type DecodedProg } from './prog-encode.js';
export * as progFormat from './prog-format.js';
export { SockField } from './prog-format.js';
export { evalProg, readArg, type ProgInput } from './prog-interp.js';
export { checkProg, type ProgFault } from './prog-check.js';
export { resolveOperand, type ResolvedOperand } from './operand.js';
export { resolveParamArg, findArg, paramText, type ParamResolution } from './resolve-param.js';
export { PARAM_ALIASES, SOCKADDR_FIELDS, kindOfArgType, describeKind, varInfo, argInfo, type ParamInfo, type ValueKind, type ConstantKind } from './param-info.js';
export { symbolValue, literalValue, errnoValue, signalValue } from './symbols.js';
