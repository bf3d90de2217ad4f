// One exit-code table for every command: the README carries it and `sct --help` prints it.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODES, exitCodesHelp, exitCodesMarkdown } from '../../../harness/src/cli/exit.js';

describe('exit codes', () => {
  it('the README has the table of EXIT_CODES, as generated', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`### Exit codes\n\nOne table for every command`);
    expect(readFileSync('README.md', 'utf8')).toContain(exitCodesMarkdown());
  });

  it('sct --help ends with the same table', async () => {
    const r = await execa('node', ['dist/harness/src/cli/main.js', '--help'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.endsWith(exitCodesHelp())).toBe(true);
  });

  // `watch` runs no target but takes 125 for "this host cannot watch" (not root, no libbpf): issue #18
  // asks for it, so that 1 and 2 keep their meaning (a check failed, bad input).
  it('has a row for every numeric code EXIT names, and 125 only for commands that run a target, and watch', () => {
    const codes = EXIT_CODES.map((r) => r.code);
    for (const code of Object.values(EXIT)) expect(codes).toContain(String(code));
    expect(EXIT_CODES.find((r) => r.code === '125')?.commands).toBe('`run`, `trace`, `explore`, `crash`, `watch`');
  });
});
