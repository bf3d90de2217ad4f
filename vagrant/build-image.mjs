#!/usr/bin/env node
// Builds the Debian 12 test guest from Debian packages and caches it under
// .vm-cache/images/<key>/ (root.qcow2, vmlinuz, initrd.img, manifest.json), where
// <key> hashes every input; an image whose key is unchanged is reused.
//   node vagrant/build-image.mjs [--force] [--print-key]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { $, minimist } from 'zx';
import { cacheDir, imagesDir, vagrantDir } from './paths.mjs';
import { DISK_SIZE, KERNEL_META, PACKAGES, SUITE } from './build/image-spec.mjs';
import { debianSources, kernelVersion } from './build/host-apt.mjs';
import { cacheKey } from './build/cache-key.mjs';
import { stepper } from './build/steps.mjs';
import { withLock } from './build/lock.mjs';
import * as rootfs from './build/rootfs.mjs';
import { makeDisk } from './build/disk.mjs';

const NODE_BINARY = process.env.SCT_VM_NODE ?? (fs.existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath);

/** What the image would be built from, and where it lives. Cheap: builds nothing. */
export async function imagePlan() {
  const sources = debianSources(SUITE);
  const kver = await kernelVersion(KERNEL_META);
  const { key, parts } = cacheKey({ packages: PACKAGES, kernelVersion: kver, sources, nodeBinary: NODE_BINARY, npmDir: rootfs.hostNpmDir(NODE_BINARY) });
  const dir = path.join(imagesDir, key);
  return {
    key, parts, sources, kernelVersion: kver, dir,
    disk: path.join(dir, 'root.qcow2'),
    kernel: path.join(dir, 'vmlinuz'),
    initrd: path.join(dir, 'initrd.img'),
    manifest: path.join(dir, 'manifest.json'),
  };
}

/** Returns the image for the current inputs, building it first when needed. */
export async function ensureImage({ force = false, log = console.log } = {}) {
  let plan = await imagePlan();
  if (!force && fs.existsSync(plan.manifest)) {
    log(`[image] reusing ${path.relative(process.cwd(), plan.dir) || plan.dir} (kernel ${plan.kernelVersion})`);
    return { ...plan, reused: true, info: JSON.parse(fs.readFileSync(plan.manifest, 'utf8')) };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  return withLock(path.join(cacheDir, 'build.lock'), async () => {
    plan = await imagePlan();
    if (!force && fs.existsSync(plan.manifest)) return ensureImage({ log });
    const info = await buildTwice(plan, log);
    return { ...plan, reused: false, info };
  }, { log });
}

/**
 * One more attempt after a failed build: the build downloads some 300 packages from Debian's
 * mirrors, and a mirror that drops a connection once should not fail a CI run. The first failure
 * is printed; a second one is the error.
 */
async function buildTwice(plan, log) {
  try {
    return await build(plan, log);
  } catch (err) {
    log(`[image] build failed: ${String(err.message ?? err).split('\n')[0]}; building once more`);
    return build(plan, log);
  }
}

async function build(plan, log) {
  const { step, times, elapsed } = stepper('image');
  const work = `${plan.dir}.tmp-${process.pid}`;
  const root = path.join(work, 'rootfs');
  const mirror = plan.sources.find((s) => s.suite === SUITE).uri;
  log(`[image] building ${plan.key}: ${SUITE} from ${mirror}, kernel ${plan.kernelVersion}, node ${NODE_BINARY}`);
  await removeStale();
  fs.mkdirSync(work, { recursive: true });
  // Ctrl-C mid-build: leave no mounts and no half-built tree behind.
  const onSignal = (sig) => { rootfs.removeTreeSync(work); process.exit(sig === 'SIGINT' ? 130 : 143); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let nodeVersion;
  let npmVersion;
  try {
    await step('host tools', () => $`sh ${path.join(vagrantDir, 'install-host-deps.sh')}`.quiet());
    await step('debootstrap', () => rootfs.debootstrap(root, { suite: SUITE, packages: PACKAGES, mirror }));
    rootfs.configure(root, plan.sources);
    await rootfs.withProc(root, async () => {
      await step(`kernel ${plan.kernelVersion}`, () => rootfs.installKernel(root, plan.kernelVersion));
      await step('packages', () => rootfs.installAptPackages(root));
      await step('initramfs', () => rootfs.mkinitramfs(root, plan.kernelVersion));
      nodeVersion = await step('node', () => rootfs.installNode(root, NODE_BINARY));
      npmVersion = await step('npm', () => rootfs.installNpm(root, NODE_BINARY));
      await step('trim', () => rootfs.trim(root, plan.kernelVersion));
    });
    fs.copyFileSync(path.join(root, `boot/vmlinuz-${plan.kernelVersion}`), path.join(work, 'vmlinuz'));
    fs.copyFileSync(path.join(root, `boot/initrd.img-${plan.kernelVersion}`), path.join(work, 'initrd.img'));
    await step('disk', () => makeDisk(root, path.join(work, 'root.raw'), path.join(work, 'root.qcow2'), DISK_SIZE));
    await rootfs.removeTree(root);
    const mb = (f) => Math.round(fs.statSync(path.join(work, f)).size / 1e5) / 10;
    const info = {
      key: plan.key, kernelVersion: plan.kernelVersion, nodeVersion, npmVersion, builtAt: new Date().toISOString(),
      seconds: { ...times, total: Number(elapsed()) },
      sizesMB: { 'root.qcow2': mb('root.qcow2'), vmlinuz: mb('vmlinuz'), 'initrd.img': mb('initrd.img') },
      inputs: plan.parts,
    };
    fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(info, null, 2) + '\n');
    await rootfs.removeTree(plan.dir);
    fs.renameSync(work, plan.dir);
    prune(plan.key);
    log(`[image] done in ${elapsed()}s: ${plan.dir} (qcow2 ${info.sizesMB['root.qcow2']} MB, initrd ${info.sizesMB['initrd.img']} MB)`);
    return info;
  } catch (err) {
    await rootfs.removeTree(work);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Half-built trees of builds that died (their pid is gone). */
async function removeStale() {
  if (!fs.existsSync(imagesDir)) return;
  for (const e of fs.readdirSync(imagesDir)) {
    const m = /\.tmp-(\d+)$/.exec(e);
    if (!m) continue;
    let alive = true;
    try { process.kill(Number(m[1]), 0); } catch { alive = false; }
    if (!alive || Number(m[1]) === process.pid) await rootfs.removeTree(path.join(imagesDir, e));
  }
}

/** Keeps only the current image. */
function prune(keep) {
  for (const e of fs.readdirSync(imagesDir)) {
    if (e !== keep && !e.includes('.tmp-')) fs.rmSync(path.join(imagesDir, e), { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = minimist(process.argv.slice(2), { boolean: ['force', 'print-key'] });
  try {
    if (argv['print-key']) {
      const plan = await imagePlan();
      console.log(plan.key, plan.kernelVersion, fs.existsSync(plan.manifest) ? 'built' : 'missing');
    } else {
      await ensureImage({ force: argv.force });
    }
  } catch (err) {
    console.error(`build-image: ${err.message ?? err}`);
    process.exit(1);
  }
}
