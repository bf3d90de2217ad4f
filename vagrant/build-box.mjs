#!/usr/bin/env node
// Builds a Vagrant box (libvirt provider) from the VM suites' image (build-image.mjs) and adds
// it to Vagrant as sct/debian12-local. The image has no partition table and boots its kernel
// directly; a box needs a bootable disk: an MBR disk with grub-pc, systemd, sshd and the
// vagrant user. Cached under .vm-cache/box/<image key>/.
//   node vagrant/build-box.mjs [--force] [--no-add]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { $, minimist } from 'zx';
import { ensureImage } from './build-image.mjs';
import { cacheDir, vagrantDir } from './paths.mjs';
import { stepper } from './build/steps.mjs';
import { withLock } from './build/lock.mjs';

export const BOX_NAME = 'sct/debian12-local';
const DISK_GB = 8;
const GRUB_PC = '/usr/lib/grub/i386-pc';
const INSECURE_KEY = '/usr/share/rubygems-integration/all/gems/vagrant-2.3.4/keys/vagrant.pub';

const boxDir = (key) => path.join(cacheDir, 'box', key);
export const boxFile = (key) => path.join(boxDir(key), 'sct-debian12.box');

async function insecureKey() {
  if (fs.existsSync(INSECURE_KEY)) return fs.readFileSync(INSECURE_KEY, 'utf8').trim();
  const gemDir = (await $`gem contents vagrant 2>/dev/null | grep 'keys/vagrant.pub$'`.nothrow().quiet()).stdout.trim();
  if (gemDir) return fs.readFileSync(gemDir, 'utf8').trim();
  throw new Error(`Vagrant's insecure public key not found at ${INSECURE_KEY} (is vagrant installed? sh vagrant/install-vagrant-deps.sh)`);
}

/** Mounts proc/sys/dev under root for fn, always unmounting after. */
async function withChrootMounts(root, fn) {
  const mounted = [];
  try {
    for (const [type, dir] of [['proc', 'proc'], ['sysfs', 'sys']]) {
      await $`mount -t ${type} ${type} ${path.join(root, dir)}`;
      mounted.push(path.join(root, dir));
    }
    await $`mount --bind /dev ${path.join(root, 'dev')}`;
    mounted.push(path.join(root, 'dev'));
    return await fn();
  } finally {
    for (const m of mounted.reverse()) await $`umount -l ${m}`.nothrow();
  }
}

async function build(image, log) {
  const { step, times, elapsed } = stepper('box');
  const dir = boxDir(image.key);
  const work = `${dir}.tmp-${process.pid}`;
  const mnt = path.join(work, 'mnt');
  const fsRaw = path.join(work, 'root.raw');
  const diskRaw = path.join(work, 'disk.raw');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(mnt, { recursive: true });
  let loop = null;
  try {
    await step('host tools', () => $`sh ${path.join(vagrantDir, 'install-vagrant-deps.sh')}`.quiet());
    const key = await insecureKey();
    // 1. An MBR disk, one partition from 1 MiB, the image's ext4 copied in and grown to fit.
    await step('disk', async () => {
      await $`nice -n 19 qemu-img convert -O raw ${image.disk} ${fsRaw}`;
      await $`truncate -s ${DISK_GB}G ${diskRaw}`;
      await $`echo 'label: dos\nstart=2048, type=83, bootable' | sfdisk -q ${diskRaw}`;
      loop = (await $`losetup --show -f -P ${diskRaw}`).stdout.trim();
      // no udev here: ask the kernel for the partition nodes
      if (!fs.existsSync(`${loop}p1`)) await $`partx -a ${loop}`.nothrow();
      await $`nice -n 19 dd if=${fsRaw} of=${loop}p1 bs=4M conv=sparse status=none`;
      fs.rmSync(fsRaw);
      await $`e2fsck -fy ${loop}p1`.nothrow().quiet();
      await $`resize2fs -f ${loop}p1`.quiet();
      await $`mount ${loop}p1 ${mnt}`;
    });
    // 2. systemd, sshd, sudo, the vagrant user (box/guest-setup.sh in a chroot).
    await step('packages and the vagrant user', () => withChrootMounts(mnt, async () => {
      fs.copyFileSync(path.join(vagrantDir, 'box/guest-setup.sh'), path.join(mnt, 'tmp/guest-setup.sh'));
      await $`nice -n 19 chroot ${mnt} sh /tmp/guest-setup.sh ${key} ${image.kernelVersion}`;
      fs.rmSync(path.join(mnt, 'tmp/guest-setup.sh'));
    }));
    // 3. GRUB for BIOS boot. grub-install cannot map a loop device's partition to a GRUB drive
    //    (no udev here), so do what it does by hand: a core.img whose prefix names the partition,
    //    written after the MBR (grub-mkimage fills in its own sector list), boot.img's code in
    //    the MBR (440 bytes: the partition table stays), the modules, and a grub.cfg.
    await step('grub', async () => {
      const grubDir = path.join(mnt, 'boot/grub');
      fs.mkdirSync(path.join(grubDir, 'i386-pc'), { recursive: true });
      await $`cp -r ${GRUB_PC}/. ${path.join(grubDir, 'i386-pc')}`;
      const core = path.join(grubDir, 'i386-pc/core.img');
      await $`grub-mkimage -O i386-pc -o ${core} -p ${'(hd0,msdos1)/boot/grub'} biosdisk part_msdos ext2`;
      if (fs.statSync(core).size > 2047 * 512) throw new Error(`core.img does not fit before the partition: ${fs.statSync(core).size} bytes`);
      await $`dd if=${path.join(GRUB_PC, 'boot.img')} of=${loop} bs=440 count=1 conv=notrunc status=none`;
      await $`dd if=${core} of=${loop} bs=512 seek=1 conv=notrunc status=none`;
      const kv = image.kernelVersion;
      fs.writeFileSync(path.join(mnt, 'boot/grub/grub.cfg'), [
        'set timeout=0',
        'serial --unit=0 --speed=115200',
        'terminal_output serial console',
        "search --no-floppy --label root --set=root",
        `menuentry 'Debian 12 (sct)' {`,
        `  linux /boot/vmlinuz-${kv} root=LABEL=root rw console=ttyS0 net.ifnames=0 quiet`,
        `  initrd /boot/initrd.img-${kv}`,
        '}', '',
      ].join('\n'));
      await $`umount ${mnt}`;
      await $`losetup -d ${loop}`;
      loop = null;
    });
    // 4. The box: a compressed qcow2, metadata.json and a Vagrantfile, in a tar.
    const sizes = await step('box', async () => {
      await $`nice -n 19 qemu-img convert -c -O qcow2 ${diskRaw} ${path.join(work, 'box.img')}`;
      fs.rmSync(diskRaw);
      fs.writeFileSync(path.join(work, 'metadata.json'), JSON.stringify({ provider: 'libvirt', format: 'qcow2', virtual_size: DISK_GB }) + '\n');
      fs.copyFileSync(path.join(vagrantDir, 'box/Vagrantfile'), path.join(work, 'Vagrantfile'));
      await $`tar -C ${work} -cf ${path.join(work, 'sct-debian12.box')} metadata.json Vagrantfile box.img`;
      fs.rmSync(path.join(work, 'box.img'));
      return { boxMB: Math.round(fs.statSync(path.join(work, 'sct-debian12.box')).size / 1e6) };
    });
    fs.rmSync(mnt, { recursive: true, force: true });
    const info = { imageKey: image.key, kernelVersion: image.kernelVersion, builtAt: new Date().toISOString(), seconds: { ...times, total: Number(elapsed()) }, ...sizes };
    fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(info, null, 2) + '\n');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(work, dir);
    log(`[box] done in ${elapsed()}s: ${boxFile(image.key)} (${sizes.boxMB} MB)`);
    return info;
  } catch (err) {
    await $`umount -l ${mnt}`.nothrow().quiet();
    if (loop) await $`losetup -d ${loop}`.nothrow().quiet();
    fs.rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

/** The box for the current image, built when missing; added to Vagrant unless add is false. */
export async function ensureBox({ force = false, add = true, log = console.log } = {}) {
  const image = await ensureImage({ log });
  const file = boxFile(image.key);
  if (force || !fs.existsSync(file)) {
    await withLock(path.join(cacheDir, 'box.lock'), () => build(image, log), { log, what: 'box build' });
  } else {
    log(`[box] reusing ${path.relative(process.cwd(), file)}`);
  }
  if (add) {
    const t0 = Date.now();
    await $`vagrant box add --force --name ${BOX_NAME} ${file}`.quiet();
    log(`[box] added as ${BOX_NAME} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    // vagrant-libvirt uploads a box once into the storage pool and reuses that volume by name:
    // drop the old upload so the next `vagrant up` takes the new box.
    const vols = (await $`virsh -q vol-list default`.nothrow().quiet()).stdout;
    for (const vol of vols.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((v) => v?.startsWith(`${BOX_NAME.replace('/', '-VAGRANTSLASH-')}_vagrant_box_image`))) {
      await $`virsh -q vol-delete --pool default ${vol}`.nothrow().quiet();
      log(`[box] removed the old libvirt volume ${vol}`);
    }
  }
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = minimist(process.argv.slice(2), { boolean: ['force', 'add'], default: { add: true } });
  try {
    await ensureBox({ force: argv.force, add: argv.add });
  } catch (err) {
    console.error(`build-box: ${err.stderr?.trim() || err.message}`);
    process.exit(1);
  }
}
