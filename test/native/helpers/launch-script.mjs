// Launches one target with the raw addon, from a plain node process (no vitest): used by tests
// that need a separate supervisor process (pipes as stdout, supervisor death).
// SCT_LAUNCH = JSON { argv, bpf?: number[], rules?: [...] (values as strings for bigints), needsNotify?, needsPtrace? }
// Prints "PID <target pid>" once launched and "EXIT <json>" at the end.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binding = createRequire(import.meta.url)(join(root, 'native', 'build', 'Release', 'sct_native.node'));
const cfg = JSON.parse(process.env.SCT_LAUNCH);
const rules = (cfg.rules ?? []).map((r) => ({
  ...r,
  prog: new Uint8Array(r.prog ?? []),
  action: { ...r.action, value: BigInt(r.action.value ?? 0) },
}));
const sup = binding.launch({
  file: cfg.argv[0],
  argv: cfg.argv,
  envp: ['PATH=/usr/bin:/bin'],
  cwd: process.cwd(),
  stdio: [0, 1, 2],
  bpf: new Uint8Array(cfg.bpf ?? []),
  rules,
  needsNotify: !!cfg.needsNotify,
  needsPtrace: !!cfg.needsPtrace,
  timeoutMs: cfg.timeoutMs ?? 0,
  onEvents: () => {},
  onExit: (x) => process.stdout.write(`EXIT ${JSON.stringify(x)}\n`),
});
process.stderr.write(`PID ${sup.pid}\n`);
