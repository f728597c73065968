/**
 * Random permutations and shuffles: a few rounds of stable sorting by fresh random uint32 words.
 * JAX: jax.random.permutation (`_shuffle`), and the deprecated jax.random.shuffle.
 */
import { InvalidArgumentError } from '../errors.ts';
import { iota, sort } from '../lax/structure.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, type TensorLike } from '../numpy/convert.ts';
import { take } from '../numpy/indexing.ts';
import { normalizeAxis } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { checkKey } from './common.ts';
import { shuffleRounds } from './kernels/shuffle.ts';
import { splitPair } from './keys.ts';
import { randomBits } from './prims.ts';

export interface PermutationOptions {
  /** The axis to permute along (default 0). */
  readonly axis?: number;
  /** Shuffle every slice along `axis` independently (default false: one permutation). */
  readonly independent?: boolean;
}

/**
 * JAX's `_shuffle(key, x, axis)`: ceil(3 ln(size) / ln(2**32 - 1)) rounds of
 * `key, sub = split(key)`, then a stable sort of x along `axis` by `bits(sub, x.shape)`.
 */
export function shuffleAlong(key: Tensor, x: Tensor, axis: number): Tensor {
  let k = key;
  let out = x;
  for (let r = shuffleRounds(x.size); r > 0; r--) {
    const [next, sub] = splitPair(k);
    k = next;
    const sortKeys = randomBits(sub, x.shape);
    out = sort([sortKeys, out], { dimension: axis, isStable: true, numKeys: 1 })[1] as Tensor;
  }
  return out;
}

/** The length n of `permutation(key, n)`: a non-negative integer (concrete, as in JAX). */
function rangeLength(api: string, x: number | Tensor): number {
  const n =
    typeof x === 'number'
      ? x
      : x.dtype === 'int32' || x.dtype === 'uint32'
        ? Number(x.item())
        : Number.NaN;
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(
      `random.${api}: x must be an integer or at least 1-dimensional; expected a non-negative ` +
        `integer or an array, got ${x instanceof Tensor ? x.aval.strShort() : String(x)}.`,
    );
  }
  return n;
}

/**
 * A random permutation of `arange(x)` (x an integer), or of the array x along `axis` (with
 * `independent`, each slice along the axis gets its own). JAX: jax.random.permutation.
 */
export function permutation(
  key: Tensor,
  x: number | TensorLike,
  opts: PermutationOptions = {},
): Tensor {
  const k = checkKey('permutation', key);
  const t = typeof x === 'number' ? x : asTensor(x, 'random.permutation');
  if (typeof t === 'number' || t.ndim === 0) {
    const n = rangeLength('permutation', t);
    normalizeAxis('random.permutation', opts.axis ?? 0, 1);
    return composite(() => shuffleAlong(k, iota('int32', n), 0));
  }
  const axis = normalizeAxis('random.permutation', opts.axis ?? 0, t.ndim);
  return composite(() => {
    if (opts.independent === true || t.ndim === 1) return shuffleAlong(k, t, axis);
    const ind = shuffleAlong(k, iota('int32', t.shape[axis] as number), 0);
    return take(t, ind, { axis });
  });
}

/**
 * Shuffles the elements of x along `axis` (every slice independently).
 * @deprecated Removed from JAX; use `permutation(key, x, { axis, independent: true })`, which
 * this is.
 */
export function shuffle(key: Tensor, x: TensorLike, axis = 0): Tensor {
  checkKey('shuffle', key);
  const t = asTensor(x, 'random.shuffle');
  if (t.ndim === 0) {
    throw new InvalidArgumentError(
      `random.shuffle: x must be at least 1-dimensional; got ${t.aval.strShort()}. Use ` +
        'random.permutation(key, n) for a permutation of arange(n).',
    );
  }
  return permutation(key, t, { axis, independent: true });
}
