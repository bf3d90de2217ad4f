// Where the parser starts again after a syntax error: the next top-level `rule {`.

const RULE_KEYWORD = /(?<![A-Za-z0-9_])rule(?![A-Za-z0-9_])(?=(?:\s|#[^\n]*|\/\/[^\n]*)*\{)/g;

/**
 * The offset of the next `rule {` at or after `from` that starts a line (after whitespace, `;`
 * or `}` only), or -1.
 */
export function nextRuleKeyword(text: string, from: number): number {
  RULE_KEYWORD.lastIndex = from;
  for (let match = RULE_KEYWORD.exec(text); match; match = RULE_KEYWORD.exec(text)) {
    if (startsLine(text, match.index)) return match.index;
  }
  return -1;
}

/** Only whitespace, `;` or `}` between the line's start and `at`: scans back to the first other. */
function startsLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && text[i] !== '\n'; i--) {
    if (!/[\s;}]/.test(text[i]!)) return false;
  }
  return true;
}
