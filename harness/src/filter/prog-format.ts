// The filter bytecode of include/sct/prog.h in TypeScript: its opcodes, operand enums and limits
// (generated with include/sct/abi.h from gen/data/abi.json, re-exported here), the struct sizes,
// and each opcode's stack effect. Everything else in TS takes the format from this file.

import { Op, type ArgW, type Cmp } from '../tables/generated/abi.js';

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

/** Stack effect of each opcode (pushes minus pops); jumps are handled by the verifier. */
export const STACK_EFFECT: Record<OpCode, number> = {
  [Op.RET]: 0,
  [Op.PUSH_IMM]: 1,
  [Op.PUSH_ARG]: 1,
  [Op.PUSH_VAR]: 1,
  [Op.CMP]: -1,
  [Op.MASK]: 0,
  [Op.NOT]: 0,
  [Op.JZ]: -1,
  [Op.JNZ]: -1,
  [Op.SOCK_FIELD]: 1,
  [Op.STR_LOAD]: 0,
  [Op.STR_EQ]: 1,
  [Op.STR_MATCH]: 1,
};
