/**
 * Thin binds of the PRNG primitives, the building blocks of every `random` function.
 * JAX: jax/_src/prng.py `random_bits`, `random_split`, `random_fold_in` (on raw u32[2] keys).
 */
import { bind1 } from '../core/bind.ts';
import type { RandomDistribution } from '../core/primitives.ts';
import type { Tensor } from '../tensor.ts';

/** u32[...shape] random bits of one key (8/16-bit widths hold the low bits in uint32). */
export function randomBits(
  key: Tensor,
  shape: readonly number[],
  bitWidth: 8 | 16 | 32 = 32,
): Tensor {
  return bind1('random_bits', [key], { bit_width: bitWidth, shape: [...shape] });
}

/** u32[...shape, 2]: new keys from one key. */
export function randomSplit(key: Tensor, shape: readonly number[]): Tensor {
  return bind1('random_split', [key], { shape: [...shape] });
}

/** u32[2]: a key derived from `key` and a uint32 scalar. */
export function randomFoldIn(key: Tensor, data: Tensor): Tensor {
  return bind1('random_fold_in', [key, data], {});
}

/** Random bits (plus parameters) → samples of `distribution`, with the exact kernels. */
export function randomTransform(
  distribution: RandomDistribution,
  operands: readonly Tensor[],
): Tensor {
  return bind1('random_transform', operands, { distribution });
}
