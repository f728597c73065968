// Samplers that map float32 uniforms through XLA's log / log1p: exponential, gumbel, laplace,
// logistic, and bernoulli's comparison. Counterparts: jax/_src/random/core.py `_exponential`,
// `_gumbel` (mode 'low', the default), `_laplace`, `_logistic`, `_bernoulli` (mode 'low').

import { type Param, paramAt, uniformFromBits } from './uniform.ts';
import { log1pF32, logF32 } from './xla-math.ts';

// finfo(float32).tiny and -1 + finfo(float32).epsneg, the open ends JAX uses.
const TINY = 1.1754943508222875e-38;
const LAPLACE_LO = Math.fround(-1 + 2 ** -24);

/** `exponential(key, shape)` given `bits(key, shape)`: -log1p(-u), u uniform on [0, 1). */
export function exponentialFromBits(bits: Uint32Array): Float32Array {
  const u = uniformFromBits(bits);
  for (let i = 0; i < u.length; i++) u[i] = -log1pF32(-(u[i] as number));
  return u;
}

/** `gumbel(key, shape)` given `bits(key, shape)`: -log(-log(u)), u uniform on [tiny, 1). */
export function gumbelFromBits(bits: Uint32Array): Float32Array {
  const u = uniformFromBits(bits, TINY, 1);
  for (let i = 0; i < u.length; i++) u[i] = -logF32(-logF32(u[i] as number));
  return u;
}

/** `laplace(key, shape)` given `bits(key, shape)`: sign(u) * log1p(-|u|), u on (-1, 1). */
export function laplaceFromBits(bits: Uint32Array): Float32Array {
  const u = uniformFromBits(bits, LAPLACE_LO, 1);
  for (let i = 0; i < u.length; i++) {
    const v = u[i] as number;
    // lax.sign is -1, 0 or 1 (keeping the zero's sign); the product is exact.
    u[i] = Math.sign(v) * log1pF32(-Math.abs(v));
  }
  return u;
}

/** `logistic(key, shape)` given `bits(key, shape)`: log(u) - log1p(-u), u on [tiny, 1). */
export function logisticFromBits(bits: Uint32Array): Float32Array {
  const u = uniformFromBits(bits, TINY, 1);
  for (let i = 0; i < u.length; i++) {
    const v = u[i] as number;
    u[i] = Math.fround(logF32(v) - log1pF32(-v));
  }
  return u;
}

/** `bernoulli(key, p, shape)` given `bits(key, shape)`: `uniform < p` as 0/1 bytes. */
export function bernoulliFromBits(bits: Uint32Array, p: Param): Uint8Array {
  const u = uniformFromBits(bits);
  const out = new Uint8Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = (u[i] as number) < Math.fround(paramAt(p, i)) ? 1 : 0;
  return out;
}
