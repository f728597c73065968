// Loads the golden JSON written by golden/optax_golden.py (real Optax 0.2.8 on jax 0.10.2) and
// turns its values into Tensors. Non-finite floats are stored as the strings "NaN", "Infinity"
// and "-Infinity".

import { readFileSync } from 'node:fs';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { expect } from 'vitest';

/** A JSON value from the golden files (numbers, nested lists, dicts; strings for non-finite). */
export type Golden = number | string | boolean | Golden[] | { [key: string]: Golden };

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** Reads `golden/<name>.json`. */
export function loadGolden<T>(name: string): T {
  const url = new URL(`../golden/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** Decodes non-finite strings back to numbers, recursively. */
export function decode(x: Golden): unknown {
  if (typeof x === 'string') {
    const v = NON_FINITE[x];
    if (v === undefined) throw new Error(`golden: unexpected string ${x}`);
    return v;
  }
  if (Array.isArray(x)) return x.map(decode);
  if (typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = decode(v);
    return out;
  }
  return x;
}

/** A float32 Tensor from a golden leaf. */
export function f32(x: Golden): Tensor {
  return jnp.array(decode(x) as number, 'float32');
}

/** A dict of float32 Tensors from a golden dict of leaves. */
export function f32Tree(x: { [key: string]: Golden }): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(x)) out[k] = f32(v);
  return out;
}

/** Tolerances for {@link expectTreeClose}. */
export interface Tolerance {
  readonly rtol?: number;
  readonly atol?: number;
}

/**
 * `toBeAllclose` leaf by leaf over a dict tree: `expected` is a decoded golden value (nested plain
 * objects whose leaves are numbers or nested lists).
 */
export function expectTreeClose(
  actual: unknown,
  expected: unknown,
  tol: Tolerance,
  path = '',
): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    const keys = Object.keys(expected).sort();
    expect(Object.keys(actual as object).sort(), `keys at ${path || 'root'}`).toEqual(keys);
    for (const k of keys) {
      expectTreeClose(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        tol,
        `${path}.${k}`,
      );
    }
    return;
  }
  expect(actual, path).toBeAllclose(expected, tol);
}
