/**
 * Helpers shared by the structure / indexing / creation golden tests: decoding case arguments
 * (including lists of tensors and weakly typed tensors), comparing results with JAX's, and
 * checking expected error classes.
 */
import { type JaxtsError, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { expect } from 'vitest';
import { decodeNumber, type GoldenCase, type GoldenTensor } from './golden.ts';

export type Golden = GoldenTensor & { readonly weakType?: boolean };

/** A decoded argument: tensors, numbers, lists of them, or plain JSON values. */
export function decodeArg(a: unknown): unknown {
  const o = a as Record<string, unknown>;
  if ('tensor' in o) {
    const t = o.tensor as Golden;
    return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype, t.weakType === true);
  }
  if ('scalar' in o) return decodeNumber(o.scalar as number | boolean | string);
  if ('list' in o) return (o.list as unknown[]).map(decodeArg);
  return o.value;
}

/** Python float scalars with an integral value (5.0) that JavaScript cannot tell from ints. */
export function hasIntegralFloat(c: GoldenCase): boolean {
  return c.args.some((a) => {
    const o = a as Record<string, unknown>;
    return o.pytype === 'float' && Number.isInteger(o.scalar);
  });
}

/** Compares a result with JAX's: shape, dtype, weak type, then values (allclose for floats). */
export function expectGolden(actual: Tensor, expected: Golden, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.weakType).toBe(expected.weakType === true);
  if (!('data' in expected) || expected.data === undefined) return;
  const want = expected.data.map(decodeNumber);
  const got = Array.from(actual.dataSync(), Number);
  if (expected.dtype === 'float32') expect(got).toBeAllclose(want, { rtol, atol });
  else if (expected.dtype === 'bool') expect(got.map((v) => v !== 0)).toEqual(want);
  else expect(got).toEqual(want);
}

/** Checks a result (one tensor or a list) against the case's `out` / `outs`. */
export function expectCase(c: GoldenCase, result: Tensor | Tensor[]): void {
  if (c.outs !== undefined) {
    const list = result as Tensor[];
    expect(list.length).toBe(c.outs.length);
    c.outs.forEach((o, i) => {
      expectGolden(list[i] as Tensor, o as Golden);
    });
  } else {
    expectGolden(result as Tensor, c.out as Golden);
  }
}

export type ErrorSpec = readonly [new (...args: never[]) => JaxtsError, RegExp];

/** Expects `run` to throw the given class with a message matching the regex. */
export function expectError(run: () => unknown, [cls, re]: ErrorSpec): void {
  let caught: unknown = null;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(cls);
  expect((caught as Error).message).toMatch(re);
}

/** Options as a plain record. */
export function optionsOf(c: GoldenCase): Record<string, unknown> {
  return (c.options ?? {}) as Record<string, unknown>;
}
