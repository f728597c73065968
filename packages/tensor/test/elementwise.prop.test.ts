/**
 * Laws of the elementwise and reduction families on random small shapes, on cpu and wasm:
 * abstract eval agrees with evaluation (shape, dtype, weak type, backend storage) for every
 * primitive of both families; binary ops broadcast by NumPy's rule with the values of a reference
 * implementation; type promotion matches JAX's table (golden/ops-promotion.json) and is a
 * commutative, associative join.
 */
import { type DType, numpy as jnp, ShapeError, setBackend, type Tensor } from '@jaxts/tensor';
import {
  ArrayImpl,
  abstractEval,
  bind,
  type ElementwisePrimitive,
  type Primitive,
  type ReductionPrimitive,
} from '@jaxts/tensor/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNumber, loadGolden } from './golden.ts';

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const shapeArb = (minRank = 0, maxRank = 3): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: minRank, maxLength: maxRank });

/** An operand shape broadcasting to `result`: a suffix with some dims replaced by 1. */
const operandShape = (result: readonly number[]): fc.Arbitrary<number[]> =>
  fc
    .tuple(
      fc.integer({ min: 0, max: result.length }),
      fc.array(fc.boolean(), { minLength: result.length, maxLength: result.length }),
    )
    .map(([rank, ones]) =>
      result.slice(result.length - rank).map((d, i) => (ones[result.length - rank + i] ? 1 : d)),
    );

const FLOAT: readonly DType[] = ['float32'];
const NUM: readonly DType[] = ['float32', 'int32', 'uint32'];
const INT: readonly DType[] = ['int32', 'uint32'];
const ANY: readonly DType[] = ['float32', 'int32', 'uint32', 'bool'];

interface Spec {
  /** Operands: 1, 2, or a variadic kind. */
  readonly arity: 1 | 2 | 'select' | 'clamp';
  readonly dtypes: readonly DType[];
  /** Random params for an operand of this shape and dtype. */
  readonly params?: (
    shape: readonly number[],
    dtype: DType,
  ) => fc.Arbitrary<Record<string, unknown>>;
  /** Second operand dtype (pow accepts an integer exponent). */
  readonly rhs?: readonly DType[];
}

const u = (dtypes: readonly DType[]): Spec => ({ arity: 1, dtypes });
const b = (dtypes: readonly DType[]): Spec => ({ arity: 2, dtypes });

const axesArb = (shape: readonly number[]) =>
  fc.shuffledSubarray(Array.from({ length: shape.length }, (_, i) => i)).map((axes) => ({ axes }));
const reduce = (dtypes: readonly DType[]): Spec => ({ arity: 1, dtypes, params: axesArb });
const arg: Spec = {
  arity: 1,
  dtypes: ANY,
  params: (shape) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: Math.max(0, shape.length - 1) }),
        fc.constantFrom('int32', 'uint32'),
      )
      .map(([a, d]) => ({
        axes: [a],
        index_dtype: d,
      })),
};
const cum: Spec = {
  arity: 1,
  dtypes: NUM,
  params: (shape) =>
    fc
      .tuple(fc.integer({ min: 0, max: Math.max(0, shape.length - 1) }), fc.boolean())
      .map(([axis, reverse]) => ({ axis, reverse })),
};

/** Every primitive of both families (exhaustive: a new primitive is a compile error here). */
const SPECS = {
  neg: u(NUM),
  sign: u(NUM),
  floor: u(FLOAT),
  ceil: u(FLOAT),
  round: {
    arity: 1,
    dtypes: FLOAT,
    params: () => fc.constantFrom(0, 1).map((m) => ({ rounding_method: m })),
  },
  is_finite: u(FLOAT),
  exp: u(FLOAT),
  exp2: u(FLOAT),
  log: u(FLOAT),
  log1p: u(FLOAT),
  expm1: u(FLOAT),
  tanh: u(FLOAT),
  logistic: u(FLOAT),
  sin: u(FLOAT),
  cos: u(FLOAT),
  tan: u(FLOAT),
  asin: u(FLOAT),
  acos: u(FLOAT),
  atan: u(FLOAT),
  sinh: u(FLOAT),
  cosh: u(FLOAT),
  asinh: u(FLOAT),
  acosh: u(FLOAT),
  atanh: u(FLOAT),
  sqrt: u(FLOAT),
  rsqrt: u(FLOAT),
  cbrt: u(FLOAT),
  abs: u(['float32', 'int32']),
  square: u(NUM),
  erf: u(FLOAT),
  erf_inv: u(FLOAT),
  integer_pow: {
    arity: 1,
    dtypes: NUM,
    params: (_s, d) => fc.integer({ min: d === 'float32' ? -3 : 0, max: 6 }).map((y) => ({ y })),
  },
  not: u(['bool', 'int32', 'uint32']),
  stop_gradient: u(ANY),
  copy: u(ANY),
  add: b(NUM),
  sub: b(NUM),
  mul: b(NUM),
  div: b(NUM),
  rem: b(NUM),
  pow: { arity: 2, dtypes: FLOAT, rhs: ['float32', 'int32', 'uint32'] },
  max: b(ANY),
  min: b(ANY),
  atan2: b(FLOAT),
  nextafter: b(FLOAT),
  and: b(['bool', 'int32', 'uint32']),
  or: b(['bool', 'int32', 'uint32']),
  xor: b(['bool', 'int32', 'uint32']),
  shift_left: b(INT),
  shift_right_logical: b(INT),
  eq: b(ANY),
  ne: b(ANY),
  lt: b(ANY),
  le: b(ANY),
  gt: b(ANY),
  ge: b(ANY),
  select_n: { arity: 'select', dtypes: ANY },
  clamp: { arity: 'clamp', dtypes: ANY },
  convert_element_type: {
    arity: 1,
    dtypes: ANY,
    params: () =>
      fc
        .tuple(fc.constantFrom(...ANY), fc.boolean())
        .map(([d, w]) => ({ new_dtype: d, weak_type: w })),
  },
  bitcast_convert_type: {
    arity: 1,
    dtypes: ['float32', 'int32', 'uint32'],
    params: () => fc.constantFrom('float32', 'int32', 'uint32').map((d) => ({ new_dtype: d })),
  },
  reduce_sum: reduce(NUM),
  reduce_max: reduce(ANY),
  reduce_min: reduce(ANY),
  reduce_prod: reduce(NUM),
  reduce_and: reduce(['bool', 'int32', 'uint32']),
  reduce_or: reduce(['bool', 'int32', 'uint32']),
  argmax: arg,
  argmin: arg,
  cumsum: cum,
  cumprod: cum,
  cummax: cum,
  cummin: cum,
} satisfies Record<ElementwisePrimitive | ReductionPrimitive, Spec>;

type Prim = keyof typeof SPECS;

/** Random values of a dtype (small integers, so that every op stays in range). */
function values(n: number, dtype: DType): fc.Arbitrary<number[]> {
  if (dtype === 'bool')
    return fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n });
  if (dtype === 'uint32')
    return fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
  if (dtype === 'int32')
    return fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n, maxLength: n });
  return fc.array(fc.float({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), {
    minLength: n,
    maxLength: n,
  });
}

interface OperandSpec {
  readonly shape: number[];
  readonly dtype: DType;
  readonly weak: boolean;
  readonly data: number[];
}

const operand = (shape: number[], dtype: DType): fc.Arbitrary<OperandSpec> =>
  fc
    .tuple(values(sizeOf(shape), dtype), fc.boolean())
    .map(([data, weak]) => ({ shape, dtype, weak: weak && dtype !== 'bool', data }));

interface Case {
  readonly prim: Prim;
  readonly operands: OperandSpec[];
  readonly params: Record<string, unknown>;
}

function caseArb(prim: Prim): fc.Arbitrary<Case> {
  const spec: Spec = SPECS[prim];
  return fc.constantFrom(...spec.dtypes).chain((dtype) => {
    const params = (shape: readonly number[]) =>
      spec.params === undefined ? fc.constant({}) : spec.params(shape, dtype);
    if (spec.arity === 1) {
      const minRank = prim === 'argmax' || prim === 'argmin' || prim.startsWith('cum') ? 1 : 0;
      return shapeArb(minRank).chain((s) =>
        fc
          .tuple(operand(s, dtype), params(s))
          .map(([o, p]) => ({ prim, operands: [o], params: p })),
      );
    }
    return shapeArb().chain((result) => {
      if (spec.arity === 2) {
        const rhs = fc.constantFrom(...(spec.rhs ?? [dtype]));
        return fc
          .tuple(operandShape(result), operandShape(result), rhs)
          .chain(([sa, sb, db]) => fc.tuple(operand(sa, dtype), operand(sb, db)))
          .map((ops) => ({ prim, operands: ops, params: {} }));
      }
      if (spec.arity === 'clamp') {
        return fc
          .tuple(operandShape(result), operandShape(result), operandShape(result))
          .chain((ss) => fc.tuple(...ss.map((s) => operand(s, dtype))))
          .map((ops) => ({ prim, operands: ops, params: {} }));
      }
      // select_n: a bool predicate with 1-2 cases or an int32 predicate with 1-4.
      return fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 4 })).chain(([boolPred, n]) => {
        const k = boolPred ? Math.min(n, 2) : n;
        return fc
          .tuple(
            operandShape(result),
            fc.array(operandShape(result), { minLength: k, maxLength: k }),
          )
          .chain(([ws, cs]) =>
            fc.tuple(operand(ws, boolPred ? 'bool' : 'int32'), ...cs.map((s) => operand(s, dtype))),
          )
          .map((ops) => ({ prim, operands: ops, params: {} }));
      });
    });
  });
}

const tensorOf = (o: OperandSpec): Tensor => jnp.fromValues(o.data, o.shape, o.dtype, o.weak);

const STORAGE: Record<DType, string> = {
  float32: 'float32',
  int32: 'int32',
  uint32: 'int32',
  bool: 'bool',
};

function checkCase(c: Case): void {
  const args = c.operands.map(tensorOf);
  const [want] = abstractEval(
    c.prim as Primitive,
    args.map((a) => a.aval),
    c.params as never,
  );
  const [got] = bind(c.prim as Primitive, args, c.params as never);
  if (want === undefined || got === undefined) throw new Error('no output');
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  expect(got.weakType).toBe(want.weakType);
  // The backend buffer agrees with the aval: storage dtype, shape and element count.
  const impl = got as ArrayImpl;
  expect(impl).toBeInstanceOf(ArrayImpl);
  expect(impl.info.dtype).toBe(STORAGE[want.dtype]);
  expect(impl.info.shape).toEqual([...want.shape]);
  expect(got.dataSync().length).toBe(sizeOf(want.shape));
}

/** NumPy broadcasting, written independently of jaxts: undefined when the shapes do not broadcast. */
function numpyBroadcast(a: readonly number[], b2: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b2.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b2[b2.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(Math.max(da, db));
  }
  return out;
}

/** The flat index into an operand of `shape` for the flat index `k` of the broadcast result. */
function sourceIndex(k: number, out: readonly number[], shape: readonly number[]): number {
  let idx = 0;
  let stride = 1;
  let rem = k;
  for (let d = out.length - 1; d >= 0; d--) {
    const coord = rem % (out[d] as number);
    rem = Math.floor(rem / (out[d] as number));
    const sd = d - (out.length - shape.length);
    if (sd >= 0) {
      const dim = shape[sd] as number;
      idx += (dim === 1 ? 0 : coord) * stride;
      stride *= dim;
    }
  }
  return idx;
}

const PRIMS = Object.keys(SPECS) as Prim[];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`elementwise and reduction laws (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });

    for (const prim of PRIMS) {
      it(`${prim}: abstract eval agrees with evaluation`, () => {
        fc.assert(fc.property(caseArb(prim), (c) => checkCase(c)));
      });
    }

    it('binary ops broadcast by NumPy’s rule, with the reference values', () => {
      const pair = fc.tuple(shapeArb(), shapeArb());
      fc.assert(
        fc.property(pair, ([sa, sb]) => {
          const a = jnp.fromValues(
            Array.from({ length: sizeOf(sa) }, (_, i) => i + 1),
            sa,
            'int32',
          );
          const bb = jnp.fromValues(
            Array.from({ length: sizeOf(sb) }, (_, i) => 100 * (i + 1)),
            sb,
            'int32',
          );
          const out = numpyBroadcast(sa, sb);
          if (out === undefined) {
            expect(() => jnp.add(a, bb)).toThrow(ShapeError);
            expect(() => jnp.where(jnp.less(a, 3), a, bb)).toThrow(ShapeError);
            return;
          }
          const av = Array.from(a.dataSync());
          const bv = Array.from(bb.dataSync());
          const ref = (f: (x: number, y: number) => number) =>
            Array.from({ length: sizeOf(out) }, (_, k) =>
              f(av[sourceIndex(k, out, sa)] as number, bv[sourceIndex(k, out, sb)] as number),
            );
          const sum = jnp.add(a, bb);
          expect(sum.shape).toEqual(out);
          expect(Array.from(sum.dataSync())).toEqual(ref((x, y) => x + y));
          expect(Array.from(jnp.maximum(bb, a).dataSync())).toEqual(ref((x, y) => Math.max(x, y)));
          expect(Array.from(jnp.greater(a, bb).dataSync(), Number)).toEqual(
            ref((x, y) => (x > y ? 1 : 0)),
          );
          const w = jnp.where(jnp.greater(a, 2), a, bb);
          expect(Array.from(w.dataSync())).toEqual(ref((x, y) => (x > 2 ? x : y)));
        }),
      );
    });
  });
}

describe('type promotion laws', () => {
  type Kind = { readonly arg: unknown; readonly name: string };
  const golden = loadGolden('ops-promotion.json').cases as (ReturnType<
    typeof loadGolden
  >['cases'][number] & {
    outDtype?: string;
  })[];
  const table = golden.filter((c) => c.fn === 'numpy.resultType' && c.error === undefined);
  const decode = (a: unknown): unknown => {
    const o = a as Record<string, unknown>;
    if ('tensor' in o) {
      const t = o.tensor as {
        data: (number | boolean | string)[];
        shape: number[];
        dtype: DType;
        weakType?: boolean;
      };
      return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype, t.weakType === true);
    }
    return decodeNumber(o.scalar as number | boolean | string);
  };

  it('jnp.resultType matches JAX’s table for random pairs of operand kinds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...table), (c) => {
        expect(jnp.resultType(...(c.args.map(decode) as jnp.TensorLike[]))).toBe(c.outDtype);
      }),
    );
  });

  const kinds: Kind[] = [
    { name: 'bool', arg: jnp.fromValues([true], [1], 'bool') },
    { name: 'int32', arg: jnp.fromValues([1], [1], 'int32') },
    { name: 'uint32', arg: jnp.fromValues([1], [1], 'uint32') },
    { name: 'float32', arg: jnp.fromValues([1], [1], 'float32') },
    { name: 'pyint', arg: 2 },
    { name: 'pyfloat', arg: 2.5 },
    { name: 'pybool', arg: true },
  ];
  const kindArb = fc.constantFrom(...kinds);

  it('promotion is commutative and order-independent over three operands', () => {
    fc.assert(
      fc.property(kindArb, kindArb, kindArb, (a, b2, c) => {
        const r = (...ks: Kind[]) => jnp.resultType(...(ks.map((k) => k.arg) as jnp.TensorLike[]));
        expect(r(a, b2)).toBe(r(b2, a));
        expect(r(a, b2, c)).toBe(r(c, b2, a));
        expect(r(a, b2, c)).toBe(r(b2, c, a));
      }),
    );
  });

  it('jnp.promoteTypes is an associative join over the strong dtypes', () => {
    const d = fc.constantFrom<DType>('bool', 'int32', 'uint32', 'float32');
    fc.assert(
      fc.property(d, d, d, (x, y, z) => {
        expect(jnp.promoteTypes(jnp.promoteTypes(x, y), z)).toBe(
          jnp.promoteTypes(x, jnp.promoteTypes(y, z)),
        );
        expect(jnp.promoteTypes(x, x)).toBe(x);
        expect(jnp.promoteTypes(x, y)).toBe(jnp.promoteTypes(y, x));
      }),
    );
  });

  it('jnp.add computes in jnp.resultType and is weak only for weak operands', () => {
    fc.assert(
      fc.property(kindArb, kindArb, (a, b2) => {
        const out = jnp.add(a.arg as jnp.TensorLike, b2.arg as jnp.TensorLike);
        expect(out.dtype).toBe(jnp.resultType(a.arg as jnp.TensorLike, b2.arg as jnp.TensorLike));
        const strong = (k: Kind) => k.name === 'pybool' || typeof k.arg === 'object';
        if (strong(a) && strong(b2)) expect(out.weakType).toBe(false);
      }),
    );
  });
});
