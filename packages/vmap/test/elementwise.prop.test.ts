/**
 * vmap equals a loop for every elementwise primitive (unary, binary with broadcasting, select_n,
 * clamp, conversions), with random in/out axes. JAX: lax_vmap_op_test.
 */
import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import { bind1, type Primitive } from '@jaxts/tensor/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertVmapLaw, type OpCase } from './law.ts';

const shapeArb = (min = 0, max = 3) =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: min, maxLength: max });

/** Two shapes that broadcast together (a suffix of a common shape with some dims set to 1). */
const broadcastPair = shapeArb().chain((s) => {
  const operand = fc
    .tuple(
      fc.integer({ min: 0, max: s.length }),
      fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
    )
    .map(([r, ones]) => s.slice(s.length - r).map((v, i) => (ones[s.length - r + i] ? 1 : v)));
  return fc.tuple(operand, operand, operand);
});

type Unary = {
  prim: Primitive;
  lo: number;
  hi: number;
  params?: Record<string, unknown>;
  pre?: (x: Tensor) => Tensor;
};

const UNARY: Unary[] = [
  ...(
    [
      'neg',
      'sign',
      'floor',
      'ceil',
      'is_finite',
      'exp',
      'exp2',
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
      'atanh',
      'cbrt',
      'abs',
      'square',
      'erf',
      'erf_inv',
      'stop_gradient',
      'copy',
    ] as const
  ).map((prim) => ({ prim, lo: -0.9, hi: 0.9 })),
  { prim: 'round', lo: -3, hi: 3, params: { rounding_method: 1 } },
  { prim: 'integer_pow', lo: -2, hi: 2, params: { y: 3 } },
  { prim: 'log', lo: 0.1, hi: 3 },
  { prim: 'sqrt', lo: 0.1, hi: 3 },
  { prim: 'rsqrt', lo: 0.1, hi: 3 },
  { prim: 'acosh', lo: 1.1, hi: 3 },
  { prim: 'not', lo: -1, hi: 1, pre: (x) => jnp.greater(x, 0) },
  { prim: 'convert_element_type', lo: -5, hi: 5, params: { new_dtype: 'int32', weak_type: false } },
  { prim: 'bitcast_convert_type', lo: -5, hi: 5, params: { new_dtype: 'int32' } },
];

const unaryCase: fc.Arbitrary<OpCase> = fc
  .tuple(fc.constantFrom(...UNARY), shapeArb())
  .map(([u, shape]) => ({
    label: u.prim,
    specs: [{ shape, lo: u.lo, hi: u.hi }],
    f: (x: Tensor) => bind1(u.prim, [u.pre ? u.pre(x) : x], (u.params ?? {}) as never),
  }));

type Binary = {
  prim: Primitive;
  lo?: number;
  hi?: number;
  kind?: 'int' | 'shift' | 'bool';
  positiveRhs?: boolean;
};

const BINARY: Binary[] = [
  ...(
    [
      'add',
      'sub',
      'mul',
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
  ).map((prim) => ({ prim })),
  { prim: 'div', positiveRhs: true },
  { prim: 'rem', positiveRhs: true },
  { prim: 'pow', lo: 0.5, hi: 2 },
  ...(['and', 'or', 'xor'] as const).map((prim) => ({ prim, kind: 'int' as const })),
  { prim: 'and', kind: 'bool' },
  { prim: 'shift_left', kind: 'shift' },
  { prim: 'shift_right_logical', kind: 'shift' },
];

function prepare(b: Binary, x: Tensor, rhs: boolean): Tensor {
  if (b.kind === 'int') return lax.convertElementType(x.mul(20), 'int32');
  if (b.kind === 'bool') return jnp.greater(x, 0);
  if (b.kind === 'shift') return lax.convertElementType(rhs ? x.abs().mul(8) : x.mul(100), 'int32');
  if (b.positiveRhs && rhs) return x.abs().add(0.5);
  return x;
}

const binaryCase: fc.Arbitrary<OpCase> = fc
  .tuple(fc.constantFrom(...BINARY), broadcastPair)
  .map(([b, [s1, s2]]) => ({
    label: b.prim,
    specs: [
      { shape: s1, lo: b.lo ?? -2, hi: b.hi ?? 2 },
      { shape: s2, lo: b.lo ?? -2, hi: b.hi ?? 2 },
    ],
    f: (x: Tensor, y: Tensor) =>
      bind1(b.prim, [prepare(b, x, false), prepare(b, y, true)], {} as never),
  }));

const ternaryCase: fc.Arbitrary<OpCase> = fc
  .tuple(fc.constantFrom('select_n', 'clamp'), broadcastPair)
  .map(([prim, [s1, s2, s3]]) => ({
    label: prim,
    specs: [{ shape: s1 }, { shape: s2 }, { shape: s3 }],
    f:
      prim === 'select_n'
        ? (p: Tensor, a: Tensor, b: Tensor) => bind1('select_n', [jnp.greater(p, 0), a, b], {})
        : (lo: Tensor, x: Tensor, hi: Tensor) => bind1('clamp', [lo.sub(1), x, hi.add(1)], {}),
  }));

describe('elementwise primitives under vmap equal a loop', () => {
  it('unary', () => assertVmapLaw(unaryCase, 60));
  it('binary with NumPy broadcasting', () => assertVmapLaw(binaryCase, 60));
  it('select_n and clamp', () => assertVmapLaw(ternaryCase));
});
