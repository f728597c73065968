// Label smoothing: smoothLabels. Mirrors optax/losses/_smoothing.py.

import { type Axis, numpy as jnp, type Tensor, type TensorLike } from '@jaxts/tensor';
import type { Scalar } from '../base.ts';
import { checkHyperparams } from '../internal/scalar.ts';
import { input, requireFloat } from './nn.ts';

/** Options of {@link smoothLabels}. */
export interface SmoothLabelsOptions {
  /** The class axis (or axes). Default -1. */
  readonly axis?: Axis;
  /** Which classes count (the mass is spread over these only). */
  readonly where?: TensorLike | null;
}

/**
 * Label smoothing: `(1 - alpha) · labels + alpha / numClasses`.
 *
 * @example
 * ```ts
 * optax.smoothLabels(jnp.array([0, 1, 0], 'float32'), 0.1); // [0.0333, 0.9333, 0.0333]
 * ```
 * @see optax.smooth_labels, Szegedy et al., https://arxiv.org/abs/1512.00567
 */
export function smoothLabels(
  labels: TensorLike,
  alpha: Scalar,
  options: SmoothLabelsOptions = {},
): Tensor {
  checkHyperparams('smoothLabels', { alpha });
  const y = input(labels);
  requireFloat('smoothLabels', 'labels', y);
  const axis = options.axis ?? -1;
  let numCategories: TensorLike;
  if (options.where === null || options.where === undefined) {
    const axes = typeof axis === 'number' ? [axis] : axis;
    numCategories = axes.reduce((n, a) => n * (y.shape[a < 0 ? a + y.ndim : a] as number), 1);
  } else {
    numCategories = jnp.sum(options.where, { axis, keepdims: true });
  }
  const keep = typeof alpha === 'number' ? 1 - alpha : jnp.subtract(1, alpha);
  return jnp.add(jnp.multiply(keep, y), jnp.divide(alpha, numCategories));
}
