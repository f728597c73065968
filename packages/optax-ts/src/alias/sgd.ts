// Momentum- and sign-based optimizers: sgd, noisySgd, signSgd, signum, lars, fromage, lion,
// rprop, optimisticGradientDescent and polyakSgd. Mirrors optax/_src/alias.py.

import type { DType, Tensor } from '@jaxts/tensor';
import { numpy as jnp } from '@jaxts/tensor';
import {
  type EmptyState,
  type GradientTransformation,
  type GradientTransformationExtraArgs,
  identity,
  type Scalar,
  type ScalarOrSchedule,
  type Schedule,
} from '../base.ts';
import { chain } from '../combine.ts';
import * as s from '../internal/scalar.ts';
import { checkAlias } from '../internal/scalar.ts';
import { type EmaState, ema, type TraceState, trace } from '../transforms/accumulation.ts';
import {
  type AddDecayedWeightsState,
  type AddNoiseState,
  addDecayedWeights,
  addNoise,
} from '../transforms/adding.ts';
import { type ScaleByLionState, scaleByLion } from '../transforms/lion.ts';
import { type Mask, type MaskedState, masked } from '../transforms/masking.ts';
import {
  type ScaleByOptimisticGradientState,
  type ScaleByPolyakOptions,
  scaleByOptimisticGradient,
  scaleByPolyak,
} from '../transforms/optimistic.ts';
import {
  type ScaleByRpropOptions,
  type ScaleByRpropState,
  scaleByRprop,
} from '../transforms/rprop.ts';
import {
  type ScaleByLearningRateState,
  scale,
  scaleByLearningRate,
  scaleBySign,
  scaleByTrustRatio,
} from '../transforms/scale.ts';

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Momentum decay; `null`/omitted: plain SGD. */
  readonly momentum?: Scalar | null;
  /** Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
  /** dtype of the momentum buffer. */
  readonly accumulatorDtype?: DType | null;
}

/** State of {@link sgd}: `[momentum state or EmptyState, learning-rate state]`. */
export type SgdState = [TraceState | EmptyState, ScaleByLearningRateState];

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum:
 * `chain(trace(momentum, { nesterov }) or identity(), scaleByLearningRate(learningRate))`.
 *
 * @example
 * ```ts
 * const opt = optax.sgd(0.1, { momentum: 0.9 });
 * ```
 * @see optax.sgd, Sutskever et al. (2013)
 */
export function sgd(
  learningRate: ScalarOrSchedule,
  options: SgdOptions = {},
): GradientTransformationExtraArgs<SgdState> {
  checkAlias('sgd', learningRate, options);
  const { momentum = null, nesterov = false, accumulatorDtype = null } = options;
  const first: GradientTransformation<TraceState | EmptyState> =
    momentum === null ? identity() : trace(momentum, { nesterov, accumulatorDtype });
  return chain(first, scaleByLearningRate(learningRate));
}

/** Options of {@link noisySgd}. */
export interface NoisySgdOptions {
  /** Initial noise variance. Default 0.01. */
  readonly eta?: Scalar;
  /** Decay exponent of the variance `eta / (t + 1)^gamma`. Default 0.55. */
  readonly gamma?: Scalar;
  /** PRNG key or integer seed. Default 0. */
  readonly key?: Tensor | number;
}

/**
 * SGD with annealed Gaussian gradient noise: `chain(addNoise(eta, gamma, key), scaleByLearningRate)`.
 * @see optax.noisy_sgd, Neelakantan et al., https://arxiv.org/abs/1511.06807
 */
export function noisySgd(
  learningRate: ScalarOrSchedule,
  options: NoisySgdOptions = {},
): GradientTransformationExtraArgs<[AddNoiseState, ScaleByLearningRateState]> {
  checkAlias('noisySgd', learningRate, options);
  const { eta = 0.01, gamma = 0.55, key = 0 } = options;
  return chain(addNoise(eta, gamma, key), scaleByLearningRate(learningRate));
}

/**
 * signSGD: `chain(scaleBySign(), scaleByLearningRate(learningRate))`.
 * @see optax.sign_sgd, Bernstein et al., https://arxiv.org/abs/1802.04434
 */
export function signSgd(
  learningRate: ScalarOrSchedule,
): GradientTransformationExtraArgs<[EmptyState, ScaleByLearningRateState]> {
  checkAlias('signSgd', learningRate, {});
  return chain(scaleBySign(), scaleByLearningRate(learningRate));
}

/** Options of {@link lars}. */
export interface LarsOptions {
  /** Default 0. */
  readonly weightDecay?: ScalarOrSchedule;
  /** Which parameters to decay. Default `true` (all). */
  readonly weightDecayMask?: Mask;
  /** Default 1e-3. */
  readonly trustCoefficient?: Scalar;
  /** Default 0. */
  readonly eps?: Scalar;
  /** Which parameters get the trust ratio. Default `true` (all). */
  readonly trustRatioMask?: Mask;
  /** Default 0.9. */
  readonly momentum?: Scalar;
  /** Default false. */
  readonly nesterov?: boolean;
}

/**
 * LARS: weight decay, a per-layer trust ratio, the learning rate, then momentum.
 * @see optax.lars, You et al., https://arxiv.org/abs/1708.03888
 */
export function lars(
  learningRate: ScalarOrSchedule,
  options: LarsOptions = {},
): GradientTransformationExtraArgs<
  [AddDecayedWeightsState, MaskedState<EmptyState>, ScaleByLearningRateState, TraceState]
> {
  checkAlias('lars', learningRate, options);
  const {
    weightDecay = 0,
    weightDecayMask = true,
    trustCoefficient = 1e-3,
    eps = 0,
    trustRatioMask = true,
    momentum = 0.9,
    nesterov = false,
  } = options;
  return chain(
    addDecayedWeights(weightDecay, { mask: weightDecayMask }),
    masked(scaleByTrustRatio({ trustCoefficient, eps }), trustRatioMask),
    scaleByLearningRate(learningRate),
    trace(momentum, { nesterov }),
  );
}

/**
 * Fromage: trust-ratio scaling with a learning rate `lr / sqrt(1 + lr²)` and a shrinkage of the
 * parameters by the same factor (written as weight decay `1/sqrt(1 + lr²) - 1`).
 * @see optax.fromage, Bernstein et al., https://arxiv.org/abs/2002.03432
 */
export function fromage(
  learningRate: ScalarOrSchedule,
  options: { readonly minNorm?: Scalar } = {},
): GradientTransformationExtraArgs<[EmptyState, ScaleByLearningRateState, AddDecayedWeightsState]> {
  checkAlias('fromage', learningRate, options);
  const minNorm = options.minNorm ?? 1e-6;
  if (typeof learningRate !== 'function') {
    const mult = s.div(1, s.pow(s.add(1, s.pow(learningRate, 2)), 0.5));
    return chain(
      scaleByTrustRatio({ minNorm }),
      scaleByLearningRate(s.mul(learningRate, mult)),
      addDecayedWeights(s.sub(mult, 1)),
    );
  }
  const lr: Schedule = learningRate;
  const multLr = (c: Tensor | number): Tensor =>
    jnp.divide(1, jnp.power(jnp.add(1, jnp.power(lr(c), 2)), 0.5));
  return chain(
    scaleByTrustRatio({ minNorm }),
    scaleByLearningRate((c) => jnp.multiply(multLr(c), lr(c))),
    addDecayedWeights((c) => jnp.subtract(multLr(c), 1)),
  );
}

/** Options of {@link lion}. */
export interface LionOptions {
  /** Default 0.9. */
  readonly b1?: Scalar;
  /** Default 0.99. */
  readonly b2?: Scalar;
  readonly muDtype?: DType | null;
  /** Decoupled weight decay. Default 1e-3. */
  readonly weightDecay?: ScalarOrSchedule;
  readonly mask?: Mask | null;
}

/**
 * Lion: sign of an interpolated momentum, plus decoupled weight decay. Use a learning rate 3-10×
 * smaller than Adam's.
 * @see optax.lion, Chen et al., https://arxiv.org/abs/2302.06675
 */
export function lion(
  learningRate: ScalarOrSchedule,
  options: LionOptions = {},
): GradientTransformationExtraArgs<
  [ScaleByLionState, AddDecayedWeightsState, ScaleByLearningRateState]
> {
  checkAlias('lion', learningRate, options);
  const { b1 = 0.9, b2 = 0.99, muDtype = null, weightDecay = 1e-3, mask = null } = options;
  return chain(
    scaleByLion({ b1, b2, muDtype }),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * Rprop: per-element step sizes adapted from gradient signs, `chain(scaleByRprop, scale(-1))`.
 * @see optax.rprop, Riedmiller & Braun (1993)
 */
export function rprop(
  learningRate: Scalar,
  options: ScaleByRpropOptions = {},
): GradientTransformationExtraArgs<[ScaleByRpropState, EmptyState]> {
  checkAlias('rprop', learningRate, options);
  return chain(scaleByRprop(learningRate, options), scale(-1));
}

/** Options of {@link signum}. */
export interface SignumOptions {
  /** Momentum decay. Default 0.9. */
  readonly beta?: Scalar;
  readonly accumulatorDtype?: DType | null;
}

/**
 * Signum (sign of momentum): `chain(ema(beta, { debias: false }), scaleBySign(), scaleByLearningRate)`.
 * @see optax.signum, Bernstein et al., https://arxiv.org/abs/1802.04434
 */
export function signum(
  learningRate: ScalarOrSchedule,
  options: SignumOptions = {},
): GradientTransformationExtraArgs<[EmaState, EmptyState, ScaleByLearningRateState]> {
  checkAlias('signum', learningRate, options);
  const { beta = 0.9, accumulatorDtype = null } = options;
  return chain(
    ema(beta, { debias: false, accumulatorDtype }),
    scaleBySign(),
    scaleByLearningRate(learningRate),
  );
}

/**
 * Optimistic gradient descent: `chain(scaleByOptimisticGradient({ alpha, beta }), scaleByLearningRate)`.
 * @see optax.optimistic_gradient_descent, Mokhtari et al., https://arxiv.org/abs/1901.08511
 */
export function optimisticGradientDescent(
  learningRate: ScalarOrSchedule,
  options: { readonly alpha?: Scalar; readonly beta?: Scalar } = {},
): GradientTransformationExtraArgs<[ScaleByOptimisticGradientState, ScaleByLearningRateState]> {
  checkAlias('optimisticGradientDescent', learningRate, options);
  return chain(scaleByOptimisticGradient(options), scaleByLearningRate(learningRate));
}

/** Options of {@link polyakSgd}. */
export interface PolyakSgdOptions extends ScaleByPolyakOptions {
  /** A learning rate (or schedule) multiplying the Polyak step. Default 1. */
  readonly scaling?: ScalarOrSchedule;
}

/**
 * SGD with the Polyak step size; `update` needs the loss: `opt.update(grads, state, params,
 * { value: loss })`.
 * @see optax.polyak_sgd, Loizou et al., https://arxiv.org/abs/2002.10542
 */
export function polyakSgd(
  options: PolyakSgdOptions = {},
): GradientTransformationExtraArgs<[SgdState, EmptyState]> {
  const { scaling = 1, ...polyak } = options;
  checkAlias('polyakSgd', scaling, polyak);
  return chain(sgd(scaling), scaleByPolyak(polyak));
}
