// The root directory becomes an ext4 file system without loop devices
// (mkfs.ext4 -d), then a qcow2 image.
import fs from 'node:fs';
import { $ } from 'zx';

export async function makeDisk(root, raw, qcow2, size) {
  fs.rmSync(raw, { force: true });
  await $`nice -n 19 mkfs.ext4 -q -F -L root -d ${root} ${raw} ${size}`.quiet();
  await $`nice -n 19 qemu-img convert -O qcow2 ${raw} ${qcow2}`.quiet();
  fs.rmSync(raw, { force: true });
}
