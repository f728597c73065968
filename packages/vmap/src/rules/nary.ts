/**
 * The batching rule of every broadcasting n-ary primitive (elementwise ops, select_n, clamp,
 * threefry2x32, random_transform). JAX: batching.broadcast_batcher.
 *
 * The output keeps the batch dimension of the first full-rank batched operand (or puts it in
 * front when none has full rank). Operands are then only reshaped to line up under NumPy
 * broadcasting: size-1 axes go where an operand lacks a dimension, including at the batch
 * position of unbatched operands (a reshape of the small operand, no copy). A batched operand is
 * transposed only when its batch dimension sits on the other side of its per-example dims.
 */
import { lax, type Tensor } from '@jaxts/tensor';
import { bind, type Params, type Primitive } from '@jaxts/tensor/core';
import { logicalRank, moveaxis } from '../batching.ts';
import type { BatchResult, BDim } from './types.ts';

/** An unbatched operand reshaped to broadcast against values batched at `d` (rank outRank+1). */
function alignUnbatched(x: Tensor, d: number, outRank: number): Tensor {
  // Its dims align with the trailing dims; only those reaching the batch dim need the 1.
  if (x.ndim <= outRank - d) return x;
  const shape = [...new Array<number>(outRank - x.ndim).fill(1), ...x.shape];
  shape.splice(d, 0, 1);
  return lax.reshape(x, shape);
}

/** A batched operand laid out for an output of rank outRank+1 batched at `d`. */
function alignBatched(x: Tensor, di: number, d: number, outRank: number): Tensor {
  const r = x.ndim - 1;
  // Per-example dims right-align with the output's; those before the output's batch dim must
  // come before the operand's batch dim too.
  const before = Math.min(Math.max(d - (outRank - r), 0), r);
  const moved = moveaxis(x, di, before);
  if (r === outRank) return moved;
  const size = x.shape[di] as number;
  const logical = moved.shape.filter((_, i) => i !== before);
  const shape = new Array<number>(outRank + 1).fill(1);
  shape[d] = size;
  logical.forEach((n, j) => {
    const p = outRank - r + j;
    shape[p < d ? p : p + 1] = n;
  });
  return lax.reshape(moved, shape);
}

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
  let d = 0;
  for (let i = 0; i < vals.length; i++) {
    const di = dims[i] ?? null;
    if (di !== null && (vals[i] as Tensor).ndim - 1 === outRank) {
      d = di;
      break;
    }
  }
  const args = vals.map((x, i) => {
    const di = dims[i] ?? null;
    return di === null ? alignUnbatched(x, d, outRank) : alignBatched(x, di, d, outRank);
  });
  const outs = bind(prim, args, params);
  return [outs, outs.map(() => d)];
}
