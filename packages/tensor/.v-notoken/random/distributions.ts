/**
 * Samplers that transform one uniform: exponential, gumbel, laplace, logistic (XLA's float32 log
 * and log1p). JAX: jax.random.{exponential, gumbel (mode 'low'), laplace, logistic}.
 */
import type { RandomDistribution } from '../core/primitives.ts';
import { composite } from '../numpy/composite.ts';
import type { Tensor } from '../tensor.ts';
import { checkKey, checkShape, floatDType, type ShapeArg } from './common.ts';
import type { FloatOptions } from './normal.ts';
import { randomBits, randomTransform } from './prims.ts';

function sampler(api: string, distribution: RandomDistribution) {
  return (key: Tensor, shape: ShapeArg = [], opts: FloatOptions = {}): Tensor => {
    const k = checkKey(api, key);
    const s = checkShape(api, shape);
    floatDType(api, opts.dtype);
    return composite(() => randomTransform(distribution, [randomBits(k, s)]));
  };
}

/** float32 standard exponential samples, `-log1p(-u)`. JAX: jax.random.exponential. */
export const exponential: (key: Tensor, shape?: ShapeArg, opts?: FloatOptions) => Tensor = sampler(
  'exponential',
  'exponential',
);

/** float32 standard Gumbel samples, `-log(-log(u))`. JAX: jax.random.gumbel (mode 'low'). */
export const gumbel: (key: Tensor, shape?: ShapeArg, opts?: FloatOptions) => Tensor = sampler(
  'gumbel',
  'gumbel',
);

/** float32 standard Laplace samples. JAX: jax.random.laplace. */
export const laplace: (key: Tensor, shape?: ShapeArg, opts?: FloatOptions) => Tensor = sampler(
  'laplace',
  'laplace',
);

/** float32 standard logistic samples, `log(u) - log1p(-u)`. JAX: jax.random.logistic. */
export const logistic: (key: Tensor, shape?: ShapeArg, opts?: FloatOptions) => Tensor = sampler(
  'logistic',
  'logistic',
);
