// @jaxts/optax-ts: Optax for jaxts. Gradient transformations (pure init/update pairs with pytree
// states), optimizers, schedules, losses and tree math. Mirrors the `optax` package namespace.

import * as tree from './tree-utils.ts';

// Optimizers (optax/_src/alias.py)
export type {
  AdamaxOptions,
  AdamaxwOptions,
  AdamOptions,
  AdamState,
  AdamwOptions,
  AdamwState,
  AdanOptions,
  LambOptions,
} from './alias/adam.ts';
export {
  adabelief,
  adam,
  adamax,
  adamaxw,
  adamw,
  adan,
  amsgrad,
  lamb,
  nadam,
  nadamw,
  radam,
  yogi,
} from './alias/adam.ts';
export type {
  AdadeltaOptions,
  AdafactorOptions,
  AdagradOptions,
  NovogradOptions,
  RmspropOptions,
  RmspropState,
} from './alias/adaptive.ts';
export { adadelta, adafactor, adagrad, novograd, rmsprop, sm3 } from './alias/adaptive.ts';
export type {
  LarsOptions,
  LionOptions,
  NoisySgdOptions,
  PolyakSgdOptions,
  SgdOptions,
  SgdState,
  SignumOptions,
} from './alias/sgd.ts';
export {
  fromage,
  lars,
  lion,
  noisySgd,
  optimisticGradientDescent,
  polyakSgd,
  rprop,
  sgd,
  signSgd,
  signum,
} from './alias/sgd.ts';
// Protocol (optax/_src/base.py)
export type {
  EmptyState,
  ExtraArgs,
  GradientTransformation,
  GradientTransformationExtraArgs,
  OptState,
  Params,
  Scalar,
  ScalarOrSchedule,
  Schedule,
  StateOf,
  Updates,
} from './base.ts';
export {
  EMPTY_STATE,
  identity,
  initEmptyState,
  setToZero,
  stateless,
  statelessWithTreeMap,
  withExtraArgsSupport,
} from './base.ts';
// Combinators (optax/transforms/_combining.py)
export type {
  ChainState,
  MultiTransformOptions,
  MultiTransformState,
  NamedChainState,
  NamedTransform,
} from './combine.ts';
export { chain, multiTransform, namedChain, partition } from './combine.ts';
// Errors
export {
  InvalidHyperparameterError,
  MaskStructureError,
  MissingParamsError,
  MissingTransformError,
  OptStateMismatchError,
} from './errors.ts';
export type { ClassAxisOptions, SigmoidFocalLossOptions } from './losses/classification.ts';
export {
  convexKlDivergence,
  generalizedKlDivergence,
  hingeLoss,
  klDivergence,
  klDivergenceWithLogTargets,
  safeSoftmaxCrossEntropy,
  sigmoidBinaryCrossEntropy,
  sigmoidFocalLoss,
  softmaxCrossEntropy,
  softmaxCrossEntropyWithIntegerLabels,
} from './losses/classification.ts';
// Losses (optax.losses)
export type { CosineOptions, HuberLossOptions } from './losses/regression.ts';
export {
  cosineDistance,
  cosineSimilarity,
  huberLoss,
  l2Loss,
  logCosh,
  squaredError,
} from './losses/regression.ts';
export type { SmoothLabelsOptions } from './losses/smoothing.ts';
export { smoothLabels } from './losses/smoothing.ts';
// Numerics (optax/_src/numerics.py)
export type { SafeNormOptions } from './numerics.ts';
export {
  absSq,
  safeIncrement,
  safeInt32Increment,
  safeNorm,
  safeRootMeanSquares,
} from './numerics.ts';
export type {
  CosineDecayOptions,
  SgdrCycle,
  WarmupCosineDecayOptions,
} from './schedules/cosine.ts';
export {
  cosineDecaySchedule,
  sgdrSchedule,
  warmupConstantSchedule,
  warmupCosineDecaySchedule,
  warmupExponentialDecaySchedule,
} from './schedules/cosine.ts';
export type { InjectHyperparamsOptions, InjectHyperparamsState } from './schedules/inject.ts';
export { injectHyperparams } from './schedules/inject.ts';
export { joinSchedules } from './schedules/join.ts';
// Schedules (optax/schedules)
export type {
  CosineOnecycleOptions,
  ExponentialDecayOptions,
  InterpolateType,
  LinearOnecycleOptions,
  TransitionOptions,
} from './schedules/schedule.ts';
export {
  constantSchedule,
  cosineOnecycleSchedule,
  exponentialDecay,
  linearOnecycleSchedule,
  linearSchedule,
  piecewiseConstantSchedule,
  piecewiseInterpolateSchedule,
  polynomialSchedule,
} from './schedules/schedule.ts';
// Accumulation (optax/transforms/_accumulation.py)
export type {
  ApplyEveryState,
  EmaOptions,
  EmaState,
  MultiStepsOptions,
  MultiStepsState,
  ShouldSkipUpdateFunction,
  TraceOptions,
  TraceState,
} from './transforms/accumulation.ts';
export {
  applyEvery,
  ema,
  MultiSteps,
  skipLargeUpdates,
  skipNotFinite,
  trace,
} from './transforms/accumulation.ts';
export type {
  ScaleByAdamaxOptions,
  ScaleByAdamOptions,
  ScaleByAdamState,
  ScaleByAmsgradOptions,
  ScaleByAmsgradState,
  ScaleByBeliefState,
  ScaleByRadamOptions,
  ScaleByYogiOptions,
} from './transforms/adam.ts';
export {
  scaleByAdam,
  scaleByAdamax,
  scaleByAmsgrad,
  scaleByBelief,
  scaleByRadam,
  scaleByYogi,
} from './transforms/adam.ts';
export type { ScaleByAdanOptions, ScaleByAdanState } from './transforms/adan.ts';
export { scaleByAdan } from './transforms/adan.ts';
// Adding terms (optax/transforms/_adding.py)
export type {
  AddDecayedWeightsOptions,
  AddDecayedWeightsState,
  AddNoiseState,
  WeightDecayScheduleState,
} from './transforms/adding.ts';
export { addDecayedWeights, addNoise } from './transforms/adding.ts';
// Clipping (optax/transforms/_clipping.py)
export type { AdaptiveGradClipOptions } from './transforms/clipping.ts';
export {
  adaptiveGradClip,
  clip,
  clipByBlockRms,
  clipByGlobalNorm,
  unitwiseClip,
  unitwiseNorm,
} from './transforms/clipping.ts';
export type {
  ApplyIfFiniteState,
  ConditionallyTransformState,
  ConditionFn,
} from './transforms/conditionality.ts';
export {
  applyIfFinite,
  conditionallyMask,
  conditionallyTransform,
} from './transforms/conditionality.ts';
// Constraints (optax/transforms/_constraining.py)
export type { ZeroNansState } from './transforms/constraining.ts';
export { keepParamsNonnegative, zeroNans } from './transforms/constraining.ts';
export type { FactoredState, ScaleByFactoredRmsOptions } from './transforms/factorized.ts';
export { scaleByFactoredRms } from './transforms/factorized.ts';
export { flatten } from './transforms/layouts.ts';
export type { ScaleByLionOptions, ScaleByLionState } from './transforms/lion.ts';
export { scaleByLion } from './transforms/lion.ts';
// Masking, conditions, layouts (optax/transforms/_masking.py, _conditionality.py, _layouts.py)
export type { Mask, MaskedOptions, MaskedState } from './transforms/masking.ts';
export { MASKED_NODE, masked } from './transforms/masking.ts';
export type { ScaleByNovogradOptions, ScaleByNovogradState } from './transforms/novograd.ts';
export { scaleByNovograd } from './transforms/novograd.ts';
export type {
  ScaleByOptimisticGradientState,
  ScaleByPolyakOptions,
} from './transforms/optimistic.ts';
export { scaleByOptimisticGradient, scaleByPolyak } from './transforms/optimistic.ts';
export type {
  ScaleByAdadeltaOptions,
  ScaleByAdadeltaState,
  ScaleByRmsOptions,
  ScaleByRmsState,
  ScaleByRmsWithCountState,
  ScaleByRssOptions,
  ScaleByRssState,
  ScaleByStddevState,
  ScaleByStddevWithCountState,
} from './transforms/rms.ts';
export { scaleByAdadelta, scaleByRms, scaleByRss, scaleByStddev } from './transforms/rms.ts';
export type { ScaleByRpropOptions, ScaleByRpropState } from './transforms/rprop.ts';
export { scaleByRprop } from './transforms/rprop.ts';
// Rescaling building blocks (optax/_src/transform.py)
export type {
  NormalizeByUpdateNormOptions,
  ScaleByLearningRateOptions,
  ScaleByLearningRateState,
  ScaleByScheduleState,
  ScaleByTrustRatioOptions,
} from './transforms/scale.ts';
export {
  centralize,
  normalizeByUpdateNorm,
  scale,
  scaleByLearningRate,
  scaleByParamBlockNorm,
  scaleByParamBlockRms,
  scaleBySchedule,
  scaleBySign,
  scaleByTrustRatio,
} from './transforms/scale.ts';
export type { ScaleBySm3Options, ScaleBySm3State } from './transforms/sm3.ts';
export { scaleBySm3 } from './transforms/sm3.ts';
// Tree math (optax.tree) and the global norm
export type { Sampler, TreeNormOptions } from './tree-utils.ts';
export { globalNorm } from './tree-utils.ts';
// Applying updates (optax/_src/update.py)
export { applyUpdates, incrementalUpdate, periodicUpdate } from './update.ts';
export { tree };
