/**
 * Helpers shared by the batching rules: moving, materializing and shifting batch dimensions.
 * JAX: batching.moveaxis, bdim_at_front, broadcast (jax/_src/interpreters/batching.py).
 */
import { lax, type Tensor } from '@jaxts/tensor';
import type { BDim } from './rules/types.ts';

/** Position of logical axis `a` in a value whose batch dimension is `d`. */
export function valueAxis(a: number, d: BDim): number {
  return d === null || a < d ? a : a + 1;
}

/** Rank of the per-example value (the value's rank without its batch dimension). */
export function logicalRank(x: Tensor, d: BDim): number {
  return d === null ? x.ndim : x.ndim - 1;
}

/** Moves axis `src` of `x` to position `dst` (one transpose, none when src === dst). */
export function moveaxis(x: Tensor, src: number, dst: number): Tensor {
  if (src === dst) return x;
  const perm: number[] = [];
  for (let i = 0; i < x.ndim; i++) if (i !== src) perm.push(i);
  perm.splice(dst, 0, src);
  return lax.transpose(x, perm);
}

/** Inserts a new axis of `size` at `dst`, repeating `x` along it (an unmapped value made mapped). */
export function broadcastAt(x: Tensor, size: number, dst: number): Tensor {
  const shape = [...x.shape];
  shape.splice(dst, 0, size);
  const dims: number[] = [];
  for (let i = 0; i < x.ndim; i++) dims.push(i < dst ? i : i + 1);
  return lax.broadcastInDim(x, shape, dims);
}

/** The value with its batch dimension first; unmapped values are broadcast (a copy). */
export function bdimAtFront(x: Tensor, d: BDim, size: number): Tensor {
  return d === null ? broadcastAt(x, size, 0) : moveaxis(x, d, 0);
}

/** The value with its batch dimension at `dst` (broadcast when unmapped). */
export function bdimAt(x: Tensor, d: BDim, size: number, dst: number): Tensor {
  return d === null ? broadcastAt(x, size, dst) : moveaxis(x, d, dst);
}

/**
 * Size-1 axes inserted right after the (front) batch axis until the value has `rank` logical
 * dimensions, so that NumPy broadcasting aligns per-example dimensions from the right.
 */
export function padRankAfterFront(x: Tensor, rank: number): Tensor {
  const missing = rank - (x.ndim - 1);
  if (missing <= 0) return x;
  const shape = [x.shape[0] as number, ...new Array<number>(missing).fill(1), ...x.shape.slice(1)];
  return lax.reshape(x, shape);
}

/** Removes axis `i` from a shape. */
export function dropAxis(shape: readonly number[], i: number): number[] {
  return shape.filter((_, j) => j !== i);
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The batch dims of a two-operand primitive. */
export function pair(dims: readonly BDim[]): [BDim, BDim] {
  return [dims[0] ?? null, dims[1] ?? null];
}
