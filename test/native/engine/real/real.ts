// Shared by the tests on real programs (issue 12): run the built CLI or strace, and probe for a
// Debian program (ci/install.sh installs them) so a test can skip with the reason printed.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath } from '../helpers.js';
import { builtCli, defineProbe, type HostProbe } from '../../../helpers/host/index.js';

export { lines } from '../helpers.js';

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: readonly string[], opts: SpawnSyncOptions): Ran {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 60_000, ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The built CLI (`npm run build`). */
export function sct(args: readonly string[], opts: SpawnSyncOptions = {}): Ran {
  return run(process.execPath, [cliPath(), ...args], opts);
}

/** strace, the ground truth for what a fault looks like. */
export function strace(args: readonly string[], opts: SpawnSyncOptions = {}): Ran {
  return run('strace', args, opts);
}

/** Debian's own programs, not a shim in front of them (pyenv's python3 forks a shell first). */
export const PROGRAM = { python3: '/usr/bin/python3', sqlite3: '/usr/bin/sqlite3', git: '/usr/bin/git', strace: '/usr/bin/strace' } as const;

/**
 * The programs a test needs, as host probes for test/helpers/host's needs(): `cli` is the built
 * CLI, the others Debian's programs (ci/install.sh installs them).
 */
const probes = new Map<string, HostProbe>();
export function programs(...names: (keyof typeof PROGRAM | 'cli')[]): HostProbe[] {
  return names.map((n) => {
    if (n === 'cli') return builtCli;
    let p = probes.get(n);
    if (!p) {
      p = defineProbe(PROGRAM[n], () => (existsSync(PROGRAM[n]) ? undefined : `${PROGRAM[n]} is missing (ci/install.sh installs it)`));
      probes.set(n, p);
    }
    return p;
  });
}
