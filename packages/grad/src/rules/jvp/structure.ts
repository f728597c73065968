/**
 * JVP rules of the structure primitives: all are linear in their array operands (indices and
 * sort keys carry no tangent), so the tangent goes through the same primitive.
 */
import type { Tensor } from '@jaxts/tensor';
import {
  bind,
  bind1,
  type Params,
  type Primitive,
  type StructurePrimitive,
} from '@jaxts/tensor/core';
import { clampIndices, gatherInRange, inversePerm, select, transpose, zerosLike } from '../ops.ts';
import type { JvpFamily, JvpRule, Tangent } from '../types.ts';

/**
 * Linear in the first `nLinear` operands (the rest, e.g. start indices, are passed as is); zero
 * tangents of some linear operands are instantiated only if another one is non-zero.
 */
function linearIn<P extends Primitive>(prim: P, nLinear: number): JvpRule<P> {
  return (primals, tangents, params) => {
    const out = bind(prim, primals, params);
    const lin = tangents.slice(0, nLinear);
    if (lin.every((t) => t === null)) return [out, out.map(() => null)];
    const ts = lin.map((t, i) => t ?? zerosLike(primals[i] as Tensor));
    return [out, bind(prim, [...ts, ...primals.slice(nLinear)], params as Params<P>)];
  };
}

/** out[..., j, ...] = x[..., idx[..., j, ...], ...] along `axis` (NumPy take_along_axis). */
export function takeAlong(x: Tensor, idx: Tensor, axis: number): Tensor {
  const last = x.ndim - 1;
  if (axis === last) return bind1('gather', [x, idx], { axis, batch_dims: axis, mode: 'clip' });
  const perm = x.shape.map((_, i) => i).filter((i) => i !== axis);
  perm.push(axis);
  const inv = inversePerm(perm);
  const g = bind1('gather', [transpose(x, perm), transpose(idx, perm)], {
    axis: last,
    batch_dims: last,
    mode: 'clip',
  });
  return transpose(g, inv);
}

const sortJvp: JvpRule<'sort'> = (primals, tangents, params) => {
  if (tangents.every((t) => t === null)) {
    const outs = bind('sort', primals, params);
    return [outs, outs.map(() => null)];
  }
  // Sort an iota along with the operands to learn the permutation, then gather the tangents.
  const first = primals[0] as Tensor;
  const dim = params.dimension;
  const iota = bind1('iota', [], { dtype: 'int32', shape: [...first.shape], dimension: dim });
  const outs = bind('sort', [...primals, iota], params);
  const perm = outs[outs.length - 1] as Tensor;
  const tOut: Tangent[] = tangents.map((t) => (t === null ? null : takeAlong(t, perm, dim)));
  return [outs.slice(0, -1), tOut];
};

export const structureJvp = {
  broadcast_in_dim: linearIn('broadcast_in_dim', 1),
  reshape: linearIn('reshape', 1),
  transpose: linearIn('transpose', 1),
  squeeze: linearIn('squeeze', 1),
  expand_dims: linearIn('expand_dims', 1),
  rev: linearIn('rev', 1),
  concatenate: (primals, tangents, params) =>
    linearIn('concatenate', primals.length)(primals, tangents, params),
  pad: linearIn('pad', 2),
  slice: linearIn('slice', 1),
  dynamic_slice: linearIn('dynamic_slice', 1),
  dynamic_update_slice: linearIn('dynamic_update_slice', 2),
  gather: ([x, idx], [t], params) => {
    const a = x as Tensor;
    const out = bind1('gather', [a, idx as Tensor], params);
    if (t === null) return [[out], [null]];
    if (params.mode === 'clip') return [[out], [bind1('gather', [t, idx as Tensor], params)]];
    // 'fill' fills out-of-range reads with NaN; their tangent is 0 (JAX's fill_value=0).
    const n = a.shape[params.axis] as number;
    const read = bind1('gather', [t, clampIndices(idx as Tensor, n)], { ...params, mode: 'clip' });
    const inRange = gatherInRange(idx as Tensor, n, params.axis, params.batch_dims, out.shape);
    return [[out], [select(inRange, read, zerosLike(read))]];
  },
  scatter_add: linearIn('scatter_add', 1),
  sort: sortJvp,
  iota: (primals, _tangents, params) => [[bind1('iota', primals, params)], [null]],
} satisfies JvpFamily<StructurePrimitive>;
