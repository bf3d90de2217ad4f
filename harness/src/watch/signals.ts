// `sct watch` runs until SIGINT or SIGTERM; SIGHUP asks for the rules to be read again. A timer
// keeps Node's loop alive meanwhile (the addon's poll thread does not: its ThreadSafeFunction is
// unreferenced so that a crash in JS never leaves Node waiting on it).

export interface WatchWait {
  /** Resolves with the signal that ended the watch. */
  done: Promise<NodeJS.Signals>;
  dispose(): void;
}

export function waitForStop(onHup: () => void): WatchWait {
  let resolve!: (s: NodeJS.Signals) => void;
  const done = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = (s: NodeJS.Signals): void => resolve(s);
  // `sct watch | head -3`: the reader is gone; stop as on SIGPIPE, with the summary on stderr.
  const onStdoutError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') resolve('SIGPIPE');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', onHup);
  process.stdout.on('error', onStdoutError);
  return {
    done,
    dispose() {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', onHup);
      process.stdout.off('error', onStdoutError);
    },
  };
}
