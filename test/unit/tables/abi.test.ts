// include/sct/abi.h and harness/src/tables/generated/abi.ts are generated from gen/data/abi.json:
// the header must compile where it is used (kernel-style freestanding C, the addon's C++17), the
// values a C program sees through sct/prog.h and sct/uapi.h must be the ones TS imports, and the
// struct sizes TS encodes with must be the C ones.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../../gen/main.js';
import { checkAbi, type Abi } from '../../../gen/lib/abi.js';
import * as generated from '../../../harness/src/tables/generated/abi.js';
import * as progFormat from '../../../harness/src/filter/prog-format.js';
import * as protocol from '../../../harness/src/kmod/protocol.js';
import * as binding from '../../../harness/src/engine/native-binding.js';
import { gcc, gxx, needs } from '../../helpers/host/index.js';

const abi = JSON.parse(readFileSync(join(ROOT, 'gen/data/abi.json'), 'utf8')) as Abi;
const INCLUDE = join(ROOT, 'include');
/** The generated module by export name. */
const gen = generated as unknown as Record<string, Record<string, number>>;

function compileAndRun(source: string): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'sct-abi-'));
  writeFileSync(join(dir, 't.c'), source);
  execFileSync('gcc', ['-std=gnu11', '-Wall', '-Wextra', '-Werror', `-I${INCLUDE}`, '-o', join(dir, 't'), join(dir, 't.c')]);
  const out = execFileSync(join(dir, 't'), { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((l) => l.split(' ') as [string, string]).map(([k, v]) => [k, Number(v)]));
}

describe.each([
  ['gcc', 'c', ['-ffreestanding', '-nostdinc', '-std=gnu11']],
  ['gcc', 'c', ['-std=c99']],
  ['g++', 'c++', ['-std=c++17']],
])('%s -x %s %j', (cc, lang, flags) => {
  beforeEach(needs(cc === 'g++' ? gxx : gcc));
  it('compiles include/sct/abi.h alone without warnings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sct-abi-'));
    const file = join(dir, `t.${lang === 'c' ? 'c' : 'cc'}`);
    writeFileSync(file, '#include "sct/abi.h"\nint f(void);\nint f(void) { return SCT_OP_STR_MATCH + SCT_ACT__KMOD_COUNT + (int)SCT_RULE_F__ALL; }\n');
    execFileSync(cc, ['-x', lang, ...flags, '-Wall', '-Wextra', '-Werror', '-fsyntax-only', `-I${INCLUDE}`, file]);
  });
});

describe('what C sees through sct/prog.h and sct/uapi.h', () => {
  beforeEach(needs(gcc));
  const names = [
    ...abi.defines.filter((d) => d.kind !== 'string').map((d) => d.name),
    ...abi.enums.flatMap((e) => [...e.members.map((m) => e.prefix + m.name), ...(e.kmodBelow ? [`${e.prefix}_KMOD_COUNT`] : [])]),
    ...abi.flags.flatMap((f) => f.members.map((m) => f.prefix + m.name)),
    ...abi.ioctls.members.map((m) => abi.ioctls.prefix + m.name),
  ];
  const structs = ['sct_rule', 'sct_load', 'sct_list', 'sct_counter', 'sct_version', 'sct_event', 'sct_scope', 'sct_prog_header', 'sct_insn', 'sct_const', 'sct_resume'];
  let c: Map<string, number> | undefined;
  const fromC = (): Map<string, number> =>
    (c ??= compileAndRun(
      `#include <stdio.h>\n#include <linux/ioctl.h>\n#include "sct/prog.h"\n#include "sct/uapi.h"\nint main(void) {\n` +
        names.map((n) => `\tprintf("%s %lld\\n", "${n}", (long long)(${n}));\n`).join('') +
        structs.map((s) => `\tprintf("sizeof_%s %zu\\n", "${s}", sizeof(struct ${s}));\n`).join('') +
        '\treturn 0;\n}\n',
    ));

  it.each(abi.enums.map((e) => [e.c, e] as const))('enum %s has the values TS imports', (_, e) => {
    const ts = (generated as Record<string, unknown>)[e.ts];
    expect(ts).toEqual(Object.fromEntries(e.members.map((m) => [m.name, fromC().get(e.prefix + m.name)])));
    if (e.tsKmod) {
      const kmod = gen[e.tsKmod]!;
      expect(Object.keys(kmod)).toHaveLength(fromC().get(`${e.prefix}_KMOD_COUNT`)!);
      for (const [k, v] of Object.entries(kmod)) expect(v, k).toBe(fromC().get(e.prefix + k));
    }
  });

  it('has the limits and flags TS imports', () => {
    for (const d of abi.defines.filter((x) => x.kind !== 'string')) expect((generated as Record<string, unknown>)[d.ts], d.name).toBe(fromC().get(d.name));
    for (const f of abi.flags) {
      for (const m of f.members) expect(gen[f.ts]![m.name], f.prefix + m.name).toBe(fromC().get(f.prefix + m.name));
    }
  });

  it('lays the structs out in the sizes TS encodes with, and numbers the ioctls from them', () => {
    const { SIZES } = protocol;
    expect(Object.fromEntries(Object.entries(SIZES).map(([k, v]) => [k, v]))).toEqual(
      Object.fromEntries(Object.keys(SIZES).map((k) => [k, fromC().get(`sizeof_sct_${k}`)])),
    );
    expect([progFormat.HEADER_SIZE, progFormat.INSN_SIZE, progFormat.CONST_HEADER_SIZE]).toEqual(
      ['sct_prog_header', 'sct_insn', 'sct_const'].map((s) => fromC().get(`sizeof_${s}`)),
    );
    // <asm-generic/ioctl.h>: dir (1 write, 2 read) << 30 | size << 16 | type << 8 | nr
    const DIR = { W: 1, R: 2, WR: 3 } as const;
    for (const m of abi.ioctls.members) {
      const size = fromC().get(`sizeof_${m.struct}`)!;
      expect(fromC().get(abi.ioctls.prefix + m.name), m.name).toBe((DIR[m.dir] * 2 ** 30 + (size << 16) + (generated.SCT_IOC_MAGIC << 8) + m.nr) >>> 0);
    }
  });
});

describe('the TS modules other code imports re-export the generated objects', () => {
  it.each([
    ['prog-format', progFormat, ['Op', 'Cmp', 'ArgW', 'Var', 'StrSrc', 'SockField', 'ConstKind', 'SCT_PROG_MAGIC', 'SCT_PROG_VERSION', 'SCT_DFA_MAX_STATES']],
    ['protocol', protocol, ['Action', 'Phase', 'ABI', 'EV_F', 'SCT_UAPI_VERSION', 'SCT_MAX_RULES', 'SCT_ANY_UID', 'SCT_DEVICE']],
    ['native-binding', binding, ['NativeActionType']],
  ] as const)('%s', (_, mod, keys) => {
    for (const k of keys) expect((mod as Record<string, unknown>)[k], k).toBe((generated as Record<string, unknown>)[k]);
  });

  it('gives the addon and the kernel module one name per action (ALTER_MEM, no ALTER_STR)', () => {
    expect(protocol.Action.ALTER_MEM).toBe(binding.NativeActionType.ALTER_MEM);
    expect(Object.keys(protocol.Action)).not.toContain('ALTER_STR');
    expect(protocol.RULE_F_EVENT).toBe(generated.RuleF.EVENT);
  });
});

describe('checkAbi', () => {
  const base = (): Abi => JSON.parse(JSON.stringify(abi)) as Abi;
  it('accepts gen/data/abi.json', () => expect(checkAbi(abi)).toEqual([]));
  it.each<[string, (a: Abi) => void, RegExp]>([
    ['a value twice in one enum', (a) => (a.enums[0]!.members[1]!.value = 0), /enum sct_op PUSH_IMM: value 0 is also RET's/],
    ['a flag of two bits', (a) => (a.flags[1]!.members[0]!.value = 3), /flags SCT_ABI_ X86_64: flag 3 is not a single bit/],
    ['a C name twice', (a) => a.defines.push({ ...a.defines[0]!, ts: 'X' }), /SCT_PROG_MAGIC: C name SCT_PROG_MAGIC is defined twice/],
    ['a kmodBelow that is no member', (a) => (a.enums.find((e) => e.kmodBelow)!.kmodBelow = 'NOPE'), /kmodBelow NOPE is not a member/],
    ['a lower-case member', (a) => (a.enums[1]!.members[0]!.name = 'eq'), /sct_cmp eq: member names are upper case/],
    ['a string define of kind int', (a) => (a.defines.find((d) => d.kind === 'string')!.kind = 'int'), /SCT_DEVICE: kind int does not fit/],
  ])('reports %s', (_, change, message) => {
    const a = base();
    change(a);
    expect(checkAbi(a).join('\n')).toMatch(message);
  });
});
