// float32 uniform samples from random bits, bit-identical to jax.random.uniform on XLA:CPU.
// Counterpart: jax/_src/random/core.py `_uniform`: f = bitcast((bits >> 9) | 0x3F800000) - 1,
// then max(minval, f * (maxval - minval) + minval); XLA:CPU contracts that `* +` into one FMA.

import { f32FromBits, fmaF32 } from './f32.ts';

/** A scalar or one value per element (already broadcast to the output's length). */
export type Param = number | ArrayLike<number>;

/** The float32 in [0, 1) that uniform's mantissa trick makes of one uint32 word. */
export function unitFromBits(word: number): number {
  // Exact: the 23 high bits become the mantissa of a float in [1, 2).
  return f32FromBits((word >>> 9) | 0x3f800000) - 1;
}

/**
 * `uniform(key, shape, float32, minval, maxval)` given `bits(key, shape)`: values in
 * [minval, maxval). `minval`/`maxval` are cast to float32 first, as JAX does.
 */
export function uniformFromBits(
  bits: Uint32Array,
  minval: Param = 0,
  maxval: Param = 1,
): Float32Array {
  const n = bits.length;
  const out = new Float32Array(n);
  if (typeof minval === 'number' && typeof maxval === 'number') {
    const lo = Math.fround(minval);
    const span = Math.fround(Math.fround(maxval) - lo);
    for (let i = 0; i < n; i++) {
      out[i] = Math.max(lo, fmaF32(unitFromBits(bits[i] as number), span, lo));
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const lo = Math.fround(paramAt(minval, i));
    const span = Math.fround(Math.fround(paramAt(maxval, i)) - lo);
    out[i] = Math.max(lo, fmaF32(unitFromBits(bits[i] as number), span, lo));
  }
  return out;
}

export function paramAt(p: Param, i: number): number {
  return typeof p === 'number' ? p : (p[i] as number);
}
