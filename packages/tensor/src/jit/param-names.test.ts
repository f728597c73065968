/** Parameter names read from function sources (for jit's staticArgnames and error paths). */
import { describe, expect, it } from 'vitest';
import { paramNames } from './param-names.ts';

describe('paramNames', () => {
  it('reads plain parameters of arrows, functions and methods', () => {
    expect(paramNames((x: number, y: number) => x + y)).toEqual(['x', 'y']);
    expect(paramNames((x: number) => x)).toEqual(['x']);
    expect(
      paramNames(function named(a: number, b = 2) {
        return a + b;
      }),
    ).toEqual(['a', 'b']);
    const o = {
      apply(variables: unknown, x: unknown) {
        return [variables, x];
      },
    };
    expect(paramNames(o.apply)).toEqual(['variables', 'x']);
  });

  it('gives null for destructured parameters and stops at rest parameters', () => {
    expect(paramNames(({ a }: { a: number }, b: number) => a + b)).toEqual([null, 'b']);
    expect(paramNames((a: number, ...rest: number[]) => a + rest.length)).toEqual(['a']);
    expect(paramNames((a = '(,)', b = [1, 2]) => a + b)).toEqual(['a', 'b']);
  });

  it('gives nothing for native and bound functions', () => {
    expect(paramNames(Math.max)).toEqual([]);
    expect(paramNames(((x: number) => x).bind(null))).toEqual([]);
  });
});
