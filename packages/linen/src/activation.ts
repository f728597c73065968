// Activation functions re-exported by flax.linen from jax.nn (relu, gelu, softmax, ...), written
// with the same operation order as jax/_src/nn/functions.py so float32 results match.

import {
  type Axis,
  type DType,
  numpy as jnp,
  lax,
  type Tensor,
  type TensorLike,
} from '@jaxts/tensor';
import { InvalidModuleArgumentError } from './errors.ts';

const f32 = Math.fround;

function t(x: TensorLike): Tensor {
  return jnp.asarray(x);
}

/** max(x, 0). jax.nn.relu. */
export function relu(x: TensorLike): Tensor {
  return jnp.maximum(x, 0);
}

/** min(max(x, 0), 6). jax.nn.relu6. */
export function relu6(x: TensorLike): Tensor {
  return jnp.minimum(jnp.maximum(x, 0), 6);
}

/** The logistic function 1 / (1 + e^-x). jax.nn.sigmoid. */
export function sigmoid(x: TensorLike): Tensor {
  return lax.logistic(t(x));
}

/** tanh. */
export function tanh(x: TensorLike): Tensor {
  return jnp.tanh(x);
}

/** x * sigmoid(x). jax.nn.silu. */
export function silu(x: TensorLike): Tensor {
  const a = t(x);
  return a.mul(sigmoid(a));
}

/** Same as silu. jax.nn.swish. */
export const swish = silu;

/** relu6(x + 3) / 6. jax.nn.hard_sigmoid. */
export function hardSigmoid(x: TensorLike): Tensor {
  return relu6(t(x).add(3)).div(6);
}

/** x * hardSigmoid(x). jax.nn.hard_silu. */
export function hardSilu(x: TensorLike): Tensor {
  const a = t(x);
  return a.mul(hardSigmoid(a));
}

export const hardSwish = hardSilu;

/** Clip to [-1, 1]. jax.nn.hard_tanh. */
export function hardTanh(x: TensorLike): Tensor {
  const a = t(x);
  return jnp.where(a.greater(1), 1, jnp.where(a.less(-1), -1, a));
}

/** log(1 + e^x), computed as logaddexp(x, 0). jax.nn.softplus. */
export function softplus(x: TensorLike): Tensor {
  return jnp.logaddexp(x, 0);
}

/** x / (|x| + 1). jax.nn.soft_sign. */
export function softSign(x: TensorLike): Tensor {
  const a = t(x);
  return a.div(jnp.abs(a).add(1));
}

/** log(sigmoid(x)) = -softplus(-x). jax.nn.log_sigmoid. */
export function logSigmoid(x: TensorLike): Tensor {
  return jnp.negative(softplus(jnp.negative(x)));
}

/** x if x > 0 else alpha * (e^x - 1). jax.nn.elu. */
export function elu(x: TensorLike, alpha = 1.0): Tensor {
  const a = t(x);
  const pos = a.greater(0);
  return jnp.where(pos, a, jnp.expm1(jnp.where(pos, 0, a)).mul(f32(alpha)));
}

/** max(x, 0) + alpha * expm1(min(x, 0) / alpha). jax.nn.celu. */
export function celu(x: TensorLike, alpha = 1.0): Tensor {
  const a = t(x);
  return jnp.maximum(a, 0.0).add(jnp.expm1(jnp.minimum(a, 0.0).div(f32(alpha))).mul(f32(alpha)));
}

/** Scaled ELU with the self-normalizing constants. jax.nn.selu. */
export function selu(x: TensorLike): Tensor {
  const alpha = 1.6732632423543772;
  const scale = 1.0507009873554805;
  return elu(x, alpha).mul(f32(scale));
}

/** x if x >= 0 else negativeSlope * x. jax.nn.leaky_relu. */
export function leakyRelu(x: TensorLike, negativeSlope = 1e-2): Tensor {
  const a = t(x);
  return jnp.where(a.greaterEqual(0), a, a.mul(f32(negativeSlope)));
}

/**
 * Gaussian error linear unit: the tanh approximation by default, `approximate = false` for the
 * exact `x/2 * erfc(-x/√2)`. jax.nn.gelu.
 */
export function gelu(x: TensorLike, approximate = true): Tensor {
  const a = t(x);
  if (approximate) {
    const sqrt2OverPi = f32(Math.sqrt(2 / Math.PI));
    const cube = a.mul(a).mul(a);
    const cdf = jnp
      .tanh(a.add(cube.mul(0.044715)).mul(sqrt2OverPi))
      .add(1.0)
      .mul(0.5);
    return a.mul(cdf);
  }
  const sqrtHalf = f32(Math.sqrt(0.5));
  // erfc(z) = 1 - erf(z) (lax has no erfc primitive).
  const erfc = jnp.subtract(1, lax.erf(jnp.negative(a).mul(sqrtHalf)));
  return a.mul(0.5).mul(erfc);
}

/** Gated linear unit: split `axis` in two halves a, b and return a * sigmoid(b). jax.nn.glu. */
export function glu(x: TensorLike, axis = -1): Tensor {
  const a = t(x);
  const size = a.shape.at(axis) as number;
  if (size % 2 !== 0) throw new InvalidModuleArgumentError('axis size must be divisible by 2');
  const [x1, x2] = jnp.split(a, 2, axis < 0 ? axis + a.ndim : axis) as [Tensor, Tensor];
  return x1.mul(sigmoid(x2));
}

export interface SoftmaxOptions {
  /** Axis or axes to normalize over (default -1). */
  readonly axis?: Axis;
  /** Only these elements take part (the others get 0, or -inf for logSoftmax). */
  readonly where?: Tensor | null;
}

/** exp(x) / sum(exp(x)) over `axis`, shifted by the max for stability. jax.nn.softmax. */
export function softmax(x: TensorLike, opts: SoftmaxOptions = {}): Tensor {
  const axis = opts.axis ?? -1;
  const where = opts.where ?? null;
  const a = t(x);
  const safe = where === null ? a : jnp.where(where, a, Number.NEGATIVE_INFINITY);
  const xMax = jnp.max(safe, { axis, keepdims: true });
  let unnormalized = jnp.exp(safe.sub(xMax));
  if (where !== null) unnormalized = jnp.where(where, unnormalized, 0);
  const result = unnormalized.div(jnp.sum(unnormalized, { axis, keepdims: true }));
  return where === null ? result : jnp.where(where, result, 0);
}

/** x - logsumexp(x) over `axis`. jax.nn.log_softmax. */
export function logSoftmax(x: TensorLike, opts: SoftmaxOptions = {}): Tensor {
  const axis = opts.axis ?? -1;
  const where = opts.where ?? null;
  const a = t(x);
  const safe = where === null ? a : jnp.where(where, a, Number.NEGATIVE_INFINITY);
  const xMax = jnp.max(safe, { axis, keepdims: true });
  const shifted = safe.sub(lax.stopGradient(xMax));
  let e = jnp.exp(shifted);
  if (where !== null) e = jnp.where(where, e, 0);
  const result = shifted.sub(jnp.log(jnp.sum(e, { axis, keepdims: true })));
  return where === null ? result : jnp.where(where, result, Number.NEGATIVE_INFINITY);
}

/** log(sum(exp(x))) over `axis`. jax.nn.logsumexp. */
export function logsumexp(
  x: TensorLike,
  opts: { axis?: Axis | null; keepdims?: boolean } = {},
): Tensor {
  return jnp.logsumexp(x, opts);
}

export interface StandardizeOptions {
  readonly axis?: Axis;
  readonly mean?: Tensor | null;
  readonly variance?: Tensor | null;
  readonly epsilon?: number;
}

/** (x - mean) * rsqrt(var + eps) over `axis` (fast variance). jax.nn.standardize. */
export function standardize(x: TensorLike, opts: StandardizeOptions = {}): Tensor {
  const axis = opts.axis ?? -1;
  const a = t(x);
  const mean = opts.mean ?? jnp.mean(a, { axis, keepdims: true });
  let variance = opts.variance ?? null;
  if (variance === null) {
    variance = jnp.clip(jnp.mean(jnp.square(a), { axis, keepdims: true }).sub(jnp.square(mean)), 0);
  }
  return a.sub(mean).mul(lax.rsqrt(variance.add(f32(opts.epsilon ?? 1e-5))));
}

export interface OneHotOptions {
  readonly dtype?: DType;
  /** Where the class axis goes (default -1). */
  readonly axis?: number;
}

/** `x[..., None] == arange(numClasses)` as float32. jax.nn.one_hot. */
export function oneHot(x: TensorLike, numClasses: number, opts: OneHotOptions = {}): Tensor {
  const a = t(x);
  const axis = opts.axis ?? -1;
  const pos = axis < 0 ? axis + a.ndim + 1 : axis;
  const lhs = jnp.expandDims(a, pos);
  const rhsShape = new Array<number>(a.ndim + 1).fill(1);
  rhsShape[pos] = numClasses;
  const rhs = lax.broadcastedIota(a.dtype === 'float32' ? 'float32' : a.dtype, rhsShape, pos);
  return jnp.astype(jnp.equal(lhs, rhs), opts.dtype ?? 'float32');
}
