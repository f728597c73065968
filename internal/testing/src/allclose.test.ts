import { describe, expect, test } from 'vitest';
import { allclose, isClose, toNumeric, unravelIndex } from './allclose.ts';

// A stand-in for a jaxts Tensor: toArray() returns nested arrays, shape is authoritative.
class FakeTensor {
  readonly shape: number[];
  readonly data: number[];
  constructor(shape: number[], data: number[]) {
    this.shape = shape;
    this.data = data;
  }
  toArray(): unknown {
    if (this.shape.length === 0) return this.data[0];
    const [rows = 0, cols = 0] = this.shape;
    if (this.shape.length === 1) return this.data.slice();
    return Array.from({ length: rows }, (_, r) => this.data.slice(r * cols, (r + 1) * cols));
  }
}

// A stand-in for a tfjs tensor: shape + dataSync().
const tfjsLike = (shape: number[], data: number[]) => ({
  shape,
  dataSync: () => Float32Array.from(data),
});

describe('toNumeric', () => {
  test('scalars, booleans and bigints', () => {
    expect(toNumeric(3)).toEqual({ shape: [], values: [3] });
    expect(toNumeric(true)).toEqual({ shape: [], values: [1] });
    expect(toNumeric(2n)).toEqual({ shape: [], values: [2] });
  });

  test('nested and typed arrays', () => {
    expect(
      toNumeric([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual({ shape: [2, 3], values: [1, 2, 3, 4, 5, 6] });
    expect(toNumeric(Float32Array.of(1, 2))).toEqual({ shape: [2], values: [1, 2] });
    expect(toNumeric([Int32Array.of(1), Int32Array.of(2)])).toEqual({
      shape: [2, 1],
      values: [1, 2],
    });
    expect(toNumeric([])).toEqual({ shape: [0], values: [] });
  });

  test('tensor-likes: toArray() and shape + dataSync()', () => {
    expect(toNumeric(new FakeTensor([2, 2], [1, 2, 3, 4]))).toEqual({
      shape: [2, 2],
      values: [1, 2, 3, 4],
    });
    expect(toNumeric(new FakeTensor([], [7]))).toEqual({ shape: [], values: [7] });
    expect(toNumeric(tfjsLike([3], [1, 2, 3]))).toEqual({ shape: [3], values: [1, 2, 3] });
    // A zero-size tensor keeps its declared shape even though toArray() loses it.
    expect(toNumeric(new FakeTensor([0, 3], [])).shape).toEqual([0, 3]);
  });

  test('rejects ragged arrays and unknown objects', () => {
    expect(() => toNumeric([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => toNumeric([1, [2]])).toThrow(/ragged/);
    expect(() => toNumeric({ a: 1 })).toThrow(/cannot read numbers/);
    expect(() => toNumeric(['x'])).toThrow(/unsupported element/);
  });
});

describe('isClose', () => {
  test('NumPy rule |a - e| <= atol + rtol * |e|', () => {
    expect(isClose(1.000009, 1, 1e-5, 0)).toBe(true);
    expect(isClose(1.0001, 1, 1e-5, 0)).toBe(false);
    expect(isClose(0, 1e-7, 0, 1e-6)).toBe(true);
  });

  test('NaN equals only NaN; infinities must match', () => {
    expect(isClose(Number.NaN, Number.NaN, 0, 0)).toBe(true);
    expect(isClose(Number.NaN, 1, 1, 1)).toBe(false);
    expect(isClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0, 0)).toBe(true);
    expect(isClose(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, 1)).toBe(false);
    expect(isClose(1e308, Number.POSITIVE_INFINITY, 1, 1)).toBe(false);
  });
});

test('unravelIndex is row-major', () => {
  expect(unravelIndex(5, [2, 3])).toEqual([1, 2]);
  expect(unravelIndex(0, [])).toEqual([]);
  expect(unravelIndex(7, [2, 2, 2])).toEqual([1, 1, 1]);
});

describe('allclose', () => {
  test('reports shape differences', () => {
    const r = allclose([1, 2], [[1, 2]]);
    expect(r.pass).toBe(false);
    expect(r.message).toMatch(/shapes differ: actual \[2\], expected \[1,2\]/);
  });

  test('reports count, max errors and the first mismatching index', () => {
    const r = allclose(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [1, 2.5],
        [3, 5],
      ],
    );
    expect(r.pass).toBe(false);
    expect(r.message).toContain('mismatched elements: 2 / 4');
    expect(r.message).toContain('max abs error: 1');
    expect(r.message).toContain('max rel error: 0.2');
    expect(r.message).toContain('first mismatch at index [0,1]: actual 2, expected 2.5');
  });

  test('default tolerances are rtol 1e-5, atol 1e-6', () => {
    expect(allclose(1 + 5e-6, 1).pass).toBe(true);
    expect(allclose(1 + 5e-5, 1).pass).toBe(false);
    expect(allclose(5e-7, 0).pass).toBe(true);
    expect(allclose(5e-6, 0).pass).toBe(false);
    expect(allclose(5e-6, 0, { atol: 1e-5 }).pass).toBe(true);
  });
});

describe('toBeAllclose matcher', () => {
  test('passes on close values of every supported kind', () => {
    expect(1.000001).toBeAllclose(1);
    expect([[1, 2]]).toBeAllclose([[1, 2 + 1e-7]]);
    expect(Float32Array.of(0.1, 0.2)).toBeAllclose([0.1, 0.2]);
    expect(new FakeTensor([2], [1, 2])).toBeAllclose([1, 2]);
    expect(tfjsLike([2], [1, 2])).toBeAllclose(new FakeTensor([2], [1, 2]));
    expect([Number.NaN, Number.POSITIVE_INFINITY]).toBeAllclose([
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]);
    expect(true).toBeAllclose(1);
  });

  test('fails on mismatches with a clear message', () => {
    expect(() => expect([1, 2]).toBeAllclose([1, 3])).toThrow(/first mismatch at index \[1\]/);
    expect(() => expect([1, 2]).toBeAllclose([1, 2, 3])).toThrow(/shapes differ/);
    expect(() => expect(Number.NaN).toBeAllclose(0)).toThrow(/not close/);
    expect(() => expect(Number.POSITIVE_INFINITY).toBeAllclose(Number.NEGATIVE_INFINITY)).toThrow();
    expect(() => expect(1.1).toBeAllclose(1, { rtol: 0.01 })).toThrow(/rtol=0.01/);
  });

  test('custom tolerances and .not', () => {
    expect(1.1).toBeAllclose(1, { rtol: 0.2 });
    expect(1.1).toBeAllclose(1, { atol: 0.2, rtol: 0 });
    expect([1, 2]).not.toBeAllclose([1, 3]);
    expect(() => expect([1, 2]).not.toBeAllclose([1, 2])).toThrow(/not to be allclose/);
  });

  test('works as an asymmetric matcher', () => {
    expect({ loss: 0.1000001, step: 3 }).toEqual({ loss: expect.toBeAllclose(0.1), step: 3 });
    expect(() => expect({ loss: 0.2 }).toEqual({ loss: expect.toBeAllclose(0.1) })).toThrow();
  });
});
