/**
 * Test helpers: deterministic random arrays, slicing along an axis, and the reference "vmap as a
 * loop" (JAX's lax_vmap_test `_CheckBatching`: slice every mapped argument, run f, stack).
 */
import { type DType, numpy as jnp, lax, type Tensor } from '@jaxts/tensor';

/** mulberry32: a small deterministic generator of floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ArraySpec {
  readonly shape: readonly number[];
  readonly dtype?: DType;
  /** Values are drawn uniformly from [lo, hi) (integers: floor). */
  readonly lo?: number;
  readonly hi?: number;
}

export function randArray(spec: ArraySpec, seed: number): Tensor {
  const { shape, dtype = 'float32', lo = -1, hi = 1 } = spec;
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = lo + (hi - lo) * next();
    values.push(dtype === 'float32' ? v : Math.floor(v));
  }
  if (dtype === 'bool') return jnp.array(values.map((v) => v > 0)).reshape([...shape]);
  return jnp.array(values, dtype).reshape([...shape]);
}

/** `x` indexed at `i` along `axis` (the axis removed). */
export function indexAxis(x: Tensor, axis: number, i: number): Tensor {
  return lax.squeeze(lax.sliceInDim(x, i, i + 1, 1, axis), [axis]);
}

/** A shape with the batch axis of size `size` inserted at `axis` (negative counts from the end). */
export function withBatchAxis(shape: readonly number[], axis: number, size: number): number[] {
  const rank = shape.length + 1;
  const a = axis < 0 ? axis + rank : axis;
  const out = [...shape];
  out.splice(a, 0, size);
  return out;
}

type Out = Tensor | Tensor[];

function asList(x: Out): Tensor[] {
  return Array.isArray(x) ? x : [x];
}

/**
 * The loop reference of `vmap(f, { inAxes, outAxes })(...args)`: f on every slice, each output
 * stacked at its out axis (an out axis of null takes the first slice's value).
 */
export function loopVmap(
  f: (...xs: Tensor[]) => Out,
  args: readonly Tensor[],
  inAxes: readonly (number | null)[],
  outAxes: readonly (number | null)[],
  size: number,
): Tensor[] {
  return loopVmapFull(f, args, inAxes, outAxes, size).outs;
}

/** {@link loopVmap}, also telling whether f returns a single array (not a list). */
export function loopVmapFull(
  f: (...xs: Tensor[]) => Out,
  args: readonly Tensor[],
  inAxes: readonly (number | null)[],
  outAxes: readonly (number | null)[],
  size: number,
): { outs: Tensor[]; single: boolean } {
  let single = false;
  const results: Tensor[][] = [];
  for (let i = 0; i < size; i++) {
    const sliced = args.map((a, j) => {
      const ax = inAxes[j] ?? null;
      if (ax === null) return a;
      return indexAxis(a, ax < 0 ? ax + a.ndim : ax, i);
    });
    const r = f(...sliced);
    single = !Array.isArray(r);
    results.push(asList(r));
  }
  const nOut = (results[0] as Tensor[]).length;
  const outs: Tensor[] = [];
  for (let k = 0; k < nOut; k++) {
    const ax = outAxes[k] ?? null;
    const col = results.map((r) => r[k] as Tensor);
    if (ax === null) outs.push(col[0] as Tensor);
    else {
      const rank = (col[0] as Tensor).ndim + 1;
      outs.push(jnp.stack(col, ax < 0 ? ax + rank : ax));
    }
  }
  return { outs, single };
}

/** Values of an array as nested JS arrays, for exact comparisons. */
export function values(x: Tensor): unknown {
  return x.toArray();
}
