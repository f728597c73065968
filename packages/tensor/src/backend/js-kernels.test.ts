import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendName,
  disposeInfo,
  readDataSync,
  setBackend,
  type TensorInfo,
  writeData,
} from './engine.ts';
import { type BinaryOp, jsBinary, jsOuter, jsSelect, jsSumLeading } from './js-kernels.ts';

const SPECIAL = [Number.NaN, -0, 0, 1.5, -2, Number.POSITIVE_INFINITY, 1.5, -0];

function f32(shape: number[], values: readonly number[]): TensorInfo {
  return writeData(Float32Array.from(values), shape, 'float32');
}

function read(x: TensorInfo): number[] {
  const v = Array.from(readDataSync(x));
  disposeInfo(x);
  return v;
}

const OPS: Record<BinaryOp, (a: number, b: number) => number> = {
  max: Math.max,
  min: Math.min,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};

describe.each(['cpu', 'wasm'] as BackendName[])('js kernels on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });

  for (const op of Object.keys(OPS) as BinaryOp[]) {
    it(`${op}: NaN, signed zeros, infinities, scalar and row broadcasts`, () => {
      const fn = OPS[op];
      // Every pair of the special values.
      const a = SPECIAL.flatMap((x) => SPECIAL.map(() => x));
      const b = SPECIAL.flatMap(() => SPECIAL);
      const out = read(jsBinary(op, f32([8, 8], a), f32([8, 8], b), [8, 8]));
      const want = a.map((x, i) => fn(x, b[i] as number));
      expect(out.map((v) => (Object.is(v, -0) ? 'neg0' : v))).toEqual(
        want.map((v) => (Object.is(v, -0) ? 'neg0' : Math.fround(v))),
      );
      // Scalar second operand, and a [1,8] row broadcast over [3,8].
      const s = read(jsBinary(op, f32([8], SPECIAL), f32([], [1.5]), [8]));
      expect(s).toEqual(SPECIAL.map((x) => Math.fround(fn(x, 1.5))));
      const rowA = [...SPECIAL, ...SPECIAL.map((x) => -x), ...SPECIAL.map((x) => x * 2)];
      const r = read(jsBinary(op, f32([3, 8], rowA), f32([1, 8], SPECIAL), [3, 8]));
      expect(r).toEqual(rowA.map((x, i) => Math.fround(fn(x, SPECIAL[i % 8] as number))));
    });
  }

  it('comparisons give bool, max/min keep the dtype', () => {
    const lt = jsBinary('lt', f32([2], [1, 2]), f32([], [1.5]), [2]);
    expect(lt.dtype).toBe('bool');
    disposeInfo(lt);
    const m = jsBinary(
      'max',
      writeData(Int32Array.from([-3, 7]), [2], 'int32'),
      writeData(Int32Array.from([0]), [1], 'int32'),
      [2],
    );
    expect(m.dtype).toBe('int32');
    expect(read(m)).toEqual([0, 7]);
  });

  it('select picks t where cond, with broadcast cond and scalar branches', () => {
    const cond = writeData(Uint8Array.from([1, 0, 0, 1]), [2, 2], 'bool');
    const t = f32([2, 2], [1, 2, 3, 4]);
    const e = f32([], [-1]);
    expect(read(jsSelect(cond, t, e, [2, 2]))).toEqual([1, -1, -1, 4]);
    const rowCond = writeData(Uint8Array.from([0, 1]), [1, 2], 'bool');
    expect(read(jsSelect(rowCond, t, f32([2, 2], [5, 6, 7, 8]), [2, 2]))).toEqual([5, 2, 7, 4]);
    const bools = jsSelect(
      cond,
      writeData(Uint8Array.from([1, 1, 1, 1]), [2, 2], 'bool'),
      writeData(Uint8Array.from([0]), [], 'bool'),
      [2, 2],
    );
    expect(bools.dtype).toBe('bool');
    expect(read(bools)).toEqual([1, 0, 0, 1]);
  });

  it('sums over leading axes', () => {
    const vals = Array.from({ length: 24 }, (_, i) => i * 0.5 - 3);
    const x = f32([2, 3, 4], vals);
    const over01 = read(jsSumLeading(x, 2));
    expect(over01).toEqual(
      [0, 1, 2, 3].map((c) => vals.filter((_, i) => i % 4 === c).reduce((a, b) => a + b, 0)),
    );
    const over0 = read(jsSumLeading(x, 1));
    expect(over0).toEqual(
      Array.from({ length: 12 }, (_, j) => (vals[j] as number) + (vals[12 + j] as number)),
    );
    expect(read(jsSumLeading(f32([2, 2], [1, Number.NaN, 2, 3]), 1))).toEqual([3, Number.NaN]);
    disposeInfo(x);
  });
});

describe.each(['cpu', 'wasm'] as BackendName[])('jsOuter on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });
  it('computes batched outer products', () => {
    const a = f32([2, 3], [1, 2, 3, -1, -0, Number.NaN]);
    const b = f32([2, 2], [10, -1, 0.5, 2]);
    const o = jsOuter(a, b, 2, 3, 2);
    expect(o.shape).toEqual([2, 3, 2]);
    expect(read(o)).toEqual([10, -1, 20, -2, 30, -3, -0.5, -2, -0, -0, Number.NaN, Number.NaN]);
  });
});
