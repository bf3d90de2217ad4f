// The shared enums of gen/data/abi.json (filter bytecode, /dev/sct protocol, actions): their shape
// and the checks that catch a typo before it reaches three languages.

export interface AbiMember {
  name: string;
  value: number;
  doc: string;
}

export interface AbiDefine {
  name: string;
  value: number | string;
  /** C spelling: u32 gets `u`, s64 gets `ll`, string is quoted. */
  kind: 'int' | 'u32' | 's64' | 'string';
  hex?: boolean;
  ts: string;
  doc: string;
}

export interface AbiEnum {
  c: string;
  prefix: string;
  ts: string;
  doc: string;
  members: AbiMember[];
  /** The first member the kernel module does not take; with tsKmod, the TS object of those before it. */
  kmodBelow?: string;
  tsKmod?: string;
}

export interface AbiFlags {
  prefix: string;
  ts: string;
  doc: string;
  /** Also a `<PREFIX>_ALL` mask of every member. */
  all?: boolean;
  members: AbiMember[];
}

export interface AbiIoctl {
  name: string;
  nr: number;
  dir: 'R' | 'W' | 'WR';
  struct: string;
  doc: string;
}

export interface Abi {
  defines: AbiDefine[];
  enums: AbiEnum[];
  flags: AbiFlags[];
  ioctls: { prefix: string; magic: string; doc: string; members: AbiIoctl[] };
}

const NAME = /^[A-Z][A-Z0-9_]*$/;

/** Every problem of the ABI data, as `gen/data/abi.json ...` lines (empty: consistent). */
export function checkAbi(abi: Abi): string[] {
  const problems: string[] = [];
  const at = (what: string, msg: string): void => void problems.push(`gen/data/abi.json ${what}: ${msg}`);
  const cNames = new Set<string>();
  const tsNames = new Set<string>();
  const claim = (what: string, c: string, ts?: string): void => {
    if (cNames.has(c)) at(what, `C name ${c} is defined twice`);
    cNames.add(c);
    if (ts === undefined) return;
    if (tsNames.has(ts)) at(what, `TS name ${ts} is defined twice`);
    tsNames.add(ts);
  };
  for (const d of abi.defines) {
    claim(d.name, d.name, d.ts);
    if ((d.kind === 'string') !== (typeof d.value === 'string')) at(d.name, `kind ${d.kind} does not fit the value ${JSON.stringify(d.value)}`);
    if (typeof d.value === 'number' && !Number.isSafeInteger(d.value)) at(d.name, `${d.value} is not an integer`);
  }
  const members = (what: string, prefix: string, ms: AbiMember[], flags: boolean): void => {
    const values = new Map<number, string>();
    for (const m of ms) {
      if (!NAME.test(m.name)) at(`${what} ${m.name}`, 'member names are upper case, without the prefix');
      claim(`${what} ${m.name}`, prefix + m.name);
      if (!Number.isInteger(m.value) || m.value < 0) at(`${what} ${m.name}`, `value ${m.value} is not a non-negative integer`);
      if (flags && (m.value & (m.value - 1)) !== 0) at(`${what} ${m.name}`, `flag ${m.value} is not a single bit`);
      const other = values.get(m.value);
      if (other !== undefined) at(`${what} ${m.name}`, `value ${m.value} is also ${other}'s`);
      values.set(m.value, m.name);
      if (!m.doc) at(`${what} ${m.name}`, 'no doc');
    }
  };
  for (const e of abi.enums) {
    claim(`enum ${e.c}`, e.c, e.ts);
    members(`enum ${e.c}`, e.prefix, e.members, false);
    if ((e.kmodBelow === undefined) !== (e.tsKmod === undefined)) at(`enum ${e.c}`, 'kmodBelow and tsKmod go together');
    if (e.kmodBelow !== undefined) {
      const i = e.members.findIndex((m) => m.name === e.kmodBelow);
      if (i < 0) at(`enum ${e.c}`, `kmodBelow ${e.kmodBelow} is not a member`);
      else if (e.members.some((m, j) => (j < i) !== (m.value < e.members[i]!.value))) at(`enum ${e.c}`, `members before ${e.kmodBelow} must have the lower values`);
      if (e.tsKmod !== undefined) claim(`enum ${e.c}`, `${e.prefix}_KMOD_COUNT`, e.tsKmod);
    }
  }
  for (const f of abi.flags) {
    claim(`flags ${f.prefix}`, `${f.prefix}_ALL`, f.ts);
    members(`flags ${f.prefix}`, f.prefix, f.members, true);
  }
  if (!abi.defines.some((d) => d.name === abi.ioctls.magic)) at('ioctls', `magic ${abi.ioctls.magic} is not a define`);
  members('ioctls', abi.ioctls.prefix, abi.ioctls.members.map((m) => ({ name: m.name, value: m.nr, doc: m.doc })), false);
  return problems;
}

/** The members the kernel module takes (all of them unless the enum sets kmodBelow). */
export function kmodMembers(e: AbiEnum): AbiMember[] {
  const i = e.kmodBelow === undefined ? -1 : e.members.findIndex((m) => m.name === e.kmodBelow);
  return i < 0 ? e.members : e.members.slice(0, i);
}
