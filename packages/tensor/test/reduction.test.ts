/**
 * Reductions (jnp.sum ... cumprod, logsumexp, lax reductions) against real JAX
 * (golden/ops-reduction.json and the lax.cumsum cases of ops-lax.json) on cpu and wasm, plus lax
 * reductions the golden data does not cover and the axis / empty-input errors.
 */
import {
  AxisError,
  DTypeError,
  getBackend,
  numpy as jnp,
  lax,
  memoryStats,
  ShapeError,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNumber, type GoldenCase, loadGolden } from './golden.ts';
import { type ErrorSpec, expectError, expectGolden, type Golden } from './structure-golden.ts';

type T = Tensor;
type Fn = (x: unknown, options?: Record<string, unknown>) => T;

function arg(a: unknown): unknown {
  const o = a as Record<string, unknown>;
  if ('tensor' in o) {
    const t = o.tensor as Golden;
    return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype, t.weakType === true);
  }
  return o.value;
}

function run(c: GoldenCase): T {
  const [ns, name] = c.fn.split('.') as [string, string];
  const f = (ns === 'lax' ? lax : jnp) as unknown as Record<string, Fn>;
  const fn = f[name];
  if (typeof fn !== 'function') throw new Error(`no function ${c.fn}`);
  return fn(arg(c.args[0]), c.options as Record<string, unknown> | undefined);
}

/** Expected errors (JAX's ValueError/IndexError become jaxts's AxisError/ShapeError). */
function errorSpec(id: string): ErrorSpec | undefined {
  const name = id.split('/')[0] as string;
  if (id.endsWith('/bad_axis_error')) {
    return id.startsWith('lax.')
      ? [AxisError, /cumsum: axis 2 is out of bounds for f32\[3,4\]/]
      : [AxisError, new RegExp(`^${name}: axis 2 is out of bounds for array of dimension 2`)];
  }
  if (id.endsWith('/bad_axis_neg_error'))
    return [AxisError, /axis -3 is out of bounds for array of dimension 2/];
  if (id.endsWith('/duplicate_axis_error')) return [AxisError, /repeated axis 0/];
  if (id.endsWith('/empty_error'))
    return [ShapeError, new RegExp(`${name}: attempt to get ${name} of an empty sequence`)];
  if (id === 'max/empty_axis_none' || id === 'max/empty_axis_0')
    return [ShapeError, /zero-size array to reduction operation max which has no identity/];
  if (id === 'min/empty_axis_none' || id === 'min/empty_axis_0')
    return [ShapeError, /zero-size array to reduction operation min/];
  if (id.startsWith('lax.cumsum/axis_neg1'))
    return [AxisError, /cumsum: axis -1 is out of bounds.*negative axes/];
  return undefined;
}

const cases = [
  ...loadGolden('ops-reduction.json').cases,
  ...loadGolden('ops-lax.json').cases.filter((c) => c.fn === 'lax.cumsum'),
];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`reduction golden (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });

    it('runs on the requested backend and covers the golden files', () => {
      expect(getBackend()).toBe(backend);
      expect(cases.length).toBeGreaterThan(300);
    });

    for (const c of cases) {
      it(c.id, () => {
        if (c.error !== undefined) {
          const spec = errorSpec(c.id);
          expect(spec, `no expected error for ${c.id}: ${c.error}`).toBeDefined();
          expectError(() => run(c), spec as ErrorSpec);
          return;
        }
        expectGolden(run(c), c.out as Golden);
      });
    }
  });

  describe(`reductions beyond the golden data (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    const f32 = (xs: number[], shape?: number[]): T =>
      jnp.fromValues(xs, shape ?? [xs.length], 'float32');
    const i32 = (xs: number[]): T => jnp.asarray(xs, 'int32');
    const u32 = (xs: number[]): T => jnp.asarray(xs, 'uint32');
    const values = (t: T): number[] => Array.from(t.dataSync(), Number);

    it('lax reductions over explicit axes; no axes is the identity', () => {
      const x = f32([1, 2, 3, 4, 5, 6], [2, 3]);
      expect(values(lax.reduceSum(x, [1]))).toEqual([6, 15]);
      expect(values(lax.reduceMax(x, 0))).toEqual([4, 5, 6]);
      expect(values(lax.reduceMin(x, [0, 1]))).toEqual([1]);
      expect(values(lax.reduceProd(x, [1]))).toEqual([6, 120]);
      expect(lax.reduceSum(x, []).shape).toEqual([2, 3]);
      expect(values(lax.reduceSum(x, []))).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('reduce_and / reduce_or: logical on bools, bitwise on integers', () => {
      expect(values(lax.reduceAnd(i32([6, 3, 7]), [0]))).toEqual([2]);
      expect(values(lax.reduceOr(i32([4, 1, 8]), [0]))).toEqual([13]);
      expect(values(lax.reduceAnd(jnp.asarray([true, false]), [0]))).toEqual([0]);
      expect(values(lax.reduceOr(jnp.asarray([false, true]), [0]))).toEqual([1]);
    });

    it('empty reductions give the identity (max: -inf / INT_MIN / 0, min: +inf / INT_MAX / UINT_MAX)', () => {
      const e = jnp.fromValues([], [0, 2], 'float32');
      expect(values(lax.reduceMax(e, [0]))).toEqual([
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
      expect(values(lax.reduceMin(jnp.fromValues([], [0], 'int32'), [0]))).toEqual([2147483647]);
      expect(values(lax.reduceMax(jnp.fromValues([], [0], 'int32'), [0]))).toEqual([-2147483648]);
      expect(values(lax.reduceMin(jnp.fromValues([], [0], 'uint32'), [0]))).toEqual([4294967295]);
      expect(values(lax.reduceProd(e, [0]))).toEqual([1, 1]);
    });

    it('uint32 max/min/prod and int32 prod wrap like XLA', () => {
      expect(values(lax.reduceMax(u32([1, 4000000000, 3]), [0]))).toEqual([4000000000]);
      expect(values(lax.reduceMin(u32([4000000000, 3]), [0]))).toEqual([3]);
      expect(values(lax.reduceProd(i32([65537, 65537, 3]), [0]))).toEqual([
        Math.imul(Math.imul(65537, 65537), 3),
      ]);
    });

    it('lax.argmax / argmin: index dtype, NaN first, ties first, along any axis', () => {
      const x = f32([3, 1, 3, Number.NaN, 2, 2], [2, 3]);
      expect(values(lax.argmax(x, 1, 'int32'))).toEqual([0, 0]);
      expect(values(lax.argmin(x, 1))).toEqual([1, 0]);
      expect(values(lax.argmax(x, 0))).toEqual([1, 1, 0]);
      expect(lax.argmax(x, 0, 'uint32').dtype).toBe('uint32');
      expectError(
        () => lax.argmax(x, 0, 'float32'),
        [DTypeError, /index_dtype must be an integer type/],
      );
      expectError(
        () => lax.argmax(x, 2),
        [AxisError, /argmax: reduction axes \[2\] out of bounds for f32\[2,3\]/],
      );
    });

    it('lax.cumsum / cumprod / cummax / cummin with reverse', () => {
      const x = f32([1, 3, 2, Number.NaN, 5], [5]);
      expect(values(lax.cummax(x))).toEqual([1, 3, 3, Number.NaN, Number.NaN]);
      expect(values(lax.cummin(x, { reverse: true }))).toEqual([
        Number.NaN,
        Number.NaN,
        Number.NaN,
        Number.NaN,
        5,
      ]);
      expect(values(lax.cumprod(i32([2, 3, 4]), { reverse: true }))).toEqual([24, 12, 4]);
      expect(values(lax.cumprod(f32([2, 3, 4, 0.5, 1], [5]), { reverse: true }))).toEqual([
        12, 6, 2, 0.5, 1,
      ]);
      expect(values(lax.cumsum(i32([1, 2, 3]), { reverse: true }))).toEqual([6, 5, 3]);
      expect(values(lax.cumsum(f32([1, 2, 3, 4], [2, 2]), { axis: 1, reverse: true }))).toEqual([
        3, 2, 7, 4,
      ]);
      expect(values(lax.cumsum(u32([4000000000, 300000000]), { axis: 0 }))).toEqual([
        4000000000, 5032704,
      ]);
      expect(
        values(
          lax.cummax(
            i32([
              [1, 5],
              [3, 2],
            ] as unknown as number[]),
            { axis: 0 },
          ),
        ),
      ).toEqual([1, 5, 3, 5]);
      expectError(
        () => lax.cumsum(jnp.asarray([true]), {}),
        [DTypeError, /cumsum: does not accept dtype bool/],
      );
    });

    it('reductions reject bad dtypes at bind time', () => {
      expectError(
        () => lax.reduceSum(jnp.asarray([true, false]), [0]),
        [DTypeError, /reduce_sum: does not accept dtype bool/],
      );
      expectError(
        () => lax.reduceAnd(f32([1]), [0]),
        [DTypeError, /reduce_and: does not accept dtype float32/],
      );
      expectError(
        () => lax.reduceSum(f32([1, 2]), [0, 0]),
        [AxisError, /duplicate value in axes \[0,0\]/],
      );
    });

    it('jnp reductions accept axis lists with negative entries and keepdims', () => {
      const x = f32([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
      const s = jnp.sum(x, { axis: [-1, 0], keepdims: true });
      expect(s.shape).toEqual([1, 2, 1]);
      expect(values(s)).toEqual([14, 22]);
      expect(values(jnp.mean(x, { axis: -2 }))).toEqual([2, 3, 6, 7]);
      expect(values(x.argmax({ axis: 1, keepdims: true }))).toEqual([1, 1, 1, 1]);
      expect(x.argmax({ axis: 1, keepdims: true }).shape).toEqual([2, 1, 2]);
      expect(values(jnp.var(x, { ddof: 1 }))).toBeAllclose([6]);
      expect(values(jnp.cumsum(x, { axis: -1 }))).toEqual([1, 3, 3, 7, 5, 11, 7, 15]);
      expect(values(jnp.cumsum(jnp.asarray([1, -1, 2]), { dtype: 'bool' }))).toEqual([1, 1, 1]);
    });

    it('logsumexp is stable for large inputs and keeps -inf rows', () => {
      const x = f32([1000, 1000, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], [2, 2]);
      expect(values(jnp.logsumexp(x, { axis: 1 }))).toBeAllclose([
        1000 + Math.log(2),
        Number.NEGATIVE_INFINITY,
      ]);
    });

    it('composite reductions free their intermediates eagerly', () => {
      const x = f32([1, 2, 3, 4, 5, 6], [2, 3]);
      const ops = (): T[] => [
        jnp.var(x, { axis: 1 }),
        jnp.std(x),
        jnp.logsumexp(x, { axis: 0 }),
        jnp.mean(x, { keepdims: true }),
      ];
      ops();
      const before = memoryStats().liveArrays;
      const r = ops();
      expect(memoryStats().liveArrays).toBe(before + r.length);
    });
  });
}
