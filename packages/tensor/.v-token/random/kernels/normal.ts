// Normal and truncated-normal float32 samples from random bits via XLA's erf_inv.
// Counterpart: jax/_src/random/core.py `_normal_real` (sqrt(2) * erf_inv(u), u uniform on
// (nextafter(-1, 0), 1)) and `_truncated_normal` (u uniform on (erf(lo/sqrt2), erf(hi/sqrt2))).

import { nextafterF32 } from './f32.ts';
import { type Param, paramAt, uniformFromBits } from './uniform.ts';
import { erfF32, erfInvF32 } from './xla-math.ts';

const SQRT2 = Math.fround(Math.SQRT2);
// XLA rewrites `x / sqrt2` (division by a constant) as `x * (1 / sqrt2)`, folded in float32.
const INV_SQRT2 = Math.fround(1 / SQRT2);
// np.nextafter(float32(-1), float32(0)): the open lower end of normal's uniform.
const NORMAL_LO = nextafterF32(-1, 0);

/** `normal(key, shape)` (float32) given `bits(key, shape)`. */
export function normalFromBits(bits: Uint32Array): Float32Array {
  const u = uniformFromBits(bits, NORMAL_LO, 1);
  for (let i = 0; i < u.length; i++) u[i] = Math.fround(SQRT2 * erfInvF32(u[i] as number));
  return u;
}

/**
 * `truncated_normal(key, lower, upper, shape)` (float32) given `bits(key, shape)`: samples in
 * the open interval (lower, upper). Bounds are scalars or per-element (already broadcast).
 */
export function truncatedNormalFromBits(
  bits: Uint32Array,
  lower: Param,
  upper: Param,
): Float32Array {
  const n = bits.length;
  const scalar = typeof lower === 'number' && typeof upper === 'number';
  const a = scalar ? erfF32(Math.fround(Math.fround(lower) * INV_SQRT2)) : new Float32Array(n);
  const b = scalar ? erfF32(Math.fround(Math.fround(upper) * INV_SQRT2)) : new Float32Array(n);
  if (!scalar) {
    for (let i = 0; i < n; i++) {
      (a as Float32Array)[i] = erfF32(Math.fround(Math.fround(paramAt(lower, i)) * INV_SQRT2));
      (b as Float32Array)[i] = erfF32(Math.fround(Math.fround(paramAt(upper, i)) * INV_SQRT2));
    }
  }
  const u = uniformFromBits(bits, a, b);
  for (let i = 0; i < n; i++) {
    const x = Math.fround(SQRT2 * erfInvF32(u[i] as number));
    // jnp.clip(x, nextafter(lower, +inf), nextafter(upper, -inf)) = min(max(x, lo), hi).
    const lo = nextafterF32(paramAt(lower, i), Number.POSITIVE_INFINITY);
    const hi = nextafterF32(paramAt(upper, i), Number.NEGATIVE_INFINITY);
    u[i] = Math.min(Math.max(x, lo), hi);
  }
  return u;
}
