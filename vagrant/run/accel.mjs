// KVM when it works, TCG otherwise. /dev/kvm can exist while guests hang right
// after the firmware ("Booting from ROM"), so a short bounded probe boots the
// kernel under KVM and waits for its first console line. The verdict is cached in
// .vm-cache/accel.json per host kernel and qemu binary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir } from '../paths.mjs';
import { boot } from './qemu.mjs';

const PROBE_TIMEOUT_MS = 20_000;
const KERNEL_SPOKE = /Linux version \d/;
const CACHE = path.join(cacheDir, 'accel.json');

function hostId() {
  const qemu = ['/usr/bin/qemu-system-x86_64'].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0));
  return `${os.release()} qemu@${qemu[0]}`;
}

/** @param {'auto'|'kvm'|'tcg'} wanted */
export async function pickAccel(image, wanted = 'auto', log = console.log) {
  if (wanted === 'kvm' || wanted === 'tcg') return { accel: wanted, why: 'asked for' };
  let kvmUsable = false;
  try { fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK); kvmUsable = true; } catch { /* no kvm */ }
  if (!kvmUsable) return { accel: 'tcg', why: '/dev/kvm is not usable' };
  const id = hostId();
  const cached = fs.existsSync(CACHE) ? JSON.parse(fs.readFileSync(CACHE, 'utf8')) : null;
  if (cached?.hostId === id) return { accel: cached.accel, why: `cached probe verdict (${CACHE})` };
  log(`[accel] probing KVM (${PROBE_TIMEOUT_MS / 1000}s at most)...`);
  const r = await boot(
    { image, accel: 'kvm', append: 'console=ttyS0 panic=-1', name: 'sct-vm-kvm-probe', disk: false, smp: 1, memory: 512 },
    { timeoutMs: PROBE_TIMEOUT_MS, stopWhen: (line) => KERNEL_SPOKE.test(line) },
  );
  const accel = r.stoppedEarly ? 'kvm' : 'tcg';
  const why = r.stoppedEarly
    ? `KVM probe: kernel spoke after ${(r.totalMs / 1000).toFixed(1)}s`
    : `KVM probe: no kernel output within ${PROBE_TIMEOUT_MS / 1000}s (last: ${JSON.stringify(r.tail.at(-1) ?? '')})`;
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(CACHE, JSON.stringify({ hostId: id, accel, why, at: new Date().toISOString() }, null, 2) + '\n');
  return { accel, why };
}
