// Diagnostics as rustc and peggy print them: a header, ` --> file:line:col`, the line with a
// gutter, and `^` under the offending token. Whatever the input, the output stays small and
// inert: a long line shows a window of WINDOW characters around the caret, with `…` where it
// is cut; control characters (from the input, in the line or the message) print as \xHH; a
// message longer than MAX_MESSAGE is cut.

import type { Diagnostic } from '../../errors.js';

const WINDOW = 100;
/** Characters of the window shown before the caret, when the line has to be cut. */
const BEFORE_CARET = 40;
const MAX_MESSAGE = 300;

/** Control characters (tab excepted: it keeps the caret under the token) as \xHH. */
export function escapeControls(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (ch) => '\\x' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** Offsets where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(text: string, starts: readonly number[], line: number): string | undefined {
  const start = starts[line - 1];
  if (start === undefined) return undefined;
  const end = starts[line] === undefined ? text.length : starts[line]! - 1;
  return text.slice(start, end).replace(/\r$/, '');
}

/** The echoed line and the caret line under it, cut to a window around the caret. */
function excerpt(lineText: string, column: number, length: number): [string, string] {
  const at = Math.min(column - 1, lineText.length);
  const start = lineText.length <= WINDOW ? 0 : Math.max(0, Math.min(at - BEFORE_CARET, lineText.length - WINDOW));
  const end = Math.min(lineText.length, start + WINDOW);
  const before = escapeControls(lineText.slice(start, at));
  const tokenEnd = Math.min(end, at + Math.max(1, length));
  const token = escapeControls(lineText.slice(at, tokenEnd));
  const open = start > 0 ? '…' : '';
  const close = end < lineText.length ? '…' : '';
  const shown = `${open}${before}${token}${escapeControls(lineText.slice(tokenEnd, end))}${close}`;
  // Keep tabs so that the caret lines up under the token however wide the terminal draws them.
  const indent = `${open ? ' ' : ''}${before.replace(/[^\t]/g, ' ')}`;
  return [shown, `${indent}${'^'.repeat(Math.max(1, token.length))}`];
}

function format(d: Diagnostic, text: string, starts: readonly number[]): string {
  const header = `${d.severity}[${d.code}]: ${cut(escapeControls(d.message), MAX_MESSAGE)}`;
  if (!d.loc) return header;
  const { source, line, column, length } = d.loc;
  const where = `${header}\n --> ${escapeControls(source)}:${line}:${column}`;
  const lineText = lineOf(text, starts, line);
  if (lineText === undefined) return where;
  const gutter = ' '.repeat(String(line).length);
  const [shown, carets] = excerpt(lineText, column, length);
  return `${where}\n${gutter} |\n${line} | ${shown}\n${gutter} | ${carets}`;
}

export function formatDiagnostic(d: Diagnostic, text: string): string {
  return format(d, text, lineStarts(text));
}

export function formatDiagnostics(ds: readonly Diagnostic[], text: string): string {
  const starts = lineStarts(text);
  return ds.map((d) => format(d, text, starts)).join('\n\n');
}
