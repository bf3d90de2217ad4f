// Named, timed build steps: "==> name" then "    name: 12.3s (elapsed ...)".
// zx's spinner only where someone watches a terminal.
import { spinner } from 'zx';

const interactive = process.stderr.isTTY && !process.env.CI;

export function stepper(tag) {
  const started = Date.now();
  const times = {};
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
  async function step(name, fn) {
    const t0 = Date.now();
    console.log(`[${tag}] ==> ${name}`);
    const result = interactive ? await spinner(name, fn) : await fn();
    times[name] = Math.round((Date.now() - t0) / 100) / 10;
    console.log(`[${tag}]     ${name}: ${times[name].toFixed(1)}s (elapsed ${elapsed()}s)`);
    return result;
  }
  return { step, times, elapsed };
}
