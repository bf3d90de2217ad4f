import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generate, ROOT } from '../../../gen/main.js';
import { getTable } from '../../../harness/src/tables/index.js';
import { gcc, genSources, gxx, needs } from '../../helpers/host/index.js';

describe('gen/main.ts', () => {
  let firstRun: ReturnType<typeof generate> | undefined;
  const first = (): ReturnType<typeof generate> => (firstRun ??= generate());

  describe('on the Debian packages it reads', () => {
    beforeEach(needs(genSources));

    it('is deterministic: two runs give identical files', () => {
      expect(generate()).toEqual(first());
    });

    it('committed output matches a fresh run (what `npm run gen:check` checks)', () => {
      for (const [rel, text] of first()) expect(readFileSync(join(ROOT, rel), 'utf8'), rel).toBe(text);
    });

    it('`npm run gen:check` exits 0', () => {
      const r = spawnSync('npx', ['tsx', 'gen/main.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });

    it('writes no machine paths or timestamps', () => {
      for (const [rel, text] of first()) {
        expect(text, rel).not.toMatch(/\/usr\/|\/work\/|\/home\/|\b20\d\d-\d\d-\d\d/);
      }
    });

    it('has every syscall of asm/unistd_64.h in the x86_64 table', () => {
      const header = readFileSync('/usr/include/x86_64-linux-gnu/asm/unistd_64.h', 'utf8');
      const expected = [...header.matchAll(/^#define __NR_(\w+)\s+(\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
      expect(expected.length).toBeGreaterThan(300);
      expect(getTable('x86_64').syscalls.map((s) => [s.name, s.nr])).toEqual(expect.arrayContaining(expected));
      expect(getTable('x86_64').syscalls).toHaveLength(expected.length);
    });
  });

  describe.each([
    ['gcc', 'c', ['-std=c99']],
    ['g++', 'c++', ['-std=c++17']],
    ['gcc', 'c', ['-ffreestanding', '-nostdinc', '-std=gnu11']],
  ])('%s -x %s %j with include/sct/tables.h', (cc, lang, flags) => {
    beforeEach(needs(cc === 'g++' ? gxx : gcc));
    it('compiles the header without warnings', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sct-tables-'));
      const file = join(dir, `t.${lang === 'c' ? 'c' : 'cc'}`);
      writeFileSync(file, `#include "sct/tables.h"\nint f(void);\nint f(void) { return sct_x86_64_syscalls[SCT_X86_64_SYSCALL_COUNT - 1].nr + sct_errno_names[13][0]; }\n`);
      execFileSync(cc, ['-x', lang, ...flags, '-Wall', '-Wextra', '-Werror', '-fsyntax-only', `-I${join(ROOT, 'include')}`, file]);
    });
  });
});
