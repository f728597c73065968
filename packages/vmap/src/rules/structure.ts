/**
 * Batching rules of the structure family (shapes, slicing, gather/scatter, sort). The batch
 * dimension stays where it is whenever the primitive's params can express it; operands are
 * moved to the front or broadcast only where the primitive needs a shared batch dimension.
 * Batched dynamic indices become gathers (no per-example loops). JAX: the batch rules in
 * jax._src.lax.lax and lax.slicing.
 */
import { lax, numpy as np, type Tensor } from '@jaxts/tensor';
import { bind, bind1, type Params, type StructurePrimitive } from '@jaxts/tensor/core';
import { bdimAt, bdimAtFront, broadcastAt, moveaxis, pair, range, valueAxis } from '../batching.ts';
import type { BatchAxis, BatchFamily, BatchResult, BDim } from './types.ts';

const one = (x: Tensor, d: BDim): BatchResult => [[x], [d]];

function insertAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const out = [...xs];
  out.splice(i, 0, v);
  return out;
}

/** An int32 start index, clamped to [0, hi] as dynamic_slice / dynamic_update_slice clamp. */
function clampedStart(s: Tensor, hi: number): Tensor {
  const i = lax.convertElementType(s, 'int32');
  return lax.max(lax.min(i, np.scalar(Math.max(hi, 0), 'int32', false)), np.scalar(0, 'int32', false));
}

/** A batched start index as a [B] int32 vector (unbatched ones are broadcast). */
function startVector(s: Tensor, d: BDim, size: number, hi: number): Tensor {
  const c = clampedStart(s, hi);
  return d === null ? broadcastAt(c, size, 0) : c;
}

function take(x: Tensor, idx: Tensor, axis: number, batchDims: number): Tensor {
  return bind1('gather', [x, idx], { axis, batch_dims: batchDims, mode: 'fill' });
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
  const out = bind1('broadcast_in_dim', [x as Tensor], { shape: insertAt(shape, q, size), broadcast_dimensions: dims });
  return one(out, q);
}

function reshape([x]: readonly Tensor[], [d]: readonly BDim[], { new_sizes }: Params<'reshape'>): BatchResult {
  const xf = moveaxis(x as Tensor, d as number, 0);
  const n = xf.shape[0] as number;
  return one(bind1('reshape', [xf], { new_sizes: [n, ...new_sizes], dimensions: null }), 0);
}

function transpose([x]: readonly Tensor[], [d]: readonly BDim[], { permutation }: Params<'transpose'>): BatchResult {
  const b = d as number;
  const perm = range(permutation.length + 1).map((j) => {
    if (j === b) return b;
    return valueAxis(permutation[j < b ? j : j - 1] as number, b);
  });
  return one(bind1('transpose', [x as Tensor], { permutation: perm }), b);
}

function squeeze([x]: readonly Tensor[], [d]: readonly BDim[], { dimensions }: Params<'squeeze'>): BatchResult {
  const b = d as number;
  const dims = dimensions.map((a) => valueAxis(a, b));
  return one(bind1('squeeze', [x as Tensor], { dimensions: dims }), b - dimensions.filter((a) => a < b).length);
}

function expandDims([x]: readonly Tensor[], [d]: readonly BDim[], { dimensions }: Params<'expand_dims'>): BatchResult {
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
  return one(bind1('expand_dims', [x as Tensor], { dimensions: [...dims].sort((u, v) => u - v) }), bOut);
}

function rev([x]: readonly Tensor[], [d]: readonly BDim[], { dimensions }: Params<'rev'>): BatchResult {
  const b = d as number;
  return one(bind1('rev', [x as Tensor], { dimensions: dimensions.map((a) => valueAxis(a, b)) }), b);
}

/** The batch dim all operands share, or null when they differ (or some are unbatched). */
function sharedDim(dims: readonly BDim[]): number | null {
  const d0 = dims[0] ?? null;
  if (d0 === null) return null;
  return dims.every((d) => d === d0) ? d0 : null;
}

function concatenate(vals: readonly Tensor[], dims: readonly BDim[], { dimension }: Params<'concatenate'>, { size }: BatchAxis): BatchResult {
  const s = sharedDim(dims);
  if (s !== null) return one(bind1('concatenate', vals, { dimension: valueAxis(dimension, s) }), s);
  const xs = vals.map((x, i) => bdimAtFront(x, dims[i] ?? null, size));
  return one(bind1('concatenate', xs, { dimension: dimension + 1 }), 0);
}

function pad([x, v]: readonly Tensor[], [dx, dv]: readonly BDim[], { padding_config }: Params<'pad'>, { size }: BatchAxis): BatchResult {
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

function slice([x]: readonly Tensor[], [d]: readonly BDim[], p: Params<'slice'>, { size }: BatchAxis): BatchResult {
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

function dynamicSlice(vals: readonly Tensor[], dims: readonly BDim[], { slice_sizes }: Params<'dynamic_slice'>, { size }: BatchAxis): BatchResult {
  const x = vals[0] as Tensor;
  const dx = dims[0] ?? null;
  const idx = vals.slice(1);
  const idxDims = dims.slice(1);
  const logical = dx === null ? x.shape : x.shape.filter((_, i) => i !== dx);
  const zero = np.scalar(0, 'int32', false);
  // 1. One dynamic_slice for the unbatched starts (full extent along batched-start dims).
  const starts = idx.map((s, k) => ((idxDims[k] ?? null) === null ? s : zero));
  const sizes = slice_sizes.map((n, k) => ((idxDims[k] ?? null) === null ? n : (logical[k] as number)));
  let cur: Tensor;
  let cd: BDim = dx;
  if (idxDims.every((d) => d !== null)) cur = x;
  else if (dx === null) cur = bind1('dynamic_slice', [x, ...starts], { slice_sizes: sizes });
  else cur = bind1('dynamic_slice', [x, ...insertAt(starts, dx, zero)], { slice_sizes: insertAt(sizes, dx, size) });
  if (idxDims.every((d) => d === null)) return one(cur, cd);
  // 2. One gather per batched start: positions start[b] + arange(slice size).
  if (cd !== null) cur = moveaxis(cur, cd, 0);
  cd = cd === null ? null : 0;
  for (let k = 0; k < idx.length; k++) {
    const dk = idxDims[k] ?? null;
    if (dk === null) continue;
    const n = logical[k] as number;
    const m = slice_sizes[k] as number;
    const start = clampedStart(idx[k] as Tensor, n - m);
    const pos = lax.add(lax.reshape(start, [size, 1]), lax.broadcastInDim(lax.iota('int32', m), [size, m], [1]));
    if (cd === null) {
      cur = moveaxis(take(cur, pos, k, 0), k, 0);
      cd = 0;
    } else {
      cur = take(cur, pos, k + 1, 1);
    }
  }
  return one(cur, 0);
}

function dynamicUpdateSlice(vals: readonly Tensor[], dims: readonly BDim[], _p: Params<'dynamic_update_slice'>, { size }: BatchAxis): BatchResult {
  const [x, u] = vals as [Tensor, Tensor];
  const [dx, du] = [dims[0] ?? null, dims[1] ?? null];
  const idx = vals.slice(2);
  const idxDims = dims.slice(2);
  if (idxDims.every((d) => d === null)) {
    const t = dx ?? 0;
    const xb = bdimAt(x, dx, size, t);
    const ub = bdimAt(u, du, size, t);
    const zero = np.scalar(0, 'int32', false);
    return one(bind1('dynamic_update_slice', [xb, ub, ...insertAt(idx, t, zero)], {}), t);
  }
  // Batched starts: gather the update into the operand's shape and select inside the window.
  const xf = bdimAtFront(x, dx, size);
  let uf = bdimAtFront(u, du, size);
  let mask: Tensor | null = null;
  const rank = xf.ndim - 1;
  for (let k = 0; k < rank; k++) {
    const n = xf.shape[k + 1] as number;
    const m = uf.shape[k + 1] as number;
    const start = startVector(idx[k] as Tensor, idxDims[k] ?? null, size, n - m);
    const rel = lax.sub(lax.broadcastInDim(lax.iota('int32', n), [size, n], [1]), lax.reshape(start, [size, 1]));
    const inside = bind1('and', [
      bind1('ge', [rel, np.scalar(0, 'int32', false)], {}),
      bind1('lt', [rel, np.scalar(m, 'int32', false)], {}),
    ], {});
    const shape = range(rank + 1).map((i) => (i === 0 ? size : i === k + 1 ? n : 1));
    const insideK = lax.reshape(inside, shape);
    mask = mask === null ? insideK : bind1('and', [mask, insideK], {});
    const pos = lax.clamp(np.scalar(0, 'int32', false), rel, np.scalar(Math.max(m - 1, 0), 'int32', false));
    uf = take(uf, pos, k + 1, 1);
  }
  const out = mask === null ? uf : bind1('select_n', [mask, xf, uf], {});
  return one(out, 0);
}

function gather([x, idx]: readonly Tensor[], dims: readonly BDim[], p: Params<'gather'>, { size }: BatchAxis): BatchResult {
  const [dx, di] = pair(dims);
  const { axis, batch_dims: bd } = p;
  const xv = x as Tensor;
  const iv = idx as Tensor;
  if (dx !== null && di === null && dx >= bd) {
    const out = bind1('gather', [xv, iv], { ...p, axis: dx <= axis ? axis + 1 : axis });
    return one(out, dx <= axis ? dx : dx - 1 + (iv.ndim - bd));
  }
  if (dx === null && di !== null && di >= bd) {
    return one(bind1('gather', [xv, iv], p), axis + (di - bd));
  }
  const xf = bdimAtFront(xv, dx, size);
  const idf = bdimAtFront(iv, di, size);
  return one(bind1('gather', [xf, idf], { ...p, axis: axis + 1, batch_dims: bd + 1 }), 0);
}

function scatterAdd([u, idx]: readonly Tensor[], dims: readonly BDim[], p: Params<'scatter_add'>, { size }: BatchAxis): BatchResult {
  const [du, di] = pair(dims);
  const { axis, batch_dims: bd, operand_shape: s } = p;
  const uv = u as Tensor;
  const iv = idx as Tensor;
  const m = iv.ndim - (di === null ? 0 : 1) - bd;
  if (du !== null && di === null) {
    if (du >= bd && du <= axis) {
      const out = bind1('scatter_add', [uv, iv], { ...p, axis: axis + 1, operand_shape: insertAt(s, du, size) });
      return one(out, du);
    }
    if (du >= axis + m) {
      const pos = du - m + 1;
      return one(bind1('scatter_add', [uv, iv], { ...p, operand_shape: insertAt(s, pos, size) }), pos);
    }
  }
  const uf = bdimAtFront(uv, du, size);
  const idf = bdimAtFront(iv, di, size);
  const out = bind1('scatter_add', [uf, idf], {
    axis: axis + 1,
    batch_dims: bd + 1,
    operand_shape: [size, ...s],
  });
  return one(out, 0);
}

function sort(vals: readonly Tensor[], dims: readonly BDim[], p: Params<'sort'>, { size }: BatchAxis): BatchResult {
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
