/**
 * Shared argument checks of the `random` API: keys, shapes, dtypes and parameter arrays.
 * JAX: jax/_src/random/core.py `_check_prng_key`, `_check_shape`, `core.canonicalize_shape`.
 */
import { type DType, toDType } from '../dtype.ts';
import { DTypeError, InvalidArgumentError, ShapeError } from '../errors.ts';
import { convertElementType } from '../lax/elementwise.ts';
import { asTensor, scalar, type TensorLike } from '../numpy/convert.ts';
import { tryBroadcastShapes } from '../shape.ts';
import { Tensor } from '../tensor.ts';

/** A value where a key is expected, described like `f32[3]` for error messages. */
function describe(x: unknown): string {
  if (x instanceof Tensor) return x.aval.strShort();
  if (Array.isArray(x)) return `a JavaScript array of length ${x.length}`;
  return x === null ? 'null' : typeof x;
}

/**
 * The key argument of a random function: one raw key, a u32[2] Tensor. A batch of keys
 * (u32[..., 2]) is an error, as in JAX: map over keys with vmap.
 */
export function checkKey(api: string, key: unknown): Tensor {
  const fn = `random.${api}`;
  if (key instanceof Tensor && key.dtype === 'uint32' && key.ndim >= 1 && key.shape.at(-1) === 2) {
    if (key.ndim === 1) return key;
    throw new ShapeError(
      `${fn}: ${api} accepts a single key, but was given a key array of shape ` +
        `[${key.shape.join(',')}]; expected a key of shape [2]. Use vmap for batching.`,
    );
  }
  const Err = key instanceof Tensor && key.dtype === 'uint32' ? ShapeError : DTypeError;
  throw new Err(
    `${fn}: expected a key of shape [2] and dtype uint32; got ${describe(key)}. Make keys with ` +
      'random.PRNGKey(seed) or random.key(seed), and new ones with random.split(key).',
  );
}

/** Key data of any batch shape `[..., 2]` (keyData / wrapKeyData). */
export function checkKeyArray(api: string, keys: unknown): Tensor {
  if (
    keys instanceof Tensor &&
    keys.dtype === 'uint32' &&
    keys.ndim >= 1 &&
    keys.shape.at(-1) === 2
  ) {
    return keys;
  }
  throw new DTypeError(
    `random.${api}: expected key data of shape [..., 2] and dtype uint32; got ${describe(keys)}. ` +
      'jaxts keys are raw uint32 arrays whose last axis holds the two key words.',
  );
}

export type ShapeArg = number | readonly number[];

/** A sample shape: non-negative integers (a single number n means [n], as in JAX). */
export function checkShape(api: string, shape: ShapeArg, what = 'shape'): number[] {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(
      `random.${api}: bad ${what}; expected a list of non-negative integers, got ` +
        `${JSON.stringify(shape)}.`,
    );
  }
  return [...dims];
}

/** The float dtype option of a sampler: float32 (the only float dtype jaxts has). */
export function floatDType(api: string, dtype: DType | string | undefined): 'float32' {
  if (dtype === undefined) return 'float32';
  const d = toDType(dtype, `random.${api}`);
  if (d !== 'float32') {
    throw new DTypeError(
      `random.${api}: dtype argument to \`${api}\` must be a float dtype; expected float32, ` +
        `got ${d}. Sample floats and convert, or use random.randint for integers.`,
    );
  }
  return d;
}

/**
 * A real parameter (minval, lower, p, ...) as a float32 array: numbers become float32 scalars,
 * integer and bool arrays are converted. JAX: `lax.convert_element_type(param, dtype)`.
 */
export function floatParam(api: string, value: TensorLike): Tensor {
  if (typeof value === 'number') return scalar(value, 'float32', false);
  const t = asTensor(value, `random.${api}`);
  if (t.dtype === 'float32' && !t.weakType) return t;
  return convertElementType(t, 'float32');
}

/**
 * JAX's `_check_shape`: parameter shapes must broadcast into the sample shape without growing
 * it (the result of broadcasting them all must equal `shape`).
 */
export function checkParamShapes(
  api: string,
  shape: readonly number[],
  ...params: readonly (readonly number[])[]
): void {
  const out = tryBroadcastShapes([shape, ...params]);
  if (out === null || out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    const got = out === null ? 'shapes that do not broadcast' : `result [${out.join(',')}]`;
    throw new ShapeError(
      `random.${api}: parameter shapes must be broadcast-compatible with the shape argument, ` +
        `and the result of broadcasting them must equal it; expected [${shape.join(',')}], got ` +
        `${got} for parameter shapes ${params.map((p) => `[${p.join(',')}]`).join(', ')}. ` +
        'Pass a shape that contains the parameter shapes.',
    );
  }
}

/** An integer JavaScript number in [lo, hi], or an InvalidArgumentError naming the overflow. */
export function checkIntRange(
  api: string,
  name: string,
  v: number,
  lo: number,
  hi: number,
  dtype: string,
): number {
  if (!Number.isFinite(v) || v < lo || v > hi) {
    throw new InvalidArgumentError(
      `random.${api}: ${name} ${v} is out of bounds for ${dtype}; expected an integer in ` +
        `[${lo}, ${hi}], got ${v}. JAX raises OverflowError here (x64 is off); pass a value ` +
        `that fits ${dtype}.`,
    );
  }
  return v;
}
