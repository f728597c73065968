// Adam-family optimizers, each a chain of building blocks: adam, nadam, adamw, nadamw, radam,
// adamax, adamaxw, amsgrad, adabelief, yogi, lamb, adan. Mirrors optax/_src/alias.py.

import type {
  EmptyState,
  GradientTransformationExtraArgs,
  Scalar,
  ScalarOrSchedule,
} from '../base.ts';
import { chain } from '../combine.ts';
import { checkAlias } from '../internal/scalar.ts';
import {
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  type ScaleByAmsgradOptions,
  type ScaleByAmsgradState,
  type ScaleByBeliefState,
  type ScaleByRadamOptions,
  type ScaleByYogiOptions,
  scaleByAdam,
  scaleByAdamax,
  scaleByAmsgrad,
  scaleByBelief,
  scaleByRadam,
  scaleByYogi,
} from '../transforms/adam.ts';
import { type ScaleByAdanState, scaleByAdan } from '../transforms/adan.ts';
import { type AddDecayedWeightsState, addDecayedWeights } from '../transforms/adding.ts';
import type { Mask } from '../transforms/masking.ts';
import {
  type ScaleByLearningRateState,
  scaleByLearningRate,
  scaleByTrustRatio,
} from '../transforms/scale.ts';

/** Options of {@link adam} and {@link nadam} (those of `scaleByAdam`). */
export type AdamOptions = ScaleByAdamOptions;

/** State of {@link adam}: `[ScaleByAdamState, learning-rate state]`. */
export type AdamState = [ScaleByAdamState, ScaleByLearningRateState];

/**
 * Adam: `chain(scaleByAdam(options), scaleByLearningRate(learningRate))`.
 *
 * @remarks
 * `m_t = b1 m_{t-1} + (1-b1) g_t`, `v_t = b2 v_{t-1} + (1-b2) g_t²`,
 * `u_t = -lr · (m_t / (1-b1^t)) / (sqrt(v_t / (1-b2^t) + ε̄) + ε)`.
 * @param learningRate - A number, a scalar Tensor or a schedule.
 * @param options - `b1` (0.9), `b2` (0.999), `eps` (1e-8), `epsRoot` (0), `muDtype`, `nesterov`.
 * @example
 * ```ts
 * const opt = optax.adam(0.1);
 * let params = { w: jnp.array([1, 2, 3], 'float32') };
 * let state = opt.init(params);
 * for (let i = 0; i < 5; i++) {
 *   const grads = { w: params.w.mul(2) }; // d/dw of sum(w²)
 *   const [updates, next] = opt.update(grads, state, params);
 *   params = optax.applyUpdates(params, updates);
 *   state = next;
 * }
 * ```
 * @see optax.adam, Kingma & Ba, https://arxiv.org/abs/1412.6980
 */
export function adam(
  learningRate: ScalarOrSchedule,
  options: AdamOptions = {},
): GradientTransformationExtraArgs<AdamState> {
  checkAlias('adam', learningRate, options);
  return chain(scaleByAdam(options), scaleByLearningRate(learningRate));
}

/**
 * NAdam: {@link adam} with Nesterov momentum.
 * @see optax.nadam, Dozat (2016)
 */
export function nadam(
  learningRate: ScalarOrSchedule,
  options: Omit<AdamOptions, 'nesterov'> = {},
): GradientTransformationExtraArgs<AdamState> {
  checkAlias('nadam', learningRate, options);
  return adam(learningRate, { ...options, nesterov: true });
}

/** Options of {@link adamw}. */
export interface AdamwOptions extends AdamOptions {
  /** Decoupled weight decay (multiplied by the learning rate). Default 1e-4. */
  readonly weightDecay?: ScalarOrSchedule;
  /** Which parameters to decay (see `masked`); default all. */
  readonly mask?: Mask | null;
}

/** State of {@link adamw}. */
export type AdamwState = [ScaleByAdamState, AddDecayedWeightsState, ScaleByLearningRateState];

/**
 * AdamW: Adam with decoupled weight decay,
 * `chain(scaleByAdam, addDecayedWeights(weightDecay, { mask }), scaleByLearningRate)`.
 * @see optax.adamw, Loshchilov & Hutter, https://arxiv.org/abs/1711.05101
 */
export function adamw(
  learningRate: ScalarOrSchedule,
  options: AdamwOptions = {},
): GradientTransformationExtraArgs<AdamwState> {
  checkAlias('adamw', learningRate, options);
  const { weightDecay = 1e-4, mask = null, ...adamOptions } = options;
  return chain(
    scaleByAdam(adamOptions),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * NAdamW: {@link adamw} with Nesterov momentum.
 * @see optax.nadamw
 */
export function nadamw(
  learningRate: ScalarOrSchedule,
  options: Omit<AdamwOptions, 'nesterov'> = {},
): GradientTransformationExtraArgs<AdamwState> {
  checkAlias('nadamw', learningRate, options);
  return adamw(learningRate, { ...options, nesterov: true });
}

/**
 * RAdam (rectified Adam): `chain(scaleByRadam(options), scaleByLearningRate)`.
 * @see optax.radam, Liu et al., https://arxiv.org/abs/1908.03265
 */
export function radam(
  learningRate: ScalarOrSchedule,
  options: ScaleByRadamOptions = {},
): GradientTransformationExtraArgs<AdamState> {
  checkAlias('radam', learningRate, options);
  return chain(scaleByRadam(options), scaleByLearningRate(learningRate));
}

/** Options of {@link adamax}. */
export interface AdamaxOptions {
  readonly b1?: Scalar;
  readonly b2?: Scalar;
  readonly eps?: Scalar;
}

/**
 * Adamax (Adam with the infinity norm): `chain(scaleByAdamax(options), scaleByLearningRate)`.
 * @see optax.adamax, Kingma & Ba, https://arxiv.org/abs/1412.6980
 */
export function adamax(
  learningRate: ScalarOrSchedule,
  options: AdamaxOptions = {},
): GradientTransformationExtraArgs<AdamState> {
  checkAlias('adamax', learningRate, options);
  return chain(scaleByAdamax(options), scaleByLearningRate(learningRate));
}

/** Options of {@link adamaxw}. */
export interface AdamaxwOptions extends AdamaxOptions {
  /** Default 1e-4. */
  readonly weightDecay?: ScalarOrSchedule;
  readonly mask?: Mask | null;
}

/**
 * Adamax with decoupled weight decay.
 * @see optax.adamaxw
 */
export function adamaxw(
  learningRate: ScalarOrSchedule,
  options: AdamaxwOptions = {},
): GradientTransformationExtraArgs<AdamwState> {
  checkAlias('adamaxw', learningRate, options);
  const { weightDecay = 1e-4, mask = null, ...rest } = options;
  return chain(
    scaleByAdamax(rest),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * AMSGrad: `chain(scaleByAmsgrad(options), scaleByLearningRate)`.
 * @see optax.amsgrad, Reddi et al., https://arxiv.org/abs/1904.09237
 */
export function amsgrad(
  learningRate: ScalarOrSchedule,
  options: ScaleByAmsgradOptions = {},
): GradientTransformationExtraArgs<[ScaleByAmsgradState, ScaleByLearningRateState]> {
  checkAlias('amsgrad', learningRate, options);
  return chain(scaleByAmsgrad(options), scaleByLearningRate(learningRate));
}

/**
 * AdaBelief: `chain(scaleByBelief(options), scaleByLearningRate)`; defaults eps 1e-16,
 * epsRoot 1e-16.
 * @see optax.adabelief, Zhuang et al., https://arxiv.org/abs/2010.07468
 */
export function adabelief(
  learningRate: ScalarOrSchedule,
  options: Omit<AdamOptions, 'muDtype'> = {},
): GradientTransformationExtraArgs<[ScaleByBeliefState, ScaleByLearningRateState]> {
  checkAlias('adabelief', learningRate, options);
  return chain(scaleByBelief(options), scaleByLearningRate(learningRate));
}

/**
 * Yogi: `chain(scaleByYogi(options), scaleByLearningRate)`; default eps 1e-3.
 * @see optax.yogi, Zaheer et al., NeurIPS 2018
 */
export function yogi(
  learningRate: ScalarOrSchedule,
  options: Omit<ScaleByYogiOptions, 'epsRoot' | 'initialAccumulatorValue'> = {},
): GradientTransformationExtraArgs<AdamState> {
  checkAlias('yogi', learningRate, options);
  return chain(scaleByYogi(options), scaleByLearningRate(learningRate));
}

/** Options of {@link lamb}. */
export interface LambOptions extends Omit<AdamOptions, 'muDtype' | 'nesterov'> {
  /** Default 0. */
  readonly weightDecay?: ScalarOrSchedule;
  readonly mask?: Mask | null;
}

/**
 * LAMB: Adam directions plus weight decay, rescaled per layer by the trust ratio
 * `‖param‖ / ‖update‖`. Default eps 1e-6.
 * @see optax.lamb, You et al., https://arxiv.org/abs/1904.00962
 */
export function lamb(
  learningRate: ScalarOrSchedule,
  options: LambOptions = {},
): GradientTransformationExtraArgs<
  [ScaleByAdamState, AddDecayedWeightsState, EmptyState, ScaleByLearningRateState]
> {
  checkAlias('lamb', learningRate, options);
  const { weightDecay = 0, mask = null, eps = 1e-6, ...adamOptions } = options;
  return chain(
    scaleByAdam({ ...adamOptions, eps }),
    addDecayedWeights(weightDecay, { mask }),
    scaleByTrustRatio(),
    scaleByLearningRate(learningRate),
  );
}

/** Options of {@link adan}. */
export interface AdanOptions {
  /** Default 0.98. */
  readonly b1?: Scalar;
  /** Default 0.92. */
  readonly b2?: Scalar;
  /** Default 0.99. */
  readonly b3?: Scalar;
  /** Default 1e-8. */
  readonly eps?: Scalar;
  /** Default 1e-8. */
  readonly epsRoot?: Scalar;
  /** Decoupled weight decay. Default 0. */
  readonly weightDecay?: ScalarOrSchedule;
  readonly mask?: Mask | null;
}

/**
 * Adan: `chain(scaleByAdan, addDecayedWeights(weightDecay, { mask }), scaleByLearningRate)`.
 * @see optax.adan, Xie et al., https://arxiv.org/abs/2208.06677
 */
export function adan(
  learningRate: ScalarOrSchedule,
  options: AdanOptions = {},
): GradientTransformationExtraArgs<
  [ScaleByAdanState, AddDecayedWeightsState, ScaleByLearningRateState]
> {
  checkAlias('adan', learningRate, options);
  const { b1 = 0.98, b2 = 0.92, b3 = 0.99, eps = 1e-8, epsRoot = 1e-8 } = options;
  const { weightDecay = 0, mask = null } = options;
  return chain(
    scaleByAdan({ b1, b2, b3, eps, epsRoot }),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}
