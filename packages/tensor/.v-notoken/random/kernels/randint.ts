// int32 randint from two streams of random bits, bit-identical to jax.random.randint.
// Counterpart: jax/_src/random/core.py `_randint` (nbits = 32): a 64-bit random value
// (higher, lower) reduced mod span with uint32 arithmetic, then offset by minval.

import { type Param, paramAt } from './uniform.ts';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/**
 * `randint(key, shape, minval, maxval)` (int32) given the two bit streams JAX draws:
 * `[k1, k2] = split(key)`, `higher = bits(k1, shape)`, `lower = bits(k2, shape)`.
 * Bounds are integers (scalars or per element); out-of-int32 bounds are clipped as JAX's
 * `_convert_and_clip_integer` does, and `maxval <= minval` always yields `minval`.
 */
export function randintFromBits(
  higher: Uint32Array,
  lower: Uint32Array,
  minval: Param,
  maxval: Param,
): Int32Array {
  const n = higher.length;
  if (lower.length !== n) {
    throw new Error(
      `random.randint: bit streams differ in length; expected ${n}, got ${lower.length}. ` +
        'Draw both streams with the same shape.',
    );
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const rawMax = Math.trunc(paramAt(maxval, i));
    const lo = clipInt32(Math.trunc(paramAt(minval, i)));
    const hi = clipInt32(rawMax);
    // span = uint32(maxval - minval), forced to 1 when the range is empty.
    let span = hi <= lo ? 1 : (hi - lo) >>> 0;
    // A maxval above int32 max means the range includes int32 max itself: one more value
    // (wrapping to 0 = "all 2**32 values" when the span was already full).
    if (rawMax > INT32_MAX && hi > lo) span = (span + 1) >>> 0;
    // multiplier = 2**32 mod span, computed as (2**16 mod span)**2 mod span.
    let multiplier = remU32(65536, span);
    multiplier = remU32(Math.imul(multiplier, multiplier) >>> 0, span);
    const offset =
      (Math.imul(remU32(higher[i] as number, span), multiplier) +
        remU32(lower[i] as number, span)) >>>
      0;
    out[i] = (lo + remU32(offset, span)) | 0;
  }
  return out;
}

// XLA's unsigned remainder; x % 0 is x.
function remU32(a: number, b: number): number {
  return b === 0 ? a : a % b;
}

function clipInt32(x: number): number {
  return Math.min(INT32_MAX, Math.max(INT32_MIN, x));
}
