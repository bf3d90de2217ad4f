// The command catalog (harness/src/cli/commands/index.ts): `sct --help` lists every command from
// it before any command's module is loaded, so it must name what the modules register.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../harness/src/cli/commands/index.js';
import { DESCRIPTIONS } from '../../../harness/src/cli/commands/descriptions.js';
import { buildProgram } from '../../../harness/src/cli/main.js';
import { DEFAULT_SCENARIO_GLOBS } from '../../../harness/src/scenarios/load.js';

describe('the command catalog', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: its module registers it, with the catalog\'s description', async (name, entry) => {
    const program = new Command('sct');
    (await entry.load())(program);
    const cmd = program.commands.find((c) => c.name() === name);
    expect(cmd, `${name} registered by its module`).toBeDefined();
    expect(cmd!.description()).toBe(DESCRIPTIONS[name]);
  });

  it('lists every command a module registers, and nothing else', async () => {
    const registered = new Set<string>();
    for (const entry of COMMANDS) {
      const program = new Command('sct');
      (await entry.load())(program);
      for (const c of program.commands) registered.add(c.name());
    }
    expect([...registered].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    expect(Object.keys(DESCRIPTIONS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    expect(buildProgram(['node', 'sct']).commands.map((c) => c.name())).toEqual([...COMMANDS.map((c) => c.name), 'help']);
  });

  it("list's description names the default scenario globs", () => {
    expect(DESCRIPTIONS.list).toContain(DEFAULT_SCENARIO_GLOBS.join(' '));
  });
});
