/**
 * jax.numpy reductions: sum, mean, var, std, max, min, prod, all, any, argmax, argmin, logsumexp
 * (jax.scipy.special / jax.nn), cumsum, cumprod. Follows jax/_src/numpy/reductions.py: NumPy axis
 * handling, bool/int dtype rules, results that are never weakly typed.
 */
import { bind1 } from '../core/bind.ts';
import { type DType, toDType } from '../dtype.ts';
import { ShapeError } from '../errors.ts';
import { normalizeAxes, normalizeAxis, sizeOf } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { composite } from './composite.ts';
import { asTensor, scalar, type TensorLike } from './convert.ts';
import { convert } from './elementwise.ts';
import type { ArgOptions, ReduceOptions, VarOptions } from './types.ts';

const NONE: Record<string, never> = {};

export interface DTypeOption {
  /** dtype of the computation and the result (JAX's `dtype` argument). */
  readonly dtype?: DType | string | null;
}

export type SumOptions = ReduceOptions & DTypeOption;

function tensor(x: TensorLike, api: string): Tensor {
  return x instanceof Tensor ? x : asTensor(x, api);
}

/** `x` as `dtype`, not weakly typed (lax.convert_element_type). */
function strongAs(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype && !x.weakType ? x : convert(x, dtype, false);
}

function userDType(d: DType | string | null | undefined, api: string): DType | null {
  return d === null || d === undefined ? null : toDType(d, api);
}

type ReducePrim =
  | 'reduce_sum'
  | 'reduce_max'
  | 'reduce_min'
  | 'reduce_prod'
  | 'reduce_and'
  | 'reduce_or';

/** One lax reduction over normalized axes, with keepdims (lax.expand_dims) and a strong result. */
function reduceAxes(
  prim: ReducePrim,
  x: Tensor,
  axes: readonly number[],
  keepdims: boolean,
): Tensor {
  let r = bind1(prim, [x], { axes });
  if (keepdims && axes.length > 0) r = bind1('expand_dims', [r], { dimensions: axes });
  return r;
}

/** JAX's _reduction: preprocess, convert to the result dtype, reduce, keepdims, strong result. */
function reduction(
  api: string,
  x: TensorLike,
  options: ReduceOptions & DTypeOption,
  prim: ReducePrim,
  boolPrim: ReducePrim,
  preprocess: (t: Tensor) => Tensor,
  hasIdentity: boolean,
): Tensor {
  return composite(() => {
    const t = preprocess(tensor(x, api));
    const axes = normalizeAxes(api, options.axis, t.ndim);
    if (!hasIdentity && axes.some((a) => t.shape[a] === 0)) {
      throw new ShapeError(
        `${api}: zero-size array to reduction operation ${api} which has no identity; got ${t.aval.strShort()} ` +
          `reduced over axes [${axes.join(',')}]. Reduce over non-empty axes, or use jnp.where to give empty inputs a value.`,
      );
    }
    const dtype = userDType(options.dtype, api) ?? t.dtype;
    const a = strongAs(t, dtype);
    return reduceAxes(dtype === 'bool' ? boolPrim : prim, a, axes, options.keepdims ?? false);
  });
}

/** JAX's _cast_to_numeric: bools become int32. */
function toNumeric(t: Tensor): Tensor {
  return t.dtype === 'bool' ? convert(t, 'int32', t.weakType) : t;
}

/** JAX's _cast_to_bool: x != 0. */
function toBool(t: Tensor): Tensor {
  return t.dtype === 'bool' ? t : convert(t, 'bool', false);
}

const same = (t: Tensor): Tensor => t;

/** jnp.sum(x, { axis, keepdims, dtype }): bools count as int32. */
export function sum(x: TensorLike, options: SumOptions = {}): Tensor {
  return reduction('sum', x, options, 'reduce_sum', 'reduce_or', toNumeric, true);
}

/** jnp.prod(x, { axis, keepdims, dtype }). */
export function prod(x: TensorLike, options: SumOptions = {}): Tensor {
  return reduction('prod', x, options, 'reduce_prod', 'reduce_and', toNumeric, true);
}

/** jnp.max(x, { axis, keepdims }): NaN propagates; empty reductions are an error. */
export function max(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return reduction('max', x, options, 'reduce_max', 'reduce_max', same, false);
}

export function min(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return reduction('min', x, options, 'reduce_min', 'reduce_min', same, false);
}

/** jnp.all(x, { axis, keepdims }): whether every element is nonzero. */
export function all(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return reduction('all', x, options, 'reduce_and', 'reduce_and', toBool, true);
}

export function any(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return reduction('any', x, options, 'reduce_or', 'reduce_or', toBool, true);
}

/** Number of reduced elements (JAX's _count) for normalized axes. */
function count(t: Tensor, axes: readonly number[]): number {
  let n = 1;
  for (const a of axes) n *= t.shape[a] as number;
  return n;
}

/** jnp.mean(x, { axis, keepdims, dtype }): integers and bools average as float32. */
export function mean(x: TensorLike, options: SumOptions = {}): Tensor {
  return composite(() => {
    const t = tensor(x, 'mean');
    const dtype = userDType(options.dtype, 'mean') ?? 'float32';
    const axes = normalizeAxes('mean', options.axis, t.ndim);
    const s = sum(t, { axis: axes, keepdims: options.keepdims ?? false, dtype });
    return bind1('div', [s, scalar(count(t, axes), dtype, false)], NONE);
  });
}

/** jnp.var(x, { axis, ddof, keepdims }): mean squared deviation, divided by N - ddof. */
export function var_(x: TensorLike, options: VarOptions & DTypeOption = {}): Tensor {
  return variance('var', x, options);
}

function variance(api: string, x: TensorLike, options: VarOptions & DTypeOption): Tensor {
  return composite(() => {
    const t0 = tensor(x, api);
    const dtype = userDType(options.dtype, api) ?? 'float32';
    const t = strongAs(t0, dtype);
    const axes = normalizeAxes(api, options.axis, t.ndim);
    const keepdims = options.keepdims ?? false;
    const m = mean(t, { axis: axes, keepdims: true, dtype });
    const centered = bind1('square', [bind1('sub', [t, m], NONE)], NONE);
    const normalizer = count(t, axes) - (options.ddof ?? 0);
    const s = sum(centered, { axis: axes, keepdims, dtype });
    const r = bind1('div', [s, scalar(normalizer, dtype, false)], NONE);
    // JAX: where(normalizer > 0, result, nan).
    return normalizer > 0 ? r : bind1('add', [r, scalar(Number.NaN, dtype, false)], NONE);
  });
}

export { var_ as var };

/** jnp.std(x, { axis, ddof, keepdims }) = sqrt(var). */
export function std(x: TensorLike, options: VarOptions & DTypeOption = {}): Tensor {
  return composite(() => bind1('sqrt', [variance('std', x, options)], NONE));
}

function flatten(t: Tensor): Tensor {
  return bind1('reshape', [t], { new_sizes: [sizeOf(t.shape)], dimensions: null });
}

function argReduce(prim: 'argmax' | 'argmin', x: TensorLike, options: ArgOptions): Tensor {
  return composite(() => {
    let t = tensor(x, prim);
    let axis: number;
    let dims: number[];
    if (options.axis === null || options.axis === undefined) {
      dims = Array.from({ length: t.ndim }, (_, i) => i);
      t = flatten(t);
      axis = 0;
    } else {
      axis = normalizeAxis(prim, options.axis, t.ndim);
      dims = [axis];
    }
    if (t.shape[axis] === 0) {
      throw new ShapeError(
        `${prim}: attempt to get ${prim} of an empty sequence; got ${t.aval.strShort()} along axis ${axis}.`,
      );
    }
    const r = bind1(prim, [t], { axes: [axis], index_dtype: 'int32' });
    return options.keepdims === true && dims.length > 0
      ? bind1('expand_dims', [r], { dimensions: dims })
      : r;
  });
}

/** jnp.argmax(x, { axis, keepdims }): first index of the maximum (NaN counts as the maximum). */
export function argmax(x: TensorLike, options: ArgOptions = {}): Tensor {
  return argReduce('argmax', x, options);
}

export function argmin(x: TensorLike, options: ArgOptions = {}): Tensor {
  return argReduce('argmin', x, options);
}

/**
 * logsumexp(a, { axis, keepdims }) = log(sum(exp(a))), computed stably by subtracting the
 * (finite) maximum, as jax.scipy.special.logsumexp / jax.nn.logsumexp.
 */
export function logsumexp(a: TensorLike, options: ReduceOptions = {}): Tensor {
  return composite(() => {
    let t = tensor(a, 'logsumexp');
    if (t.dtype !== 'float32') t = convert(t, 'float32', t.weakType);
    const axes = normalizeAxes('logsumexp', options.axis, t.ndim);
    const keepdims = options.keepdims ?? false;
    // max with initial=-inf: empty reductions give -inf instead of an error.
    let amax = reduceAxes('reduce_max', t, axes, keepdims);
    const finite = bind1('is_finite', [amax], NONE);
    amax = bind1('select_n', [finite, scalar(0, 'float32', amax.weakType), amax], NONE);
    amax = bind1('stop_gradient', [amax], NONE);
    const amaxDims =
      keepdims || axes.length === 0 ? amax : bind1('expand_dims', [amax], { dimensions: axes });
    const expA = bind1('exp', [bind1('sub', [t, amaxDims], NONE)], NONE);
    const sumexp = bind1('abs', [reduceAxes('reduce_sum', expA, axes, keepdims)], NONE);
    const out = bind1('add', [bind1('log', [sumexp], NONE), amax], NONE);
    return strongAs(out, 'float32');
  });
}

export interface CumulativeOptions extends DTypeOption {
  /** Axis to accumulate along; `null`/omitted flattens first. */
  readonly axis?: number | null;
}

function cumulative(api: 'cumsum' | 'cumprod', x: TensorLike, options: CumulativeOptions): Tensor {
  return composite(() => {
    let t = tensor(x, api);
    if (options.axis === null || options.axis === undefined || t.ndim === 0) t = flatten(t);
    const axis = normalizeAxis(api, options.axis ?? 0, t.ndim);
    const requested = userDType(options.dtype, api);
    let resultType: DType;
    let computeType: DType;
    if (requested === null) {
      resultType = t.dtype === 'bool' ? 'int32' : t.dtype;
      computeType = resultType;
    } else if (requested === 'bool') {
      // lax accumulates numbers only: accumulate x != 0 as int32, then convert back.
      resultType = 'bool';
      if (t.dtype !== 'bool') t = convert(t, 'bool', false);
      computeType = 'int32';
    } else {
      resultType = requested;
      computeType = requested;
    }
    const r = bind1(api, [strongAs(t, computeType)], { axis, reverse: false });
    return strongAs(r, resultType);
  });
}

/** jnp.cumsum(x, { axis, dtype }): bools accumulate as int32; no axis flattens. */
export function cumsum(x: TensorLike, options: CumulativeOptions = {}): Tensor {
  return cumulative('cumsum', x, options);
}

export function cumprod(x: TensorLike, options: CumulativeOptions = {}): Tensor {
  return cumulative('cumprod', x, options);
}
