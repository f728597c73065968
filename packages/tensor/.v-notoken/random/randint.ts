/**
 * Uniform int32 integers in [minval, maxval). JAX: jax.random.randint (`_randint`): split the key,
 * draw higher and lower 32-bit words, reduce the 64-bit value modulo the span.
 */
import { type DType, toDType } from '../dtype.ts';
import { DTypeError } from '../errors.ts';
import { convertElementType } from '../lax/elementwise.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, scalar, type TensorLike } from '../numpy/convert.ts';
import type { Tensor } from '../tensor.ts';
import { checkIntRange, checkKey, checkParamShapes, checkShape, type ShapeArg } from './common.ts';
import { splitPair } from './keys.ts';
import { randomBits, randomTransform } from './prims.ts';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export interface RandintOptions {
  /** int32 (the default and only dtype randint samples). */
  readonly dtype?: DType | string;
}

/**
 * A bound as an int32 (or uint32) array. JavaScript integers must fit int32 (JAX raises
 * OverflowError otherwise); fractional numbers truncate toward zero and saturate, like JAX's
 * float bounds (`astype(int)`); float arrays convert the same way.
 */
function bound(name: string, v: TensorLike): Tensor {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      return scalar(
        checkIntRange('randint', name, v, INT32_MIN, INT32_MAX, 'int32'),
        'int32',
        false,
      );
    }
    const t = Number.isNaN(v) ? 0 : Math.trunc(Math.fround(v));
    return scalar(Math.min(INT32_MAX, Math.max(INT32_MIN, t)), 'int32', false);
  }
  const t = asTensor(v, 'random.randint');
  // uint32 bounds keep their values: the kernel clips them to int32 and widens the span, as
  // JAX's `_convert_and_clip_integer` and `maxval_out_of_range` do.
  if (t.dtype === 'int32' || t.dtype === 'uint32') return t;
  return convertElementType(t, 'int32');
}

/**
 * int32 samples of `shape`, uniform in [minval, maxval) (minval when maxval <= minval).
 * Bounds are integers or integer arrays broadcasting into `shape`. JAX: jax.random.randint.
 */
export function randint(
  key: Tensor,
  shape: ShapeArg,
  minval: TensorLike,
  maxval: TensorLike,
  opts: RandintOptions = {},
): Tensor {
  const k = checkKey('randint', key);
  const s = checkShape('randint', shape);
  const dtype = opts.dtype === undefined ? 'int32' : toDType(opts.dtype, 'random.randint');
  if (dtype !== 'int32') {
    throw new DTypeError(
      `random.randint: unsupported dtype; expected int32, got ${dtype}. jaxts samples int32 ` +
        '(JAX without x64); convert the result if you need another dtype.',
    );
  }
  return composite(() => {
    const lo = bound('minval', minval);
    const hi = bound('maxval', maxval);
    checkParamShapes('randint', s, lo.shape, hi.shape);
    const [k1, k2] = splitPair(k);
    return randomTransform('randint', [randomBits(k1, s), randomBits(k2, s), lo, hi]);
  });
}
