// Classification losses: softmax cross-entropy (probabilities, integer labels, the -inf-safe
// variant), sigmoid binary cross-entropy, sigmoid focal loss, hinge loss and the KL divergences.
// All are computed from log-probabilities, so extreme logits (±1e4) give finite results. Mirrors
// optax/losses/_classification.py.

import { type Axis, DTypeError, numpy as jnp, type Tensor, type TensorLike } from '@jaxts/tensor';
import { checkHyperparams } from '../internal/scalar.ts';
import {
  expandWhere,
  input,
  logSigmoid,
  logSoftmax,
  logsumexpWhere,
  requireFloat,
  sumWhere,
} from './nn.ts';

/** Options of the losses that reduce over a class axis. */
export interface ClassAxisOptions {
  /** The class axis (or axes). Default -1. */
  readonly axis?: Axis;
  /** Which classes take part (a mask broadcastable to the logits). */
  readonly where?: TensorLike | null;
}

/**
 * Softmax cross-entropy against a probability distribution: `-Σ labels · log_softmax(logits)`.
 *
 * @example
 * ```ts
 * optax.softmaxCrossEntropy(jnp.array([[1, 2, 3]], 'float32'), jnp.array([[0, 0, 1]], 'float32')); // [0.40760595]
 * ```
 * @see optax.softmax_cross_entropy
 */
export function softmaxCrossEntropy(
  logits: TensorLike,
  labels: TensorLike,
  options: ClassAxisOptions = {},
): Tensor {
  const x = input(logits);
  requireFloat('softmaxCrossEntropy', 'logits', x);
  const axis = options.axis ?? -1;
  const where = expandWhere(options.where, x, axis);
  const logProbs = logSoftmax(x, axis, where);
  return jnp.negative(sumWhere(jnp.multiply(labels, logProbs), axis, where));
}

function normalizeAxis(axis: number, ndim: number): number {
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Softmax cross-entropy with integer class labels: `logsumexp(logits) - logits[label]`.
 * @see optax.softmax_cross_entropy_with_integer_labels
 */
export function softmaxCrossEntropyWithIntegerLabels(
  logits: TensorLike,
  labels: TensorLike,
  options: ClassAxisOptions = {},
): Tensor {
  const api = 'softmaxCrossEntropyWithIntegerLabels';
  let x = input(logits);
  const y = jnp.asarray(labels);
  requireFloat(api, 'logits', x);
  if (y.dtype !== 'int32' && y.dtype !== 'uint32') {
    throw new DTypeError(
      `${api}: labels must be integers; expected an int32 array, got ${y.aval.strShort()}. Convert it with jnp.astype(labels, 'int32').`,
    );
  }
  const axisOpt = options.axis ?? -1;
  let where = expandWhere(options.where, x, typeof axisOpt === 'number' ? axisOpt : null);
  let axis: number;
  if (typeof axisOpt === 'number') {
    axis = normalizeAxis(axisOpt, x.ndim);
  } else {
    // Several class axes: move them last and merge them into one.
    const logitAxes = axisOpt.map((a) => normalizeAxis(a, x.ndim));
    const batchAxes = x.shape.map((_, i) => i).filter((i) => !logitAxes.includes(i));
    const perm = [...batchAxes, ...logitAxes];
    const merged = (t: Tensor): Tensor =>
      jnp.reshape(jnp.transpose(t, perm), [...batchAxes.map((i) => t.shape[i] as number), -1]);
    x = merged(x);
    if (where !== null) where = merged(where);
    axis = batchAxes.length;
  }
  const labelLogits = jnp.squeeze(jnp.takeAlongAxis(x, jnp.expandDims(y, axis), axis), axis);
  const out = jnp.subtract(logsumexpWhere(x, axis, where), labelLogits);
  if (where === null) return out;
  return jnp.where(jnp.any(where, { axis }), out, 0);
}

/**
 * Softmax cross-entropy that stays finite when logits are `-inf` where the labels are 0 (those
 * terms count as 0 instead of `0 · -inf = NaN`). Class axis -1.
 * @see optax.safe_softmax_cross_entropy
 */
export function safeSoftmaxCrossEntropy(logits: TensorLike, labels: TensorLike): Tensor {
  const x = input(logits);
  requireFloat('safeSoftmaxCrossEntropy', 'logits', x);
  const w = jnp.asarray(labels);
  const logProbs = logSoftmax(x, -1, null);
  const weighted = jnp.where(
    jnp.notEqual(w, 0),
    jnp.multiply(w, logProbs),
    jnp.zerosLike(logProbs),
  );
  return jnp.negative(jnp.sum(weighted, { axis: -1 }));
}

/**
 * Binary cross-entropy of sigmoid logits: `-y log σ(x) - (1 - y) log(1 - σ(x))`, computed with
 * `log_sigmoid` (stable for large |x|). Labels may be soft (in [0, 1]).
 * @see optax.sigmoid_binary_cross_entropy
 */
export function sigmoidBinaryCrossEntropy(logits: TensorLike, labels: TensorLike): Tensor {
  const x = input(logits);
  requireFloat('sigmoidBinaryCrossEntropy', 'logits', x);
  const y = jnp.astype(labels, x.dtype);
  const logP = logSigmoid(x);
  const logNotP = logSigmoid(jnp.negative(x));
  return jnp.subtract(
    jnp.multiply(jnp.negative(y), logP),
    jnp.multiply(jnp.subtract(1, y), logNotP),
  );
}

/** Options of {@link sigmoidFocalLoss}. */
export interface SigmoidFocalLossOptions {
  /** Weight of the positive class in [0, 1]; `null`/omitted: no weighting. */
  readonly alpha?: number | null;
  /** Focusing exponent. Default 2. */
  readonly gamma?: number;
}

/**
 * Focal loss: binary cross-entropy scaled by `(1 - p_t)^gamma`, which down-weights easy examples.
 * @see optax.sigmoid_focal_loss, Lin et al., https://arxiv.org/abs/1708.02002
 */
export function sigmoidFocalLoss(
  logits: TensorLike,
  labels: TensorLike,
  options: SigmoidFocalLossOptions = {},
): Tensor {
  const { alpha = null, gamma = 2 } = options;
  checkHyperparams('sigmoidFocalLoss', { alpha, gamma });
  const x = input(logits);
  requireFloat('sigmoidFocalLoss', 'logits', x);
  const y = jnp.astype(labels, x.dtype);
  const ce = sigmoidBinaryCrossEntropy(x, y);
  const logP = logSigmoid(x);
  const logQ = logSigmoid(jnp.negative(x));
  // log(1 - p_t) = log((1 - y) p + y q), a two-term logsumexp with weights.
  const amax = jnp.maximum(logP, logQ);
  const sumexp = jnp.add(
    jnp.multiply(jnp.exp(jnp.subtract(logP, amax)), jnp.subtract(1, y)),
    jnp.multiply(jnp.exp(jnp.subtract(logQ, amax)), y),
  );
  const logOneMinusPt = jnp.add(jnp.log(sumexp), amax);
  const loss = jnp.multiply(ce, jnp.exp(jnp.multiply(gamma, logOneMinusPt)));
  if (alpha === null) return loss;
  const weight = jnp.add(jnp.multiply(alpha, y), jnp.multiply(1 - alpha, jnp.subtract(1, y)));
  return jnp.multiply(weight, loss);
}

/**
 * Hinge loss for binary classification with targets in {-1, 1}: `max(0, 1 - output · target)`.
 * @see optax.hinge_loss
 */
export function hingeLoss(predictorOutputs: TensorLike, targets: TensorLike): Tensor {
  return jnp.maximum(0, jnp.subtract(1, jnp.multiply(predictorOutputs, targets)));
}

/**
 * KL divergence `Σ targets · (log targets - logPredictions)` (terms with a zero target count 0).
 * @see optax.kl_divergence
 */
export function klDivergence(
  logPredictions: TensorLike,
  targets: TensorLike,
  options: ClassAxisOptions = {},
): Tensor {
  const lp = input(logPredictions);
  const t = input(targets);
  requireFloat('klDivergence', 'logPredictions', lp);
  requireFloat('klDivergence', 'targets', t);
  const axis = options.axis ?? -1;
  const where = expandWhere(options.where, lp, null);
  const logT = jnp.where(jnp.equal(t, 0), 0, jnp.log(t));
  return sumWhere(jnp.multiply(t, jnp.subtract(logT, lp)), axis, where);
}

/**
 * KL divergence with log-space targets: `Σ exp(logTargets) · (logTargets - logPredictions)`.
 * @see optax.kl_divergence_with_log_targets
 */
export function klDivergenceWithLogTargets(
  logPredictions: TensorLike,
  logTargets: TensorLike,
  options: ClassAxisOptions = {},
): Tensor {
  const lp = input(logPredictions);
  const lt = input(logTargets);
  requireFloat('klDivergenceWithLogTargets', 'logPredictions', lp);
  requireFloat('klDivergenceWithLogTargets', 'logTargets', lt);
  const axis = options.axis ?? -1;
  const where = expandWhere(options.where, lp, null);
  return sumWhere(jnp.multiply(jnp.exp(lt), jnp.subtract(lt, lp)), axis, where);
}

/**
 * Generalized KL divergence for unnormalized distributions:
 * `klDivergence + Σ (exp(logPredictions) - targets)`.
 * @see optax.generalized_kl_divergence
 */
export function generalizedKlDivergence(
  logPredictions: TensorLike,
  targets: TensorLike,
  options: ClassAxisOptions = {},
): Tensor {
  const lp = input(logPredictions);
  const axis = options.axis ?? -1;
  const where = expandWhere(options.where, lp, null);
  const kl = klDivergence(lp, targets, options);
  return jnp.add(kl, sumWhere(jnp.subtract(jnp.exp(lp), targets), axis, where));
}

/**
 * The convex (generalized) KL divergence; Optax's older name of
 * {@link generalizedKlDivergence}.
 * @see optax.convex_kl_divergence
 */
export function convexKlDivergence(
  logPredictions: TensorLike,
  targets: TensorLike,
  options: ClassAxisOptions = {},
): Tensor {
  return generalizedKlDivergence(logPredictions, targets, options);
}
