// Every qemu the runner starts is registered here and killed when the runner
// exits, is interrupted (SIGINT/SIGTERM) or times the guest out. qemu is also
// started under `setpriv --pdeathsig KILL`, so it dies with a runner killed by SIGKILL.
const live = new Set();
let installed = false;

function killAll() {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

function install() {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      if (live.size) console.error(`\nrun-vm: ${sig}: killing ${live.size} qemu process(es)`);
      killAll();
      process.exit(code);
    });
  }
}

export function track(child) {
  install();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
export function stop(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}
