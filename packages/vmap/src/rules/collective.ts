/**
 * Batching rules of the collectives. Over this vmap's own axis name a collective becomes a plain
 * array op along the batch dimension (psum → reduce_sum, all_gather → the stacked values,
 * axis_index → iota, ppermute → a gather) and its result is unbatched where every index sees the
 * same value. Names of enclosing vmaps pass through: the primitive is bound again on the values,
 * so the trace that owns the name handles it. JAX: _batched_reduction_collective,
 * _all_gather_batched_collective, _axis_index_batcher, _ppermute_batcher.
 */
import { numpy as np, type Tensor } from '@jaxts/tensor';
import { bind1, type CollectivePrimitive, type Params } from '@jaxts/tensor/core';
import { broadcastAt, moveaxis } from '../batching.ts';
import type { BatchAxis, BatchFamily, BatchResult, BDim } from './types.ts';

type Reducer = 'psum' | 'pmax' | 'pmin';

const REDUCE = { psum: 'reduce_sum', pmax: 'reduce_max', pmin: 'reduce_min' } as const;

function reduction(prim: Reducer) {
  return (
    [x]: readonly Tensor[],
    [d]: readonly BDim[],
    { axes }: { readonly axes: readonly string[] },
    axis: BatchAxis,
  ): BatchResult => {
    let v = x as Tensor;
    let dim = d ?? null;
    if (axis.name !== null && axes.includes(axis.name)) {
      if (dim !== null) v = bind1(REDUCE[prim], [v], { axes: [dim] });
      else if (prim === 'psum') {
        // Every index holds the same value: the sum is the value times the axis size.
        v = bind1('mul', [v, np.scalar(axis.size, v.dtype, v.weakType)], {});
      }
      dim = null;
    }
    const rest = axes.filter((a) => a !== axis.name);
    if (rest.length > 0) v = bind1(prim, [v], { axes: rest });
    return [[v], [dim]];
  };
}

function allGather(
  [x]: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'all_gather'>,
  axis: BatchAxis,
): BatchResult {
  const v = x as Tensor;
  const d = dims[0] ?? null;
  const g = p.all_gather_dimension;
  if (p.axis_name !== axis.name) {
    if (d === null) return [[bind1('all_gather', [v], p)], [null]];
    const front = moveaxis(v, d, 0);
    return [[bind1('all_gather', [front], { ...p, all_gather_dimension: g + 1 })], [0]];
  }
  let y = d === null ? broadcastAt(v, axis.size, g) : moveaxis(v, d, g);
  if (p.tiled) {
    // Merge the gathered axis into the next one (index-major), as a tiled all_gather does.
    const shape = [...y.shape];
    shape.splice(g, 2, (shape[g] as number) * (shape[g + 1] as number));
    y = bind1('reshape', [y], { new_sizes: shape, dimensions: null });
  }
  return [[y], [null]];
}

function axisIndex(
  _vals: readonly Tensor[],
  _dims: readonly BDim[],
  p: Params<'axis_index'>,
  axis: BatchAxis,
): BatchResult {
  if (p.axis_name !== axis.name) return [[bind1('axis_index', [], p)], [null]];
  return [[bind1('iota', [], { dtype: 'int32', shape: [axis.size], dimension: 0 })], [0]];
}

function ppermute(
  [x]: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'ppermute'>,
  axis: BatchAxis,
): BatchResult {
  const v = x as Tensor;
  const d = dims[0] ?? null;
  if (p.axis_name !== axis.name) return [[bind1('ppermute', [v], p)], [d]];
  // A full permutation of identical values changes nothing.
  if (d === null) return [[v], [null]];
  const src = new Array<number>(axis.size).fill(0);
  for (const [s, t] of p.perm) src[t] = s;
  const idx = np.array(src, 'int32');
  return [[bind1('gather', [v, idx], { axis: d, batch_dims: 0, mode: 'clip' })], [d]];
}

export const collectiveBatch = {
  psum: reduction('psum'),
  pmax: reduction('pmax'),
  pmin: reduction('pmin'),
  all_gather: allGather,
  axis_index: axisIndex,
  ppermute,
} satisfies BatchFamily<CollectivePrimitive>;
