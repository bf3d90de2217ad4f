// Boots the guest once under qemu, watching its serial console: the last lines,
// the test that is running ("# running: NAME"), the time to the first test, and a
// hard timeout after which qemu is killed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { repoRoot } from '../paths.mjs';
import { stop, track } from './processes.mjs';

export const CONSOLE_TAIL = 30;
const RUNNING = /^# running: (.*)$/;
const PANIC = /Kernel panic - not syncing/;

/** @param {'single'|'multi'|undefined} tcgThread under TCG: one host thread for all vCPUs, or one each (qemu's default) */
export function accelArgs(accel, tcgThread) {
  if (accel === 'kvm') return ['-accel', 'kvm', '-cpu', 'host'];
  return ['-accel', tcgThread ? `tcg,thread=${tcgThread}` : 'tcg', '-cpu', 'max'];
}

/** The qemu command line (after `nice -n 19 setpriv --pdeathsig KILL`). */
export function qemuArgs({ image, accel, tcgThread, append, name, share = repoRoot, disk = true, memory = 2048, smp = 2 }) {
  return [
    'qemu-system-x86_64', '-name', name, ...accelArgs(accel, tcgThread), '-smp', String(smp), '-m', String(memory),
    '-nodefaults', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-nic', 'none',
    '-kernel', image.kernel, '-initrd', image.initrd, '-append', append,
    ...(disk ? ['-drive', `file=${image.disk},if=virtio,format=qcow2,snapshot=on`] : []),
    '-virtfs', `local,path=${share},mount_tag=hostshare,security_model=none,id=hs`,
  ];
}

function wrap(argv) {
  const pdeath = fs.existsSync('/usr/bin/setpriv') ? ['setpriv', '--pdeathsig', 'KILL'] : [];
  return ['nice', '-n', '19', ...pdeath, ...argv];
}

/**
 * @returns {Promise<{exitCode, signal, timedOut, stoppedEarly, panicked, running, lines, tail, firstTestMs, totalMs}>}
 * `stopWhen(line)` returning true stops the guest early (used by the KVM probe).
 */
export function boot(opts, { timeoutMs, onLine = () => {}, stopWhen = () => false } = {}) {
  const [cmd, ...args] = wrap(qemuArgs(opts));
  const t0 = Date.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const state = {
    timedOut: false, stoppedEarly: false, panicked: false, panicLine: null, running: null,
    lines: [], firstTestMs: null, stderr: '', pid: child.pid,
  };
  let partial = '';
  const take = (line) => {
    // eslint-disable-next-line no-control-regex
    line = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\x00-\x08\x0b-\x1f]/g, '');
    state.lines.push(line);
    const m = RUNNING.exec(line);
    if (m) {
      state.running = m[1];
      state.firstTestMs ??= Date.now() - t0;
    }
    if (PANIC.test(line) && !state.panicked) {
      state.panicked = true;
      state.panicLine = line;
    }
    onLine(line);
    if (stopWhen(line) && !state.stoppedEarly) {
      state.stoppedEarly = true;
      stop(child, 1000);
    }
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    parts.forEach(take);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c) => { state.stderr += c; });
  const timer = setTimeout(() => { state.timedOut = true; stop(child); }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (partial) take(partial);
      resolve({ ...state, exitCode, signal, tail: state.lines.slice(-CONSOLE_TAIL), totalMs: Date.now() - t0 });
    });
  });
}
