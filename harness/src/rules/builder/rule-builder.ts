// The TS builder: `rule.before('openat').where({ path: /config\.json$/ }).fail('EACCES').nth(3)`.
// Every method returns a new builder; `build()` gives a frozen Rule.

import { RuleSyntaxError, UsageError } from '../../errors.js';
import { parseFilterExpression } from '../config/index.js';
import { asRule } from '../as-rule.js';
import type { Action, AlterTarget, Expr, Phase, Rule, RuleCallback, SyscallSelector, Trigger } from '../model.js';
import { parseWhen } from '../strace/when.js';
import { parseDuration, type Duration } from './duration.js';
import { operandFromKey, Sym, toLiteral, whereToExpr, type WhereObject } from './where.js';

interface State {
  name?: string;
  syscalls: SyscallSelector[];
  phase: Phase;
  filter?: Expr;
  action?: Action;
  trigger: Trigger;
  callback?: RuleCallback;
}

/** `openat`, `@open`, `%file`; a string may also hold a comma list. */
export function parseSelectors(specs: readonly string[]): SyscallSelector[] {
  const names = specs.flatMap((s) => s.split(',')).map((s) => s.trim());
  if (names.length === 0 || names.some((n) => n === '' || n === '@' || n === '%')) {
    throw new UsageError(`Expected syscall names such as 'openat', '@open' or '%file', got \`${JSON.stringify(specs)}\``);
  }
  return names.map((n): SyscallSelector => (n.startsWith('@') ? { kind: 'family', name: n.slice(1) } : n.startsWith('%') ? { kind: 'class', name: n.slice(1) } : { kind: 'name', name: n }));
}

export class RuleBuilder {
  /** @internal */
  constructor(private readonly state: State) {}

  private with(patch: Partial<State>): RuleBuilder {
    return new RuleBuilder({ ...this.state, ...patch });
  }
  private withTrigger(patch: Partial<Trigger>): RuleBuilder {
    return this.with({ trigger: { ...this.state.trigger, ...patch } });
  }
  private act(action: Action): RuleBuilder {
    return this.with({ action });
  }

  /** An object (keys: parameter names, `PARAMS[n]`, process variables) or config-language filter text. ANDed with earlier calls. */
  where(filter: WhereObject | string): RuleBuilder {
    let expr: Expr;
    if (typeof filter === 'string') {
      const parsed = parseFilterExpression(filter, '<where>');
      if (!parsed.expr) throw new RuleSyntaxError(parsed.diagnostics, filter);
      expr = parsed.expr;
    } else {
      expr = whereToExpr(filter);
    }
    return this.with({ filter: this.state.filter ? { type: 'and', left: this.state.filter, right: expr } : expr });
  }

  fail(errno: string): RuleBuilder { return this.act({ type: 'FAIL', errno }); }
  returns(value: bigint | number): RuleBuilder { return this.act({ type: 'RETURN', value: toLiteralBig(value, 'returns()') }); }
  delay(duration: Duration): RuleBuilder { return this.act({ type: 'DELAY', us: parseDuration(duration, 'delay()') }); }
  suspend(duration?: Duration): RuleBuilder {
    return this.act(duration === undefined ? { type: 'SUSPEND' } : { type: 'SUSPEND', us: parseDuration(duration, 'suspend()') });
  }
  kill(signal = 'SIGKILL'): RuleBuilder { return this.act({ type: 'KILL', signal }); }
  log(format?: string): RuleBuilder { return this.act(format === undefined ? { type: 'LOG' } : { type: 'LOG', format }); }
  /** ALTER a parameter (`count`, `PARAMS[3]`, `addr.port`) before the call. */
  alter(param: string, value: string | number | bigint | Sym): RuleBuilder {
    const ref = operandFromKey(param);
    if (ref.type !== 'param') throw new UsageError(`Expected alter() to name a parameter, got the process variable \`${param}\``);
    return this.alterTo({ kind: 'param', param: ref }, value);
  }
  /** ALTER the return value (after rules). */
  alterReturn(value: number | bigint | Sym): RuleBuilder { return this.alterTo({ kind: 'retval' }, value); }
  private alterTo(target: AlterTarget, value: string | number | bigint | Sym): RuleBuilder {
    return this.act({ type: 'ALTER', target, value: toLiteral(value, 'the ALTER value') });
  }
  /** JS-only: the seccomp engine calls `fn`; its returned Action (if any) is applied. The rule's action stays LOG unless set. */
  callback(fn: RuleCallback): RuleBuilder { return this.with({ callback: fn }); }

  /** strace's when=: '3', '3+', '3+2', '3..10', '3..10+2'. */
  when(range: string): RuleBuilder {
    const w = parseWhen(range);
    if ('error' in w) throw new UsageError(`Expected \`when\` to be N, N+, N+S, N..M or N..M+S, got \`${range}\``);
    return this.withTrigger({ when: w });
  }
  /** Only the nth matching call. */
  nth(n: number): RuleBuilder {
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`Expected \`nth\` to be an integer >= 1, got \`${n}\``);
    return this.withTrigger({ when: { first: n, step: 0 } });
  }
  probability(p: number, seed = 0): RuleBuilder {
    if (!(p >= 0 && p <= 1)) throw new UsageError(`Expected \`probability\` to be in [0, 1], got \`${p}\``);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`Expected \`seed\` to be a non-negative integer, got \`${seed}\``);
    return this.withTrigger({ probability: { p, seed } });
  }
  max(n: number): RuleBuilder {
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`Expected \`max\` to be an integer >= 1, got \`${n}\``);
    return this.withTrigger({ maxCount: n });
  }
  perProcess(): RuleBuilder { return this.withTrigger({ scope: 'process' }); }
  perThread(): RuleBuilder { return this.withTrigger({ scope: 'thread' }); }
  named(name: string): RuleBuilder { return this.with({ name }); }

  build(): Rule {
    const s = this.state;
    const action = s.action ?? (s.callback ? { type: 'LOG' as const } : undefined);
    if (!action) {
      throw new UsageError(`Expected an action (fail, returns, alter, alterReturn, delay, suspend, kill, log or callback) for the rule on ${s.syscalls.map((x) => x.name).join(', ')}`);
    }
    const rule: Rule = {
      ...(s.name !== undefined ? { name: s.name } : {}),
      syscalls: s.syscalls,
      phase: s.phase,
      ...(s.filter ? { filter: s.filter } : {}),
      action,
      trigger: s.trigger,
      ...(s.callback ? { callback: s.callback } : {}),
    };
    return Object.freeze(rule);
  }
}

function toLiteralBig(v: bigint | number, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (Number.isSafeInteger(v)) return BigInt(v);
  throw new UsageError(`Expected ${what} to get an integer or bigint, got \`${v}\``);
}

const start = (phase: Phase) => (...syscalls: string[]): RuleBuilder => new RuleBuilder({ syscalls: parseSelectors(syscalls), phase, trigger: { scope: 'tree' } });

export const rule = { before: start('before'), after: start('after') };

export function toRule(x: Rule | RuleBuilder): Rule {
  return asRule(x);
}
