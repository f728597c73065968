/**
 * Loader for the golden JSON files written by golden/ops.py (real JAX outputs): decodes the
 * encoded values and turns case arguments into jaxts values.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DType, numpy as jnp, type Tensor } from '@jaxts/tensor';

export interface GoldenTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: (number | boolean | string)[];
}

export type GoldenArg =
  | { readonly tensor: GoldenTensor }
  | { readonly scalar: number | boolean | string }
  | { readonly value: unknown };

export interface GoldenCase {
  readonly id: string;
  readonly fn: string;
  readonly args: GoldenArg[];
  readonly options?: Record<string, unknown>;
  readonly index?: unknown[];
  readonly out?: GoldenTensor;
  readonly outs?: GoldenTensor[];
  readonly error?: string;
  readonly valuesUnspecified?: boolean;
}

export interface GoldenFile {
  readonly meta: Record<string, unknown>;
  readonly cases: GoldenCase[];
}

export function loadGolden(name: string): GoldenFile {
  const path = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
}

/** JSON has no NaN/Infinity: the generator writes them as strings. */
export function decodeNumber(v: number | boolean | string): number | boolean {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v as number | boolean;
}

export function goldenTensor(t: GoldenTensor): Tensor {
  return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype);
}

export function goldenArg(a: GoldenArg): unknown {
  if ('tensor' in a) return goldenTensor(a.tensor);
  if ('scalar' in a) return decodeNumber(a.scalar);
  return a.value;
}

/** Expected values as nested arrays for toBeAllclose / toEqual. */
export function expectedValues(t: GoldenTensor): number[] | boolean[] {
  return t.data.map(decodeNumber) as number[] | boolean[];
}
