/**
 * The batching rule of every broadcasting n-ary primitive (elementwise ops, select_n, clamp,
 * threefry2x32, random_transform). JAX: batching.broadcast_batcher.
 *
 * When every batched operand has the batch dimension at the same place and full rank, and the
 * unbatched operands only broadcast into the dimensions after it, the primitive runs on the
 * values as they are. Otherwise batched operands move their batch dimension to the front and get
 * size-1 dimensions (a reshape, no copy) so that NumPy broadcasting lines up per-example dims;
 * unbatched operands are never copied.
 */
import type { Tensor } from '@jaxts/tensor';
import { bind, type Params, type Primitive } from '@jaxts/tensor/core';
import { logicalRank, moveaxis, padRankAfterFront } from '../batching.ts';
import type { BatchResult, BDim } from './types.ts';

export function naryBatch<P extends Primitive>(
  prim: P,
  vals: readonly Tensor[],
  dims: readonly BDim[],
  params: Params<P>,
): BatchResult {
  let outRank = 0;
  for (let i = 0; i < vals.length; i++) {
    outRank = Math.max(outRank, logicalRank(vals[i] as Tensor, dims[i] ?? null));
  }
  let shared: number | null = null;
  let inPlace = true;
  for (let i = 0; i < vals.length && inPlace; i++) {
    const d = dims[i] ?? null;
    const x = vals[i] as Tensor;
    if (d === null) continue;
    if (x.ndim - 1 !== outRank || (shared !== null && shared !== d)) inPlace = false;
    shared = d;
  }
  if (inPlace && shared !== null) {
    const d = shared;
    // Unbatched operands align with the trailing dims; they must not reach the batch dim.
    for (let i = 0; i < vals.length; i++) {
      if ((dims[i] ?? null) === null && (vals[i] as Tensor).ndim > outRank - d) inPlace = false;
    }
    if (inPlace) {
      const outs = bind(prim, vals, params);
      return [outs, outs.map(() => d)];
    }
  }
  const moved = vals.map((x, i) => {
    const d = dims[i] ?? null;
    return d === null ? x : padRankAfterFront(moveaxis(x, d, 0), outRank);
  });
  const outs = bind(prim, moved, params);
  return [outs, outs.map(() => 0)];
}
