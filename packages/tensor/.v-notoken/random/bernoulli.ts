/**
 * Bernoulli booleans: `uniform(key, shape) < p`. JAX: jax.random.bernoulli (mode 'low').
 */
import { DTypeError } from '../errors.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, type TensorLike } from '../numpy/convert.ts';
import { less } from '../numpy/elementwise.ts';
import { Tensor } from '../tensor.ts';
import { checkKey, checkParamShapes, checkShape, floatParam, type ShapeArg } from './common.ts';
import { uniform } from './uniform.ts';

/**
 * bool samples that are true with probability p. The shape defaults to p's shape. JavaScript
 * numbers are probabilities (JAX rejects a Python int p; JavaScript cannot tell 1 from 1.0).
 */
export function bernoulli(key: Tensor, p: TensorLike = 0.5, shape: ShapeArg | null = null): Tensor {
  const k = checkKey('bernoulli', key);
  const given = shape === null ? null : checkShape('bernoulli', shape);
  if (typeof p !== 'number') {
    // Plain (nested) arrays of JavaScript numbers are probabilities, read as float32.
    const t = p instanceof Tensor ? p : asTensor(p, 'random.bernoulli', 'float32');
    if (t.dtype !== 'float32') {
      throw new DTypeError(
        `random.bernoulli: bernoulli probability \`p\` must have a floating dtype; expected ` +
          `float32, got ${t.aval.strShort()}. Convert it with jnp.astype(p, 'float32').`,
      );
    }
    p = t;
  }
  const probability = p;
  return composite(() => {
    const pf = floatParam('bernoulli', probability);
    const s = given ?? [...pf.shape];
    checkParamShapes('bernoulli', s, pf.shape);
    return less(uniform(k, s), pf);
  });
}
