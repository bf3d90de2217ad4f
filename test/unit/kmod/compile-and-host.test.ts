// The kmod backend's compilation of rules (shared bytecode compiler) and what `sct load` says on a
// host without the module.
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { needs, noSctModule } from '../../helpers/host/index.js';
import { parseConfig } from '../../../harness/src/rules/config/index.js';
import { checkRules } from '../../../harness/src/rules/check/index.js';
import { compileKmod } from '../../../harness/src/kmod/compile.js';
import { explainMissing } from '../../../harness/src/kmod/client.js';
import { Action, RULE_F_EVENT } from '../../../harness/src/kmod/protocol.js';
import { compileFilter } from '../../../harness/src/filter/prog-compile.js';
import { lookupSyscall } from '../../../harness/src/tables/index.js';
import { registerKmod } from '../../../harness/src/cli/commands/kmod.js';

function rules(text: string) {
  const parsed = parseConfig(text, 't.sct');
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return checkRules(parsed.rules, { arch: 'x86_64', locations: parsed.locations }).rules;
}

describe('compileKmod', () => {
  it('turns each (rule, syscall) into a kernel rule with the shared filter bytecode', () => {
    const c = compileKmod(
      rules(`rule { syscall_name = openat, unlinkat
  filter_expression { path == "/tmp/x" }
  action { type = FAIL; error = EACCES } }
rule { syscall_name = unlinkat
  when = after
  action { type = ALTER; target = RETVAL; value = 0 } }`),
    );
    expect(c.rules.map((r) => [r.nr, r.phase, r.action, r.value])).toEqual([
      [257, 0, Action.FAIL, 13n],
      [263, 0, Action.FAIL, 13n],
      [263, 1, Action.ALTER_RET, 0n],
    ]);
    expect(Buffer.from(c.rules[0]!.prog)).toEqual(Buffer.from(compileFilter(rules('rule { syscall_name = openat\n filter_expression { path == "/tmp/x" }\n action { type = LOG } }')[0]!.filter, lookupSyscall('openat', 'x86_64')!)));
    expect(c.rules[2]!.prog.length).toBe(0);
    expect(c.rules.every((r) => r.flags === RULE_F_EVENT)).toBe(true);
    expect(c.notes.join('\n')).toMatch(/32-bit .* not hooked/);
  });

  it('maps ALTER of a path to a string copy with its NUL, and of an integer to a register', () => {
    const c = compileKmod(
      rules(`rule { syscall_name = openat
  action { type = ALTER; target = path; value = "/tmp/b" } }
rule { syscall_name = write
  action { type = ALTER; target = PARAMS[3]; value = 3 } }`),
    );
    expect(c.rules[0]).toMatchObject({ action: Action.ALTER_MEM, alterArg: 1 });
    expect(Buffer.from(c.rules[0]!.str!).toString()).toBe('/tmp/b\0');
    expect(c.rules[1]).toMatchObject({ action: Action.ALTER_REG, alterArg: 2, value: 3n });
  });

  it('refuses what the module cannot do, with the reason', () => {
    expect(() => compileKmod(rules('rule { syscall_name = openat\n action { type = FAIL; error = EIO }\n trigger { probability = 0.5 } }'))).toThrow(/probability/);
    expect(() => compileKmod(rules('rule { syscall_name = connect\n action { type = ALTER; target = addr.port; value = 8080 } }'))).toThrow(/sockaddr/);
  });
});

describe('on a host without the module', () => {
  const base = { release: '6.18.0', headers: false, loaded: false, modulesDisabled: false };

  it('says the host was booted with nomodule and points at the VM suite', () => {
    const m = explainMissing({ ...base, cmdline: 'root=/dev/vda nomodule quiet' });
    expect(m).toMatch(/not loaded \(no \/dev\/sct\)/);
    expect(m).toMatch(/booted with `nomodule`/);
    expect(m).toMatch(/npm run test:vm kernel/);
  });

  it('says how to build and insmod it where modules can be loaded', () => {
    const m = explainMissing({ ...base, cmdline: 'root=/dev/sda1', headers: true });
    expect(m).toMatch(/make -C kernel && insmod kernel\/sct\.ko/);
    expect(explainMissing({ ...base, cmdline: '' })).toMatch(/install linux-headers-6\.18\.0/);
    expect(explainMissing({ ...base, cmdline: '', modulesDisabled: true })).toMatch(/modules_disabled/);
  });

  it('`sct load` fails with SCT_KMOD_MISSING and says why', async (ctx) => {
    needs(noSctModule)(ctx);
    const program = new Command('sct').exitOverride();
    registerKmod(program);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const file = new URL('../../fixtures/config/valid/original-example.sct', import.meta.url).pathname;
    try {
      await program.parseAsync(['node', 'sct', 'load', file]);
      const text = err.mock.calls.map((c) => String(c[0])).join('');
      // Either the addon is not built (a message saying how to build it) or /dev/sct is missing.
      expect(text).toMatch(/SCT_KMOD_MISSING|SCT_KMOD_ADDON/);
      if (text.includes('SCT_KMOD_MISSING')) expect(text).toMatch(/npm run test:vm kernel/);
      expect(process.exitCode).toBe(1);
    } finally {
      err.mockRestore();
      out.mockRestore();
      process.exitCode = undefined;
    }
  });
});
