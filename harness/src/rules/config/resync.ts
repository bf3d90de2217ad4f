// Where the parser starts again after a syntax error: the next top-level `rule {`.

const RULE_KEYWORD = /(?<![A-Za-z0-9_])rule(?![A-Za-z0-9_])(?=(?:\s|#[^\n]*|\/\/[^\n]*)*\{)/g;

/**
 * The offset of the next `rule {` at or after `from` that starts a line (after whitespace, `;`
 * or `}` only), or -1.
 */
export function nextRuleKeyword(text: string, from: number): number {
  RULE_KEYWORD.lastIndex = from;
  for (let match = RULE_KEYWORD.exec(text); match; match = RULE_KEYWORD.exec(text)) {
    const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    if (/^[\s;}]*$/.test(text.slice(lineStart, match.index))) return match.index;
  }
  return -1;
}
