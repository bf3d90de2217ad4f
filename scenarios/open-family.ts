// One rule on @open fails every member of the family: open, openat and creat alike.
import { defineScenario, rule } from 'syscalltrack';

export default defineScenario({
  name: 'open-family',
  description: 'a rule on @open catches open(2), openat(2) and creat(2): each blocked-* file fails with EACCES',
  target: { c: './targets/open-family.c', files: { 'free.txt': 'free\n', 'blocked-open.txt': '', 'blocked-openat.txt': '' } },
  rules: [rule.before('@open').where({ path: /^blocked-/ }).fail('EACCES').named('deny-blocked')],
  expect: {
    exit: 0,
    stdout: ['open: EACCES', 'openat: EACCES', 'creat: EACCES', 'openat-free: ok'],
    files: { 'blocked-creat.txt': { exists: false } },
    injected: { 'deny-blocked': 3 },
    check: (r) => {
      const names = r.injections.map((i) => i.syscall).sort().join(',');
      return names === 'creat,open,openat' ? undefined : `expected injections on creat, open and openat, got ${names}`;
    },
  },
});
