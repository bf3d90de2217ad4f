// One class per failure, each with a stable `code`, the original error as `cause`, and the
// context a user needs to act. Everything the harness throws on purpose is an SctError.

import type { SourceLocation } from './rules/model.js';

export abstract class SctError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type Severity = 'error' | 'warning';

/** One finding of the parser or of a semantic pass. */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier, e.g. `SCT_PARSE_SYNTAX`, `SCT_UNKNOWN_SYSCALL`. */
  code: string;
  message: string;
  loc?: SourceLocation;
}

/** A rule file or spec that does not parse or does not pass the semantic checks. */
export class RuleSyntaxError extends SctError {
  readonly code = 'SCT_RULE_INVALID';
  constructor(
    readonly diagnostics: Diagnostic[],
    /** The whole text, so that `format()` can show the offending line. */
    readonly text?: string,
  ) {
    super(diagnostics.map((d) => d.message).join('\n'));
  }
}

/** Bad input to an API or CLI option; message names the option and the value received. */
export class UsageError extends SctError {
  readonly code = 'SCT_USAGE';
}

/** The rule cannot be expressed where it was asked to go (e.g. a JS callback into the config language). */
export class NotRepresentableError extends SctError {
  readonly code = 'SCT_NOT_REPRESENTABLE';
}
