// The filter bytecode of include/sct/prog.h, mirrored in TypeScript. This is the only TS file
// that names its opcodes and limits; test/unit/engine/compile/prog-format.test.ts parses the header
// and checks every value here against it, so the two cannot drift apart.

export const SCT_PROG_MAGIC = 0x53435450;
export const SCT_PROG_VERSION = 2;
export const SCT_PROG_MAX_INSNS = 1024;
export const SCT_PROG_MAX_STACK = 32;
export const SCT_PROG_MAX_STR = 4096;
export const SCT_PROG_MAX_READS = 16;
export const SCT_PROG_MAX_CONSTS = 256;
export const SCT_DFA_MAX_STATES = 1024;

/** sizeof(struct sct_prog_header), sizeof(struct sct_insn), sizeof(struct sct_const). */
export const HEADER_SIZE = 16;
export const INSN_SIZE = 16;
export const CONST_HEADER_SIZE = 8;

export const Op = {
  RET: 0,
  PUSH_IMM: 1,
  PUSH_ARG: 2,
  PUSH_VAR: 3,
  CMP: 4,
  MASK: 5,
  NOT: 6,
  JZ: 7,
  JNZ: 8,
  SOCK_FIELD: 9,
  STR_LOAD: 10,
  STR_EQ: 11,
  STR_MATCH: 12,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

export const Cmp = { EQ: 0, NE: 1, LT: 2, LE: 3, GT: 4, GE: 5 } as const;
export type CmpCode = (typeof Cmp)[keyof typeof Cmp];

/** SCT_OP_PUSH_ARG's b: how the 64-bit argument register is read (enum sct_arg_width). */
export const ArgW = { RAW: 0, S32: 1, U32: 2 } as const;
export type ArgWCode = (typeof ArgW)[keyof typeof ArgW];

export const Var = { PID: 0, PPID: 1, TID: 2, UID: 3, EUID: 4, GID: 5 } as const;

export const StrSrc = { ARG: 0, FD_PATH: 1, COMM: 2, EXE: 3, CWD: 4, SOCK_PATH: 5, SOCK_IP: 6 } as const;

export const SockField = { FAMILY: 0, PORT: 1 } as const;

export const ConstKind = { STR: 1, DFA: 2 } as const;

/** Header enum name -> the TS object holding its values, with the C prefix to strip. For the drift test. */
export const HEADER_ENUMS = {
  sct_op: { prefix: 'SCT_OP_', values: Op },
  sct_cmp: { prefix: 'SCT_CMP_', values: Cmp },
  sct_arg_width: { prefix: 'SCT_ARGW_', values: ArgW },
  sct_var: { prefix: 'SCT_VAR_', values: Var },
  sct_str_src: { prefix: 'SCT_STR_', values: StrSrc },
  sct_sock_field: { prefix: 'SCT_SOCK_', values: SockField },
  sct_const_kind: { prefix: 'SCT_CONST_', values: ConstKind },
} as const;

export const HEADER_DEFINES = {
  SCT_PROG_MAGIC,
  SCT_PROG_VERSION,
  SCT_PROG_MAX_INSNS,
  SCT_PROG_MAX_STACK,
  SCT_PROG_MAX_STR,
  SCT_PROG_MAX_READS,
  SCT_PROG_MAX_CONSTS,
  SCT_DFA_MAX_STATES,
} as const;
