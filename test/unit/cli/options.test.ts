import { describe, expect, it } from 'vitest';
import { collect } from '../../../harness/src/cli/options.js';

describe('collect (repeatable options)', () => {
  it('gives every value in order and leaves the shared default empty', () => {
    const initial: string[] = [];
    let list = initial;
    for (let i = 0; i < 30_000; i++) list = collect(String(i), list);
    expect(list).toHaveLength(30_000);
    expect(list.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(initial).toEqual([]);
    expect(collect('x', initial)).toEqual(['x']);
  });
});
