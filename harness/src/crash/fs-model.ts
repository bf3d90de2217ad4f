// A directory tree in memory: names to inodes, inodes to contents. Crash states are built by
// applying a chosen subsequence of the recorded operations to the tree the run started from.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { DataOp, DirOp } from './ops.js';

export interface Inode {
  dir: boolean;
  data: Uint8Array;
}

const parentOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
export { parentOf };

export class FsTree {
  /** Relative path -> inode number; '' (the work directory) is inode 0 and always there. */
  readonly entries = new Map<string, number>([['', 0]]);
  readonly inodes = new Map<number, Inode>([[0, { dir: true, data: new Uint8Array(0) }]]);

  clone(): FsTree {
    const t = new FsTree();
    for (const [k, v] of this.entries) t.entries.set(k, v);
    for (const [k, v] of this.inodes) t.inodes.set(k, { dir: v.dir, data: v.data });
    return t;
  }

  /** A tree read from disk (symlinks and special files are not modelled and are refused). */
  static read(root: string): FsTree {
    const t = new FsTree();
    let next = 1;
    const walk = (rel: string): void => {
      for (const name of readdirSync(join(root, rel)).sort()) {
        const path = rel === '' ? name : `${rel}/${name}`;
        const st = lstatSync(join(root, path));
        if (st.isDirectory()) {
          t.entries.set(path, next);
          t.inodes.set(next++, { dir: true, data: new Uint8Array(0) });
          walk(path);
        } else if (st.isFile()) {
          t.entries.set(path, next);
          t.inodes.set(next++, { dir: false, data: new Uint8Array(readFileSync(join(root, path))) });
        } else throw new Error(`${path}: only regular files and directories are modelled, this is neither`);
      }
    };
    walk('');
    return t;
  }

  /** The highest inode number in use (new inodes of the run are numbered above it). */
  maxIno(): number {
    return Math.max(...this.inodes.keys());
  }

  /** Applies a directory operation; false when it cannot be (its source is missing in this state). */
  applyDir(op: DirOp): boolean {
    switch (op.kind) {
      case 'create':
      case 'mkdir':
        if (!this.entries.has(parentOf(op.path))) return false;
        this.entries.set(op.path, op.ino);
        if (!this.inodes.has(op.ino)) this.inodes.set(op.ino, { dir: op.kind === 'mkdir', data: new Uint8Array(0) });
        return true;
      case 'unlink':
      case 'rmdir':
        if (!this.entries.has(op.path)) return false;
        this.removeTree(op.path);
        return true;
      case 'link': {
        const ino = this.entries.get(op.from);
        if (ino === undefined || !this.entries.has(parentOf(op.to))) return false;
        this.entries.set(op.to, ino);
        return true;
      }
      case 'rename': {
        if (!this.entries.has(op.from) || !this.entries.has(parentOf(op.to))) return false;
        if (op.exchange) {
          if (!this.entries.has(op.to)) return false;
          const a = this.subtree(op.from), b = this.subtree(op.to);
          this.removeTree(op.from);
          this.removeTree(op.to);
          for (const [p, ino] of a) this.entries.set(op.to + p.slice(op.from.length), ino);
          for (const [p, ino] of b) this.entries.set(op.from + p.slice(op.to.length), ino);
          return true;
        }
        const moved = this.subtree(op.from);
        this.removeTree(op.from);
        if (this.entries.has(op.to)) this.removeTree(op.to);
        for (const [p, ino] of moved) this.entries.set(op.to + p.slice(op.from.length), ino);
        return true;
      }
    }
  }

  /** Applies a data operation, or the first `keep` bytes of a write (a torn write). */
  applyData(op: DataOp, keep?: number): void {
    const node = this.inodes.get(op.ino);
    if (!node) return;
    const resize = (size: number): Uint8Array => {
      const out = new Uint8Array(size);
      out.set(node.data.subarray(0, Math.min(size, node.data.length)));
      return out;
    };
    if (op.kind === 'truncate') node.data = resize(op.size);
    else if (op.kind === 'zero') {
      const end = op.offset + op.length;
      const data = resize(op.extend ? Math.max(end, node.data.length) : node.data.length);
      data.fill(0, op.offset, Math.min(end, data.length));
      node.data = data;
    } else {
      const bytes = keep === undefined ? op.data : op.data.subarray(0, keep);
      const end = op.offset + bytes.length;
      const data = end > node.data.length ? resize(end) : new Uint8Array(node.data);
      data.set(bytes, op.offset);
      node.data = data;
    }
  }

  private subtree(path: string): [string, number][] {
    return [...this.entries].filter(([p]) => p === path || p.startsWith(`${path}/`));
  }

  private removeTree(path: string): void {
    for (const [p] of this.subtree(path)) this.entries.delete(p);
  }

  /** The file at `path`, or undefined. */
  file(path: string): Inode | undefined {
    const ino = this.entries.get(path);
    return ino === undefined ? undefined : this.inodes.get(ino);
  }

  /** Same names, kinds and contents: same hash. */
  hash(): string {
    const h = createHash('sha256');
    for (const p of [...this.entries.keys()].sort()) {
      const node = this.inodes.get(this.entries.get(p)!)!;
      h.update(`${p}\0${node.dir ? 'd' : 'f'}${node.data.length}\0`);
      h.update(node.data);
    }
    return h.digest('hex');
  }

  /** Writes the tree into `root` (an empty directory). Hard links become copies. */
  write(root: string): void {
    for (const p of [...this.entries.keys()].sort()) {
      if (p === '') continue;
      const node = this.inodes.get(this.entries.get(p)!)!;
      if (node.dir) mkdirSync(join(root, p), { recursive: true });
      else writeFileSync(join(root, p), node.data);
    }
  }

  /** Names and contents as JSON-friendly data (a saved state, which `--replay` rebuilds). */
  toJSON(): { path: string; dir: boolean; base64?: string }[] {
    return [...this.entries.keys()].sort().filter((p) => p !== '').map((p) => {
      const node = this.inodes.get(this.entries.get(p)!)!;
      return node.dir ? { path: p, dir: true } : { path: p, dir: false, base64: Buffer.from(node.data).toString('base64') };
    });
  }

  static fromJSON(items: readonly { path: string; dir: boolean; base64?: string }[]): FsTree {
    const t = new FsTree();
    let ino = 1;
    for (const it of items) {
      t.entries.set(it.path, ino);
      t.inodes.set(ino++, { dir: it.dir, data: it.dir ? new Uint8Array(0) : new Uint8Array(Buffer.from(it.base64 ?? '', 'base64')) });
    }
    return t;
  }
}
