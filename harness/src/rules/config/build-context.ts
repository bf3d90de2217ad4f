// Shared by the builders: where diagnostics go and where located nodes are recorded.

import type { Diagnostic } from '../../errors.js';
import type { SourceLocation } from '../model.js';
import type { LocationMap } from './locations.js';
import type { ErrorCode } from '../../error-codes.js';

export interface BuildContext {
  locations: LocationMap;
  diagnostics: Diagnostic[];
}

export function report(ctx: BuildContext, code: ErrorCode, message: string, loc: SourceLocation): void {
  ctx.diagnostics.push({ severity: 'error', code, message, loc });
}

export function located<T extends object>(ctx: BuildContext, node: T, loc: SourceLocation): T {
  ctx.locations.set(node, loc);
  return node;
}
