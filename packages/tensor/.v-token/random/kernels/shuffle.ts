// permutation / shuffle as JAX does it: a few rounds of sorting by fresh random uint32 keys.
// Counterpart: jax/_src/random/core.py `_shuffle` (used by `permutation`, and by `choice`
// without replacement and without p).

import { bitsKernel } from './bits.ts';
import { splitKernel } from './keys.ts';

/** How many sort rounds `_shuffle` uses for `size` elements: ceil(3 ln(size) / ln(2**32 - 1)). */
export function shuffleRounds(size: number): number {
  return Math.ceil((3 * Math.log(Math.max(1, size))) / Math.log(4294967295));
}

/**
 * Stable argsort of uint32 sort keys (lax.sort_key_val with is_stable=True): the order in
 * which `values` are gathered by one shuffle round.
 */
export function stableArgsortU32(keys: Uint32Array): Int32Array {
  const idx = new Int32Array(keys.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  // Array.prototype.sort is stable; ties keep their index order.
  return Int32Array.from(Array.from(idx).sort((a, b) => (keys[a] as number) - (keys[b] as number)));
}

/**
 * The index permutation JAX's `permutation(key, n)` produces (equivalently, the gather
 * order `_shuffle(key, x, axis)` applies along an axis of length n): for each round,
 * `key, sub = split(key)`, sort by `bits(sub, [n])`.
 */
export function permutationKernel(key: Uint32Array, n: number): Int32Array {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let k = key;
  for (let r = shuffleRounds(n); r > 0; r--) {
    const keys = splitKernel(k, 2);
    k = keys.subarray(0, 2);
    const sortKeys = bitsKernel(keys.subarray(2, 4), n);
    const perm = stableArgsortU32(sortKeys);
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) next[i] = order[perm[i] as number] as number;
    order = next;
  }
  return order;
}
