/**
 * jit's host execution against the kernels it replaces: every elementwise primitive of the host
 * op table gives the bits of its impl rule on the cpu backend (special values included), in a
 * generated loop and in the interpreter; every matmul kernel variant gives tfjs's cpu matmul bits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../../backend/engine.ts';
import { ShapedArray } from '../../core/aval.ts';
import type { DotDimensionNumbers } from '../../core/primitives.ts';
import * as laxNs from '../../lax/index.ts';
import * as jnp from '../../numpy/index.ts';
import { PRNGKey } from '../../random/keys.ts';
import { normal } from '../../random/normal.ts';
import type { Tensor } from '../../tensor.ts';
import { jit } from '../jit.ts';
import { dotKernel } from './matmul.ts';

afterAll(async () => {
  await setBackend('cpu');
});

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -2.5,
  1e-30,
  -3.4e38,
  3.4e38,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.3,
  7.25,
];

/** Exact bits, except that every NaN is one value (kernels differ in NaN signs and payloads). */
const bits = (t: Tensor): number[] => {
  const v = t.dataSync();
  if (!(v instanceof Float32Array)) return Array.from(v);
  const b = new Int32Array(v.buffer, v.byteOffset, v.length);
  return Array.from(v, (x, i) => (Number.isNaN(x) ? 0x7fc00000 : (b[i] as number)));
};

const f32 = jnp.asarray(Float32Array.from(SPECIAL));
const f32b = jnp.asarray(Float32Array.from(SPECIAL.map((v, i) => (i % 2 === 0 ? v : -v * 1.5))));
// Large ints are left out: tfjs's cpu Abs goes through float32 (abs(INT_MAX) = INT_MIN there); the
// host computes XLA's answer.
const i32 = jnp.asarray(
  Int32Array.from([0, 1, -1, 7, -7, 16777215, -2147483648, 3, 100, -100, 5, 6, 9, -9]),
);
const i32b = jnp.asarray(Int32Array.from([3, -1, 0, 2, 5, -1, -1, 7, 0, 9, -5, 6, 2, 4]));
const bool = jnp.asarray([
  true,
  false,
  true,
  false,
  true,
  true,
  false,
  false,
  true,
  false,
  true,
  false,
  true,
  true,
]);
const boolb = jnp.asarray([
  true,
  true,
  false,
  false,
  true,
  false,
  true,
  false,
  true,
  true,
  false,
  false,
  false,
  true,
]);

type Case = [string, (...xs: Tensor[]) => Tensor, Tensor[]];
type Fn = (...xs: Tensor[]) => Tensor;

// The ops by name (a plain record, so the test can loop over them).
const lax = { ...laxNs };
const op = (name: keyof typeof lax): Fn => lax[name] as unknown as Fn;

const cases: Case[] = [
  ...(
    [
      'neg',
      'sign',
      'floor',
      'ceil',
      'exp',
      'exp2',
      'log',
      'log1p',
      'expm1',
      'tanh',
      'logistic',
      'sin',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'sinh',
      'cosh',
      'asinh',
      'acosh',
      'atanh',
      'sqrt',
      'rsqrt',
      'cbrt',
      'abs',
      'square',
      'erfInv',
      'isFinite',
    ] as const
  ).map((n): Case => [`${n} f32`, (x) => op(n)(x), [f32]]),
  ...(
    [
      'add',
      'sub',
      'mul',
      'div',
      'rem',
      'pow',
      'max',
      'min',
      'atan2',
      'nextafter',
      'eq',
      'ne',
      'lt',
      'le',
      'gt',
      'ge',
    ] as const
  ).map((n): Case => [`${n} f32`, (x, y) => op(n)(x, y), [f32, f32b]]),
  ...(
    [
      'add',
      'sub',
      'mul',
      'div',
      'rem',
      'max',
      'min',
      'bitwiseAnd',
      'bitwiseOr',
      'bitwiseXor',
      'eq',
      'lt',
      'ge',
    ] as const
  ).map((n): Case => [`${n} i32`, (x, y) => op(n)(x, y), [i32, i32b]]),
  ...(['neg', 'sign', 'abs', 'square', 'bitwiseNot'] as const).map(
    (n): Case => [`${n} i32`, (x) => op(n)(x), [i32]],
  ),
  ...(['bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'max', 'min', 'eq', 'ne'] as const).map(
    (n): Case => [`${n} bool`, (x, y) => op(n)(x, y), [bool, boolb]],
  ),
  ['not bool', (x) => lax.bitwiseNot(x), [bool]],
  ['round half even', (x) => lax.round(x.mul(2.5), 1), [f32]],
  ['round away', (x) => lax.round(x.mul(2.5), 0), [f32]],
  [
    'integer_pow 3, -2, 0',
    (x) => lax.integerPow(x, 3).add(lax.integerPow(x, -2)).add(lax.integerPow(x, 0)),
    [f32],
  ],
  ['integer_pow i32', (x) => lax.integerPow(x, 3), [i32]],
  ['convert f32->i32', (x) => lax.convertElementType(x, 'int32'), [f32]],
  ['convert i32->f32', (x) => lax.convertElementType(x, 'float32'), [i32]],
  ['convert f32->bool', (x) => lax.convertElementType(x, 'bool'), [f32]],
  ['convert bool->f32', (x) => lax.convertElementType(x, 'float32'), [bool]],
  ['select_n bool', (c, x, y) => lax.selectN(c, x, y), [bool, f32, f32b]],
  ['select_n int', (c, x, y) => lax.selectN(lax.clamp(0, c, 2), x, y, x.neg()), [i32b, f32, f32b]],
  ['clamp', (x) => lax.clamp(-1, x, 2), [f32]],
];

describe('host elementwise ops give the kernels bits (cpu)', () => {
  for (const [name, f, args] of cases) {
    it(name, async () => {
      await setBackend('cpu');
      const want = bits(f(...args));
      expect(bits(jit(f)(...args))).toEqual(want);
      expect(bits(jit(f, { compilerOptions: { codegen: false } })(...args))).toEqual(want);
    });
  }
});

describe('host matmul kernels give tfjs cpu matmul bits', () => {
  const shapes: [string, number[], number[], DotDimensionNumbers][] = [
    ['hoisted [7,5]x[5,3]', [7, 5], [5, 3], { contracting: [[1], [0]], batch: [[], []] }],
    ['unrolled [6,40]x[40,30]', [6, 40], [40, 30], { contracting: [[1], [0]], batch: [[], []] }],
    ['columns [3,100]^T [100,4]', [100, 3], [100, 4], { contracting: [[0], [0]], batch: [[], []] }],
    ['tiled [5,70]x[70,21]', [5, 70], [70, 21], { contracting: [[1], [0]], batch: [[], []] }],
    [
      'batched [2,3,4]x[2,4,5]',
      [2, 3, 4],
      [2, 4, 5],
      { contracting: [[2], [1]], batch: [[0], [0]] },
    ],
    [
      'two contracting dims',
      [3, 4, 5],
      [4, 5, 2],
      {
        contracting: [
          [1, 2],
          [0, 1],
        ],
        batch: [[], []],
      },
    ],
  ];
  for (const [name, ls, rs, dn] of shapes) {
    it(name, async () => {
      await setBackend('cpu');
      const a = normal(PRNGKey(1), ls);
      const b = normal(PRNGKey(2), rs);
      const want = lax.dotGeneral(a, b, dn);
      for (const codegen of [true, false]) {
        const k = dotKernel(
          new ShapedArray(ls, 'float32'),
          new ShapedArray(rs, 'float32'),
          dn,
          codegen,
        );
        const out = new Float32Array(want.size);
        k(a.dataSync() as Float32Array, b.dataSync() as Float32Array, out);
        if (dn.contracting[0].length === 1)
          expect(Array.from(out)).toEqual(Array.from(want.dataSync()));
        else expect(jnp.asarray(out).reshape(want.shape)).toBeAllclose(want, { rtol: 1e-6 });
      }
      expect(jit((x: Tensor, y: Tensor) => lax.dotGeneral(x, y, dn))(a, b)).toBeAllclose(want, {
        rtol: 1e-6,
      });
    });
  }
});
