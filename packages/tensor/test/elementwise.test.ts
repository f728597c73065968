/**
 * Elementwise ops (jnp ufuncs and lax elementwise functions) against real JAX
 * (golden/ops-elementwise.json and the lax.select / convert_element_type / stop_gradient cases of
 * ops-lax.json) on cpu and wasm, plus XLA semantics the golden data does not cover (integer
 * division by zero, uint32, bit operations) and the errors.
 */
import {
  DTypeError,
  getBackend,
  InvalidArgumentError,
  numpy as jnp,
  lax,
  makeJaxpr,
  memoryStats,
  ShapeError,
  setBackend,
  type Tensor,
  UnsupportedDTypeError,
} from '@jaxts/tensor';
import { evalJaxpr } from '@jaxts/tensor/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNumber, type GoldenCase, loadGolden } from './golden.ts';
import { type ErrorSpec, expectError, expectGolden, type Golden } from './structure-golden.ts';

type T = Tensor;
type Fn = (...args: unknown[]) => T;

/**
 * A decoded golden argument. A Python float with an integral value (2.0) has no JavaScript
 * spelling apart from the int 2, so it becomes a weakly typed float32 scalar array, which is
 * what JAX makes of it.
 */
export function arg(a: unknown): unknown {
  const o = a as Record<string, unknown>;
  if ('tensor' in o) {
    const t = o.tensor as Golden;
    return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype, t.weakType === true);
  }
  if ('scalar' in o) {
    const v = decodeNumber(o.scalar as number | boolean | string);
    if (o.pytype === 'float' && typeof v === 'number' && Number.isInteger(v)) {
      return jnp.fromValues([v], [], 'float32', true);
    }
    return v;
  }
  return o.value;
}

function options(c: GoldenCase): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options ?? {})) {
    out[k] = v !== null && typeof v === 'object' && 'tensor' in v ? arg(v) : v;
  }
  return out;
}

function resolve(name: string): Fn {
  const [ns, fn] = name.split('.') as [string, string];
  const table = (ns === 'lax' ? lax : jnp) as unknown as Record<string, Fn>;
  const f = table[fn];
  if (typeof f !== 'function') throw new Error(`no function ${name}`);
  return f;
}

/** Calls a golden case's function with jaxts's calling convention. */
function run(c: GoldenCase): T {
  const args = c.args.map(arg);
  const o = options(c);
  const f = resolve(c.fn);
  switch (c.fn) {
    case 'numpy.round':
      return f(args[0], o.decimals ?? 0);
    case 'numpy.clip':
      return f(args[0], o.min ?? null, o.max ?? null);
    case 'numpy.nanToNum':
      return f(args[0], o);
    default:
      return c.options === undefined ? f(...args) : f(...args, o);
  }
}

const TYPE_ERRORS: ErrorSpec = [DTypeError, /does not accept dtype/];

/** Expected errors: JAX's TypeError/ValueError become jaxts's classes with jaxts's messages. */
function errorSpec(id: string): ErrorSpec | undefined {
  if (id.endsWith('/shape_mismatch_error'))
    return [ShapeError, /shapes \[3\], \[4\](, \[\])? do not broadcast/];
  const table: Record<string, ErrorSpec> = {
    'sign/bool': [DTypeError, /sign: does not accept dtype bool/],
    'negative/bool': [DTypeError, /neg: does not accept dtype bool/],
    'subtract/bool_bool': [DTypeError, /sub: does not accept dtype bool at position 0/],
    'lax.erf/int32_error': [DTypeError, /erf: does not accept dtype int32; expected floating/],
    'lax.erfInv/int32_error': [DTypeError, /erf_inv: does not accept dtype int32/],
    'lax.rsqrt/int32_error': TYPE_ERRORS,
    'lax.logistic/int32_error': TYPE_ERRORS,
    'lax.integerPow/int32_neg_exponent': [
      DTypeError,
      /integers cannot be raised to negative powers; got integer_pow\(i32\[2\], -1\)/,
    ],
    'round/int32_decimals_neg1': [
      InvalidArgumentError,
      /integer round is not implemented for decimals < 0/,
    ],
    'lax.select/broadcast_error': [
      ShapeError,
      /`which` must be scalar or have the same shape as cases.*got bool\[3\]/,
    ],
    'lax.select/dtype_mismatch_error': [
      DTypeError,
      /select_n: operands must have the same dtype; got f32\[2,3\] and i32\[2,3\]/,
    ],
  };
  return table[id];
}

/**
 * Deliberate differences from JAX. jaxts rejects float64 with a clear error (the rule for
 * unsupported dtypes); JAX without x64 silently canonicalizes float64 to float32.
 */
const DEVIATIONS: Record<string, ErrorSpec> = {
  'lax.convertElementType/float64_unsupported': [
    UnsupportedDTypeError,
    /unsupported dtype "float64"/,
  ],
};

const LAX_FNS = new Set(['lax.select', 'lax.convertElementType', 'lax.stopGradient']);
const cases = [
  ...loadGolden('ops-elementwise.json').cases,
  ...loadGolden('ops-lax.json').cases.filter((c) => LAX_FNS.has(c.fn)),
];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`elementwise golden (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });

    it('runs on the requested backend and covers the golden files', () => {
      expect(getBackend()).toBe(backend);
      expect(cases.length).toBeGreaterThan(800);
    });

    for (const c of cases) {
      it(c.id, () => {
        const deviation = DEVIATIONS[c.id];
        if (deviation !== undefined) {
          expectError(() => run(c), deviation);
          return;
        }
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

  describe(`elementwise semantics beyond the golden data (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    const i32 = (xs: number[]): T => jnp.asarray(xs, 'int32');
    const u32 = (xs: number[]): T => jnp.asarray(xs, 'uint32');
    const f32 = (xs: number[]): T => jnp.asarray(xs, 'float32');
    const values = (t: T): number[] => Array.from(t.dataSync(), Number);

    it('lax.div and lax.rem on integers follow XLA (x / 0 = -1, x % 0 = x, INT_MIN / -1)', () => {
      const a = i32([7, -7, 5, -2147483648, -2147483648, 7]);
      const b = i32([2, 2, 0, -1, -1, -3]);
      expect(values(lax.div(a, b))).toEqual([3, -3, -1, -2147483648, -2147483648, -2]);
      expect(values(lax.rem(a, b))).toEqual([1, -1, 5, 0, 0, 1]);
      expect(values(lax.div(u32([7, 4000000000, 5]), u32([2, 3, 0])))).toEqual([
        3, 1333333333, 4294967295,
      ]);
      expect(values(lax.rem(u32([7, 4000000000, 5]), u32([2, 7, 0])))).toEqual([
        1,
        4000000000 % 7,
        5,
      ]);
    });

    it('lax.rem on floats is C fmod (sign of the dividend)', () => {
      expect(
        values(lax.rem(f32([5.5, -5.5, 5, 5]), f32([2, 2, 0, Number.POSITIVE_INFINITY]))),
      ).toEqual([1.5, -1.5, Number.NaN, 5]);
    });

    it('uint32 arithmetic, comparison, max/min and sign are unsigned', () => {
      const a = u32([4000000000, 1, 0]);
      const b = u32([3, 4000000000, 0]);
      expect(values(lax.mul(a, b))).toEqual([(4000000000 * 3) % 2 ** 32, 4000000000, 0]);
      expect(values(lax.lt(a, b))).toEqual([0, 1, 0]);
      expect(values(lax.ge(a, b))).toEqual([1, 0, 1]);
      expect(values(lax.max(a, b))).toEqual([4000000000, 4000000000, 0]);
      expect(values(lax.min(a, b))).toEqual([3, 1, 0]);
      expect(values(lax.sign(a))).toEqual([1, 1, 0]);
      expect(values(jnp.sum(a))).toEqual([4000000001]);
    });

    it('int32 multiplication wraps modulo 2^32 exactly', () => {
      expect(values(lax.mul(i32([2147483647, 123456789]), i32([2147483647, 987654321])))).toEqual([
        1,
        Math.imul(123456789, 987654321),
      ]);
    });

    it('bitwise ops and shifts (out-of-range shift amounts give 0, as XLA)', () => {
      const a = i32([12, -1, 5]);
      const b = i32([10, 3, -6]);
      expect(values(lax.bitwiseAnd(a, b))).toEqual([8, 3, 0]);
      expect(values(lax.bitwiseOr(a, b))).toEqual([14, -1, -1]);
      expect(values(lax.bitwiseXor(a, b))).toEqual([6, -4, -1]);
      expect(values(lax.bitwiseNot(a))).toEqual([-13, 0, -6]);
      expect(values(lax.shiftLeft(i32([1, 1, 1, 3]), i32([3, 31, 32, -1])))).toEqual([
        8, -2147483648, 0, 0,
      ]);
      expect(values(lax.shiftRightLogical(i32([-1, -1, 16]), i32([28, 40, 2])))).toEqual([
        15, 0, 4,
      ]);
      expect(values(lax.shiftRightLogical(u32([4294967295]), u32([31])))).toEqual([1]);
      expect(values(lax.bitwiseXor(jnp.asarray([true, false]), jnp.asarray([true, true])))).toEqual(
        [0, 1],
      );
    });

    it('lax.round: AWAY_FROM_ZERO by default, TO_NEAREST_EVEN on request', () => {
      const x = f32([0.5, 1.5, 2.5, -0.5, -2.5, 0.49999997, 8388609]);
      expect(values(lax.round(x))).toEqual([1, 2, 3, -1, -3, 0, 8388609]);
      // (JAX gives -0 for -0.5; tfjs's Round kernel gives +0. Equal under allclose.)
      expect(values(lax.round(x, 'TO_NEAREST_EVEN'))).toBeAllclose([0, 2, 2, -0, -2, 0, 8388609]);
    });

    it('lax.max / lax.min propagate NaN from either side', () => {
      const a = f32([Number.NaN, 1, 2, Number.POSITIVE_INFINITY]);
      const b = f32([1, Number.NaN, 3, Number.NaN]);
      expect(values(lax.max(a, b))).toEqual([Number.NaN, Number.NaN, 3, Number.NaN]);
      expect(values(lax.min(a, b))).toEqual([Number.NaN, Number.NaN, 2, Number.NaN]);
      expect(values(lax.max(f32([Number.NaN, -1, 4]), 0))).toEqual([Number.NaN, 0, 4]);
      expect(values(lax.max(0, f32([Number.NaN, -1, 4])))).toEqual([Number.NaN, 0, 4]);
    });

    it('lax.clamp(min, x, max): NaN operands and bounds give NaN, as XLA', () => {
      expect(values(lax.clamp(0, f32([-1, 0.5, 2, Number.NaN]), 1))).toEqual([
        0,
        0.5,
        1,
        Number.NaN,
      ]);
      expect(values(lax.clamp(Number.NaN, f32([0.5]), 1))).toEqual([Number.NaN]);
      expect(values(lax.clamp(i32([0, 5]), i32([-3, 9]), i32([1, 6])))).toEqual([0, 6]);
      expectError(
        () => lax.clamp(f32([0, 0]), f32([1, 2, 3]), 1),
        [ShapeError, /clamp: requires min.shape == operand.shape/],
      );
    });

    it('lax.selectN: bool and integer predicates (out-of-range indices clamp, as XLA)', () => {
      const cases3 = [f32([1, 1, 1, 1]), f32([2, 2, 2, 2]), f32([3, 3, 3, 3])];
      expect(values(lax.selectN(i32([0, 1, 2, 7]), ...cases3))).toEqual([1, 2, 3, 3]);
      expect(values(lax.selectN(i32([-4, 1, 0, 2]), ...cases3))).toEqual([1, 2, 1, 3]);
      expect(values(lax.selectN(jnp.asarray([true, false]), f32([1, 2]), f32([3, 4])))).toEqual([
        3, 2,
      ]);
      const b = lax.selectN(
        jnp.asarray([true, false, true]),
        jnp.asarray([true, true, false]),
        jnp.asarray([false, false, false]),
      );
      expect(values(b)).toEqual([0, 1, 0]);
      expectError(
        () => lax.selectN(jnp.asarray([true]), f32([1]), f32([2]), f32([3])),
        [DTypeError, /at most 2 cases/],
      );
    });

    it('lax.convertElementType and lax.bitcastConvertType', () => {
      expect(values(lax.convertElementType(f32([1.7, -1.7, 3e9, Number.NaN]), 'int32'))).toEqual([
        1, -1, 2147483647, 0,
      ]);
      expect(values(lax.convertElementType(i32([16777217]), 'float32'))).toEqual([16777216]);
      expect(values(lax.bitcastConvertType(f32([1, -0]), 'int32'))).toEqual([
        1065353216, -2147483648,
      ]);
      expect(values(lax.bitcastConvertType(i32([1065353216]), 'float32'))).toEqual([1]);
      expect(values(lax.bitcastConvertType(f32([-0]), 'uint32'))).toEqual([2147483648]);
      expectError(
        () => lax.bitcastConvertType(i32([1]), 'bool'),
        [DTypeError, /does not support bool/],
      );
    });

    it('lax.nextafter, lax.erfInv, lax.cbrt and lax.integerPow', () => {
      expect(values(lax.nextafter(f32([0, 1]), f32([1, 0])))).toEqual([2 ** -149, 1 - 2 ** -24]);
      expect(values(lax.erfInv(f32([0, 1, -1, 2])))).toEqual([
        0,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NaN,
      ]);
      expect(values(lax.cbrt(f32([-27, 8])))).toEqual([-3, 2]);
      expect(values(lax.integerPow(i32([3, -2]), 5))).toEqual([243, -32]);
    });

    it('lax functions do not promote: mixed dtypes name both types and the fix', () => {
      expectError(
        () => lax.add(f32([1, 2, 3]), i32([1, 2, 3])),
        [
          DTypeError,
          /^add: operands must have the same dtype; got f32\[3\] and i32\[3\]\. jnp functions promote automatically; with lax, convert first with lax\.convertElementType\.$/,
        ],
      );
      expectError(
        () => lax.exp(i32([1])),
        [
          DTypeError,
          /exp: does not accept dtype int32; expected floating \(float32\), got i32\[1\]/,
        ],
      );
      expectError(
        () => lax.shiftLeft(f32([1]), f32([1])),
        [DTypeError, /shift_left: does not accept dtype float32/],
      );
      expectError(() => lax.abs(u32([1])), [DTypeError, /abs: does not accept dtype uint32/]);
      // A JavaScript number takes the array's dtype when it fits.
      expect(lax.add(f32([1]), 2).dtype).toBe('float32');
      expect(lax.mul(i32([3]), 2).dtype).toBe('int32');
      expectError(
        () => lax.add(i32([1]), 2.5),
        [DTypeError, /add: operands must have the same dtype; got i32\[1\] and f32\[\]/],
      );
    });

    it('jnp errors name the jnp function and the shapes', () => {
      expectError(
        () => jnp.add(f32([1, 2, 3]), f32([1, 2, 3, 4])),
        [ShapeError, /^add: shapes \[3\], \[4\] do not broadcast/],
      );
      expectError(
        () => jnp.subtract(f32([1, 2, 3]), f32([1, 2])),
        [ShapeError, /^subtract: shapes \[3\], \[2\] do not broadcast/],
      );
    });

    it('JavaScript numbers too large for int32 are floats (JAX would raise OverflowError for a Python int)', () => {
      const out = jnp.add(i32([1]), 2 ** 31);
      expect(out.dtype).toBe('float32');
      expect(out.toArray()).toEqual([2147483648]); // 1 + 2**31 rounded to float32
      expect(
        jnp.where(jnp.asarray([true, false]), f32([1, 2]), -3.4028234663852886e38).toArray(),
      ).toEqual([1, -3.4028234663852886e38]);
    });

    it('jnp functions trace: evaluating their jaxpr gives the eager result', () => {
      const x = jnp.asarray([
        [1.5, -2, 3],
        [0.5, 7, -1],
      ]);
      const k = jnp.asarray(
        [
          [7, -7, 3],
          [2, 5, -9],
        ],
        'int32',
      );
      const fns: ((a: T, b: T) => T)[] = [
        (a) => jnp.logaddexp(a, 1),
        (_a, b) => jnp.floorDivide(b, 2),
        (a) => jnp.mod(a, 2),
        (_a, b) => jnp.power(b, jnp.asarray([2, 3, 1], 'int32')),
        (a) => jnp.where(jnp.greater(a, 0), a, 0),
        (a) => jnp.nanToNum(jnp.log(a)),
        (a) => jnp.round(a, 1),
        (a) => jnp.clip(a, 0, 1),
        (a) => jnp.isinf(a),
        (_a, b) => jnp.isnan(b),
        (a, b) => jnp.arctan2(a, b),
      ];
      for (const f of fns) {
        const cj = makeJaxpr(f)(x, k);
        const [got] = evalJaxpr(cj.jaxpr, cj.consts, [x, k]);
        const want = f(x, k);
        expect((got as T).dtype).toBe(want.dtype);
        expect((got as T).toArray()).toEqual(want.toArray());
      }
      expect(makeJaxpr((a: T) => jnp.add(a, 2))(x).toString()).toBe(
        '{ lambda ; a:f32[2,3]. let b:f32[2,3] = add a 2.0:f32[] in (b,) }',
      );
    });

    it('int inputs to float functions become float32, as in JAX jaxprs', () => {
      const j = makeJaxpr((x: T) => jnp.exp(x))(i32([1, 2]));
      expect(j.toString()).toContain('convert_element_type[new_dtype=float32 weak_type=False]');
      expect(j.toString()).toContain('exp');
    });

    it('the eager fast path of jnp.add allocates only its output', () => {
      const x = f32([1, 2, 3, 4, 5]);
      const y = f32([5, 4, 3, 2, 1]);
      const before = memoryStats().liveArrays;
      const z = jnp.add(x, y);
      expect(memoryStats().liveArrays).toBe(before + 1);
      expect(values(z)).toEqual([6, 6, 6, 6, 6]);
    });

    it('composite ops free their intermediates eagerly', () => {
      const x = f32([1.5, -2.5, 7]);
      const e = i32([3, 2]);
      const ops = (): T[] => [
        jnp.logaddexp(x, 1),
        jnp.floorDivide(x, 2),
        jnp.mod(x, 2),
        jnp.power(e, e),
        jnp.round(x, 1),
      ];
      ops(); // creates the cached scalar constants
      const before = memoryStats().liveArrays;
      const r = ops();
      expect(memoryStats().liveArrays).toBe(before + r.length);
    });
  });
}
