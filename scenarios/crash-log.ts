// `sct crash`: an append-only log that prints `ack i` once record i is appended. After a power
// loss at any point, every acknowledged record must be in `log`, and `log` must hold whole records
// only. The buggy log acknowledges without fsync; the fixed one fdatasyncs first, and fsyncs the
// directory once when it creates the log (docs/crash.md).
import { defineScenario } from 'syscalltrack';

export type Variant = 'buggy' | 'fixed';

const RECORDS = [1, 2, 3].map((i) => `record ${i}\n`);

const show = (text: string): string => (text === '' ? '"" (empty)' : /^\0+$/.test(text) ? `${text.length} zero bytes` : JSON.stringify(text));

/** How many whole records `log` holds, in order, or why it is not a sequence of whole records. */
function wholeRecords(log: string): number | string {
  let n = 0;
  let rest = log;
  while (n < RECORDS.length && rest.startsWith(RECORDS[n]!)) rest = rest.slice(RECORDS[n++]!.length);
  if (rest === '') return n;
  const what = rest.includes('\0') ? 'zero bytes where a record should be (its size reached the disk, its data did not)' : 'a torn or stray record';
  return `log is ${show(log)}: after ${n} whole record${n === 1 ? '' : 's'} comes ${show(rest)}, ${what}`;
}

export const crashLog = (variant: Variant) =>
  defineScenario({
    name: `crash-log-${variant}`,
    description: `power loss while appending to a log (${variant}): every acknowledged record must be in it, whole`,
    target: { c: './targets/crash-log.c', defines: variant === 'fixed' ? ['FIXED'] : [] },
    rules: [],
    expect: {
      exit: 0,
      stdout: /^ack 1\nack 2\nack 3\n$/,
      files: { log: { contains: /^record 1\nrecord 2\nrecord 3\n$/ } },
    },
    crash: {
      check: (s) => {
        const acked = [...s.stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
        const last = acked.at(-1);
        const log = s.read('log');
        if (log === undefined) return last === undefined ? undefined : `log is missing, though "ack ${last}" had been printed: ${last} acknowledged record${last === 1 ? ' was' : 's were'} lost`;
        const whole = wholeRecords(log);
        if (typeof whole === 'string') return whole;
        if (last !== undefined && whole < last) {
          return `log holds ${whole} whole record${whole === 1 ? '' : 's'} (${show(log)}), though "ack ${last}" had been printed: record ${whole + 1} was acknowledged and lost`;
        }
        return undefined;
      },
    },
  });

// `sct crash scenarios/crash-log.ts` checks the first (the buggy log); `--scenario crash-log-fixed` the other.
export default crashLog('buggy');
export const scenarios = [crashLog('fixed')];
