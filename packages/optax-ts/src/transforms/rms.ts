// Second-moment preconditioners without momentum: scaleByRms (RMSProp), scaleByStddev (centered
// RMSProp), scaleByRss (AdaGrad) and scaleByAdadelta. Mirrors optax/_src/transform.py.

import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, Scalar, Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import {
  biasCorrection,
  fullLike,
  updateMoment,
  updateMomentPerElemNorm,
  zerosLike,
} from '../tree-utils.ts';
import { zeroCount } from './adam.ts';

/** State of {@link scaleByRms} without bias correction. @see optax.ScaleByRmsState */
export interface ScaleByRmsState {
  /** Moving average of the squared gradients. */
  readonly nu: Updates;
}

/** State of {@link scaleByRms} with bias correction. @see optax.ScaleByRmsWithCountState */
export interface ScaleByRmsWithCountState extends ScaleByRmsState {
  readonly count: Tensor;
}

/** Options of {@link scaleByRms} and {@link scaleByStddev}. */
export interface ScaleByRmsOptions {
  /** Decay of the moving averages. Default 0.9. */
  readonly decay?: Scalar;
  /** Default 1e-8. */
  readonly eps?: Scalar;
  /** Initial value of the second moment. Default 0. */
  readonly initialScale?: Scalar;
  /** Add eps inside the square root (`rsqrt(nu + eps)`, default) or outside (`1/(sqrt(nu)+eps)`). */
  readonly epsInSqrt?: boolean;
  /** Bias-correct the moments (then the state carries a count). Default false. */
  readonly biasCorrection?: boolean;
}

function rmsScaling(nu: Tensor, eps: Scalar, epsInSqrt: boolean): Tensor {
  return epsInSqrt ? lax.rsqrt(jnp.add(nu, eps)) : jnp.divide(1, jnp.add(jnp.sqrt(nu), eps));
}

/**
 * RMSProp's rescaling: divides updates by the root of a moving average of their squares.
 * @see optax.scale_by_rms, Tieleman & Hinton (2012)
 */
export function scaleByRms(
  options: ScaleByRmsOptions = {},
): GradientTransformation<ScaleByRmsState | ScaleByRmsWithCountState> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = options;
  const epsInSqrt = options.epsInSqrt ?? true;
  const correct = options.biasCorrection ?? false;
  s.checkHyperparams('scaleByRms', { decay, eps, initialScale });
  return {
    init: (params) => {
      const nu = fullLike(params, initialScale);
      return correct ? { count: zeroCount(), nu } : { nu };
    },
    update: (updates, state) => {
      const nu = updateMomentPerElemNorm(updates, state.nu, decay, 2);
      let nuHat = nu;
      let count: Tensor | undefined;
      if (correct) {
        count = safeIncrement((state as ScaleByRmsWithCountState).count);
        nuHat = biasCorrection(nu, decay, count);
      }
      const out = mapTree(
        (n, g) => jnp.multiply(rmsScaling(n, eps, epsInSqrt), g as Tensor),
        nuHat,
        updates,
      );
      return [out, count === undefined ? { nu } : { count, nu }];
    },
  };
}

/** State of {@link scaleByStddev}. @see optax.ScaleByRStdDevState */
export interface ScaleByStddevState {
  readonly mu: Updates;
  readonly nu: Updates;
}

/** State of {@link scaleByStddev} with bias correction. @see optax.ScaleByRStdDevWithCountState */
export interface ScaleByStddevWithCountState extends ScaleByStddevState {
  readonly count: Tensor;
}

/**
 * Centered RMSProp's rescaling: divides by the standard deviation estimate `sqrt(nu - mu²)`.
 * @see optax.scale_by_stddev, Graves (2013), https://arxiv.org/abs/1308.0850
 */
export function scaleByStddev(
  options: ScaleByRmsOptions = {},
): GradientTransformation<ScaleByStddevState | ScaleByStddevWithCountState> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = options;
  const epsInSqrt = options.epsInSqrt ?? true;
  const correct = options.biasCorrection ?? false;
  s.checkHyperparams('scaleByStddev', { decay, eps, initialScale });
  return {
    init: (params) => {
      const mu = zerosLike(params);
      const nu = fullLike(params, initialScale);
      return correct ? { count: zeroCount(), mu, nu } : { mu, nu };
    },
    update: (updates, state) => {
      const mu = updateMoment(updates, state.mu, decay, 1);
      const nu = updateMomentPerElemNorm(updates, state.nu, decay, 2);
      let muHat = mu;
      let nuHat = nu;
      let count: Tensor | undefined;
      if (correct) {
        count = safeIncrement((state as ScaleByStddevWithCountState).count);
        muHat = biasCorrection(mu, decay, count);
        nuHat = biasCorrection(nu, decay, count);
      }
      const scaling = mapTree(
        (m, n) => rmsScaling(jnp.subtract(n as Tensor, jnp.multiply(m, m)), eps, epsInSqrt),
        muHat,
        nuHat,
      );
      const out = mapTree((sc, g) => jnp.multiply(sc, g as Tensor), scaling, updates);
      return [out, count === undefined ? { mu, nu } : { count, mu, nu }];
    },
  };
}

/** State of {@link scaleByRss}. @see optax.ScaleByRssState */
export interface ScaleByRssState {
  /** Running sum of the squared gradients. */
  readonly sumOfSquares: Updates;
}

/** Options of {@link scaleByRss}. */
export interface ScaleByRssOptions {
  /** Initial value of the sum of squares. Default 0.1. */
  readonly initialAccumulatorValue?: Scalar;
  /** Default 1e-7. */
  readonly eps?: Scalar;
}

/**
 * AdaGrad's rescaling: divides by the root of the running sum of squared gradients.
 * @see optax.scale_by_rss, Duchi et al. (2011)
 */
export function scaleByRss(
  options: ScaleByRssOptions = {},
): GradientTransformation<ScaleByRssState> {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = options;
  s.checkHyperparams('scaleByRss', { initialAccumulatorValue, eps });
  return {
    init: (params) => ({ sumOfSquares: fullLike(params, initialAccumulatorValue) }),
    update: (updates, state) => {
      const sumOfSquares = mapTree(
        (g, t) => jnp.add(jnp.multiply(g, g), t as Tensor),
        updates,
        state.sumOfSquares,
      );
      const inv = mapTree(
        (t) => jnp.where(jnp.greater(t, 0), lax.rsqrt(jnp.add(t, eps)), 0),
        sumOfSquares,
      );
      const out = mapTree((i, g) => jnp.multiply(i, g as Tensor), inv, updates);
      return [out, { sumOfSquares }];
    },
  };
}

/** State of {@link scaleByAdadelta}. @see optax.ScaleByAdaDeltaState */
export interface ScaleByAdadeltaState {
  /** Moving average of the squared gradients. */
  readonly eG: Updates;
  /** Moving average of the squared updates. */
  readonly eX: Updates;
}

/** Options of {@link scaleByAdadelta}. */
export interface ScaleByAdadeltaOptions {
  /** Decay of both averages. Default 0.9. */
  readonly rho?: Scalar;
  /** Default 1e-6. */
  readonly eps?: Scalar;
}

/**
 * AdaDelta: scales by `sqrt(E[Δx²] + eps) / sqrt(E[g²] + eps)`.
 * @see optax.scale_by_adadelta, Zeiler (2012), https://arxiv.org/abs/1212.5701
 */
export function scaleByAdadelta(
  options: ScaleByAdadeltaOptions = {},
): GradientTransformation<ScaleByAdadeltaState> {
  const { rho = 0.9, eps = 1e-6 } = options;
  s.checkHyperparams('scaleByAdadelta', { rho, eps });
  return {
    init: (params) => ({ eG: zerosLike(params), eX: zerosLike(params) }),
    update: (updates, state) => {
      const eG = updateMoment(updates, state.eG, rho, 2);
      const out = mapTree(
        (g, curEG, prevEX) =>
          jnp.multiply(
            jnp.divide(
              jnp.sqrt(jnp.add(prevEX as Tensor, eps)),
              jnp.sqrt(jnp.add(curEG as Tensor, eps)),
            ),
            g,
          ),
        updates,
        eG,
        state.eX,
      );
      const eX = updateMoment(out, state.eX, rho, 2);
      return [out, { eG, eX }];
    },
  };
}
