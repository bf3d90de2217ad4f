// A self-contained HTML page (inline CSS, no scripts): the failing run's syscalls as a timeline,
// each injected fault marked with a <mark class="fault"> and listed above it.

import { faultText } from './faults.js';
import type { ExploreResult } from './explore.js';
import type { TimelineEntry } from './timeline.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left}
.summary td:first-child{color:#666}
ol.timeline{list-style:none;padding:0;border-left:3px solid #ccc;margin-left:8px}
ol.timeline li{position:relative;padding:1px 0 1px 16px;font-family:ui-monospace,monospace;font-size:12px}
ol.timeline li .t{display:inline-block;width:70px;color:#888}
ol.timeline li .pid{display:inline-block;width:60px;color:#888}
ol.timeline li.injected{background:#fee;border-left:4px solid #c00;margin-left:-3px}
mark.fault{background:#c00;color:#fff;padding:0 6px;border-radius:3px;margin-left:8px;font-weight:bold}
.reasons li{color:#900}
`;

function row(e: TimelineEntry): string {
  const fault = e.fault !== undefined ? `<mark class="fault">${esc(e.fault)}</mark>` : '';
  return `<li class="${e.fault !== undefined ? 'injected' : 'call'}" data-syscall="${esc(e.syscall)}"><span class="t">${e.ms.toFixed(2)} ms</span><span class="pid">${e.pid}</span>` +
    `${esc(e.syscall)}(${esc(e.detail)}) = ${esc(e.result)}${fault}</li>`;
}

export function htmlReport(r: ExploreResult, timeline: readonly TimelineEntry[], replay: { command: string }): string {
  const cx = r.counterexample;
  const faults = cx
    ? `<h2>Minimal schedule</h2><table class="schedule"><tr><th>#</th><th>call</th><th>fault</th></tr>${cx.schedule
        .map((f, i) => `<tr><td>explore-${i + 1}</td><td>${esc(f.site.id)}</td><td>${esc(faultText(f.fault))}</td></tr>`)
        .join('')}</table><h2>What failed</h2><ul class="reasons">${cx.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`
    : '<p>No failure found.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sct explore: ${esc(r.scenario.name)}</title><style>${CSS}</style></head>
<body>
<h1>sct explore: ${esc(r.scenario.name)} ${cx ? '— FAILED' : '— passed'}</h1>
<table class="summary">
<tr><td>seed / path</td><td><code>${r.seed}</code> / <code>${esc(cx?.path ?? '')}</code></td></tr>
<tr><td>replay</td><td><code>${esc(`${replay.command} --seed ${r.seed}${cx ? ` --path ${cx.path}` : ''}`)}</code></td></tr>
<tr><td>fault space</td><td>${r.space.size} faults on ${r.space.sites.length} call sites, ${r.profile.calls.length} calls recorded</td></tr>
<tr><td>runs</td><td>${r.runs} (${r.runsPerSecond.toFixed(1)}/s, ${r.workers} workers)</td></tr>
</table>
${faults}
<h2>Timeline of the failing run (${timeline.length} calls, ${timeline.filter((e) => e.fault !== undefined).length} injected)</h2>
<ol class="timeline">
${timeline.map(row).join('\n')}
</ol>
</body></html>
`;
}
