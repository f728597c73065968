/**
 * PRNG keys: PRNGKey / key (seeding), split, foldIn, keyData / wrapKeyData. jaxts keys are raw
 * uint32[2] arrays (JAX's legacy `PRNGKey` representation; there is no key dtype), so `key` and
 * `PRNGKey` return the same thing. JAX: jax.random.{PRNGKey, key, split, fold_in, key_data}.
 */
import { DTypeError, InvalidArgumentError, ShapeError } from '../errors.ts';
import { convertElementType } from '../lax/elementwise.ts';
import { composite } from '../numpy/composite.ts';
import { fromValues, scalar } from '../numpy/convert.ts';
import { getItem } from '../numpy/indexing.ts';
import { stack } from '../numpy/shape.ts';
import { Tensor } from '../tensor.ts';
import { checkIntRange, checkKey, checkKeyArray, checkShape, type ShapeArg } from './common.ts';
import { seedKernel } from './kernels/keys.ts';
import { randomFoldIn, randomSplit } from './prims.ts';

export interface SeedOptions {
  /**
   * Seed like JAX with `jax_enable_x64` on: the 64-bit seed is split into [hi, lo] words. By
   * default (JAX's default, x64 off) only the low 32 bits of the seed are kept and the high word
   * is 0: `PRNGKey(2**40 + 5)` is `[0, 5]`, `PRNGKey(-1)` is `[0, 4294967295]`.
   */
  readonly x64?: boolean;
}

function seedKey(api: string, seed: number | boolean | Tensor, opts: SeedOptions): Tensor {
  if (seed instanceof Tensor) {
    if (seed.ndim !== 0) {
      throw new ShapeError(
        `random.${api}: ${api} accepts a scalar seed, but was given an array of shape ` +
          `[${seed.shape.join(',')}]; expected shape []. Use vmap for batching.`,
      );
    }
    if (seed.dtype === 'float32') {
      throw new DTypeError(
        `random.${api}: PRNG key seed must be an integer; got ${seed.aval.strShort()}. ` +
          "Convert it first: jnp.astype(seed, 'int32').",
      );
    }
    // A 32-bit seed array: [0, uint32(seed)] (JAX's threefry_seed for 32-bit seeds).
    return composite(() => stack([scalar(0, 'uint32', false), convertElementType(seed, 'uint32')]));
  }
  const s = typeof seed === 'boolean' ? Number(seed) : seed;
  if (!Number.isSafeInteger(s)) {
    throw new InvalidArgumentError(
      `random.${api}: PRNG key seed must be an integer; expected an integer in ` +
        `[-(2**53 - 1), 2**53 - 1], got ${String(seed)}. Pass an integer seed.`,
    );
  }
  return fromValues(seedKernel(s, { x64: opts.x64 === true }), [2], 'uint32');
}

/**
 * A key u32[2] from an integer seed. JAX: jax.random.PRNGKey. By default, like JAX with x64
 * off, only the low 32 bits of the seed matter; `{ x64: true }` keeps 64 bits (see SeedOptions).
 */
export function PRNGKey(seed: number | boolean | Tensor, opts: SeedOptions = {}): Tensor {
  return seedKey('PRNGKey', seed, opts);
}

/**
 * JAX's `jax.random.key`. JAX returns a typed key scalar; jaxts keys are always raw u32[2]
 * arrays, so this is PRNGKey under another name (same values as `key_data(key(seed))`).
 */
export function key(seed: number | boolean | Tensor, opts: SeedOptions = {}): Tensor {
  return seedKey('key', seed, opts);
}

/** The uint32 data of keys `[..., 2]`: the keys themselves (jaxts keys are raw). */
export function keyData(keys: Tensor): Tensor {
  return checkKeyArray('keyData', keys);
}

/** Keys from uint32 key data `[..., 2]`: the data itself (jaxts keys are raw). */
export function wrapKeyData(data: Tensor): Tensor {
  return checkKeyArray('wrapKeyData', data);
}

/**
 * Splits a key into `num` new keys (u32[num, 2]), or into an array of keys of shape `num`
 * (u32[...num, 2]). JAX: jax.random.split (partitionable threefry: key i hashes counter i).
 */
export function split(key: Tensor, num: ShapeArg = 2): Tensor {
  const k = checkKey('split', key);
  return randomSplit(k, checkShape('split', num, 'num'));
}

/** `split(key)` as two separate u32[2] keys. */
export function splitPair(key: Tensor): [Tensor, Tensor] {
  const keys = randomSplit(key, [2]);
  return [getItem(keys, 0), getItem(keys, 1)];
}

/**
 * A new key from a key and an integer (data in [0, 2**32); arrays are converted to uint32).
 * Equals `split(key, n)[data]` for any n > data. JAX: jax.random.fold_in.
 */
export function foldIn(key: Tensor, data: number | boolean | Tensor): Tensor {
  const k = checkKey('foldIn', key);
  if (data instanceof Tensor) {
    if (data.ndim !== 0) {
      throw new ShapeError(
        `random.foldIn: fold_in accepts a scalar, but was given an array of shape ` +
          `[${data.shape.join(',')}]; expected shape []. Use vmap for batching.`,
      );
    }
    return composite(() => randomFoldIn(k, convertElementType(data, 'uint32')));
  }
  const d = typeof data === 'boolean' ? Number(data) : Math.trunc(data);
  checkIntRange('foldIn', 'data', d, 0, 4294967295, 'uint32');
  return randomFoldIn(k, scalar(d, 'uint32', false));
}
