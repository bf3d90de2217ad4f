// "Which process did that?": three workers, one deletes victim.txt. A LOG rule on @unlink names
// the culprit by pid and comm.
import { defineScenario, rule } from 'syscalltrack';

export default defineScenario({
  name: 'who-deleted',
  description: 'LOG every @unlink in a tree of workers: the log names the one that deleted victim.txt (pid and comm)',
  target: { c: './targets/workers.c', files: { 'victim.txt': 'precious\n' } },
  rules: [rule.before('@unlink').log('deleted by pid %pid (%comm): %call').named('who')],
  expect: {
    exit: 0,
    files: { 'victim.txt': { exists: false } },
    check: (r) => {
      const pid = /worker-2 pid=(\d+)/.exec(r.stdout)?.[1];
      const lines = r.log.filter((l) => l.includes('victim.txt'));
      if (lines.length !== 1) return `expected one log line about victim.txt, got ${JSON.stringify(r.log)}`;
      const want = `deleted by pid ${pid} (worker-2): unlink`;
      return lines[0]!.startsWith(want) ? undefined : `expected the log to start with "${want}", got ${JSON.stringify(lines[0])}`;
    },
  },
});
