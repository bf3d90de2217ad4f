// The CI log's view of a result: what failed, the minimal schedule, seed and path, how to reproduce.

import { faultText } from './faults.js';
import type { ExploreResult } from './explore.js';

export function markdownReport(r: ExploreResult, replay: { command: string; reproducer?: string }): string {
  const s = r.scenario;
  const head = `## sct explore: ${s.name}\n\n`;
  const stats = `Fault space: ${r.space.size} faults on ${r.space.sites.length} call sites (of ${r.profile.calls.length} recorded calls; ` +
    `${Object.entries(r.space.excluded).map(([k, v]) => `${v} ${k}`).join(', ') || 'none excluded'}).\n` +
    `Runs: ${r.runs} in ${(r.searchMs / 1000).toFixed(1)} s (${r.runsPerSecond.toFixed(1)}/s, ${r.workers} worker${r.workers === 1 ? '' : 's'}, shard ${r.shard.index}/${r.shard.count}), seed ${r.seed}.\n` +
    r.pool.notes.map((n) => `Workers: ${n}.\n`).join('');
  const cx = r.counterexample;
  if (!cx) return `${head}**No failure found.**\n\n${stats}`;
  const rows = cx.schedule.map((f, i) => `| ${i + 1} | \`${f.site.syscall}\` | ${f.site.id} | ${faultText(f.fault)} |`).join('\n');
  return `${head}**FAILED** with ${cx.schedule.length} fault${cx.schedule.length === 1 ? '' : 's'} (first failure at run ${cx.foundAt}, ${cx.shrinkSteps} shrink steps).\n\n` +
    `| # | syscall | call | fault |\n|---|---|---|---|\n${rows}\n\n` +
    `What failed:\n\n${cx.reasons.map((x) => `- ${x}`).join('\n')}\n\n` +
    `Replay: seed \`${r.seed}\`, path \`${cx.path}\`\n\n` +
    '```sh\n' + `${replay.command} --seed ${r.seed} --path ${cx.path}\n` + (replay.reproducer ? `sct run ${replay.reproducer}\n` : '') + '```\n\n' + stats;
}
