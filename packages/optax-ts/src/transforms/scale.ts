// Rescaling building blocks: scale, scaleByLearningRate, scaleBySchedule, scaleBySign,
// scaleByParamBlockNorm/Rms, scaleByTrustRatio (LARS/LAMB), centralize and normalizeByUpdateNorm.
// Mirrors optax/_src/transform.py.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import {
  type EmptyState,
  type GradientTransformation,
  identity,
  initEmptyState,
  requireParams,
  type Scalar,
  type ScalarOrSchedule,
  type Schedule,
} from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement, safeNorm, safeRootMeanSquares } from '../numerics.ts';
import { norm } from '../tree-utils.ts';

/** State of {@link scaleBySchedule}: the number of updates so far. @see optax.ScaleByScheduleState */
export interface ScaleByScheduleState {
  /** int32 scalar. */
  readonly count: Tensor;
}

/** The state of {@link scaleByLearningRate}: empty for a fixed rate, a count for a schedule. */
export type ScaleByLearningRateState = EmptyState | ScaleByScheduleState;

/**
 * Multiplies every update by a fixed `stepSize`.
 * @see optax.scale
 */
export function scale(stepSize: Scalar): GradientTransformation<EmptyState> {
  s.checkHyperparams('scale', { stepSize });
  return {
    init: initEmptyState,
    update: (updates, state) => [mapTree((g) => jnp.multiply(stepSize, g), updates), state],
  };
}

/**
 * Multiplies updates by `stepSizeFn(count)`, then increments the count. The schedule is traced
 * with the count as an int32 scalar, so it must use jnp ops.
 * @see optax.scale_by_schedule
 */
export function scaleBySchedule(
  stepSizeFn: Schedule,
): GradientTransformation<ScaleByScheduleState> {
  return {
    init: () => ({ count: jnp.zeros([], 'int32') }),
    update: (updates, state) => {
      const stepSize = stepSizeFn(state.count);
      const out = mapTree((g) => jnp.multiply(jnp.astype(stepSize, g.dtype), g), updates);
      return [out, { count: safeIncrement(state.count) }];
    },
  };
}

/** Options of {@link scaleByLearningRate}. */
export interface ScaleByLearningRateOptions {
  /** Multiply by `-learningRate` (gradient descent). Default true. */
  readonly flipSign?: boolean;
}

/**
 * Scales by the learning rate (negated by default, for descent): a fixed rate becomes
 * {@link scale}, a schedule {@link scaleBySchedule}. `null`/`undefined` is the identity.
 * Negative learning rates are allowed (ascent), as in Optax.
 * @see optax.scale_by_learning_rate
 */
export function scaleByLearningRate(
  learningRate: ScalarOrSchedule | null | undefined,
  options: ScaleByLearningRateOptions = {},
): GradientTransformation<ScaleByLearningRateState> {
  if (learningRate === null || learningRate === undefined) return identity();
  const m = (options.flipSign ?? true) ? -1 : 1;
  if (typeof learningRate === 'function') {
    return scaleBySchedule((count) => jnp.multiply(m, learningRate(count)));
  }
  s.checkHyperparams('scaleByLearningRate', { learningRate });
  return scale(s.mul(m, learningRate));
}

/**
 * Replaces every update by its sign (signSGD).
 * @see optax.scale_by_sign
 */
export function scaleBySign(): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, state) => [mapTree((g) => jnp.sign(g), updates), state],
  };
}

/**
 * Scales each update leaf by the norm of its parameter (floored at `minScale`).
 * @see optax.scale_by_param_block_norm
 */
export function scaleByParamBlockNorm(minScale: Scalar = 1e-3): GradientTransformation<EmptyState> {
  s.checkHyperparams('scaleByParamBlockNorm', { minScale });
  return {
    init: initEmptyState,
    update: (updates, state, params) => {
      requireParams('scaleByParamBlockNorm', params);
      const out = mapTree((u, p) => jnp.multiply(u, safeNorm(p, minScale)), updates, params);
      return [out, state];
    },
  };
}

/**
 * Scales each update leaf by the root mean square of its parameter (floored at `minScale`).
 * @see optax.scale_by_param_block_rms
 */
export function scaleByParamBlockRms(minScale: Scalar = 1e-3): GradientTransformation<EmptyState> {
  s.checkHyperparams('scaleByParamBlockRms', { minScale });
  return {
    init: initEmptyState,
    update: (updates, state, params) => {
      requireParams('scaleByParamBlockRms', params);
      const out = mapTree(
        (u, p) => jnp.multiply(u, safeRootMeanSquares(p, minScale)),
        updates,
        params,
      );
      return [out, state];
    },
  };
}

/** Options of {@link scaleByTrustRatio}. */
export interface ScaleByTrustRatioOptions {
  /** Floor of the parameter and update norms. Default 0. */
  readonly minNorm?: Scalar;
  /** Multiplier of the trust ratio. Default 1. */
  readonly trustCoefficient?: Scalar;
  /** Added to the update norm in the denominator. Default 0. */
  readonly eps?: Scalar;
}

/**
 * Scales each update leaf by the trust ratio `trustCoefficient * ‖param‖ / (‖update‖ + eps)`
 * (1 where either norm is 0), as in LARS and LAMB.
 * @see optax.scale_by_trust_ratio
 */
export function scaleByTrustRatio(
  options: ScaleByTrustRatioOptions = {},
): GradientTransformation<EmptyState> {
  const { minNorm = 0, trustCoefficient = 1, eps = 0 } = options;
  s.checkHyperparams('scaleByTrustRatio', { minNorm, trustCoefficient, eps });
  return {
    init: initEmptyState,
    update: (updates, state, params) => {
      requireParams('scaleByTrustRatio', params);
      const out = mapTree(
        (u, p) => {
          const paramNorm = safeNorm(p, minNorm);
          const updateNorm = safeNorm(u, minNorm);
          const ratio = jnp.divide(
            jnp.multiply(trustCoefficient, paramNorm),
            jnp.add(updateNorm, eps),
          );
          const zeroNorm = jnp.logicalOr(jnp.equal(paramNorm, 0), jnp.equal(updateNorm, 0));
          return jnp.multiply(u, jnp.where(zeroNorm, jnp.asarray(1, p.dtype), ratio));
        },
        updates,
        params,
      );
      return [out, state];
    },
  };
}

/**
 * Gradient centralization: subtracts from each update leaf of rank > 1 its mean over all axes but
 * the first.
 * @see optax.centralize, Yong et al., https://arxiv.org/abs/2004.01461
 */
export function centralize(): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, state) => {
      const out = mapTree((g) => {
        if (g.ndim <= 1) return g;
        const axes = g.shape.map((_, i) => i).slice(1);
        return jnp.subtract(g, jnp.mean(g, { axis: axes, keepdims: true }));
      }, updates);
      return [out, state];
    },
  };
}

/** Options of {@link normalizeByUpdateNorm}. */
export interface NormalizeByUpdateNormOptions {
  /** The norm of the result. Default 1. */
  readonly scaleFactor?: Scalar;
  /** Added to the norm. Default 1e-6. */
  readonly eps?: Scalar;
}

/**
 * Rescales all updates together to global norm `scaleFactor`: `u * scaleFactor / (‖u‖ + eps)`.
 * @see optax.normalize_by_update_norm
 */
export function normalizeByUpdateNorm(
  options: NormalizeByUpdateNormOptions = {},
): GradientTransformation<EmptyState> {
  const { scaleFactor = 1, eps = 1e-6 } = options;
  s.checkHyperparams('normalizeByUpdateNorm', { scaleFactor, eps });
  return {
    init: initEmptyState,
    update: (updates, state) => {
      const gNorm = jnp.divide(jnp.add(norm(updates), eps), scaleFactor);
      return [mapTree((g) => jnp.divide(g, gNorm), updates), state];
    },
  };
}
