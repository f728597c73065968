/**
 * Batching rules of the indexing structure primitives: dynamic_slice / dynamic_update_slice with
 * mapped start indices become gathers (and a window mask for updates), never per-example loops;
 * gather and scatter_add use their batch_dims. JAX: _dynamic_slice_batching_rule (via gather),
 * _gather_batching_rule, _scatter_add batching.
 */
import { lax, numpy as np, type Tensor } from '@jaxts/tensor';
import { bind1, type Params } from '@jaxts/tensor/core';
import { bdimAt, bdimAtFront, broadcastAt, moveaxis, pair, range } from '../batching.ts';
import type { BatchAxis, BatchResult, BDim } from './types.ts';

const one = (x: Tensor, d: BDim): BatchResult => [[x], [d]];

function insertAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const out = [...xs];
  out.splice(i, 0, v);
  return out;
}

/** An int32 start index, clamped to [0, hi] as dynamic_slice / dynamic_update_slice clamp. */
function clampedStart(s: Tensor, hi: number): Tensor {
  const i = lax.convertElementType(s, 'int32');
  return lax.max(
    lax.min(i, np.scalar(Math.max(hi, 0), 'int32', false)),
    np.scalar(0, 'int32', false),
  );
}

/** A batched start index as a [B] int32 vector (unbatched ones are broadcast). */
function startVector(s: Tensor, d: BDim, size: number, hi: number): Tensor {
  const c = clampedStart(s, hi);
  return d === null ? broadcastAt(c, size, 0) : c;
}

function take(x: Tensor, idx: Tensor, axis: number, batchDims: number): Tensor {
  return bind1('gather', [x, idx], { axis, batch_dims: batchDims, mode: 'fill' });
}

export function dynamicSlice(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  { slice_sizes }: Params<'dynamic_slice'>,
  { size }: BatchAxis,
): BatchResult {
  const x = vals[0] as Tensor;
  const dx = dims[0] ?? null;
  const idx = vals.slice(1);
  const idxDims = dims.slice(1);
  const logical = dx === null ? x.shape : x.shape.filter((_, i) => i !== dx);
  const zero = np.scalar(0, 'int32', false);
  // 1. One dynamic_slice for the unbatched starts (full extent along batched-start dims).
  const starts = idx.map((s, k) => ((idxDims[k] ?? null) === null ? s : zero));
  const sizes = slice_sizes.map((n, k) =>
    (idxDims[k] ?? null) === null ? n : (logical[k] as number),
  );
  let cur: Tensor;
  let cd: BDim = dx;
  if (idxDims.every((d) => d !== null)) cur = x;
  else if (dx === null) cur = bind1('dynamic_slice', [x, ...starts], { slice_sizes: sizes });
  else
    cur = bind1('dynamic_slice', [x, ...insertAt(starts, dx, zero)], {
      slice_sizes: insertAt(sizes, dx, size),
    });
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
    const pos = lax.add(
      lax.reshape(start, [size, 1]),
      lax.broadcastInDim(lax.iota('int32', m), [size, m], [1]),
    );
    if (cd === null) {
      cur = moveaxis(take(cur, pos, k, 0), k, 0);
      cd = 0;
    } else {
      cur = take(cur, pos, k + 1, 1);
    }
  }
  return one(cur, 0);
}

export function dynamicUpdateSlice(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  _p: Params<'dynamic_update_slice'>,
  { size }: BatchAxis,
): BatchResult {
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
    const rel = lax.sub(
      lax.broadcastInDim(lax.iota('int32', n), [size, n], [1]),
      lax.reshape(start, [size, 1]),
    );
    const inside = bind1(
      'and',
      [
        bind1('ge', [rel, np.scalar(0, 'int32', false)], {}),
        bind1('lt', [rel, np.scalar(m, 'int32', false)], {}),
      ],
      {},
    );
    const shape = range(rank + 1).map((i) => (i === 0 ? size : i === k + 1 ? n : 1));
    const insideK = lax.reshape(inside, shape);
    mask = mask === null ? insideK : bind1('and', [mask, insideK], {});
    const pos = lax.clamp(
      np.scalar(0, 'int32', false),
      rel,
      np.scalar(Math.max(m - 1, 0), 'int32', false),
    );
    uf = take(uf, pos, k + 1, 1);
  }
  const out = mask === null ? uf : bind1('select_n', [mask, xf, uf], {});
  return one(out, 0);
}

export function gather(
  [x, idx]: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'gather'>,
  { size }: BatchAxis,
): BatchResult {
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

export function scatterAdd(
  [u, idx]: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'scatter_add'>,
  { size }: BatchAxis,
): BatchResult {
  const [du, di] = pair(dims);
  const { axis, batch_dims: bd, operand_shape: s } = p;
  const uv = u as Tensor;
  const iv = idx as Tensor;
  const m = iv.ndim - (di === null ? 0 : 1) - bd;
  if (du !== null && di === null) {
    if (du >= bd && du <= axis) {
      const out = bind1('scatter_add', [uv, iv], {
        ...p,
        axis: axis + 1,
        operand_shape: insertAt(s, du, size),
      });
      return one(out, du);
    }
    if (du >= axis + m) {
      const pos = du - m + 1;
      return one(
        bind1('scatter_add', [uv, iv], { ...p, operand_shape: insertAt(s, pos, size) }),
        pos,
      );
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
