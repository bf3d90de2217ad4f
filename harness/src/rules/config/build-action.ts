// The `action { type = ... }` block: which keys each action type takes, and the Action it makes.

import type { Action, ActionType, AlterTarget, Literal } from '../model.js';
import { PARSE_CODES } from './codes.js';
import { located, report, type BuildContext } from './build-context.js';
import { indexEntries } from './entries.js';
import type { RawEntry } from './raw.js';

const ACTION_KEYS = ['type', 'log_format', 'error', 'value', 'duration', 'signal', 'target'] as const;

/** Keys each action type takes besides `type`; `required` ones must be present. */
const KEYS_BY_TYPE: Record<ActionType, { required: readonly string[]; optional: readonly string[] }> = {
  LOG: { required: [], optional: ['log_format'] },
  FAIL: { required: ['error'], optional: [] },
  RETURN: { required: ['value'], optional: [] },
  DELAY: { required: ['duration'], optional: [] },
  SUSPEND: { required: [], optional: ['duration'] },
  KILL: { required: [], optional: ['signal'] },
  ALTER: { required: ['target', 'value'], optional: [] },
};

function describeLiteral(literal: Literal): string {
  if (literal.type === 'string') return `string ${JSON.stringify(literal.value)}`;
  if (literal.type === 'symbol') return `symbol ${literal.name}`;
  return `integer ${literal.value}`;
}

export function buildAction(ctx: BuildContext, block: RawEntry): Action | undefined {
  const entries = indexEntries(ctx, block.value as RawEntry[], 'action block', ACTION_KEYS);
  const typeEntry = entries.get('type');
  if (!typeEntry) {
    report(ctx, PARSE_CODES.missingKey, 'Missing key `type` in action block.', block.keyLoc);
    return undefined;
  }
  const type = typeEntry.value as ActionType;
  const { required, optional } = KEYS_BY_TYPE[type];
  const takes = [...required, ...optional];
  let complete = true;
  for (const [key, entry] of entries) {
    if (key !== 'type' && !takes.includes(key)) {
      report(ctx, PARSE_CODES.unknownKey, `Key \`${key}\` does not belong to a ${type} action; ${type} takes ${takes.join(', ')}.`, entry.keyLoc);
      complete = false;
    }
  }
  for (const key of required) {
    if (!entries.has(key)) {
      report(ctx, PARSE_CODES.missingKey, `Missing key \`${key}\` in ${type} action.`, block.keyLoc);
      complete = false;
    }
  }
  if (!complete) return undefined;
  const value = <T>(key: string): T | undefined => entries.get(key)?.value as T | undefined;
  const action = makeAction(ctx, type, value);
  return action && located(ctx, action, block.keyLoc);
}

function makeAction(ctx: BuildContext, type: ActionType, value: <T>(key: string) => T | undefined): Action | undefined {
  switch (type) {
    case 'LOG': {
      const format = value<string>('log_format');
      return format === undefined ? { type } : { type, format };
    }
    case 'FAIL':
      return { type, errno: value<string>('error')! };
    case 'RETURN': {
      const literal = value<Literal>('value')!;
      if (literal.type !== 'number') {
        const loc = ctx.locations.get(literal);
        if (loc) report(ctx, PARSE_CODES.badValue, `Expected an integer for \`value\` of a RETURN action but ${describeLiteral(literal)} found.`, loc);
        return undefined;
      }
      return { type, value: literal.value };
    }
    case 'DELAY':
      return { type, us: value<number>('duration')! };
    case 'SUSPEND': {
      const us = value<number>('duration');
      return us === undefined ? { type } : { type, us };
    }
    case 'KILL':
      return { type, signal: value<string>('signal') ?? 'SIGKILL' };
    case 'ALTER':
      return { type, target: value<AlterTarget>('target')!, value: value<Literal>('value')! };
  }
}
