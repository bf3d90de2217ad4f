// The filter bytecode of include/sct/prog.h in TypeScript: its opcodes, operand enums and limits
// (generated with include/sct/abi.h from gen/data/abi.json, re-exported here), the struct sizes,
// Each opcode's stack effect and operand ranges live in include/sct/prog_check.h only (the one
// checker, which the compiler calls through the addon). Everything else in TS takes the format
// from this file.

import type { ArgW, Cmp, Op } from '../tables/generated/abi.js';

export {
  SCT_PROG_MAGIC,
  SCT_PROG_VERSION,
  SCT_PROG_MAX_INSNS,
  SCT_PROG_MAX_STACK,
  SCT_PROG_MAX_STR,
  SCT_PROG_MAX_READS,
  SCT_PROG_MAX_CONSTS,
  SCT_DFA_MAX_STATES,
  Op,
  Cmp,
  ArgW,
  Var,
  StrSrc,
  SockField,
  ConstKind,
} from '../tables/generated/abi.js';

/** sizeof(struct sct_prog_header), sizeof(struct sct_insn), sizeof(struct sct_const). */
export const HEADER_SIZE = 16;
export const INSN_SIZE = 16;
export const CONST_HEADER_SIZE = 8;

export type OpCode = Op;
export type CmpCode = Cmp;
/** SCT_OP_PUSH_ARG's b: how the 64-bit argument register is read (enum sct_arg_width). */
export type ArgWCode = ArgW;
