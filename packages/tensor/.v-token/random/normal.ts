/**
 * Standard normal and truncated normal floats. JAX: jax.random.normal (`sqrt(2) * erf_inv(u)`,
 * u uniform on (-1, 1)) and jax.random.truncated_normal (u uniform between erf(lower / sqrt 2)
 * and erf(upper / sqrt 2), clipped to the open interval), with XLA's float32 erf / erf_inv.
 */
import type { DType } from '../dtype.ts';
import { composite } from '../numpy/composite.ts';
import type { TensorLike } from '../numpy/convert.ts';
import { broadcastShapes } from '../shape.ts';
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

export interface FloatOptions {
  /** float32 (the default and only float dtype). */
  readonly dtype?: DType | string;
}

/** float32 standard normal samples of `shape`. JAX: jax.random.normal. */
export function normal(key: Tensor, shape: ShapeArg = [], opts: FloatOptions = {}): Tensor {
  const k = checkKey('normal', key);
  const s = checkShape('normal', shape);
  floatDType('normal', opts.dtype);
  return composite(() => randomTransform('normal', [randomBits(k, s)]));
}

/**
 * float32 standard normal samples truncated to the open interval (lower, upper). The shape
 * defaults to the broadcast shape of lower and upper. JAX: jax.random.truncated_normal.
 */
export function truncatedNormal(
  key: Tensor,
  lower: TensorLike,
  upper: TensorLike,
  shape: ShapeArg | null = null,
  opts: FloatOptions = {},
): Tensor {
  const k = checkKey('truncatedNormal', key);
  const given = shape === null ? null : checkShape('truncatedNormal', shape);
  floatDType('truncatedNormal', opts.dtype);
  return composite(() => {
    const lo = floatParam('truncatedNormal', lower);
    const hi = floatParam('truncatedNormal', upper);
    let s: number[];
    if (given === null) s = broadcastShapes('random.truncatedNormal', lo.shape, hi.shape);
    else {
      checkParamShapes('truncatedNormal', given, lo.shape, hi.shape);
      s = given;
    }
    return randomTransform('truncated_normal', [randomBits(k, s), lo, hi]);
  });
}
