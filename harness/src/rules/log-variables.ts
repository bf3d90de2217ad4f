// The %variables a LOG rule's format may use (docs/log-format.md). The semantic checks reject
// others; the engine's formatter fills these.

export const LOG_VARIABLES = [
  'rulename', 'ruleid', 'params', 'param1', 'param2', 'param3', 'param4', 'param5', 'param6',
  'sname', 'errno', 'comm', 'ppid', 'call', 'when', 'time', 'pid', 'tid', 'uid', 'exe', 'cwd', 'sid', 'ret',
] as const;

export type LogVariable = (typeof LOG_VARIABLES)[number];

/** The variables that describe the calling process: the supervisor reads them during the call. */
export const PROCESS_LOG_VARIABLES: readonly LogVariable[] = ['comm', 'ppid', 'uid', 'exe', 'cwd'];

/** Whether a format names one of PROCESS_LOG_VARIABLES. */
export function needsProcessFacts(format: string): boolean {
  return [...format.matchAll(logVariablePattern())].some((m) => (PROCESS_LOG_VARIABLES as readonly string[]).includes(m[1]!));
}

/** Matches `%%` or a known variable, longest name first so that %param1 is not %param + "1". */
export function logVariablePattern(): RegExp {
  return new RegExp(`%(%|${[...LOG_VARIABLES].sort((a, b) => b.length - a.length).join('|')})`, 'g');
}

/** The `%word` sequences of a format that are not variables, in order of appearance. */
export function unknownLogVariables(format: string): string[] {
  const known = logVariablePattern();
  const stripped = format.replace(known, '');
  return [...stripped.matchAll(/%[A-Za-z_][A-Za-z0-9_]*|%(?![A-Za-z_])/g)].map((m) => m[0]);
}
