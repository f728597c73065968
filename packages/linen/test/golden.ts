// Loads the Flax golden JSON (golden/*.json, written by golden/flax_golden.py) and compares
// variable trees. Arrays are stored as { shape, dtype, data } with flat data.

import { readFileSync } from 'node:fs';
import { isFrozenDict } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { expect } from 'vitest';

export interface Enc {
  readonly shape: number[];
  readonly dtype: string;
  readonly data: (number | boolean)[];
}

export type EncTree = Enc | EncTree[] | { [key: string]: EncTree };

export function loadGolden<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8')) as T;
}

export function isEnc(x: unknown): x is Enc {
  return typeof x === 'object' && x !== null && 'shape' in x && 'data' in x && 'dtype' in x;
}

/** A Tensor from an encoded array. */
export function t(e: Enc): Tensor {
  const dtype =
    e.dtype === 'float32' || e.dtype === 'int32' || e.dtype === 'uint32' || e.dtype === 'bool'
      ? e.dtype
      : 'float32';
  if (e.shape.length === 0) return jnp.array(e.data[0] as number, dtype);
  return jnp.reshape(jnp.array(e.data as number[], dtype), e.shape);
}

export interface Tolerance {
  readonly rtol?: number;
  readonly atol?: number;
}

/** Asserts that `actual` (FrozenDict / plain / arrays of Tensors) matches the encoded tree. */
export function expectTreeClose(
  actual: unknown,
  expected: EncTree,
  tol: Tolerance = {},
  path = '',
): void {
  if (isEnc(expected)) {
    expect(actual, `leaf ${path}`).toBeDefined();
    expect((actual as Tensor).shape, `shape of ${path}`).toEqual(expected.shape);
    expect(actual, `values of ${path}`).toBeAllclose(t(expected), {
      rtol: tol.rtol ?? 1e-5,
      atol: tol.atol ?? 1e-6,
    });
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `array at ${path}`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `length at ${path}`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectTreeClose(a[i], e, tol, `${path}[${i}]`);
    });
    return;
  }
  const isDict = isFrozenDict(actual) || (typeof actual === 'object' && actual !== null);
  expect(isDict, `dict at ${path}`).toBe(true);
  const a = actual as Record<string, unknown>;
  expect(Object.keys(a).sort(), `keys at ${path}`).toEqual(Object.keys(expected).sort());
  for (const [k, e] of Object.entries(expected)) expectTreeClose(a[k], e, tol, `${path}/${k}`);
}

/** The shape tree of a variables tree (like jax.tree.map(jnp.shape, variables)). */
export function shapeTree(x: unknown): unknown {
  if (x !== null && typeof x === 'object' && 'shape' in x && 'dtype' in x)
    return [...(x as Tensor).shape];
  if (Array.isArray(x)) return x.map(shapeTree);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = shapeTree((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}
