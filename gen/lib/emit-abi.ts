// Renders gen/data/abi.json as include/sct/abi.h (C: the module, the addon, BPF programs) and as
// harness/src/tables/generated/abi.ts (the TS objects prog-format.ts, protocol.ts and
// native-binding.ts re-export), so that each value is written once.

import { kmodMembers, type Abi, type AbiDefine, type AbiMember } from './abi.js';

const hex = (n: number): string => `0x${n.toString(16)}`;

function cValue(d: AbiDefine): string {
  if (typeof d.value === 'string') return JSON.stringify(d.value);
  const n = d.hex ? hex(d.value) : String(d.value);
  return n + (d.kind === 'u32' ? 'u' : d.kind === 's64' ? 'll' : '');
}

const cComment = (doc: string): string => `/* ${doc.replace(/\*\//g, '* /')} */`;

function cMembers(prefix: string, ms: AbiMember[], define: boolean): string {
  return ms.map((m) => (define ? `#define ${prefix}${m.name} ${hex(m.value)}u ${cComment(m.doc)}` : `\t${prefix}${m.name} = ${m.value}, ${cComment(m.doc)}`)).join('\n');
}

const IOC = { R: '_IOR', W: '_IOW', WR: '_IOWR' } as const;

export function abiHeader(abi: Abi, generated: string): string {
  const parts: string[] = [
    `${generated}/*
 * The numbers the harness, the addon (native/) and the kernel module (kernel/) share: the filter
 * bytecode's opcodes and operands (used by sct/prog.h), the /dev/sct protocol's actions, phases,
 * flags, limits and ioctl numbers (used by sct/uapi.h), the addon's actions (native/src/rules.h).
 * No includes: the kernel, C++17 and BPF C include it as it is. Source: gen/data/abi.json.
 */
#ifndef SCT_ABI_H
#define SCT_ABI_H`,
    abi.defines.map((d) => `#define ${d.name} ${cValue(d)} ${cComment(d.doc)}`).join('\n'),
  ];
  for (const e of abi.enums) {
    let text = `${cComment(e.doc)}\nenum ${e.c} {\n${cMembers(e.prefix, e.members, false)}\n};`;
    if (e.kmodBelow !== undefined) {
      text += `\n#define ${e.prefix}_KMOD_COUNT ${kmodMembers(e).length} /* the kernel module takes the ${e.c} values below this one */`;
    }
    parts.push(text);
  }
  for (const f of abi.flags) {
    let text = `${cComment(f.doc)}\n${cMembers(f.prefix, f.members, true)}`;
    if (f.all) text += `\n#define ${f.prefix}_ALL ${hex(f.members.reduce((a, m) => a | m.value, 0))}u /* every ${f.prefix}* bit */`;
    parts.push(text);
  }
  const io = abi.ioctls;
  parts.push(
    `${cComment(io.doc)}\n` +
      io.members.map((m) => `#define ${io.prefix}${m.name} ${IOC[m.dir]}(${io.magic}, ${m.nr}, struct ${m.struct}) ${cComment(m.doc)}`).join('\n'),
  );
  parts.push('#endif /* SCT_ABI_H */\n');
  return parts.join('\n\n');
}

const tsDoc = (doc: string, indent = ''): string => `${indent}/** ${doc.replace(/\*\//g, '* /')} */\n`;

function tsObject(name: string, doc: string, ms: AbiMember[], flags: boolean): string {
  const body = ms.map((m) => `${tsDoc(m.doc, '  ')}  ${m.name}: ${flags ? hex(m.value) : m.value},`).join('\n');
  return `${tsDoc(doc)}export const ${name} = {\n${body}\n} as const;\nexport type ${name} = (typeof ${name})[keyof typeof ${name}];`;
}

export function abiTs(abi: Abi, generated: string): string {
  const parts: string[] = [
    `${generated}// The numbers shared with include/sct/abi.h (same source: gen/data/abi.json). Import them through
// harness/src/filter/prog-format.ts, harness/src/kmod/protocol.ts or harness/src/engine/native-binding.ts.`,
    abi.defines
      .map((d) => `${tsDoc(d.doc)}export const ${d.ts} = ${typeof d.value === 'string' ? `'${d.value}'` : d.hex ? hex(d.value) : d.value};`)
      .join('\n'),
  ];
  for (const e of abi.enums) {
    parts.push(tsObject(e.ts, `enum ${e.c}: ${e.doc}`, e.members, false));
    if (e.tsKmod) {
      const ms = kmodMembers(e).map((m) => `${m.name}: ${m.value}`).join(', ');
      parts.push(`${tsDoc(`enum ${e.c}: the members of ${e.ts} the kernel module takes (meanings there).`)}export const ${e.tsKmod} = { ${ms} } as const;\nexport type ${e.tsKmod} = (typeof ${e.tsKmod})[keyof typeof ${e.tsKmod}];`);
    }
  }
  for (const f of abi.flags) parts.push(tsObject(f.ts, `${f.prefix}*: ${f.doc}`, f.members, true));
  return `${parts.join('\n\n')}\n`;
}
