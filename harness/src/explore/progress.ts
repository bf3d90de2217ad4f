// Progress on stderr: a cli-progress bar when stderr is a TTY (runs done, failures, shrink step),
// plain lines every few seconds and at each phase change otherwise (CI logs).

import cliProgress from 'cli-progress';
import type { ExploreProgress } from './explore.js';

export interface ProgressView {
  update(p: ExploreProgress): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 5_000;

export function progressView(stream: NodeJS.WriteStream = process.stderr, tty = stream.isTTY === true): ProgressView {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: 'sct explore {phase} [{bar}] {value}/{total} runs | {failures} failing | shrink step {shrink}', stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { phase: p.phase.padEnd(8), failures: p.failures, shrink: p.shrinkSteps };
        if (!started && p.runsPlanned > 0) {
          bar.start(p.runsPlanned, p.runsDone, payload);
          started = true;
        } else if (started) bar.update(p.runsDone, payload);
      },
      stop: () => (started ? bar.stop() : undefined),
    };
  }
  let lastPhase = '';
  let lastAt = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase === lastPhase && now - lastAt < PLAIN_EVERY_MS) return;
      lastPhase = p.phase;
      lastAt = now;
      stream.write(`sct explore: ${p.phase}: ${p.runsDone}/${p.runsPlanned} runs, ${p.failures} failing, shrink step ${p.shrinkSteps}\n`);
    },
    stop: () => undefined,
  };
}
