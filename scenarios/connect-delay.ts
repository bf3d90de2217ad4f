// A slow network: connect is held 300 ms. The client still gets its answer, and sees the delay.
import { defineScenario, rule } from 'syscalltrack';

export default defineScenario({
  name: 'connect-delay',
  description: 'DELAY every connect by 300 ms: fetch still gets its answer, and measures the wait',
  target: { c: './targets/fetch.c', defines: ['FIXED'] },
  rules: [rule.before('connect').delay('300ms').named('slow-net')],
  expect: {
    exit: 0,
    stdout: 'fetch: got pong',
    injected: { 'slow-net': 1 },
    maxRunMs: 10_000,
    check: (r) => {
      const ms = Number(/connect took (\d+) ms/.exec(r.stdout)?.[1]);
      return ms >= 290 ? undefined : `expected connect to take at least 300 ms, it took ${ms} ms`;
    },
  },
});
