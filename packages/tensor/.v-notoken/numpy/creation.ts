/**
 * Array creation (jax.numpy array, asarray, zeros, ones, full, empty, *_like, eye, identity,
 * arange, linspace, tri, tril, triu), built like JAX's: broadcast constants and iota.
 */
import { type DType, toDType } from '../dtype.ts';
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import * as lax from '../lax/structure.ts';
import { broadcastShapes, checkShape } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { composite } from './composite.ts';
import { asTensor, scalar, type TensorLike } from './convert.ts';
import {
  add,
  divide,
  equal,
  floor,
  greaterEqual,
  multiply,
  subtract,
  where,
} from './elementwise.ts';
import { broadcastTo, castTo, concatenate, stack } from './shape.ts';

type ShapeArg = number | readonly number[];
/** A dtype or one of its names ('float32', 'int32', 'uint32', 'bool', 'f32', ...). */
export type DTypeArg = DType | string;

function dtypeOf(api: string, d: DTypeArg | null | undefined): DType | undefined {
  return d === undefined || d === null ? undefined : toDType(d, api);
}

function shapeOf(api: string, shape: ShapeArg): number[] {
  return checkShape(api, typeof shape === 'number' ? [shape] : shape);
}

function hasTensor(x: unknown): boolean {
  if (x instanceof Tensor) return true;
  return Array.isArray(x) && x.some(hasTensor);
}

/**
 * jnp.array: numbers and booleans become scalars (numbers weakly typed, like Python scalars),
 * nested lists become arrays (int32 if every entry is an integer, float32 otherwise), lists of
 * arrays are stacked; `dtype` casts.
 */
export function array(x: TensorLike, dtype?: DTypeArg | null): Tensor {
  const d = dtypeOf('array', dtype);
  if (Array.isArray(x) && hasTensor(x)) {
    const t = stack((x as readonly TensorLike[]).map((e) => array(e)));
    return d === undefined ? t : castTo(t, d);
  }
  if (x instanceof Tensor) return d === undefined ? x : castTo(x, d);
  if (typeof x === 'number' || typeof x === 'boolean') {
    // A fresh buffer (scalars are shared cached constants); Python ints and floats are weakly
    // typed, bools are not.
    const v =
      d !== undefined
        ? scalar(x, d, false)
        : typeof x === 'boolean'
          ? scalar(x, 'bool', false)
          : asTensor(x, 'array');
    return lax.broadcastInDim(v, [], []);
  }
  return asTensor(x, 'array', d);
}

/** jnp.asarray (jaxts arrays are immutable, so the same as array). */
export function asarray(x: TensorLike, dtype?: DTypeArg | null): Tensor {
  return array(x, dtype);
}

/**
 * jnp.full: an array of `shape` filled with `fillValue` (a number, or an array broadcast to the
 * shape). Without `dtype`, a JavaScript number stays weakly typed like JAX's Python scalars.
 */
export function full(shape: ShapeArg, fillValue: TensorLike, dtype?: DTypeArg | null): Tensor {
  return filled('full', shape, fillValue, dtypeOf('full', dtype));
}

function filled(api: string, shape: ShapeArg, fillValue: TensorLike, d: DType | undefined): Tensor {
  const s = shapeOf(api, shape);
  let v: Tensor;
  if (typeof fillValue === 'number' || typeof fillValue === 'boolean') {
    // Numbers are weakly typed like Python scalars; booleans are not.
    v =
      d !== undefined
        ? scalar(fillValue, d, false)
        : typeof fillValue === 'boolean'
          ? scalar(fillValue, 'bool', false)
          : asTensor(fillValue, api);
  } else {
    v = asTensor(fillValue, api);
    if (d !== undefined) v = castTo(v, d);
  }
  // Always a new buffer: scalars from JavaScript numbers are shared cached constants.
  if (v.ndim === 0) return lax.broadcastInDim(v, s, []);
  return broadcastTo(v, s);
}

/** jnp.zeros (float32 unless `dtype`). */
export function zeros(shape: ShapeArg, dtype?: DTypeArg | null): Tensor {
  return filled('zeros', shape, 0, dtypeOf('zeros', dtype) ?? 'float32');
}

/** jnp.ones (float32 unless `dtype`). */
export function ones(shape: ShapeArg, dtype?: DTypeArg | null): Tensor {
  return filled('ones', shape, 1, dtypeOf('ones', dtype) ?? 'float32');
}

/** jnp.empty: jaxts arrays are always initialized; returns zeros, as JAX does. */
export function empty(shape: ShapeArg, dtype?: DTypeArg | null): Tensor {
  return filled('empty', shape, 0, dtypeOf('empty', dtype) ?? 'float32');
}

/**
 * jnp.full_like: the shape (or `shape`) and dtype (or `dtype`) of `x`, filled with `fillValue`
 * cast to that dtype. Weakly typed iff `x` is and no dtype is given.
 */
export function fullLike(
  x: TensorLike,
  fillValue: TensorLike,
  dtype?: DTypeArg | null,
  shape?: ShapeArg | null,
): Tensor {
  const t = asTensor(x, 'fullLike');
  const d = dtypeOf('fullLike', dtype) ?? t.dtype;
  const weak = dtype === undefined || dtype === null ? t.weakType : false;
  const s = shape === undefined || shape === null ? [...t.shape] : shapeOf('fullLike', shape);
  return composite(() => {
    const v =
      typeof fillValue === 'number' || typeof fillValue === 'boolean'
        ? scalar(fillValue, d, weak)
        : castTo(asTensor(fillValue, 'fullLike'), d, weak);
    return v.ndim === 0 ? lax.broadcastInDim(v, s, []) : broadcastTo(v, s);
  });
}

/** jnp.zeros_like. */
export function zerosLike(x: TensorLike, dtype?: DTypeArg | null, shape?: ShapeArg | null): Tensor {
  return fullLike(x, 0, dtype, shape);
}

/** jnp.ones_like. */
export function onesLike(x: TensorLike, dtype?: DTypeArg | null, shape?: ShapeArg | null): Tensor {
  return fullLike(x, 1, dtype, shape);
}

function checkDim(api: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new ShapeError(`${api}: ${name} must be a non-negative integer; got ${n}.`);
  }
}

/** Boolean [N, M] mask of `i + k >= j` (JAX's lax._tri). */
function triMask(n: number, m: number, k: number): Tensor {
  const i = lax.broadcastedIota('int32', [n, m], 0);
  const j = lax.broadcastedIota('int32', [n, m], 1);
  return greaterEqual(add(i, k), j);
}

/** jnp.eye: ones on the k-th diagonal of an N x M matrix. */
export function eye(N: number, M?: number | null, k = 0, dtype?: DTypeArg | null): Tensor {
  const m = M ?? N;
  checkDim('eye', 'N', N);
  checkDim('eye', 'M', m);
  if (!Number.isInteger(k)) throw new InvalidArgumentError(`eye: k must be an integer; got ${k}.`);
  const d = dtypeOf('eye', dtype) ?? 'float32';
  return composite(() => {
    const i = lax.broadcastedIota('int32', [N, m], 0);
    const j = lax.broadcastedIota('int32', [N, m], 1);
    return castTo(equal(add(i, k), j), d);
  });
}

/** jnp.identity: the n x n identity matrix. */
export function identity(n: number, dtype?: DTypeArg | null): Tensor {
  return eye(n, n, 0, dtype);
}

function checkFinite(api: string, name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${api}: ${name} must be a finite number; got ${String(v)}.`);
  }
}

/**
 * jnp.arange(stop) / arange(start, stop, step?): int32 when every argument is an integer,
 * float32 otherwise; length ceil((stop - start) / step). Computed as start + step * iota in the
 * result dtype, as JAX does.
 */
export function arange(
  start: number,
  stop?: number | null,
  step?: number | null,
  dtype?: DTypeArg | null,
): Tensor {
  const single = stop === undefined || stop === null;
  checkFinite('arange', single ? 'stop' : 'start', start);
  if (!single) checkFinite('arange', 'stop', stop);
  if (step !== undefined && step !== null) checkFinite('arange', 'step', step);
  const args = [start, stop, step].filter((v): v is number => v !== undefined && v !== null);
  const d =
    dtypeOf('arange', dtype) ??
    (args.every((v) => Number.isInteger(v) && !Object.is(v, -0)) ? 'int32' : 'float32');
  let lo = start;
  let hi = stop ?? null;
  if (hi === null) {
    hi = lo;
    lo = 0;
  }
  return composite(() => {
    if (step !== undefined && step !== null) {
      if (step === 0)
        throw new InvalidArgumentError('arange: step must not be zero; got step = 0.');
      const size = Math.max(0, Math.ceil((hi - lo) / step));
      return add(scalar(lo, d, false), multiply(scalar(step, d, false), lax.iota(d, size)));
    }
    if (lo === 0) return lax.iota(d, Math.max(0, Math.ceil(hi)));
    return add(scalar(lo, d, false), lax.iota(d, Math.max(0, Math.ceil(hi - lo))));
  });
}

export interface LinspaceOptions {
  /** Include `stop` as the last sample (default true). */
  readonly endpoint?: boolean;
  readonly dtype?: DTypeArg;
}

/** jnp.linspace: `num` evenly spaced samples from start to stop (float32 unless `dtype`). */
export function linspace(
  start: TensorLike,
  stop: TensorLike,
  num = 50,
  opts: LinspaceOptions = {},
): Tensor {
  if (!Number.isInteger(num) || num < 0) {
    throw new InvalidArgumentError(
      `linspace: number of samples must be a non-negative integer; got ${num}.`,
    );
  }
  const endpoint = opts.endpoint ?? true;
  const d = dtypeOf('linspace', opts.dtype) ?? 'float32';
  return composite(() => {
    const s0 = castTo(asTensor(start, 'linspace'), 'float32');
    const s1 = castTo(asTensor(stop, 'linspace'), 'float32');
    const b = broadcastShapes('linspace', s0.shape, s1.shape);
    const lo = broadcastTo(s0, b);
    const hi = broadcastTo(s1, b);
    let out: Tensor;
    if (num > 1) {
      // start * (1 - step) + stop * step with step = iota / div: exact endpoints in float32.
      const div = endpoint ? num - 1 : num;
      const iotaShape = [div, ...b.map(() => 1)];
      const stepT = divide(
        lax.reshape(lax.iota('float32', div), iotaShape),
        scalar(div, 'float32', false),
      );
      const lo1 = lax.reshape(lo, [1, ...b]);
      const hi1 = lax.reshape(hi, [1, ...b]);
      out = add(multiply(lo1, subtract(1, stepT)), multiply(hi1, stepT));
      if (endpoint) out = concatenate([out, lax.reshape(hi, [1, ...b])], 0);
    } else if (num === 1) {
      out = lax.reshape(lo, [1, ...b]);
    } else {
      out = lax.broadcastInDim(scalar(0, 'float32', false), [0, ...b], []);
    }
    if (d !== 'float32') out = floor(out);
    return castTo(out, d);
  });
}

/** jnp.tri: ones at and below the k-th diagonal of an N x M matrix. */
export function tri(N: number, M?: number | null, k = 0, dtype?: DTypeArg | null): Tensor {
  const m = M ?? N;
  checkDim('tri', 'N', N);
  checkDim('tri', 'M', m);
  const d = dtypeOf('tri', dtype) ?? 'float32';
  return composite(() => castTo(triMask(N, m, k), d));
}

function triangle(api: string, x: TensorLike, k: number, lower: boolean): Tensor {
  const t = asTensor(x, api);
  if (t.ndim < 2) {
    throw new ShapeError(`${api}: argument must be at least 2-D; got ${t.aval.strShort()}.`);
  }
  const n = t.shape[t.ndim - 2] as number;
  const m = t.shape[t.ndim - 1] as number;
  return composite(() => {
    const mask = lax.broadcastInDim(triMask(n, m, lower ? k : k - 1), t.shape, [
      t.ndim - 2,
      t.ndim - 1,
    ]);
    const zero = lax.broadcastInDim(scalar(0, t.dtype, t.weakType), t.shape, []);
    return lower ? where(mask, t, zero) : where(mask, zero, t);
  });
}

/** jnp.tril: zeros above the k-th diagonal of the last two axes. */
export function tril(x: TensorLike, k = 0): Tensor {
  return triangle('tril', x, k, true);
}

/** jnp.triu: zeros below the k-th diagonal of the last two axes. */
export function triu(x: TensorLike, k = 0): Tensor {
  return triangle('triu', x, k, false);
}
