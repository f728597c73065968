/**
 * Primitive-level helpers for rule code: thin binds (no dtype promotion, unlike jnp) plus the
 * broadcasting helpers every elementwise rule needs. Rules stay traceable because everything
 * here binds primitives.
 */
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { bind1 } from '@jaxts/tensor/core';

const NONE: Record<string, never> = {};

export const add = (a: Tensor, b: Tensor): Tensor => bind1('add', [a, b], NONE);
export const sub = (a: Tensor, b: Tensor): Tensor => bind1('sub', [a, b], NONE);
export const mul = (a: Tensor, b: Tensor): Tensor => bind1('mul', [a, b], NONE);
export const div = (a: Tensor, b: Tensor): Tensor => bind1('div', [a, b], NONE);
export const neg = (a: Tensor): Tensor => bind1('neg', [a], NONE);
export const exp = (a: Tensor): Tensor => bind1('exp', [a], NONE);
export const log = (a: Tensor): Tensor => bind1('log', [a], NONE);
export const sin = (a: Tensor): Tensor => bind1('sin', [a], NONE);
export const cos = (a: Tensor): Tensor => bind1('cos', [a], NONE);
export const sign = (a: Tensor): Tensor => bind1('sign', [a], NONE);
export const sqrt = (a: Tensor): Tensor => bind1('sqrt', [a], NONE);
export const rsqrt = (a: Tensor): Tensor => bind1('rsqrt', [a], NONE);
export const square = (a: Tensor): Tensor => bind1('square', [a], NONE);
export const eq = (a: Tensor, b: Tensor): Tensor => bind1('eq', [a, b], NONE);
export const lt = (a: Tensor, b: Tensor): Tensor => bind1('lt', [a, b], NONE);
export const gt = (a: Tensor, b: Tensor): Tensor => bind1('gt', [a, b], NONE);
export const le = (a: Tensor, b: Tensor): Tensor => bind1('le', [a, b], NONE);
export const ge = (a: Tensor, b: Tensor): Tensor => bind1('ge', [a, b], NONE);
export const and = (a: Tensor, b: Tensor): Tensor => bind1('and', [a, b], NONE);
export const intPow = (a: Tensor, y: number): Tensor => bind1('integer_pow', [a], { y });
/** select(pred, onTrue, onFalse) as JAX's lax.select: select_n(pred, onFalse, onTrue). */
export const select = (pred: Tensor, onTrue: Tensor, onFalse: Tensor): Tensor =>
  bind1('select_n', [pred, onFalse, onTrue], NONE);
export const convert = (a: Tensor, dtype: Tensor['dtype']): Tensor =>
  a.dtype === dtype
    ? a
    : bind1('convert_element_type', [a], { new_dtype: dtype, weak_type: false });

/** A scalar constant of x's dtype (weakly typed, cached, a literal in jaxprs). */
export function constLike(x: Tensor, v: number): Tensor {
  return jnp.scalar(v, x.dtype, true);
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** NumPy broadcast of `t` to `shape` (a broadcast_in_dim aligned on trailing dims). */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(t.shape, shape)) return t;
  const off = shape.length - t.ndim;
  return bind1('broadcast_in_dim', [t], {
    shape: [...shape],
    broadcast_dimensions: t.shape.map((_, i) => i + off),
  });
}

/** Zeros of a shape and dtype, staged as a broadcast of a literal. */
export function zeros(shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const z = jnp.scalar(0, dtype, false);
  if (shape.length === 0) return z;
  return bind1('broadcast_in_dim', [z], { shape: [...shape], broadcast_dimensions: [] });
}

export function zerosLike(x: {
  readonly shape: readonly number[];
  readonly dtype: Tensor['dtype'];
}): Tensor {
  return zeros(x.shape, x.dtype);
}

/** Sums `ct` down to `shape`: the transpose of NumPy broadcasting. */
export function unbroadcast(ct: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(ct.shape, shape)) return ct;
  const off = ct.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < ct.ndim; i++) {
    if (i < off || (shape[i - off] === 1 && ct.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length === 0 ? ct : bind1('reduce_sum', [ct], { axes });
  return shapesEqual(summed.shape, shape)
    ? summed
    : bind1('reshape', [summed], { new_sizes: [...shape], dimensions: null });
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(x.shape, shape)
    ? x
    : bind1('reshape', [x], { new_sizes: [...shape], dimensions: null });
}

export function reduceSum(x: Tensor, axes: readonly number[]): Tensor {
  return axes.length === 0 ? x : bind1('reduce_sum', [x], { axes: [...axes] });
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  return perm.every((p, i) => p === i) ? x : bind1('transpose', [x], { permutation: [...perm] });
}

export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Adds two possibly-zero (null) values. */
export function addTangents(a: Tensor | null, b: Tensor | null): Tensor | null {
  if (a === null) return b;
  if (b === null) return a;
  return add(a, b);
}

/** Indices clamped into [0, n - 1] (what a 'clip' gather reads). */
export function clampIndices(idx: Tensor, n: number): Tensor {
  return bind1('clamp', [constLike(idx, 0), idx, constLike(idx, Math.max(n - 1, 0))], NONE);
}

/**
 * Where a gather along `axis` (size n) reads in range, as a bool mask of the gather's output
 * shape (indices dims sit at [0, batchDims) and from `axis` on).
 */
export function gatherInRange(
  idx: Tensor,
  n: number,
  axis: number,
  batchDims: number,
  outShape: readonly number[],
): Tensor {
  const ok = and(ge(idx, constLike(idx, 0)), lt(idx, constLike(idx, n)));
  const dims = idx.shape.map((_, i) => (i < batchDims ? i : axis + i - batchDims));
  return bind1('broadcast_in_dim', [ok], { shape: [...outShape], broadcast_dimensions: dims });
}
