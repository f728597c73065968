/**
 * Uniform floats in [minval, maxval). JAX: jax.random.uniform (`_uniform`): the mantissa trick
 * on 32 random bits, then `max(minval, f * (maxval - minval) + minval)` fused like XLA:CPU does.
 */
import type { DType } from '../dtype.ts';
import { composite } from '../numpy/composite.ts';
import type { TensorLike } from '../numpy/convert.ts';
import type { Tensor } from '../tensor.ts';
import {
  checkKey,
  checkParamShapes,
  checkShape,
  floatDType,
  floatParam,
  type ShapeArg,
} from './common.ts';
import { randomBits, randomTransform } from './prims.ts';

export interface UniformOptions {
  /** float32 (the default and only float dtype). */
  readonly dtype?: DType | string;
  /** Inclusive lower end (default 0): a number or an array broadcasting into `shape`. */
  readonly minval?: TensorLike;
  /** Exclusive upper end (default 1). `maxval < minval` gives minval, as in JAX. */
  readonly maxval?: TensorLike;
}

/** float32 samples of `shape`, uniform in [minval, maxval). JAX: jax.random.uniform. */
export function uniform(key: Tensor, shape: ShapeArg = [], opts: UniformOptions = {}): Tensor {
  const k = checkKey('uniform', key);
  const s = checkShape('uniform', shape);
  floatDType('uniform', opts.dtype);
  return composite(() => {
    const lo = floatParam('uniform', opts.minval ?? 0);
    const hi = floatParam('uniform', opts.maxval ?? 1);
    checkParamShapes('uniform', s, lo.shape, hi.shape);
    return randomTransform('uniform', [randomBits(k, s), lo, hi]);
  });
}
