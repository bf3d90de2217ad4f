// Stable diagnostic codes of the config-language parser.

export const PARSE_CODES = {
  /** The text does not follow the grammar: "Expected X but Y found." */
  syntax: 'SCT_PARSE_SYNTAX',
  /** A key that the block does not know, or that the action type does not take. */
  unknownKey: 'SCT_PARSE_UNKNOWN_KEY',
  duplicateKey: 'SCT_PARSE_DUPLICATE_KEY',
  missingKey: 'SCT_PARSE_MISSING_KEY',
  /** Well-formed but out of range or of the wrong kind (PARAMS[0], probability 2, RETURN "x"). */
  badValue: 'SCT_PARSE_BAD_VALUE',
  /** Parentheses, `!` or braces nested deeper than the parser allows. */
  tooDeep: 'SCT_PARSE_TOO_DEEP',
} as const;
