/**
 * JVP rules of the PRNG primitives. Keys and random bits are integers and carry no tangent. A
 * tangent on a float parameter of a sampler (e.g. uniform's minval) is not supported: it raises
 * instead of silently dropping the derivative.
 */
import { bind, type Primitive, type RandomPrimitive } from '@jaxts/tensor/core';
import { GradTypeError } from '../../errors.ts';
import type { JvpFamily, JvpRule } from '../types.ts';

function noTangent<P extends RandomPrimitive & Primitive>(prim: P): JvpRule<P> {
  return (primals, tangents, params) => {
    if (tangents.some((t) => t !== null)) {
      throw new GradTypeError(
        `${prim}: differentiating a random sampler with respect to its float parameters (minval, maxval, lower, upper) is not supported; ` +
          'apply the parameters outside the sampler instead (e.g. minval + (maxval - minval) * random.uniform(key, shape)).',
      );
    }
    const outs = bind(prim, primals, params);
    return [outs, outs.map(() => null)];
  };
}

export const randomJvp = {
  threefry2x32: noTangent('threefry2x32'),
  random_bits: noTangent('random_bits'),
  random_split: noTangent('random_split'),
  random_fold_in: noTangent('random_fold_in'),
  random_transform: noTangent('random_transform'),
} satisfies JvpFamily<RandomPrimitive>;
