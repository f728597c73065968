// Optimistic gradient descent and the Polyak step size: scaleByOptimisticGradient and
// scaleByPolyak (which reads the loss value from the extra arguments). Mirrors
// optax/_src/transform.py.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import {
  type EmptyState,
  type GradientTransformation,
  type GradientTransformationExtraArgs,
  initEmptyState,
  type Scalar,
  type Updates,
} from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { norm, scale, zerosLike } from '../tree-utils.ts';

/** State of {@link scaleByOptimisticGradient}. @see optax.ScaleByOptimisticGradientState */
export interface ScaleByOptimisticGradientState {
  /** Whether no update was made yet (bool). */
  readonly isInitialStep: Tensor;
  readonly previousGradient: Updates;
}

/**
 * Optimistic gradient: `(alpha + beta) g_t - beta g_{t-1}` (the first step uses `g_0` for both).
 * @see optax.scale_by_optimistic_gradient, Mokhtari et al., https://arxiv.org/abs/1901.08511
 */
export function scaleByOptimisticGradient(
  options: { readonly alpha?: Scalar; readonly beta?: Scalar } = {},
): GradientTransformation<ScaleByOptimisticGradientState> {
  const { alpha = 1, beta = 1 } = options;
  s.checkHyperparams('scaleByOptimisticGradient', { alpha, beta });
  const ab = s.add(alpha, beta);
  return {
    init: (params) => ({ isInitialStep: jnp.array(true), previousGradient: zerosLike(params) }),
    update: (updates, state) => {
      const out = mapTree(
        (g, prev) =>
          jnp.subtract(
            jnp.multiply(ab, g),
            jnp.multiply(beta, jnp.where(state.isInitialStep, g, prev as Tensor)),
          ),
        updates,
        state.previousGradient,
      );
      return [out, { isInitialStep: jnp.array(false), previousGradient: updates }];
    },
  };
}

/** Options of {@link scaleByPolyak}. */
export interface ScaleByPolyakOptions {
  /** A lower bound (or the value) of the minimum of the loss. Default 0. */
  readonly fMin?: Scalar;
  /** Cap of the step size. Default 1. */
  readonly maxLearningRate?: Scalar;
  /** Added to the squared gradient norm. Default 0. */
  readonly eps?: Scalar;
  /** 'sps' (default) or 'sps+' (clips a negative gap to 0). */
  readonly variant?: 'sps' | 'sps+';
}

/**
 * The Polyak step size `min((f(x) - fMin) / ‖g‖², maxLearningRate)`. Needs the loss value: pass
 * `{ value }` as the extra arguments of `update`.
 * @see optax.scale_by_polyak, Loizou et al., https://arxiv.org/abs/2002.10542
 */
export function scaleByPolyak(
  options: ScaleByPolyakOptions = {},
): GradientTransformationExtraArgs<EmptyState> {
  const { fMin = 0, maxLearningRate = 1, eps = 0, variant = 'sps' } = options;
  s.checkHyperparams('scaleByPolyak', { fMin, maxLearningRate, eps });
  if (variant !== 'sps' && variant !== 'sps+') {
    throw new InvalidHyperparameterError(
      `scaleByPolyak: Invalid argument value for Polyak SGD; expected variant 'sps' or 'sps+', got ${JSON.stringify(variant)}.`,
    );
  }
  return {
    init: initEmptyState,
    update: (updates, state, _params, extraArgs) => {
      const value = extraArgs?.value;
      if (value === undefined) {
        throw new InvalidHyperparameterError(
          'scaleByPolyak: the loss value is missing; expected extra arguments { value }, got none. Call update(grads, state, params, { value: loss }).',
        );
      }
      const gradSqNorm = norm(updates, { squared: true });
      let gap = jnp.astype(jnp.subtract(value as Tensor, fMin), gradSqNorm.dtype);
      if (variant === 'sps+') gap = jnp.maximum(gap, 0);
      const denom = jnp.add(gradSqNorm, eps);
      const step = jnp.where(
        jnp.lessEqual(denom, Number.EPSILON),
        0,
        jnp.minimum(jnp.divide(gap, denom), maxLearningRate),
      );
      return [scale(step, updates), state];
    },
  };
}
