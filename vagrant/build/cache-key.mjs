// The image's cache key: a hash of everything that goes into it. The builder's
// files that decide the image's contents are hashed whole, so any edit to them
// rebuilds the image; its plumbing (progress, lock, this file) does not.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildDir, vagrantDir } from '../paths.mjs';

export function sha256File(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

const CONTENT_FILES = ['image-spec.mjs', 'host-apt.mjs', 'rootfs.mjs', 'disk.mjs'];

export function builderFiles() {
  return [path.join(vagrantDir, 'build-image.mjs'), ...CONTENT_FILES.map((f) => path.join(buildDir, f))];
}

/** @param {{packages: string[], kernelVersion: string, sources: object[], nodeBinary: string, npmDir?: string}} inputs */
export function cacheKey(inputs) {
  const parts = {
    packages: inputs.packages,
    kernelVersion: inputs.kernelVersion,
    sources: inputs.sources,
    node: sha256File(inputs.nodeBinary),
    npm: inputs.npmDir && JSON.parse(fs.readFileSync(path.join(inputs.npmDir, 'package.json'), 'utf8')).version,
    builder: builderFiles().map((f) => [path.basename(f), sha256File(f)]),
  };
  const hash = crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return { key: hash.slice(0, 16), parts };
}
