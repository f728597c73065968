// Optimizers with per-coordinate (or per-layer) second-moment scaling and no Adam-style first
// moment: rmsprop, adagrad, adadelta, adafactor, sm3, novograd. Mirrors optax/_src/alias.py.

import type { DType } from '@jaxts/tensor';
import {
  type EmptyState,
  type GradientTransformation,
  type GradientTransformationExtraArgs,
  identity,
  type Scalar,
  type ScalarOrSchedule,
} from '../base.ts';
import { chain } from '../combine.ts';
import { checkAlias } from '../internal/scalar.ts';
import { ema, type TraceState, trace } from '../transforms/accumulation.ts';
import { type AddDecayedWeightsState, addDecayedWeights } from '../transforms/adding.ts';
import { clipByBlockRms } from '../transforms/clipping.ts';
import { scaleByFactoredRms } from '../transforms/factorized.ts';
import type { Mask } from '../transforms/masking.ts';
import { type ScaleByNovogradState, scaleByNovograd } from '../transforms/novograd.ts';
import {
  type ScaleByAdadeltaState,
  type ScaleByRmsState,
  type ScaleByRmsWithCountState,
  type ScaleByRssState,
  type ScaleByStddevState,
  type ScaleByStddevWithCountState,
  scaleByAdadelta,
  scaleByRms,
  scaleByRss,
  scaleByStddev,
} from '../transforms/rms.ts';
import {
  type ScaleByLearningRateState,
  scale,
  scaleByLearningRate,
  scaleByParamBlockRms,
} from '../transforms/scale.ts';
import { type ScaleBySm3State, scaleBySm3 } from '../transforms/sm3.ts';

/** Options of {@link rmsprop}. */
export interface RmspropOptions {
  /** Decay of the squared-gradient average. Default 0.9. */
  readonly decay?: Scalar;
  /** Default 1e-8. */
  readonly eps?: Scalar;
  /** Initial value of the average. Default 0. */
  readonly initialScale?: Scalar;
  /** eps inside the square root (default) or outside. */
  readonly epsInSqrt?: boolean;
  /** Centered RMSProp (divide by a variance estimate). Default false. */
  readonly centered?: boolean;
  /** Momentum decay applied after scaling; `null`/omitted: none. */
  readonly momentum?: Scalar | null;
  /** Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
  /** Bias-correct the averages. Default false. */
  readonly biasCorrection?: boolean;
}

/** State of {@link rmsprop}. */
export type RmspropState = [
  ScaleByRmsState | ScaleByRmsWithCountState | ScaleByStddevState | ScaleByStddevWithCountState,
  ScaleByLearningRateState,
  TraceState | EmptyState,
];

/**
 * RMSProp (optionally centered and with momentum):
 * `chain(scaleByRms or scaleByStddev, scaleByLearningRate, trace(momentum) or identity())`.
 * @see optax.rmsprop, Tieleman & Hinton (2012); Graves, https://arxiv.org/abs/1308.0850
 */
export function rmsprop(
  learningRate: ScalarOrSchedule,
  options: RmspropOptions = {},
): GradientTransformationExtraArgs<RmspropState> {
  checkAlias('rmsprop', learningRate, options);
  const { centered = false, momentum = null, nesterov = false, ...rms } = options;
  const pre: GradientTransformation<RmspropState[0]> = centered
    ? scaleByStddev(rms)
    : scaleByRms(rms);
  const post: GradientTransformation<TraceState | EmptyState> =
    momentum === null ? identity() : trace(momentum, { nesterov });
  return chain(pre, scaleByLearningRate(learningRate), post);
}

/** Options of {@link adagrad}. */
export interface AdagradOptions {
  /** Initial value of the sum of squares. Default 0.1. */
  readonly initialAccumulatorValue?: Scalar;
  /** Default 1e-7. */
  readonly eps?: Scalar;
}

/**
 * AdaGrad: `chain(scaleByRss(options), scaleByLearningRate)`.
 * @see optax.adagrad, Duchi et al. (2011)
 */
export function adagrad(
  learningRate: ScalarOrSchedule,
  options: AdagradOptions = {},
): GradientTransformationExtraArgs<[ScaleByRssState, ScaleByLearningRateState]> {
  checkAlias('adagrad', learningRate, options);
  return chain(scaleByRss(options), scaleByLearningRate(learningRate));
}

/** Options of {@link adadelta}. */
export interface AdadeltaOptions {
  /** Default 0.9. */
  readonly rho?: Scalar;
  /** Default 1e-6. */
  readonly eps?: Scalar;
  /** Default 0. */
  readonly weightDecay?: ScalarOrSchedule;
  readonly weightDecayMask?: Mask | null;
}

/**
 * AdaDelta: `chain(addDecayedWeights, scaleByAdadelta, scaleByLearningRate)`. With the default
 * `learningRate` `null` the updates are not negated (as in Optax).
 * @see optax.adadelta, Zeiler, https://arxiv.org/abs/1212.5701
 */
export function adadelta(
  learningRate: ScalarOrSchedule | null = null,
  options: AdadeltaOptions = {},
): GradientTransformationExtraArgs<
  [AddDecayedWeightsState, ScaleByAdadeltaState, ScaleByLearningRateState]
> {
  checkAlias('adadelta', learningRate ?? undefined, options);
  const { rho = 0.9, eps = 1e-6, weightDecay = 0, weightDecayMask = null } = options;
  return chain(
    addDecayedWeights(weightDecay, { mask: weightDecayMask }),
    scaleByAdadelta({ rho, eps }),
    scaleByLearningRate(learningRate),
  );
}

/** Options of {@link adafactor}. */
export interface AdafactorOptions {
  /** Factor the second moment of dimensions at least this large. Default 128. */
  readonly minDimSizeToFactor?: number;
  /** Exponent of the decay `1 - t^(-decayRate)`. Default 0.8. */
  readonly decayRate?: Scalar;
  /** Step offset of the decay. Default 0. */
  readonly decayOffset?: Scalar;
  /** Scale updates by the RMS of the parameters. Default true. */
  readonly multiplyByParameterScale?: boolean;
  /** Clip updates to this block RMS; `null` disables. Default 1. */
  readonly clippingThreshold?: Scalar | null;
  /** Momentum (an un-debiased EMA); `null`/omitted: none. */
  readonly momentum?: Scalar | null;
  /** dtype of the momentum. Default float32. */
  readonly dtypeMomentum?: DType;
  /** Weight decay rate; `null`/omitted: none. */
  readonly weightDecayRate?: ScalarOrSchedule | null;
  /** Default 1e-30. */
  readonly eps?: Scalar;
  /** Factor the second moment at all. Default true. */
  readonly factored?: boolean;
  readonly weightDecayMask?: Mask | null;
}

/**
 * Adafactor: factored second moments (row and column averages) for large matrices, update
 * clipping, parameter-relative step sizes, optional momentum and weight decay.
 * The state is a tuple whose length depends on the options.
 * @see optax.adafactor, Shazeer & Stern, https://arxiv.org/abs/1804.04235
 */
export function adafactor(
  learningRate: ScalarOrSchedule | null = null,
  options: AdafactorOptions = {},
): GradientTransformationExtraArgs<unknown[]> {
  checkAlias('adafactor', learningRate ?? undefined, options);
  const {
    minDimSizeToFactor = 128,
    decayRate = 0.8,
    decayOffset = 0,
    multiplyByParameterScale = true,
    clippingThreshold = 1,
    momentum = null,
    dtypeMomentum = 'float32',
    weightDecayRate = null,
    eps = 1e-30,
    factored = true,
    weightDecayMask = null,
  } = options;
  const txs: GradientTransformation<unknown>[] = [
    scaleByFactoredRms({
      factored,
      decayRate,
      stepOffset: decayOffset,
      minDimSizeToFactor,
      epsilon: eps,
    }),
  ];
  if (clippingThreshold !== null) txs.push(clipByBlockRms(clippingThreshold));
  if (learningRate !== null) txs.push(scaleByLearningRate(learningRate, { flipSign: false }));
  if (multiplyByParameterScale) txs.push(scaleByParamBlockRms());
  if (momentum !== null) {
    txs.push(ema(momentum, { debias: false, accumulatorDtype: dtypeMomentum }));
  }
  if (weightDecayRate !== null) {
    txs.push(addDecayedWeights(weightDecayRate, { mask: weightDecayMask }));
  }
  txs.push(scale(-1));
  return chain(...txs);
}

/**
 * SM3: `chain(scaleBySm3({ b1: momentum }), scale(-learningRate))` (a fixed learning rate).
 * @see optax.sm3, Anil et al., https://arxiv.org/abs/1901.11150
 */
export function sm3(
  learningRate: Scalar,
  options: { readonly momentum?: Scalar } = {},
): GradientTransformationExtraArgs<[ScaleBySm3State, EmptyState]> {
  checkAlias('sm3', learningRate, options);
  const momentum = options.momentum ?? 0.9;
  return chain(
    scaleBySm3({ b1: momentum }),
    scale(typeof learningRate === 'number' ? -learningRate : learningRate.mul(-1)),
  );
}

/** Options of {@link novograd}. */
export interface NovogradOptions {
  /** Default 0.9. */
  readonly b1?: Scalar;
  /** Default 0.25. */
  readonly b2?: Scalar;
  /** Default 1e-6. */
  readonly eps?: Scalar;
  /** Default 0. */
  readonly epsRoot?: Scalar;
  /** Default 0. */
  readonly weightDecay?: Scalar;
}

/**
 * NovoGrad: layer-wise second moments: `chain(scaleByNovograd(options), scaleByLearningRate)`.
 * @see optax.novograd, Ginsburg et al., https://arxiv.org/abs/1905.11286
 */
export function novograd(
  learningRate: ScalarOrSchedule,
  options: NovogradOptions = {},
): GradientTransformationExtraArgs<[ScaleByNovogradState, ScaleByLearningRateState]> {
  checkAlias('novograd', learningRate, options);
  const { eps = 1e-6, ...rest } = options;
  return chain(scaleByNovograd({ ...rest, eps }), scaleByLearningRate(learningRate));
}
