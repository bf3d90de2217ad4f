// Where the VM tooling keeps its files. Everything generated lives under
// .vm-cache/ in the checkout (gitignored): images, the accelerator verdict, results.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const vagrantDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.dirname(vagrantDir);
export const cacheDir = path.join(repoRoot, '.vm-cache');
export const imagesDir = path.join(cacheDir, 'images');
export const resultsDir = path.join(cacheDir, 'results');
export const buildDir = path.join(vagrantDir, 'build');
