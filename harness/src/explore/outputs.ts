// Writes what a found failure leaves behind: the reproducer scenario, report.md, report.html.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { packageRoot } from '../paths.js';
import { relative, resolve } from 'node:path';
import type { Exclusions } from './exclusions.js';
import type { ExploreResult } from './explore.js';
import { htmlReport } from './report-html.js';
import { markdownReport } from './report-markdown.js';
import { reproducerSource } from './reproducer.js';
import { timelineRun } from './timeline.js';

export interface ExploreFiles {
  reproducer?: string;
  markdown: string;
  html: string;
}

/** The command that replays this exploration. */
export function replayCommand(r: ExploreResult): string {
  const file = r.scenario.file ? relative(process.cwd(), r.scenario.file) : '<scenario file>';
  return `sct explore ${file} --scenario ${r.scenario.name}`;
}

export async function writeOutputs(r: ExploreResult, outDir: string, _ex: Exclusions): Promise<ExploreFiles> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const command = replayCommand(r);
  const cx = r.counterexample!;
  let reproducer: string | undefined;
  if (r.scenario.file) {
    // Outside the package, tsx would load the reproducer as CommonJS: mark the folder as ESM.
    const pkg = resolve(dir, 'package.json');
    if (relative(packageRoot(), dir).startsWith('..') && !existsSync(pkg)) writeFileSync(pkg, '{ "type": "module" }\n');
    reproducer = resolve(dir, `${r.scenario.name}.repro.ts`);
    writeFileSync(reproducer, reproducerSource(r, dir, command));
  }
  const markdown = resolve(dir, `${r.scenario.name}.report.md`);
  writeFileSync(markdown, markdownReport(r, { command, ...(reproducer ? { reproducer: relative(process.cwd(), reproducer) } : {}) }));
  const html = resolve(dir, `${r.scenario.name}.report.html`);
  writeFileSync(html, htmlReport(r, await timelineRun(r.scenario, cx.schedule), { command }));
  return { ...(reproducer ? { reproducer } : {}), markdown, html };
}
