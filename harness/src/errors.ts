// One class per failure, each with a stable `code`, the original error as `cause`, and the
// context a user needs to act. Everything the harness throws on purpose is an SctError.

import type { ErrorCode } from './error-codes.js';
import type { SourceLocation } from './rules/model.js';

export { ERROR_CODES, isErrorCode, type ErrorCode } from './error-codes.js';

export abstract class SctError extends Error {
  /** One of ERROR_CODES (error-codes.ts), explained in docs/errors.md. */
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type Severity = 'error' | 'warning';

/** One finding of the parser or of a semantic pass. */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier, e.g. `SCT_PARSE_SYNTAX`, `SCT_UNKNOWN_SYSCALL` (docs/errors.md). */
  code: ErrorCode;
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
  readonly code: ErrorCode = 'SCT_USAGE';
}

/**
 * The target could not be started or run: the command is missing or not executable, exec failed,
 * setting up its stdio or the supervisor failed, ptrace was refused. Every launch failure is one
 * (`instanceof LaunchError`), with the code of what failed (`SCT_LAUNCH_FAILED` when nothing
 * more precise applies) and, from the native launcher, the failing call's errno.
 */
export class LaunchError extends SctError {
  readonly code: ErrorCode;
  /** The program that was to run, when known. */
  readonly file?: string;
  /** errno number and name of the failing call, when there is one. */
  readonly errno?: number;
  readonly syscall?: string;
  constructor(message: string, options: { code?: ErrorCode; file?: string; errno?: number; syscall?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'SCT_LAUNCH_FAILED';
    if (options.file !== undefined) this.file = options.file;
    if (options.errno !== undefined) this.errno = options.errno;
    if (options.syscall !== undefined) this.syscall = options.syscall;
  }
}

/** The rule cannot be expressed where it was asked to go (e.g. a JS callback into the config language). */
export class NotRepresentableError extends SctError {
  readonly code = 'SCT_NOT_REPRESENTABLE';
}
