// Regression losses: squaredError, l2Loss, huberLoss, logCosh, cosineSimilarity,
// cosineDistance. Mirrors optax/losses/_regression.py.

import { type Axis, numpy as jnp, type Tensor, type TensorLike } from '@jaxts/tensor';
import { checkHyperparams } from '../internal/scalar.ts';
import { expandWhere, input, requireFloat, sumWhere } from './nn.ts';

function errorsOf(
  api: string,
  predictions: TensorLike,
  targets: TensorLike | null | undefined,
): Tensor {
  const p = input(predictions);
  requireFloat(api, 'predictions', p);
  return targets === null || targets === undefined ? p : jnp.subtract(p, targets);
}

/**
 * `(predictions - targets)²`, elementwise (targets default to 0).
 * @see optax.squared_error
 */
export function squaredError(predictions: TensorLike, targets?: TensorLike | null): Tensor {
  return jnp.power(errorsOf('squaredError', predictions, targets), 2);
}

/**
 * `0.5 * (predictions - targets)²`, elementwise.
 *
 * @example
 * ```ts
 * optax.l2Loss(jnp.array([1, 2], 'float32')); // [0.5, 2]
 * ```
 * @see optax.l2_loss
 */
export function l2Loss(predictions: TensorLike, targets?: TensorLike | null): Tensor {
  return jnp.multiply(0.5, squaredError(predictions, targets));
}

/** Options of {@link huberLoss}. */
export interface HuberLossOptions {
  /** Where the loss turns from quadratic to linear. Default 1. */
  readonly delta?: number;
}

/**
 * Huber loss: quadratic for |error| ≤ delta, linear beyond (robust to outliers).
 * @see optax.huber_loss
 */
export function huberLoss(
  predictions: TensorLike,
  targets?: TensorLike | null,
  options: HuberLossOptions = {},
): Tensor {
  const delta = options.delta ?? 1;
  checkHyperparams('huberLoss', { delta });
  const absErrors = jnp.abs(errorsOf('huberLoss', predictions, targets));
  const quadratic = jnp.minimum(absErrors, delta);
  const linear = jnp.subtract(absErrors, quadratic);
  return jnp.add(jnp.multiply(0.5, jnp.power(quadratic, 2)), jnp.multiply(delta, linear));
}

/**
 * `log(cosh(predictions - targets))`, computed as `logaddexp(e, -e) - log 2` so large errors do
 * not overflow.
 * @see optax.log_cosh
 */
export function logCosh(predictions: TensorLike, targets?: TensorLike | null): Tensor {
  const e = errorsOf('logCosh', predictions, targets);
  return jnp.subtract(jnp.logaddexp(e, jnp.negative(e)), jnp.astype(jnp.log(2), e.dtype));
}

/** Options of {@link cosineSimilarity} and {@link cosineDistance}. */
export interface CosineOptions {
  /** Lower bound of the squared norms. Default 0. */
  readonly epsilon?: number;
  /** The vector axis. Default -1. */
  readonly axis?: Axis | null;
  /** Which elements take part. */
  readonly where?: TensorLike | null;
}

/**
 * Cosine similarity along `axis`: `<a, b> / (‖a‖ ‖b‖)`, with squared norms floored at `epsilon`.
 * @see optax.cosine_similarity
 */
export function cosineSimilarity(
  predictions: TensorLike,
  targets: TensorLike,
  options: CosineOptions = {},
): Tensor {
  const api = 'cosineSimilarity';
  const a = input(predictions);
  const b = input(targets);
  requireFloat(api, 'predictions', a);
  requireFloat(api, 'targets', b);
  const { epsilon = 0 } = options;
  const axis = options.axis === undefined ? -1 : options.axis;
  const where = expandWhere(options.where, a, null);
  const aNorm = jnp.sqrt(jnp.clip(sumWhere(jnp.square(a), axis, where, true), epsilon));
  const bNorm = jnp.sqrt(jnp.clip(sumWhere(jnp.square(b), axis, where, true), epsilon));
  return sumWhere(jnp.multiply(jnp.divide(a, aNorm), jnp.divide(b, bNorm)), axis, where);
}

/**
 * `1 - cosineSimilarity(predictions, targets)`.
 * @see optax.cosine_distance
 */
export function cosineDistance(
  predictions: TensorLike,
  targets: TensorLike,
  options: CosineOptions = {},
): Tensor {
  return jnp.subtract(1, cosineSimilarity(predictions, targets, options));
}
