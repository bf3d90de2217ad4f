// Builds the guest's root directory: debootstrap, apt config, kernel, initramfs, node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { $, retry } from 'zx';
import { APT_PACKAGES, GUEST_NODE, GUEST_NPM, GUEST_STUB, GUEST_STUB_TEXT, INITRAMFS_MODULES, TRIM_KEEP, TRIM_MODULE_DIRS } from './image-spec.mjs';
import { sourcesListText } from './host-apt.mjs';

const chrootEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

export async function debootstrap(root, { suite, packages, mirror }) {
  await $`nice -n 19 debootstrap --variant=minbase --include=${packages.join(',')} ${suite} ${root} ${mirror}`.quiet();
}

/** apt sources, no service starts, a small gzip initramfs built only when asked. */
export function configure(root, sources) {
  const w = (rel, text, mode = 0o644) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode });
  };
  w('etc/apt/sources.list', sourcesListText(sources));
  w('usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', 0o755);
  w('etc/hostname', 'sct-guest\n');
  w('etc/hosts', '127.0.0.1 localhost\n127.0.1.1 sct-guest\n');
  w('etc/initramfs-tools/conf.d/sct.conf', 'MODULES=list\nCOMPRESS=gzip\n');
  w('etc/initramfs-tools/modules', INITRAMFS_MODULES.join('\n') + '\n');
  // The kernel's postinst would build a default initrd; mkinitramfs() builds ours.
  w('etc/initramfs-tools/update-initramfs.conf', 'update_initramfs=no\nbackup_initramfs=no\n');
  w(GUEST_STUB.slice(1), GUEST_STUB_TEXT, 0o755);
}

/** Runs fn with /proc mounted in the chroot, and always unmounts it. */
export async function withProc(root, fn) {
  const proc = path.join(root, 'proc');
  await $`mount -t proc proc ${proc}`;
  try {
    return await fn();
  } finally {
    await $`umount ${proc}`.nothrow();
  }
}

export async function installKernel(root, kernelVersion) {
  await retry(2, '5s', () => $({ env: chrootEnv })`nice -n 19 chroot ${root} apt-get update -qq`.quiet());
  await retry(2, '5s', () => $({ env: chrootEnv })`nice -n 19 chroot ${root} apt-get install -y -qq --no-install-recommends ${'linux-image-' + kernelVersion} ${'linux-headers-' + kernelVersion}`.quiet());
}

/** What debootstrap's resolver is not trusted with (APT_PACKAGES). Runs after installKernel's apt-get update. */
export async function installAptPackages(root) {
  await retry(2, '5s', () => $({ env: chrootEnv })`nice -n 19 chroot ${root} apt-get install -y -qq --no-install-recommends ${APT_PACKAGES}`.quiet());
}

export async function mkinitramfs(root, kernelVersion) {
  await $({ env: chrootEnv })`nice -n 19 chroot ${root} mkinitramfs -o ${'/boot/initrd.img-' + kernelVersion} ${kernelVersion}`.quiet();
}

/** The host's node and a check that it runs in the guest's userland. */
export async function installNode(root, nodeBinary) {
  const target = path.join(root, GUEST_NODE.slice(1));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(nodeBinary, target);
  fs.chmodSync(target, 0o755);
  const v = await $({ env: chrootEnv })`chroot ${root} ${GUEST_NODE} --version`.quiet();
  return v.stdout.trim();
}

/** The npm that ships beside the host's node (lib/node_modules/npm), with npm and npx links. */
export function hostNpmDir(nodeBinary) {
  const dir = path.join(path.dirname(fs.realpathSync(nodeBinary)), '..', 'lib', 'node_modules', 'npm');
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : undefined;
}

export async function installNpm(root, nodeBinary) {
  const src = hostNpmDir(nodeBinary);
  if (src === undefined) throw new Error(`no npm next to ${nodeBinary} (expected ../lib/node_modules/npm): the functional suite's gen:check test needs it`);
  const target = path.join(root, GUEST_NPM.slice(1));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(src, target, { recursive: true, verbatimSymlinks: true });
  for (const [bin, cli] of [['npm', 'npm-cli.js'], ['npx', 'npx-cli.js']]) {
    const link = path.join(root, 'usr/local/bin', bin);
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.join(GUEST_NPM, 'bin', cli), link);
  }
  const v = await $({ env: chrootEnv })`chroot ${root} ${GUEST_NODE} ${path.join(GUEST_NPM, 'bin', 'npm-cli.js')} --version`.quiet();
  return v.stdout.trim();
}

/** Drops what the tests never read: package caches, docs, man pages, unused modules. */
export async function trim(root, kernelVersion) {
  await $({ env: chrootEnv })`chroot ${root} apt-get clean`.quiet();
  const modules = path.join(root, 'lib/modules', kernelVersion, 'kernel');
  for (const rel of TRIM_MODULE_DIRS) fs.rmSync(path.join(modules, rel), { recursive: true, force: true });
  await $({ env: chrootEnv })`chroot ${root} depmod ${kernelVersion}`.quiet();
  for (const rel of ['var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info', 'var/cache/debconf/templates.dat-old']) {
    const p = path.join(root, rel);
    if (!fs.existsSync(p)) continue;
    if (fs.statSync(p).isDirectory()) {
      for (const e of fs.readdirSync(p)) {
        if (!TRIM_KEEP.includes(path.join(rel, e))) fs.rmSync(path.join(p, e), { recursive: true, force: true });
      }
    } else fs.rmSync(p, { force: true });
  }
}

function mountsBelow(dir) {
  const real = fs.realpathSync(dir);
  return fs.readFileSync('/proc/mounts', 'utf8').split('\n')
    .map((l) => l.split(' ')[1]).filter((m) => m && (m === real || m.startsWith(real + '/'))).reverse();
}

/** rm -rf that first unmounts anything mounted below dir (a chroot's /proc). */
export async function removeTree(dir) {
  if (!fs.existsSync(dir)) return;
  for (const m of mountsBelow(dir)) await $`umount -l ${m}`.nothrow();
  fs.rmSync(dir, { recursive: true, force: true });
}

export function removeTreeSync(dir) {
  if (!fs.existsSync(dir)) return;
  for (const m of mountsBelow(dir)) spawnSync('umount', ['-l', m]);
  fs.rmSync(dir, { recursive: true, force: true });
}
