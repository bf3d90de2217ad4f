// Which path each fd was opened from, per process, followed through the recorded calls: open
// family results add, close removes, a fork copies the parent's table.

import { familyOf } from '../tables/index.js';

export class FdPaths {
  private readonly tables = new Map<number, Map<number, string>>();

  private table(pid: number): Map<number, string> {
    let t = this.tables.get(pid);
    if (!t) this.tables.set(pid, (t = new Map()));
    return t;
  }

  fork(parent: number, child: number): void {
    this.tables.set(child, new Map(this.table(parent)));
  }

  get(pid: number, fd: number): string | undefined {
    return this.tables.get(pid)?.get(fd);
  }

  /** Updates the table after a call returned `retval`. */
  after(pid: number, syscall: string, args: readonly bigint[], path: string | undefined, retval: bigint | undefined): void {
    if (retval === undefined || retval < 0n) return;
    if (familyOf(syscall) === 'open' && path !== undefined) this.table(pid).set(Number(retval), path);
    else if (syscall === 'close' && args[0] !== undefined) this.table(pid).delete(Number(args[0]));
  }
}
