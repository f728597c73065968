/**
 * jax.lax reductions: reduce_sum/max/min/prod/and/or over explicit axes, argmax/argmin, and the
 * cumulative reductions. Axes are non-negative as in lax (jnp normalizes negative axes).
 */
import { bind1 } from '../core/bind.ts';
import { type DType, toDType } from '../dtype.ts';
import { asTensor, type TensorLike } from '../numpy/convert.ts';
import { Tensor } from '../tensor.ts';

type ReducePrim =
  | 'reduce_sum'
  | 'reduce_max'
  | 'reduce_min'
  | 'reduce_prod'
  | 'reduce_and'
  | 'reduce_or';

function reducer(prim: ReducePrim): (x: TensorLike, axes: number | readonly number[]) => Tensor {
  return (x, axes) => {
    const t = x instanceof Tensor ? x : asTensor(x, prim);
    return bind1(prim, [t], { axes: typeof axes === 'number' ? [axes] : [...axes] });
  };
}

/** lax.reduce_sum(x, axes). */
export const reduceSum = reducer('reduce_sum');
/** lax.reduce_max(x, axes): NaN propagates. */
export const reduceMax = reducer('reduce_max');
export const reduceMin = reducer('reduce_min');
export const reduceProd = reducer('reduce_prod');
/** lax.reduce_and(x, axes): logical for bool, bitwise for integers. */
export const reduceAnd = reducer('reduce_and');
export const reduceOr = reducer('reduce_or');

function argReducer(prim: 'argmax' | 'argmin') {
  return (x: TensorLike, axis: number, indexDtype: DType | string = 'int32'): Tensor => {
    const t = x instanceof Tensor ? x : asTensor(x, prim);
    return bind1(prim, [t], { axes: [axis], index_dtype: toDType(indexDtype, prim) });
  };
}

/** lax.argmax(x, axis, indexDtype): NaN counts as the maximum; ties pick the first index. */
export const argmax = argReducer('argmax');
export const argmin = argReducer('argmin');

export interface CumulativeOptions {
  /** The axis to accumulate along (non-negative; default 0). */
  readonly axis?: number;
  /** Accumulate from the end. */
  readonly reverse?: boolean;
}

type CumPrim = 'cumsum' | 'cumprod' | 'cummax' | 'cummin';

function cumulative(prim: CumPrim) {
  return (x: TensorLike, options: CumulativeOptions = {}): Tensor => {
    const t = x instanceof Tensor ? x : asTensor(x, prim);
    return bind1(prim, [t], { axis: options.axis ?? 0, reverse: options.reverse ?? false });
  };
}

/** lax.cumsum(x, { axis = 0, reverse = false }). */
export const cumsum = cumulative('cumsum');
export const cumprod = cumulative('cumprod');
export const cummax = cumulative('cummax');
export const cummin = cumulative('cummin');
