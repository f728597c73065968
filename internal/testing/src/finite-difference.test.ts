import { describe, expect, test } from 'vitest';
import {
  centralDifference,
  innerProduct,
  numericalGradient,
  numericalJacobian,
  numericalJvp,
} from './finite-difference.ts';

const vec = (...xs: number[]) => Float64Array.from(xs);

describe('centralDifference', () => {
  test('directional derivative of a scalar function', () => {
    // f(x) = x0^2 + 3 x1, grad = [2 x0, 3]; along d = [1, 2] at [1, 1]: 2 + 6 = 8.
    const f = (x: Float64Array) => (x[0] as number) ** 2 + 3 * (x[1] as number);
    expect(centralDifference(f, vec(1, 1), vec(1, 2))).toBeAllclose(8, { rtol: 1e-6 });
  });

  test('vector-valued functions give a vector', () => {
    const f = (x: Float64Array) =>
      vec(Math.sin(x[0] as number), (x[0] as number) * (x[1] as number));
    const d = centralDifference(f, vec(0.5, 2), vec(1, 0));
    expect(d).toBeAllclose([Math.cos(0.5), 2], { rtol: 1e-5 });
  });

  test('equal infinite outputs have zero derivative (JAX safe_sub)', () => {
    expect(centralDifference(() => Number.POSITIVE_INFINITY, vec(0), vec(1))).toBe(0);
  });

  test('rejects a direction of the wrong length and changing output shapes', () => {
    expect(() => centralDifference(() => 0, vec(1, 2), vec(1))).toThrow(/expected 2, got 1/);
    expect(() =>
      centralDifference((x) => ((x[0] as number) > 0 ? vec(1) : vec(1, 2)), vec(0), vec(1)),
    ).toThrow(/different shapes/);
  });
});

test('numericalJvp handles several arguments (JAX numerical_jvp)', () => {
  // f(a, b) = a0 * b0; jvp = b0 ta0 + a0 tb0 = 3*1 + 2*0.5 = 4.
  const f = (a: Float64Array, b: Float64Array) => (a[0] as number) * (b[0] as number);
  expect(numericalJvp(f, [vec(2), vec(3)], [vec(1), vec(0.5)])).toBeAllclose(4, { rtol: 1e-6 });
  expect(() => numericalJvp(f, [vec(2), vec(3)], [vec(1)])).toThrow(/one tangent per primal/);
});

test('numericalGradient of a quadratic', () => {
  const f = (x: Float64Array) => (x[0] as number) ** 2 + (x[0] as number) * (x[1] as number);
  expect(numericalGradient(f, vec(1, 2))).toBeAllclose([4, 1], { rtol: 1e-6 });
});

test('numericalJacobian is rows of output derivatives', () => {
  const f = (x: Float64Array) =>
    vec((x[0] as number) * 2, (x[0] as number) + 3 * (x[1] as number), 1);
  expect(numericalJacobian(f, vec(1, 1)).map((row) => Array.from(row))).toBeAllclose([
    [2, 0],
    [1, 3],
    [0, 0],
  ]);
});

test('innerProduct', () => {
  expect(innerProduct([1, 2, 3], vec(4, 5, 6))).toBe(32);
  expect(() => innerProduct([1], [1, 2])).toThrow(RangeError);
});
