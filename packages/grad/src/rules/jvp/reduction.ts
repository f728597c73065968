/** JVP rules of the reductions (JAX: _reduce_sum_jvp, _reduce_chooser_jvp_rule, _reduce_prod_jvp_rule). */
import type { Tensor } from '@jaxts/tensor';
import { bind, bind1, type ReductionPrimitive } from '@jaxts/tensor/core';
import { constLike, convert, div, eq, mul, reduceSum, reshape, transpose } from '../ops.ts';
import type { JvpFamily, JvpRule } from '../types.ts';
import { scanJvp } from './scan.ts';

function keptDims(ndim: number, axes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ndim; i++) if (!axes.includes(i)) out.push(i);
  return out;
}

function zeroJvp<P extends ReductionPrimitive>(prim: P): JvpRule<P> {
  return (xs, _ts, params) => {
    const outs = bind(prim, xs, params);
    return [outs, outs.map(() => null)];
  };
}

/** max/min: the tangent averaged over the positions that attain the extreme. */
function chooserJvp(prim: 'reduce_max' | 'reduce_min'): JvpRule<'reduce_max' | 'reduce_min'> {
  return ([x], [t], params) => {
    const a = x as Tensor;
    const ans = bind1(prim, [a], params);
    if (t === null) return [[ans], [null]];
    const bcast = bind1('broadcast_in_dim', [ans], {
      shape: [...a.shape],
      broadcast_dimensions: keptDims(a.ndim, params.axes),
    });
    const where = convert(eq(a, bcast), a.dtype);
    const counts = reduceSum(where, params.axes);
    return [[ans], [div(reduceSum(mul(t, where), params.axes), counts)]];
  };
}

/** Product: sum over positions of t times the product of the other elements (zeros handled). */
const reduceProdJvp: JvpRule<'reduce_prod'> = ([x], [t], params) => {
  const a = x as Tensor;
  const ans = bind1('reduce_prod', [a], params);
  if (t === null || params.axes.length === 0) return [[ans], [t]];
  const kept = keptDims(a.ndim, params.axes);
  const perm = [...kept, ...params.axes];
  const keptShape = kept.map((d) => a.shape[d] as number);
  const n = params.axes.reduce((acc, d) => acc * (a.shape[d] as number), 1);
  const flat = (v: Tensor) => reshape(transpose(v, perm), [...keptShape, n]);
  const xf = flat(a);
  const tf = flat(t);
  const last = keptShape.length;
  // Products of the elements before (exclusive cumprod) and after each position.
  const before = exclusiveCumprod(xf, last, false);
  const after = exclusiveCumprod(xf, last, true);
  const others = mul(before, after);
  return [[ans], [reduceSum(mul(tf, others), [last])]];
};

function exclusiveCumprod(x: Tensor, axis: number, reverse: boolean): Tensor {
  const inclusive = bind1('cumprod', [x], { axis, reverse });
  const config = x.shape.map((_, i) =>
    i !== axis ? ([0, 0, 0] as const) : reverse ? ([-1, 1, 0] as const) : ([1, -1, 0] as const),
  );
  return bind1('pad', [inclusive, constLike(x, 1)], { padding_config: config });
}

function cumJvp(
  kind: 'prod' | 'max' | 'min',
  prim: 'cumprod' | 'cummax' | 'cummin',
): JvpRule<'cumprod' | 'cummax' | 'cummin'> {
  return ([x], [t], params) => {
    const a = x as Tensor;
    if (t === null) return [[bind1(prim, [a], params)], [null]];
    const [y, ty] = scanJvp(a, t, params.axis, params.reverse, kind);
    return [[y], [ty]];
  };
}

export const reductionJvp = {
  reduce_sum: ([x], [t], params) => [
    [bind1('reduce_sum', [x as Tensor], params)],
    [t === null ? null : bind1('reduce_sum', [t], params)],
  ],
  reduce_max: chooserJvp('reduce_max') as JvpRule<'reduce_max'>,
  reduce_min: chooserJvp('reduce_min') as JvpRule<'reduce_min'>,
  reduce_prod: reduceProdJvp,
  reduce_and: zeroJvp('reduce_and'),
  reduce_or: zeroJvp('reduce_or'),
  argmax: zeroJvp('argmax'),
  argmin: zeroJvp('argmin'),
  cumsum: ([x], [t], params) => [
    [bind1('cumsum', [x as Tensor], params)],
    [t === null ? null : bind1('cumsum', [t], params)],
  ],
  cumprod: cumJvp('prod', 'cumprod') as JvpRule<'cumprod'>,
  cummax: cumJvp('max', 'cummax') as JvpRule<'cummax'>,
  cummin: cumJvp('min', 'cummin') as JvpRule<'cummin'>,
} satisfies JvpFamily<ReductionPrimitive>;
