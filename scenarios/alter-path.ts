// ALTER of a path string: `cat input.txt` is made to open other.txt instead.
import { defineScenario, rule } from 'syscalltrack';

export default defineScenario({
  name: 'alter-path',
  description: "redirect a path: cat's openat of input.txt is rewritten to other.txt",
  target: { command: 'cat', args: ['input.txt'], files: { 'input.txt': 'the original\n', 'other.txt': 'the redirected\n' } },
  rules: [rule.before('openat').where({ path: 'input.txt' }).alter('path', 'other.txt').named('redirect')],
  expect: {
    exit: 0,
    stdout: { includes: 'the redirected', excludes: 'the original' },
    files: { 'input.txt': 'unchanged' },
    injected: { redirect: 1 },
  },
});
