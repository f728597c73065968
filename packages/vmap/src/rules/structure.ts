/**
 * Batching rules of the structure family (shapes, slicing, sort; the indexing ones are in
 * indexing.ts). The batch dimension stays where it is whenever the primitive's params can express
 * it; operands move to the front or are broadcast only where the primitive needs a shared batch
 * dimension. JAX: the batch rules in jax._src.lax.lax and lax.slicing.
 */
import { lax, numpy as np, type Tensor } from '@jaxts/tensor';
import { bind, bind1, type Params, type StructurePrimitive } from '@jaxts/tensor/core';
import { bdimAtFront, broadcastAt, moveaxis, range, valueAxis } from '../batching.ts';
import { dynamicSlice, dynamicUpdateSlice, gather, scatterAdd } from './indexing.ts';
import type { BatchAxis, BatchFamily, BatchResult, BDim } from './types.ts';

const one = (x: Tensor, d: BDim): BatchResult => [[x], [d]];

function insertAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const out = [...xs];
  out.splice(i, 0, v);
  return out;
}

function broadcastInDim(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  { shape, broadcast_dimensions: bd }: Params<'broadcast_in_dim'>,
  { size }: BatchAxis,
): BatchResult {
  // Put the batch dim right after the output dim of the operand dim before it, which keeps
  // broadcast_dimensions increasing.
  const b = d as number;
  const q = b === 0 ? 0 : (bd[b - 1] as number) + 1;
  const dims = range(bd.length + 1).map((i) => {
    if (i === b) return q;
    const j = i < b ? i : i - 1;
    const t = bd[j] as number;
    return t < q ? t : t + 1;
  });
  const out = bind1('broadcast_in_dim', [x as Tensor], {
    shape: insertAt(shape, q, size),
    broadcast_dimensions: dims,
  });
  return one(out, q);
}

function reshape(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  { new_sizes }: Params<'reshape'>,
): BatchResult {
  const xf = moveaxis(x as Tensor, d as number, 0);
  const n = xf.shape[0] as number;
  return one(bind1('reshape', [xf], { new_sizes: [n, ...new_sizes], dimensions: null }), 0);
}

function transpose(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  { permutation }: Params<'transpose'>,
): BatchResult {
  const b = d as number;
  const perm = range(permutation.length + 1).map((j) => {
    if (j === b) return b;
    return valueAxis(permutation[j < b ? j : j - 1] as number, b);
  });
  return one(bind1('transpose', [x as Tensor], { permutation: perm }), b);
}

function squeeze(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  { dimensions }: Params<'squeeze'>,
): BatchResult {
  const b = d as number;
  const dims = dimensions.map((a) => valueAxis(a, b));
  return one(
    bind1('squeeze', [x as Tensor], { dimensions: dims }),
    b - dimensions.filter((a) => a < b).length,
  );
}

function expandDims(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  { dimensions }: Params<'expand_dims'>,
): BatchResult {
  const b = d as number;
  const added = new Set(dimensions);
  // Output position of the operand dim just before the batch dim.
  let bOut = 0;
  if (b > 0) {
    let seen = 0;
    for (let p = 0; ; p++) {
      if (added.has(p)) continue;
      seen++;
      if (seen === b) {
        bOut = p + 1;
        break;
      }
    }
  }
  const dims = dimensions.map((p) => (p < bOut ? p : p + 1));
  return one(
    bind1('expand_dims', [x as Tensor], { dimensions: [...dims].sort((u, v) => u - v) }),
    bOut,
  );
}

function rev(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  { dimensions }: Params<'rev'>,
): BatchResult {
  const b = d as number;
  return one(
    bind1('rev', [x as Tensor], { dimensions: dimensions.map((a) => valueAxis(a, b)) }),
    b,
  );
}

/** The batch dim all operands share, or null when they differ (or some are unbatched). */
function sharedDim(dims: readonly BDim[]): number | null {
  const d0 = dims[0] ?? null;
  if (d0 === null) return null;
  return dims.every((d) => d === d0) ? d0 : null;
}

function concatenate(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  { dimension }: Params<'concatenate'>,
  { size }: BatchAxis,
): BatchResult {
  const s = sharedDim(dims);
  if (s !== null) return one(bind1('concatenate', vals, { dimension: valueAxis(dimension, s) }), s);
  const xs = vals.map((x, i) => bdimAtFront(x, dims[i] ?? null, size));
  return one(bind1('concatenate', xs, { dimension: dimension + 1 }), 0);
}

function pad(
  [x, v]: readonly Tensor[],
  [dx, dv]: readonly BDim[],
  { padding_config }: Params<'pad'>,
  { size }: BatchAxis,
): BatchResult {
  const b = dx ?? 0;
  const xb = dx === null ? broadcastAt(x as Tensor, size, 0) : (x as Tensor);
  const config = insertAt(padding_config, b, [0, 0, 0] as const);
  if (dv === null) return one(bind1('pad', [xb, v as Tensor], { padding_config: config }), b);
  // A batched padding value: pad with zeros, then select the per-example value outside the mask.
  const zero = np.scalar(xb.dtype === 'bool' ? false : 0, xb.dtype, xb.weakType);
  const padded = bind1('pad', [xb, zero], { padding_config: config });
  const trues = lax.broadcastInDim(np.scalar(true, 'bool', false), xb.shape, []);
  const mask = bind1('pad', [trues, np.scalar(false, 'bool', false)], { padding_config: config });
  const vb = lax.broadcastInDim(moveaxis(v as Tensor, dv as number, 0), padded.shape, [b]);
  return one(lax.selectN(mask, vb, padded), b);
}

function slice(
  [x]: readonly Tensor[],
  [d]: readonly BDim[],
  p: Params<'slice'>,
  { size }: BatchAxis,
): BatchResult {
  const b = d as number;
  return one(
    bind1('slice', [x as Tensor], {
      start_indices: insertAt(p.start_indices, b, 0),
      limit_indices: insertAt(p.limit_indices, b, size),
      strides: p.strides === null ? null : insertAt(p.strides, b, 1),
    }),
    b,
  );
}

function sort(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'sort'>,
  { size }: BatchAxis,
): BatchResult {
  const s = sharedDim(dims);
  if (s !== null) {
    const outs = bind('sort', vals, { ...p, dimension: valueAxis(p.dimension, s) });
    return [outs, outs.map(() => s)];
  }
  const xs = vals.map((x, i) => bdimAtFront(x, dims[i] ?? null, size));
  const outs = bind('sort', xs, { ...p, dimension: p.dimension + 1 });
  return [outs, outs.map(() => 0)];
}

/** iota has no operands, so it is never batched; the rule only keeps the table total. */
function iota(_vals: readonly Tensor[], _dims: readonly BDim[], p: Params<'iota'>): BatchResult {
  return one(bind1('iota', [], p), null);
}

export const structureBatch = {
  broadcast_in_dim: broadcastInDim,
  reshape,
  transpose,
  squeeze,
  expand_dims: expandDims,
  rev,
  concatenate,
  pad,
  slice,
  dynamic_slice: dynamicSlice,
  dynamic_update_slice: dynamicUpdateSlice,
  gather,
  scatter_add: scatterAdd,
  sort,
  iota,
} satisfies BatchFamily<StructurePrimitive>;
