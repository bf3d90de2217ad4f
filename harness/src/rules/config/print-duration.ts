// Durations are microseconds in the model and written with the largest exact unit.

export function printDuration(us: number): string {
  if (us !== 0 && us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us !== 0 && us % 1_000 === 0) return `${us / 1_000}ms`;
  return `${us}us`;
}
