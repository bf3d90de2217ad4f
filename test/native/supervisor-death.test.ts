// The supervisor (a separate node process) is SIGKILLed while its target is busy making calls
// that go to user space. The target must die with it and must never run on after an ENOSYS
// (escape_probe creates a marker file and prints ESCAPED if it ever sees one).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { NativeActionType } from '../../harness/src/engine/native-binding.js';
import { lookupSyscall } from '../../harness/src/tables/syscalls.js';
import { RET, routeFilter } from './helpers/bpf.js';
import { program } from '../helpers/c-programs.js';
import { strArgEquals } from './helpers/prog.js';
import { cc, needs } from '../helpers/host/index.js';

beforeEach(needs(cc));

const here = dirname(fileURLToPath(import.meta.url));
const OPENAT = lookupSyscall('openat')!.nr;
const TRIALS = Number(process.env.SCT_DEATH_TRIALS ?? 50);

function deadOrZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] === 'Z';
  } catch {
    return true;
  }
}

async function trial(tier: 2 | 3, seed: number): Promise<{ escaped: boolean; targetDead: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'sct-death-'));
  const marker = join(dir, 'escaped');
  const probePath = join(dir, 'probe');
  const cfg = {
    argv: [program('escape_probe'), probePath, marker],
    bpf: [...routeFilter({ [OPENAT]: tier === 2 ? RET.USER_NOTIF : RET.TRACE })],
    needsNotify: tier === 2,
    needsPtrace: tier === 3,
    rules: [
      {
        id: 1, tier, phase: 0, nrs: [OPENAT], compatNrs: [], report: false,
        prog: [...strArgEquals(1, probePath)],
        // NONE lets each call run; a short DELAY every 3rd call keeps calls pending at the kill too
        action: seed % 2 ? { type: NativeActionType.NONE } : { type: NativeActionType.DELAY, us: 200 },
        trigger: { first: 1, last: 0, step: 1, p: 1, seed: 0, max: 0, scope: 0 },
      },
    ],
  };
  const child = spawn(process.execPath, [join(here, 'helpers', 'launch-script.mjs')], {
    env: { SCT_LAUNCH: JSON.stringify(cfg) },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  let pid = 0;
  const ready = new Promise<void>((res) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m && !pid) {
        pid = Number(m[1]);
        res();
      }
    });
  });
  const closed = new Promise<void>((res) => child.stdout.on('close', () => res()));
  await Promise.race([ready, new Promise((r) => setTimeout(r, 10_000))]);
  await new Promise((r) => setTimeout(r, 5 + (seed * 7) % 40));
  child.kill('SIGKILL');
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]); // EOF: target and keeper gone
  const t0 = Date.now();
  while (pid && !deadOrZombie(pid) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
  const result = { escaped: existsSync(marker) || out.includes('ESCAPED'), targetDead: pid > 0 && deadOrZombie(pid) };
  rmSync(dir, { recursive: true, force: true }); // read above; 75 trials a run left 75 dirs in /tmp
  return result;
}

describe('supervisor death', () => {
  it.each([[2, TRIALS], [3, Math.ceil(TRIALS / 2)]] as const)(`tier %i: 0 escapes over %i trials, the target always dies`, async (tier, trials) => {
    const results: { escaped: boolean; targetDead: boolean }[] = [];
    for (let i = 0; i < trials; i += 2) {
      results.push(...(await Promise.all([trial(tier, i), trial(tier, i + 1)])));
    }
    expect(results.filter((r) => r.escaped)).toHaveLength(0);
    expect(results.filter((r) => !r.targetDead)).toHaveLength(0);
  }, 300_000);
});
