// K evaluations at a time. A run's work happens in the target and in the supervisor's native
// threads, not in JS: K concurrent async runs in this process keep K targets busy, without the
// start-up cost of worker threads or processes (docs/explore.md, "Workers").

export interface PoolOptions<T, R> {
  items: readonly T[];
  workers: number;
  run: (item: T) => Promise<R>;
  /** Called as each result is ready; return true to stop dispatching (in-flight runs finish). */
  onResult: (item: T, result: R) => boolean | void;
  /** Stop dispatching when this returns true (the time budget). */
  shouldStop?: () => boolean;
}

export async function runPool<T, R>(opts: PoolOptions<T, R>): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < opts.items.length) {
      if (opts.shouldStop?.()) { stopped = true; break; }
      const item = opts.items[next++]!;
      const result = await opts.run(item);
      if (opts.onResult(item, result) === true) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.workers, opts.items.length)) }, worker));
}
