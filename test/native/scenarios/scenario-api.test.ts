// defineScenario's checks, hang detection, custom checks and relative targets.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, ScenarioDefinitionError, type ScenarioInput } from '../../../harness/src/scenarios/index.js';
import { rule } from '../../../harness/src/rules/builder/index.js';

const base: ScenarioInput = { name: 'x', target: { command: 'true' }, rules: [], expect: {} };

// Each invalid definition and the message it must produce.
const INVALID: [string, Partial<ScenarioInput>, RegExp][] = [
  ['bad name', { name: 'a b' }, /^scenario 'a b': expected `name` to be a name of letters/],
  ['two target kinds', { target: { command: 'true', c: 'x.c' } as never }, /expected `target` to be an object with exactly one of `command`, `c`, `node`, got `"command, c"`/],
  ['bad exit', { expect: { exit: -1 } }, /expected `expect.exit` to be an exit code, a list of them, or 'any-non-crash', got `-1` \(number\)/],
  ['unknown signal', { expect: { signal: 'SIGFOO' } }, /expected `expect.signal` to be 'none' or a signal name such as 'SIGSEGV', got `"SIGFOO"`/],
  ['unknown rule in injected', { rules: [rule.before('read').fail('EIO').named('r')], expect: { injected: { w: 1 } } }, /expected `expect.injected\['w'\]` to be a rule name \('r'\) or #1..#1, got `"w"`/],
  ['unknown key setup', { setup: 'x' } as never, /^scenario 'x': unknown key `setup`; expected one of `name`, `description`, `target`, `rules`, `expect`, `crash`$/],
  ['crash without checks', { crash: {} }, /^scenario 'x': expected `crash` to be an object with `files` or `check` \(what every crash state must satisfy\), got `"neither"`/],
  ['crash key typo', { crash: { chek: () => true } } as never, /^scenario 'x': unknown key `crash.chek`; did you mean `crash.check`\?$/],
  ['crash path outside', { crash: { paths: ['../etc'], check: () => true } }, /expected `crash.paths` to be a non-empty array of paths inside the work directory/],
  ['crash recover without command', { crash: { recover: { args: ['x'] } as never, check: () => true } }, /expected `crash.recover.command` to be a non-empty string, got `undefined`/],
  ['unknown key expected', { expected: { exit: 0 } } as never, /^scenario 'x': unknown key `expected`; did you mean `expect`\?$/],
  ['unknown target key', { target: { command: 'true', arg: ['x'] } as never }, /^scenario 'x': unknown key `target.arg`; did you mean `target.args`\?$/],
  ['unknown expect key', { expect: { stdot: 'x' } as never }, /^scenario 'x': unknown key `expect.stdot`; did you mean `expect.stdout`\?$/],
  ['invalid rule', { rules: [rule.before('opne').fail('EACCES')] }, /^scenario 'x': invalid rules:\n.*opne/],
];

describe('defineScenario', () => {
  it.each(INVALID)('refuses %s', (_what, patch, message) => {
    expect(() => defineScenario({ ...base, ...patch })).toThrow(ScenarioDefinitionError);
    expect(() => defineScenario({ ...base, ...patch })).toThrow(message);
  });

  it('remembers the file that declared it', () => {
    expect(defineScenario(base).file).toMatch(/scenario-api\.test\.ts$/);
  });
});

// What expect.check returns and the reasons the verdict must give (empty: passed).
const CHECK_RESULTS: [string, () => unknown, string[]][] = [
  ['true', () => true, []],
  ['undefined', () => undefined, []],
  ['nothing', () => {}, []],
  ['a promise of true', async () => true, []],
  ['false', () => false, ['check: returned false']],
  ['a promise of false', async () => false, ['check: returned false']],
  ['a string', () => 'stdout lacks the greeting', ['check: stdout lacks the greeting']],
  ['an empty string', () => '', ['check: returned an empty string']],
  ['a number', () => 0, ['check: type error: expected true, false, undefined or a string (the reason to fail), got `0` (number)']],
  ['an object', () => ({ ok: true }), ['check: type error: expected true, false, undefined or a string (the reason to fail), got an object ([object Object])']],
  ['null', () => null, ['check: type error: expected true, false, undefined or a string (the reason to fail), got null']],
];

describe('expect.check', () => {
  it.each(CHECK_RESULTS)('on cat, a check returning %s gives %j', async (_what, check, reasons) => {
    const v = await runScenario(defineScenario({
      ...base,
      name: 'cat-check',
      target: { command: 'cat', stdin: 'hello' },
      expect: { exit: 0, stdout: 'hello', check: check as never },
    }));
    expect(v.reasons).toEqual(reasons);
    expect(v.passed).toBe(reasons.length === 0);
  });
});

describe('runScenario', () => {
  it('kills a target that runs past maxRunMs and fails it as hung', async () => {
    const v = await runScenario(defineScenario({ ...base, name: 'sleeper', target: { command: 'sleep', args: ['10'] }, expect: { exit: 0, maxRunMs: 300 } }));
    expect(v.reasons).toEqual(['maxRunMs: hung: still running after 300 ms, killed']);
    expect(v.durationMs).toBeLessThan(5000);
  });

  it('resolves ./ targets against the scenario file and runs the custom check on the record', async () => {
    const v = await runScenario(defineScenario({
      ...base,
      name: 'greet',
      target: { command: './fixtures/greet.sh' },
      expect: { exit: 0, stdout: 'hello from greet.sh', check: (r) => (r.stdout.length > 100 ? undefined : `stdout was only ${r.stdout.length} bytes`) },
    }));
    expect(v.reasons).toEqual(['check: stdout was only 20 bytes']);
  });

  it('reports a target that does not exist as a failed verdict', async () => {
    const v = await runScenario(defineScenario({ ...base, name: 'missing', target: { command: './fixtures/nope' } }));
    expect(v.passed).toBe(false);
    expect(v.reasons[0]).toMatch(/^target: could not run: command not found: .*fixtures\/nope.*\[SCT_COMMAND_NOT_FOUND\]$/);
  });

  it('counts injections per rule with min/max', async () => {
    const v = await runScenario(defineScenario({
      ...base,
      name: 'count',
      target: { command: 'sh', args: ['-c', 'cat /etc/hostname /etc/hostname; true'] },
      rules: [rule.before('openat').where({ path: '/etc/hostname' }).fail('ENOENT').named('gone')],
      expect: { exit: 0, stderr: 'No such file or directory', injected: { gone: { min: 3 } } },
    }));
    expect(v.reasons).toEqual(["injected['gone']: expected at least 3 times, but the rule acted 2 times"]);
    expect(v.injections).toEqual([{ rule: 'gone', syscall: 'openat', times: 2 }]);
  });
});
