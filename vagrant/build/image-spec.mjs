// What goes into the guest image, as data. Changing anything here changes the
// cache key (build/cache-key.mjs hashes this file) and so rebuilds the image.

export const SUITE = 'bookworm';

// Installed by debootstrap --variant=minbase --include=...
export const PACKAGES = [
  'kmod', 'udev', 'iproute2', 'procps', 'strace', 'bpftool',
  'make', 'gcc', 'libc6-dev',
  'initramfs-tools',
  // what gen/ reads (test/unit/tables/generator.test.ts runs in the functional suite): the arm64
  // syscall headers and the section-2 man pages (kept by the trim: TRIM_KEEP)
  'linux-libc-dev-arm64-cross', 'manpages-dev',
  // what the sct_watch addon links (sct watch's tests run in the functional suite)
  'libbpf1',
];

// Installed with apt-get after debootstrap (its resolver handles their larger dependency trees):
// the functional suite runs every host test, and these two skip where they are missing:
// g++ (the C++ table-header test) and Debian's chromium (the explore HTML report test).
export const APT_PACKAGES = ['g++', 'chromium', 'fonts-dejavu-core'];

// The kernel's metapackage on the host; its Depends names the versioned package.
export const KERNEL_META = 'linux-image-amd64';

// Loaded from the initramfs (MODULES=list keeps the initrd small).
export const INITRAMFS_MODULES = ['virtio_pci', 'virtio_blk', 'ext4', '9p', '9pnet', '9pnet_virtio'];

// Module trees a virtio guest without network or display never loads
// (about 150 MB of the kernel's 400); depmod runs after they are removed.
export const TRIM_MODULE_DIRS = [
  'drivers/gpu', 'drivers/media', 'drivers/infiniband', 'drivers/staging', 'drivers/bluetooth',
  'drivers/net/wireless', 'drivers/net/ethernet', 'drivers/iio', 'sound', 'net/wireless',
  'net/mac80211', 'net/bluetooth',
];

// Paths under the trimmed trees (docs, man pages) that the tests read and the trim keeps:
// man2, and man3 because some man2 pages are links into it (getcwd.2 -> man3/getcwd.3, the mq_*).
export const TRIM_KEEP = ['usr/share/man/man2', 'usr/share/man/man3'];

// Sparse size of the ext4 root; only what the guest may write needs the headroom.
export const DISK_SIZE = '4G';

// Where the host's node binary is copied to in the guest.
export const GUEST_NODE = '/usr/local/bin/node';
// Where the host's npm (the package directory next to node's) is copied to; npm and npx are
// linked from /usr/local/bin (the generator test runs `npx tsx gen/main.ts --check`).
export const GUEST_NPM = '/usr/local/lib/node_modules/npm';

// The guest's init= program. It mounts the 9p share and hands over to
// vagrant/guest-init.sh there, so editing the guest side needs no rebuild.
export const GUEST_STUB = '/sbin/sct-init';
export const GUEST_STUB_TEXT = `#!/bin/sh
# Written by vagrant/build/image-spec.mjs. PID 1 of the test guest.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
# the initramfs hands over /proc, /sys and /dev already mounted
[ -e /proc/self ] || mount -t proc proc /proc
[ -d /sys/kernel ] || mount -t sysfs sysfs /sys
[ -e /dev/null ] || mount -t devtmpfs devtmpfs /dev
mkdir -p /mnt/host
modprobe 9pnet_virtio 2>/dev/null
modprobe 9p 2>/dev/null
if mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288,cache=loose hostshare /mnt/host &&
   [ -f /mnt/host/vagrant/guest-init.sh ]; then
  exec /bin/sh /mnt/host/vagrant/guest-init.sh
fi
echo "sct-init: cannot mount the host share hostshare on /mnt/host"
sync
echo o > /proc/sysrq-trigger
`;
