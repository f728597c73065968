/**
 * JVP rules of the collectives: psum, all_gather and ppermute are linear; pmax/pmin pass the
 * tangent of the chosen value (averaged over ties); axis_index has no tangent.
 */
import type { Tensor } from '@jaxts/tensor';
import { bind1, type CollectivePrimitive } from '@jaxts/tensor/core';
import { convert, div, eq, mul } from '../ops.ts';
import type { JvpFamily, JvpRule } from '../types.ts';

function linear<P extends 'psum' | 'all_gather' | 'ppermute'>(prim: P): JvpRule<P> {
  return ([x], [t], params) => [
    [bind1(prim, [x as Tensor], params)],
    [t === null ? null : bind1(prim, [t], params)],
  ];
}

function chooser(prim: 'pmax' | 'pmin'): JvpRule<'pmax' | 'pmin'> {
  return ([x], [t], params) => {
    const a = x as Tensor;
    const out = bind1(prim, [a], params);
    if (t === null) return [[out], [null]];
    const where = convert(eq(a, out), a.dtype);
    const counts = bind1('psum', [where], { axes: params.axes });
    return [[out], [div(bind1('psum', [mul(t, where)], { axes: params.axes }), counts)]];
  };
}

export const collectiveJvp = {
  psum: linear('psum'),
  pmax: chooser('pmax') as JvpRule<'pmax'>,
  pmin: chooser('pmin') as JvpRule<'pmin'>,
  all_gather: linear('all_gather'),
  axis_index: (_xs, _ts, params) => [[bind1('axis_index', [], params)], [null]],
  ppermute: linear('ppermute'),
} satisfies JvpFamily<CollectivePrimitive>;
