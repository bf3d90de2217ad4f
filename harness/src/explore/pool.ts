// K evaluations at a time, over slots (workers.ts): this process, or a worker process, which
// takes its next schedule while it runs one so that it never waits for this process to answer.
// Items are handed out in index order and every in-flight run finishes after a stop, so every
// item below a failing one has run, whatever the slots are.

export interface Slot<T, R> {
  run(item: T): Promise<R>;
  /** How many runs this slot takes at once, now. */
  depth(): number;
  /** While pending: settles when depth() may change (a worker came up, or failed to). */
  changed(): Promise<unknown> | undefined;
}

export interface PoolOptions<T, R> {
  items: readonly T[];
  slots: readonly Slot<T, R>[];
  /** Called as each result is ready; return true to stop dispatching (in-flight runs finish). */
  onResult: (item: T, result: R) => boolean | void;
  /** Stop dispatching when this returns true (the time budget). */
  shouldStop?: () => boolean;
}

export async function runPool<T, R>(opts: PoolOptions<T, R>): Promise<void> {
  let next = 0;
  let stopped = false;
  const lane = async (slot: Slot<T, R>): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    while (!stopped && next < opts.items.length) {
      if (inFlight.size >= Math.max(1, slot.depth())) {
        const changed = slot.changed();
        await Promise.race(changed ? [...inFlight, changed] : inFlight);
        continue;
      }
      if (opts.shouldStop?.()) { stopped = true; break; }
      const item = opts.items[next++]!;
      const done: Promise<void> = slot.run(item).then((result) => {
        inFlight.delete(done);
        if (opts.onResult(item, result) === true) stopped = true;
      });
      inFlight.add(done);
    }
    await Promise.all(inFlight);
  };
  await Promise.all(opts.slots.map(lane));
}
