// Diagnostics as rustc and peggy print them: a header, ` --> file:line:col`, the line with a
// gutter, and `^` under the offending token.

import type { Diagnostic } from '../../errors.js';

export function formatDiagnostic(d: Diagnostic, text: string): string {
  const header = `${d.severity}[${d.code}]: ${d.message}`;
  if (!d.loc) return header;
  const { source, line, column, length } = d.loc;
  const where = `${header}\n --> ${source}:${line}:${column}`;
  const lineText = text.split('\n')[line - 1]?.replace(/\r$/, '');
  if (lineText === undefined) return where;
  const gutter = ' '.repeat(String(line).length);
  // Keep tabs so that the caret lines up under the token however wide the terminal draws them.
  const indent = lineText.slice(0, column - 1).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, Math.min(length, lineText.length - column + 1)));
  return `${where}\n${gutter} |\n${line} | ${lineText}\n${gutter} | ${indent}${carets}`;
}

export function formatDiagnostics(ds: readonly Diagnostic[], text: string): string {
  return ds.map((d) => formatDiagnostic(d, text)).join('\n\n');
}
