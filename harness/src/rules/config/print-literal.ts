// Literals and parameter references as the config language writes them.

import type { Literal, Operand, ParamRef } from '../model.js';

/** A double-quoted string: `"` and `\` escaped, newline and tab as \n \t, other controls as \xHH. */
export function printString(value: string): string {
  const escaped = value.replace(/[\\"\x00-\x1f\x7f]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '"' || ch === '\\') return `\\${ch}`;
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

export function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return printString(literal.value);
    case 'number':
      return literal.value.toString();
    case 'symbol':
      return literal.name;
  }
}

/** `PARAMS[2]`, `path`, `addr.port`; an fd's path (`fdPath`) is written `fd.path`. */
export function printParam(param: ParamRef): string {
  const base = param.index !== undefined ? `PARAMS[${param.index}]` : (param.name ?? '');
  const fields = [...(param.field ?? []), ...(param.fdPath ? ['path'] : [])];
  return [base, ...fields].join('.');
}

export function printOperand(operand: Operand): string {
  if (operand.type === 'param') return printParam(operand);
  if (operand.type === 'var') return operand.name;
  return printLiteral(operand);
}
