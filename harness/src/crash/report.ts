// What `sct crash` prints and writes: the summary, a markdown and an HTML report with the
// recorded operations as a timeline (the violating state's losses marked), and the state itself
// (a directory to look at, and a .state.json that `sct crash --replay` checks again).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Scenario } from '../scenarios/index.js';
import { StateChecker, type StateVerdict } from './check.js';
import type { CrashResult, ModelResult, Violation } from './crash.js';
import { CrashReplayError } from './errors.js';
import { FsTree } from './fs-model.js';
import { describeOp, isDataOp, isDirOp, type Op } from './ops.js';
import type { Recording } from './record.js';

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

function coverageText(m: ModelResult): string {
  const states = `${plural(m.checked, 'distinct state')} of ${plural(m.points, 'crash point')}`;
  if (m.coverage === 'all') return `${states} (every point${m.violation ? ' up to the violation' : ''})`;
  if (m.coverage === 'sampled') return `${plural(m.checked, 'distinct state')} sampled from ${plural(m.points, 'crash point')} (fast-check)`;
  return `${states}: stopped by --budget before the end`;
}

export function summaryText(r: CrashResult, replay: (m: ModelResult) => string | undefined): string {
  const rec = r.recording;
  const sampled = r.models.some((m) => m.coverage === 'sampled');
  const reorder = r.models.some((m) => m.model === 'reorder');
  const lines = [
    `${r.scenario.name}: ${plural(rec.ops.length, 'operation')} recorded from ${plural(rec.calls, 'call')} in ${(r.recordMs / 1000).toFixed(1)} s; ` +
      `seed ${r.seed}${sampled ? '' : ' (unused: no model was sampled)'}${reorder ? `, at most ${r.maxLost} lost per state (reorder)` : ''}`,
  ];
  for (const u of rec.unmodelled) lines.push(`warning: not modelled: ${u}`);
  for (const m of r.models) {
    const rate = m.ms > 0 ? ` (${(m.checked / (m.ms / 1000)).toFixed(1)} states/s)` : '';
    lines.push(`${m.model}: ${coverageText(m)} in ${(m.ms / 1000).toFixed(1)} s${rate}: ${m.violation ? 'VIOLATED' : 'no violation'}`);
    const v = m.violation;
    if (!v) continue;
    lines.push(`  power lost after operation ${v.point.cut} of ${rec.ops.length}${v.point.cut > 0 ? ` (${describeOp(rec.ops[v.point.cut - 1]!)})` : ''}`);
    for (const w of [...v.persisted.slice(0, 6), ...v.lost]) lines.push(`  ${w}`);
    if (v.persisted.length > 6) lines.push(`  (${v.persisted.length - 6} more persisted)`);
    if (v.stdout !== '') lines.push(`  printed before the loss: ${JSON.stringify(v.stdout.length > 120 ? `${v.stdout.slice(0, 117)}...` : v.stdout)}`);
    for (const x of v.reasons) lines.push(`  - ${x}`);
    const again = replay(m);
    if (again) lines.push(`  replay: ${again}`);
  }
  return `${lines.join('\n')}\n`;
}

type Status = 'on disk' | 'lost' | 'torn' | 'printed' | 'returned' | 'after the power loss';

export interface TimelineRow {
  index: number;
  pid: number;
  syscall: string;
  op: string;
  status: Status;
}

export function timeline(rec: Recording, v: Violation): TimelineRow[] {
  const lost = new Map(v.point.lost.map((l) => [l.op, l.keep]));
  return rec.ops.map((op: Op, i) => {
    let status: Status;
    if (i >= v.point.cut) status = 'after the power loss';
    else if (lost.has(i)) status = lost.get(i) !== undefined ? 'torn' : 'lost';
    else if (op.kind === 'output') status = 'printed';
    else if (isDirOp(op) || isDataOp(op)) status = 'on disk';
    else status = 'returned';
    return { index: i + 1, pid: op.src.pid, syscall: op.src.syscall, op: describeOp(op), status };
  });
}

export function markdownReport(r: CrashResult, m: ModelResult, replay: string): string {
  const v = m.violation!;
  const rows = timeline(r.recording, v).map((t) => `| ${t.index} | ${t.pid} | ${t.syscall} | \`${t.op.replaceAll('|', '\\|')}\` | ${t.status === 'lost' || t.status === 'torn' ? `**${t.status}**` : t.status} |`);
  return [
    `# sct crash: ${r.scenario.name}, model ${m.model}: violated`,
    '',
    `Power lost after operation ${v.point.cut} of ${r.recording.ops.length}. ${coverageText(m)}; seed ${r.seed}.`,
    '',
    '## What made this state',
    '',
    ...[...v.persisted, ...v.lost].map((w) => `- ${w}`),
    '',
    '## What the checks said',
    '',
    ...v.reasons.map((x) => `- ${x}`),
    '',
    ...(v.recovery ? ['## Recovery', '', `exit ${v.recovery.exitCode ?? v.recovery.signal}`, '', '```', v.recovery.stdout + v.recovery.stderr, '```', ''] : []),
    '## Timeline',
    '',
    '| # | pid | call | operation | at the power loss |',
    '|---:|---:|---|---|---|',
    ...rows,
    '',
    `Replay: \`${replay}\``,
    '',
  ].join('\n');
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function htmlReport(r: CrashResult, m: ModelResult, replay: string): string {
  const v = m.violation!;
  const css = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}
ol.timeline{list-style:none;padding:0;border-left:3px solid #ccc;margin-left:8px}
ol.timeline li{padding:1px 0 1px 16px;font-family:ui-monospace,monospace;font-size:12px}
ol.timeline li .n,ol.timeline li .pid{display:inline-block;width:50px;color:#888}
ol.timeline li.lost,ol.timeline li.torn{background:#fee;border-left:4px solid #c00;margin-left:-3px}
ol.timeline li.after{color:#aaa}li.cut{border-top:3px dashed #c00;margin-top:4px}
mark{background:#c00;color:#fff;padding:0 6px;border-radius:3px;margin-left:8px}.reasons li{color:#900}`;
  const items = timeline(r.recording, v).map((t) => {
    const cls = t.status === 'lost' || t.status === 'torn' ? t.status : t.status === 'after the power loss' ? 'after' : 'ok';
    const cut = t.index === v.point.cut + 1 ? ' cut' : '';
    const mark = cls === 'lost' || cls === 'torn' ? `<mark>${esc(t.status)}</mark>` : '';
    return `<li class="${cls}${cut}"><span class="n">#${t.index}</span><span class="pid">${t.pid}</span>${esc(t.op)}${mark}</li>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sct crash: ${esc(r.scenario.name)} (${m.model})</title><style>${css}</style></head>
<body>
<h1>sct crash: ${esc(r.scenario.name)}, model ${esc(m.model)}: violated</h1>
<p>Power lost after operation ${v.point.cut} of ${r.recording.ops.length} (dashed line). Seed ${r.seed}.</p>
<h2>What made this state</h2><ul>${[...v.persisted, ...v.lost].map((w) => `<li>${esc(w)}</li>`).join('')}</ul>
<h2>What the checks said</h2><ul class="reasons">${v.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
<h2>Timeline</h2><ol class="timeline">${items.join('\n')}</ol>
<p>Replay: <code>${esc(replay)}</code></p>
</body></html>
`;
}

export interface SavedState {
  kind: 'sct-crash-state';
  version: 1;
  scenario: string;
  model: string;
  cut: number;
  stdout: string;
  lost: string[];
  reasons: string[];
  files: ReturnType<FsTree['toJSON']>;
  /** The work directory before the run (what `'unchanged'` compares with). */
  initial: ReturnType<FsTree['toJSON']>;
}

export interface WrittenFiles {
  markdown: string;
  html: string;
  state: string;
  stateDir: string;
}

/** Writes the reports and the state for a model's violation into `outDir`. */
export function writeViolation(r: CrashResult, m: ModelResult, outDir: string, replayFor: (stateFile: string) => string): WrittenFiles {
  const v = m.violation!;
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `${r.scenario.name}.${m.model}`);
  const files = { markdown: `${base}.md`, html: `${base}.html`, state: `${base}.state.json`, stateDir: `${base}.state` };
  const saved: SavedState = { kind: 'sct-crash-state', version: 1, scenario: r.scenario.name, model: m.model, cut: v.point.cut, stdout: v.stdout, lost: v.lost, reasons: v.reasons, files: v.tree.toJSON(), initial: r.recording.initial.toJSON() };
  writeFileSync(files.state, `${JSON.stringify(saved, null, 1)}\n`);
  rmSync(files.stateDir, { recursive: true, force: true });
  mkdirSync(files.stateDir);
  v.tree.write(files.stateDir);
  const replay = replayFor(relative(process.cwd(), files.state));
  writeFileSync(files.markdown, markdownReport(r, m, replay));
  writeFileSync(files.html, htmlReport(r, m, replay));
  return files;
}

export function readSavedState(file: string): SavedState {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CrashReplayError(`--replay ${file}: ${(error as Error).message}`, { cause: error });
  }
  const s = data as Partial<SavedState>;
  if (s?.kind !== 'sct-crash-state' || s.version !== 1 || !Array.isArray(s.files) || !Array.isArray(s.initial) || typeof s.scenario !== 'string') {
    throw new CrashReplayError(`--replay ${file}: not a crash state saved by sct crash (expected kind 'sct-crash-state', version 1)`);
  }
  return s as SavedState;
}

/** Checks a saved state again with the scenario's current `crash` expectations. */
export async function replayState(scenario: Scenario, saved: SavedState, baseDir?: string): Promise<StateVerdict> {
  const checker = new StateChecker(scenario, FsTree.fromJSON(saved.initial), baseDir);
  return checker.check(FsTree.fromJSON(saved.files), { model: saved.model, cut: saved.cut, stdout: saved.stdout, lost: saved.lost });
}
