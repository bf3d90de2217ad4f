// The first connect is refused (ECONNREFUSED), as when the server restarts. The client must retry;
// the buggy fetch writes on the unconnected socket and dies of SIGPIPE.
import { defineScenario, rule, sym } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

export const connectRefused = (variant: Variant) =>
  defineScenario({
    name: `connect-refused-${variant}`,
    description: `ECONNREFUSED on the first connect to 127.0.0.1: fetch (${variant}) must retry and get its answer`,
    target: { c: './targets/fetch.c', defines: variant === 'fixed' ? ['FIXED'] : [], timeoutMs: 20_000 },
    rules: [rule.before('connect').where({ addr: { family: sym('AF_INET') } }).fail('ECONNREFUSED').nth(1).named('refuse')],
    expect: {
      exit: 0,
      signal: 'none',
      stdout: 'fetch: got pong',
      injected: { refuse: 1 },
    },
  });

export default connectRefused('fixed');
