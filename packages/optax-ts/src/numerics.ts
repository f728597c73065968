// Numerically safe helpers: the saturating step counter and norms with a floor (so their
// gradients stay finite at zero). Mirrors optax/_src/numerics.py.

import { numpy as jnp, type Tensor, type TensorLike } from '@jaxts/tensor';

const MAX_VALUE = { int32: 2147483647, uint32: 4294967295, float32: 3.4028234663852886e38 };

/**
 * `count + 1`, saturating at the dtype's maximum instead of wrapping around (an int32 step
 * counter would otherwise turn negative after 2^31 steps and break bias corrections).
 * @see optax.safe_increment
 */
export function safeIncrement(count: Tensor): Tensor {
  const dtype = count.dtype === 'bool' ? 'int32' : count.dtype;
  const max = jnp.asarray(MAX_VALUE[dtype], dtype);
  return jnp.where(jnp.less(count, max), jnp.add(count, jnp.asarray(1, dtype)), max);
}

/** The int32 form of {@link safeIncrement} (Optax's older name). @see optax.safe_int32_increment */
export const safeInt32Increment = safeIncrement;

/** `|x|^2` (`x * x` for the real dtypes jaxts has). @see optax.abs_sq */
export function absSq(x: Tensor): Tensor {
  return jnp.multiply(x, x);
}

/** Options of {@link safeNorm}: those of `jnp.linalg.norm`. */
export interface SafeNormOptions {
  readonly ord?: number | 'fro' | null;
  readonly axis?: number | readonly number[] | null;
  readonly keepdims?: boolean;
}

/**
 * `max(‖x‖, minNorm)` whose gradient is finite everywhere: where the norm is at most `minNorm`
 * the norm is computed on ones instead of `x`, so no `0 / 0` appears in the derivative.
 * @see optax.safe_norm
 */
export function safeNorm(x: Tensor, minNorm: TensorLike, options: SafeNormOptions = {}): Tensor {
  const ord = options.ord ?? null;
  const axis = options.axis ?? null;
  const keepdims = options.keepdims ?? false;
  const norm = jnp.linalg.norm(x, { ord, axis, keepdims: true });
  const small = jnp.lessEqual(norm, minNorm);
  const safeX = jnp.where(small, jnp.onesLike(x), x);
  const normOut = keepdims ? norm : jnp.squeeze(norm, axis);
  const masked = jnp.linalg.norm(safeX, { ord, axis, keepdims });
  return jnp.where(jnp.lessEqual(normOut, minNorm), minNorm, masked);
}

/**
 * `max(rms(x), minRms)` with a finite gradient everywhere (see {@link safeNorm}).
 * @see optax.safe_root_mean_squares
 */
export function safeRootMeanSquares(x: Tensor, minRms: TensorLike): Tensor {
  const rms = jnp.sqrt(jnp.mean(absSq(x)));
  const small = jnp.lessEqual(rms, minRms);
  const safeX = jnp.where(small, jnp.onesLike(x), x);
  return jnp.where(small, minRms, jnp.sqrt(jnp.mean(absSq(safeX))));
}
