// A lock as a directory (mkdir is atomic) holding the owner's pid: two runners
// never build the image or run qemu at the same time. A lock whose owner died is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from 'zx';

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

export async function withLock(dir, fn, { waitMs = 45 * 60_000, log = console.log, what = 'image build' } = {}) {
  const pidFile = path.join(dir, 'pid');
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(pidFile, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : 0);
      if (owner && !alive(owner)) { fs.rmSync(dir, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`the ${what} lock ${dir} is held by pid ${owner || '?'}`);
      if (!told) { log(`waiting for the ${what} of pid ${owner || '?'} (${dir})`); told = true; }
      await sleep(2000);
    }
  }
  // also on process.exit() from a signal handler, where finally blocks do not run
  const release = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    process.off('exit', release);
    release();
  }
}
