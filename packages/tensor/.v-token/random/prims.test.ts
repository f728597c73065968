// White-box tests of the PRNG primitives: abstract-eval errors (raised before any kernel runs),
// result avals, and random_transform's binary-op-style broadcasting.
import { describe, expect, it } from 'vitest';
import { ShapedArray } from '../core/aval.ts';
import { abstractEval } from '../core/eval.ts';
import { DTypeError, InvalidArgumentError, ShapeError } from '../errors.ts';
import { fromValues } from '../numpy/convert.ts';
import type { Tensor } from '../tensor.ts';
import { randomBits, randomFoldIn, randomSplit, randomTransform } from './prims.ts';

const key = (): Tensor => fromValues([0, 42], [2], 'uint32');
const f32 = (values: number[], shape = [values.length]): Tensor =>
  fromValues(values, shape, 'float32');

describe('abstract eval of the PRNG primitives', () => {
  it('gives the result avals', () => {
    const k = new ShapedArray([2], 'uint32');
    expect(abstractEval('random_bits', [k], { bit_width: 8, shape: [3, 4] })[0]?.strShort()).toBe(
      'u32[3,4]',
    );
    expect(abstractEval('random_split', [k], { shape: [5] })[0]?.strShort()).toBe('u32[5,2]');
    expect(
      abstractEval('random_fold_in', [k, new ShapedArray([], 'uint32')], {})[0]?.strShort(),
    ).toBe('u32[2]');
    const bits = new ShapedArray([2, 3], 'uint32');
    const lo = new ShapedArray([2, 1], 'float32', true);
    const hi = new ShapedArray([3], 'float32');
    const [u] = abstractEval('random_transform', [bits, lo, hi], { distribution: 'uniform' });
    expect(u?.strShort()).toBe('f32[2,3]');
    expect(u?.weakType).toBe(false);
    const [r] = abstractEval(
      'random_transform',
      [bits, bits, new ShapedArray([], 'int32'), new ShapedArray([], 'uint32')],
      { distribution: 'randint' },
    );
    expect(r?.strShort()).toBe('i32[2,3]');
  });

  it('rejects keys that are not u32[2], naming the primitive', () => {
    expect(() => randomBits(f32([0, 0]), [3])).toThrow(
      'random_bits: expected a key of shape [2] and dtype uint32; got f32[2]',
    );
    expect(() => randomSplit(fromValues([0, 0, 0, 0], [2, 2], 'uint32'), [2])).toThrow(ShapeError);
    expect(() => randomFoldIn(key(), fromValues([1, 2], [2], 'uint32'))).toThrow(DTypeError);
    expect(() => randomFoldIn(key(), fromValues([1], [], 'int32'))).toThrow(
      'random_fold_in: bad data; expected a uint32 scalar (u32[]), got i32[]',
    );
  });

  it('rejects bad params and operands', () => {
    expect(() => randomBits(key(), [-1])).toThrow(ShapeError);
    expect(() => randomBits(key(), [2], 12 as 8)).toThrow(InvalidArgumentError);
    const bits = randomBits(key(), [3]);
    expect(() => randomTransform('normal', [bits, f32([1])])).toThrow(
      'random_transform[normal]: wrong number of operands; expected 1 (bits), got 2.',
    );
    expect(() =>
      randomTransform('uniform', [bits, f32([0]), fromValues([1], [1], 'int32')]),
    ).toThrow(
      'random_transform[uniform]: operand maxval has the wrong dtype; expected float32, got i32[1]',
    );
    expect(() => randomTransform('uniform', [bits, f32([0, 1]), f32([1])])).toThrow(ShapeError);
    expect(() => randomTransform('gumbel', [f32([1, 2, 3])])).toThrow(DTypeError);
  });
});

describe('random_transform broadcasts like a binary op', () => {
  it('per-element bounds equal scalar bounds element by element', () => {
    const bits = randomBits(key(), [2, 3]);
    const lo = f32([-1, 0.5], [2, 1]);
    const hi = f32([1, 2.5, 0.75]);
    const u = randomTransform('uniform', [bits, lo, hi]).dataSync();
    const lows = [-1, 0.5];
    const highs = [1, 2.5, 0.75];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const one = randomTransform('uniform', [
          randomBits(key(), [2, 3]),
          f32([lows[i] as number], []),
          f32([highs[j] as number], []),
        ]).dataSync();
        expect(u[3 * i + j]).toBe(one[3 * i + j]);
      }
    }
  });

  it('broadcasts the bits operand too', () => {
    const bits = randomBits(key(), [3]);
    const out = randomTransform('uniform', [bits, f32([0, 10], [2, 1]), f32([1], [])]);
    expect(out.shape).toEqual([2, 3]);
    const v = out.dataSync();
    for (let j = 0; j < 3; j++) expect(v[3 + j]).toBeGreaterThanOrEqual(10);
  });
});
