// Large bad inputs (test/fixtures/invalid/large-inputs.ts) are refused with little output: at
// most --max-errors errors, each line cut to a window around its caret, control characters
// escaped. Their times are measured in bench/bad-inputs.ts, not here.
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../harness/src/rules/config/index.js';
import { LARGE_INPUTS } from '../../fixtures/invalid/large-inputs.js';

const sct = (...args: string[]) => execa('node', ['dist/harness/src/cli/main.js', ...args], { reject: false });
const dir = mkdtempSync(join(tmpdir(), 'sct-large-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sct config check on large bad inputs', () => {
  it.each(LARGE_INPUTS.map((i) => [i.name, i] as const))('%s: refused in at most 100 lines and 16 kB of output', async (_name, input) => {
    const run = await sct('config', 'check', ...input.make(dir, 1));
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n').length).toBeLessThanOrEqual(100);
    expect(run.stderr.length).toBeLessThanOrEqual(16_384);
  }, 60_000);

  it('--max-errors N shows N errors and says that reading stopped', async () => {
    const file = join(dir, 'five.sct');
    writeFileSync(file, 'rule { syscall_name = nosuch; action { type = FAIL; error = EACCES } }\n'.repeat(5));
    const run = await sct('config', 'check', '--max-errors', '2', file);
    expect(run.stderr.match(/^error\[/gm)).toHaveLength(2);
    expect(run.stderr).toContain('sct: reading stopped after 2 error(s) (--max-errors 2)');
    expect((await sct('config', 'check', '--max-errors', '0', file)).stderr).toContain('Expected `--max-errors` to be a positive integer, got `0`');
  }, 60_000);

  it('an -e spec stops being read at --max-errors, as a file does', async () => {
    const run = await sct('config', 'check', '--max-errors', '3', '-e', `inject=${'zz,'.repeat(5000)}zz:error=EIO`);
    expect(run.stderr.match(/^error\[SCT_UNKNOWN_SYSCALL\]/gm)).toHaveLength(3);
    expect(run.stderr).toContain('sct: reading stopped after 3 error(s) (--max-errors 3)');
    expect(run.stderr).toContain('3 error(s), 0 warning(s)');
  }, 60_000);

  it('sct trace reads its -e options up to --max-errors too', async () => {
    const run = await sct('trace', '-e', `inject=${'zz,'.repeat(5000)}zz:error=EIO`, '--', 'true');
    expect(run.stderr.match(/^error\[SCT_UNKNOWN_SYSCALL\]/gm)).toHaveLength(10);
    expect(run.stderr).toContain('sct: reading stopped after 10 error(s) (--max-errors 10)');
    expect(run.stderr.split('\n').length).toBeLessThanOrEqual(100);
  }, 60_000);

  it('control characters of the input print escaped, in the message and in the echoed line', async () => {
    const file = join(dir, 'ctl.sct');
    writeFileSync(file, 'rule { syscall_name = open\x1b[31mat; action { type = FAIL; error = EACCES } }\n');
    const run = await sct('config', 'check', file);
    expect(run.stderr).toContain('Expected "," or end of entry but "\\x1B" found.');
    expect(run.stderr).toContain('1 | rule { syscall_name = open\\x1B[31mat; action');
    expect(run.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  }, 60_000);
});

describe('formatDiagnostic', () => {
  it('cuts a long line to a window around the caret, with … where it is cut', () => {
    const text = `${'a'.repeat(5000)} BAD ${'b'.repeat(5000)}`;
    const loc = { source: 'x.sct', line: 1, column: 5002, offset: 5001, length: 3 };
    const [, , , shown, carets] = formatDiagnostic({ severity: 'error', code: 'SCT_PARSE_SYNTAX', message: 'm', loc }, text).split('\n');
    expect(shown).toBe(`1 | …${'a'.repeat(39)} BAD ${'b'.repeat(56)}…`);
    expect(carets).toBe(`  | ${' '.repeat(41)}^^^`);
  });
});
