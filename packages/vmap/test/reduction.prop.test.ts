/**
 * vmap equals a loop for every reduction primitive (reduce_*, argmax/argmin, cumulative ops):
 * the reduced axes shift past the batch dimension wherever it is.
 */
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { bind1 } from '@jaxts/tensor/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertVmapLaw, type OpCase } from './law.ts';

const shapeArb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 });

const REDUCE = [
  'reduce_sum',
  'reduce_max',
  'reduce_min',
  'reduce_prod',
  'reduce_and',
  'reduce_or',
] as const;
const ARG = ['argmax', 'argmin'] as const;
const CUM = ['cumsum', 'cumprod', 'cummax', 'cummin'] as const;

const reduceCase: fc.Arbitrary<OpCase> = fc
  .tuple(
    fc.constantFrom(...REDUCE),
    shapeArb,
    fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  )
  .map(([prim, shape, pick]) => {
    const axes = shape.map((_, i) => i).filter((i) => pick[i]);
    const logical = prim === 'reduce_and' || prim === 'reduce_or';
    return {
      label: `${prim} axes=${JSON.stringify(axes)}`,
      specs: [{ shape }],
      f: (x: Tensor) => bind1(prim, [logical ? jnp.greater(x, 0) : x], { axes }),
    };
  });

const argCase: fc.Arbitrary<OpCase> = fc
  .tuple(fc.constantFrom(...ARG), shapeArb, fc.nat())
  .map(([prim, shape, a]) => {
    const axis = a % shape.length;
    return {
      label: `${prim} axis=${axis}`,
      specs: [{ shape }],
      f: (x: Tensor) => bind1(prim, [x], { axes: [axis], index_dtype: 'int32' }),
    };
  });

const cumCase: fc.Arbitrary<OpCase> = fc
  .tuple(fc.constantFrom(...CUM), shapeArb, fc.nat(), fc.boolean())
  .map(([prim, shape, a, reverse]) => {
    const axis = a % shape.length;
    return {
      label: `${prim} axis=${axis} reverse=${reverse}`,
      specs: [{ shape }],
      f: (x: Tensor) => bind1(prim, [x], { axis, reverse }),
    };
  });

describe('reductions under vmap equal a loop', () => {
  it('reduce_* over random axes', () => assertVmapLaw(reduceCase, 50));
  it('argmax / argmin', () => assertVmapLaw(argCase));
  it('cumulative ops', () => assertVmapLaw(cumCase, 40));
});
