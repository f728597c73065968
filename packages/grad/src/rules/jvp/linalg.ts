/**
 * JVP rules of dot_general and conv (bilinear), reduce_window_sum (linear) and
 * reduce_window_max/min (the tangent at the chosen element of each window).
 */
import type { Tensor } from '@jaxts/tensor';
import { bind1, type LinalgPrimitive, type WindowParams } from '@jaxts/tensor/core';
import { addTangents, constLike, convert, eq, mul, reduceSum } from '../ops.ts';
import type { JvpFamily, JvpRule } from '../types.ts';

function bilinear<P extends 'dot_general' | 'conv_general_dilated'>(prim: P): JvpRule<P> {
  return ([x, y], [tx, ty], params) => {
    const a = x as Tensor;
    const b = y as Tensor;
    const out = bind1(prim, [a, b], params);
    const gx = tx === null ? null : bind1(prim, [tx, b], params);
    const gy = ty === null ? null : bind1(prim, [a, ty], params);
    return [[out], [addTangents(gx, gy)]];
  };
}

/**
 * The windows of `x` as a stack of K strided slices of the padded operand (K = window size):
 * out[k, ...] is the k-th element of every window.
 */
function windowSlices(
  x: Tensor,
  p: WindowParams,
  fill: number,
  outShape: readonly number[],
): Tensor {
  const padded = bind1('pad', [x, constLike(x, fill)], {
    padding_config: p.padding.map(
      ([lo, hi], i) => [lo, hi, (p.base_dilation[i] as number) - 1] as const,
    ),
  });
  const offsets: number[][] = [[]];
  for (const w of p.window_dimensions) {
    const next: number[][] = [];
    for (const o of offsets) for (let k = 0; k < w; k++) next.push([...o, k]);
    offsets.splice(0, offsets.length, ...next);
  }
  const slices = offsets.map((o) => {
    const start = o.map((k, i) => k * (p.window_dilation[i] as number));
    const limit = start.map(
      (s, i) => s + ((outShape[i] as number) - 1) * (p.window_strides[i] as number) + 1,
    );
    const sl = bind1('slice', [padded], {
      start_indices: start,
      limit_indices: limit,
      strides: [...p.window_strides],
    });
    return bind1('expand_dims', [sl], { dimensions: [0] });
  });
  return slices.length === 1
    ? (slices[0] as Tensor)
    : bind1('concatenate', slices, { dimension: 0 });
}

function windowChooser(
  prim: 'reduce_window_max' | 'reduce_window_min',
): JvpRule<'reduce_window_max' | 'reduce_window_min'> {
  return ([x], [t], params) => {
    const a = x as Tensor;
    const out = bind1(prim, [a], params);
    if (t === null) return [[out], [null]];
    const fill = prim === 'reduce_window_max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    const xs = windowSlices(a, params, fill, out.shape);
    const ts = windowSlices(t, params, 0, out.shape);
    // The first window element equal to the extreme gets the whole tangent (XLA's select).
    const hit = convert(
      eq(
        xs,
        bind1('broadcast_in_dim', [out], {
          shape: [...xs.shape],
          broadcast_dimensions: out.shape.map((_, i) => i + 1),
        }),
      ),
      'int32',
    );
    const firstHit = bind1(
      'eq',
      [bind1('cumsum', [hit], { axis: 0, reverse: false }), constLike(hit, 1)],
      {},
    );
    const chosen = convert(bind1('and', [firstHit, convert(hit, 'bool')], {}), a.dtype);
    return [[out], [reduceSum(mul(ts, chosen), [0])]];
  };
}

export const linalgJvp = {
  dot_general: bilinear('dot_general'),
  conv_general_dilated: bilinear('conv_general_dilated'),
  reduce_window_sum: ([x], [t], params) => [
    [bind1('reduce_window_sum', [x as Tensor], params)],
    [t === null ? null : bind1('reduce_window_sum', [t], params)],
  ],
  reduce_window_max: windowChooser('reduce_window_max') as JvpRule<'reduce_window_max'>,
  reduce_window_min: windowChooser('reduce_window_min') as JvpRule<'reduce_window_min'>,
} satisfies JvpFamily<LinalgPrimitive>;
