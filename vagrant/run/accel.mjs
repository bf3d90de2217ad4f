// KVM when it works, TCG otherwise. /dev/kvm can exist while guests hang right
// after the firmware ("Booting from ROM"), so a short bounded probe boots the
// kernel under KVM and waits for its first console line. The verdict is cached in
// .vm-cache/accel.json per host kernel and qemu binary.
// Under TCG, also how the vCPUs are run: one host thread each (multi, qemu's default)
// or all in turn on one thread (single; the guest still sees every vCPU).
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

export const TCG_THREADS = ['single', 'multi'];
// The kernel suite patches kernel text (ftrace's text_poke_bp) while the other vCPU runs the
// patched function. With a host thread per vCPU, qemu 7.2 kept running a stale translation of
// the int3 that text_poke_bp had already replaced: that vCPU trapped at the same address
// forever (the kernel's int3 handler finds no breakpoint there and re-executes it). One thread
// for both vCPUs does not: the guest still has 2 CPUs, preempted in turn.
const TCG_THREAD_BY_SUITE = { kernel: 'single' };

/** @param {string|undefined} given `--tcg-thread` or SCT_VM_TCG_THREAD; overrides the suite's default */
export const tcgThreadFor = (suite, given) => given ?? TCG_THREAD_BY_SUITE[suite] ?? 'multi';
