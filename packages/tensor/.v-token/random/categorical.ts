/**
 * Samples from categorical distributions given logits: the Gumbel-max trick (with replacement)
 * or the Gumbel top-k trick (without). JAX: jax.random.categorical.
 */
import { DTypeError, InvalidArgumentError } from '../errors.ts';
import { transpose } from '../lax/structure.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, type TensorLike } from '../numpy/convert.ts';
import { add } from '../numpy/elementwise.ts';
import { getItem, slice } from '../numpy/indexing.ts';
import { argmax } from '../numpy/reduction.ts';
import { argsort, moveaxis, reshape } from '../numpy/shape.ts';
import { normalizeAxis, sizeOf } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { checkKey, checkParamShapes, checkShape, type ShapeArg } from './common.ts';
import { gumbel } from './distributions.ts';

export interface CategoricalOptions {
  /** The axis of `logits` holding one distribution's categories (default -1). */
  readonly axis?: number;
  /**
   * The result shape (default: logits.shape without `axis`); it must end with a shape that
   * the batch shape broadcasts to. Leading dimensions draw independent samples.
   */
  readonly shape?: ShapeArg | null;
  /** Sample with replacement (default true); false draws distinct categories. */
  readonly replace?: boolean;
}

/**
 * int32 category indices drawn with probabilities softmax(logits, axis).
 * JAX: jax.random.categorical.
 */
export function categorical(
  key: Tensor,
  logits: TensorLike,
  opts: CategoricalOptions = {},
): Tensor {
  const k = checkKey('categorical', key);
  // JavaScript numbers cannot tell 1 from 1.0: plain (nested) arrays are read as float32.
  const l = logits instanceof Tensor ? logits : asTensor(logits, 'random.categorical', 'float32');
  if (l.dtype !== 'float32') {
    throw new DTypeError(
      `random.categorical: logits must be floats (the Gumbel noise has their dtype); expected ` +
        `float32, got ${l.aval.strShort()}. Convert them with jnp.astype(logits, 'float32').`,
    );
  }
  const axis = normalizeAxis('random.categorical', opts.axis ?? -1, l.ndim);
  const batchShape = l.shape.filter((_, i) => i !== axis);
  let shape: number[];
  if (opts.shape === undefined || opts.shape === null) shape = [...batchShape];
  else {
    shape = checkShape('categorical', opts.shape);
    checkParamShapes('categorical', shape, batchShape);
  }
  const prefix = shape.slice(0, shape.length - batchShape.length);
  const n = l.shape[axis] as number;
  return composite(() => {
    if (opts.replace ?? true) {
      // Noise of shape prefix + (the batch part of shape, with the category axis in place).
      const noiseShape = [...shape.slice(prefix.length)];
      noiseShape.splice(axis, 0, n);
      const g = gumbel(k, [...prefix, ...noiseShape]);
      const lb = reshape(l, [...prefix.map(() => 1), ...l.shape]);
      return argmax(add(g, lb), { axis: axis - l.ndim });
    }
    const draws = sizeOf(prefix);
    if (draws > n) {
      throw new InvalidArgumentError(
        `random.categorical: number of samples without replacement (${draws}) cannot exceed ` +
          `number of categories (${n}); expected at most ${n}. Sample with replacement instead.`,
      );
    }
    const scores = moveaxis(add(l, gumbel(k, l.shape)), axis, -1);
    const order = argsort(scores, { axis: -1, descending: true, stable: true });
    const top = getItem(order, ['...', slice(0, draws)]);
    // indices: batch + (k,) → (k,) + batch → shape (prefix + batch), as JAX's lax.reshape
    // with dimensions (ndim - 1, 0, ..., ndim - 2).
    const perm = [top.ndim - 1, ...Array.from({ length: top.ndim - 1 }, (_, i) => i)];
    return reshape(transpose(top, perm), shape);
  });
}
