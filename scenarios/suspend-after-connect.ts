// The client is stopped right after its connect returns. The server, meanwhile, has the
// connection and sees the client stopped (state T); 500 ms later the client goes on by itself.
import { defineScenario, rule } from 'syscalltrack';

export default defineScenario({
  name: 'suspend-after-connect',
  description: 'SUSPEND a client for 500 ms after connect returns: the server sees it connected and stopped (T), then it resumes',
  target: { c: './targets/connect-stop.c' },
  rules: [rule.after('connect').where({ COMM: 'client' }).suspend('500ms').named('freeze-client')],
  expect: {
    exit: 0,
    stdout: [/server: accepted; client \d+ is in state [Tt]\n/, 'client: connected', 'server: client said hello'],
    injected: { 'freeze-client': 1 },
    maxRunMs: 10_000,
    check: (r) => {
      const lines = r.stdout.split('\n');
      const seen = lines.findIndex((l) => l.startsWith('server: accepted'));
      const connected = lines.indexOf('client: connected');
      return seen >= 0 && connected > seen ? undefined : `expected the server to see the stopped client before it printed "connected", got ${JSON.stringify(r.stdout)}`;
    },
  },
});
