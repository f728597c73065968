/**
 * One sample generator per primitive for the JVP / transpose property tests: the primitive is
 * bound directly (valid params drawn at random) on well-conditioned float32 inputs, away from
 * kinks, ties and branch cuts, as JAX's lax_autodiff_test chooses its inputs.
 */

import { customJvp } from '@jaxts/grad';
import { jit, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { bind, bind1, type DotDimensionNumbers, type Primitive } from '@jaxts/tensor/core';
import { permutation, shape } from '@jaxts/testing';
import fc from 'fast-check';
import type { CheckOptions, HostArray, Sample } from './check.ts';

export interface PrimitiveCase {
  readonly prim: Primitive;
  readonly label: string;
  readonly gen: fc.Arbitrary<Sample>;
  readonly opts?: CheckOptions;
}

const NONE: Record<string, never> = {};
const f32 = Math.fround;
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

// ---- value generators -------------------------------------------------------------------------

function values(n: number, lo: number, hi: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: lo, max: hi, noNaN: true }).map(f32), {
    minLength: n,
    maxLength: n,
  });
}

/** Uniform values in [lo, hi]. */
export function arr(s: readonly number[], lo: number, hi: number): fc.Arbitrary<HostArray> {
  return values(sizeOf(s), lo, hi).map((data) => ({ shape: [...s], data }));
}

/** Magnitudes in [lo, hi] with random signs (away from 0). */
export function signed(s: readonly number[], lo: number, hi: number): fc.Arbitrary<HostArray> {
  const n = sizeOf(s);
  return fc
    .tuple(values(n, lo, hi), fc.array(fc.boolean(), { minLength: n, maxLength: n }))
    .map(([d, neg]) => ({ shape: [...s], data: d.map((v, i) => (neg[i] ? -v : v)) }));
}

/** Pairwise distinct values (spacing apart, shuffled): no ties for max/sort/argmax. */
export function distinct(s: readonly number[], spacing = 0.5): fc.Arbitrary<HostArray> {
  const n = sizeOf(s);
  return fc
    .tuple(permutation(n), values(n, -0.1 * spacing, 0.1 * spacing))
    .map(([perm, jitter]) => ({
      shape: [...s],
      data: perm.map((p, i) => f32((p - n / 2) * spacing + (jitter[i] as number))),
    }));
}

/** Values at least 0.15 away from every integer (floor/round/int casts are locally constant). */
export function offInteger(s: readonly number[], lo: number, hi: number): fc.Arbitrary<HostArray> {
  const n = sizeOf(s);
  return fc
    .tuple(
      fc.array(fc.integer({ min: lo, max: hi }), { minLength: n, maxLength: n }),
      values(n, 0.15, 0.35),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    )
    .map(([k, frac, up]) => ({
      shape: [...s],
      data: k.map((v, i) => f32(v + (up[i] ? (frac[i] as number) : 1 - (frac[i] as number)))),
    }));
}

/** Values of which about a fifth are exact zeros (products and cumprod through zeros). */
export function withZeros(s: readonly number[]): fc.Arbitrary<HostArray> {
  const n = sizeOf(s);
  const v = fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.double({ min: 0.5, max: 1.5, noNaN: true }).map(f32) },
    { weight: 2, arbitrary: fc.double({ min: -1.5, max: -0.5, noNaN: true }).map(f32) },
  );
  return fc.array(v, { minLength: n, maxLength: n }).map((data) => ({ shape: [...s], data }));
}

/** Data of `a` broadcast (NumPy rules) to `out`. */
export function broadcastHost(a: HostArray, out: readonly number[]): number[] {
  const off = out.length - a.shape.length;
  const n = sizeOf(out);
  const res: number[] = [];
  for (let flat = 0; flat < n; flat++) {
    let rem = flat;
    let src = 0;
    let stride = 1;
    const idx = new Array<number>(out.length);
    for (let d = out.length - 1; d >= 0; d--) {
      idx[d] = rem % (out[d] as number);
      rem = Math.floor(rem / (out[d] as number));
    }
    for (let d = a.shape.length - 1; d >= 0; d--) {
      const size = a.shape[d] as number;
      src += (size === 1 ? 0 : (idx[d + off] as number)) * stride;
      stride *= size;
    }
    res.push(a.data[src] as number);
  }
  return res;
}

function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  return range(r).map((i) => {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    return da === 1 ? db : da;
  });
}

function broadcastable(): fc.Arbitrary<[number[], number[]]> {
  // Pairs of shapes (rank <= 3, dims <= 3) that broadcast, one dim replaced by 1 at random.
  return shape({ maxRank: 3, maxDim: 3 }).chain((out) => {
    const operand = fc
      .tuple(
        fc.integer({ min: 0, max: out.length }),
        fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      )
      .map(([rank, ones]) =>
        out.slice(out.length - rank).map((d, i) => (ones[out.length - rank + i] ? 1 : d)),
      );
    return fc.tuple(operand, operand);
  });
}

const anyShape = (maxRank = 3): fc.Arbitrary<number[]> => shape({ maxRank, maxDim: 3 });
const ranked = (minRank: number, maxRank = 3): fc.Arbitrary<number[]> =>
  shape({ minRank, maxRank, maxDim: 3 });

function sample(
  note: string,
  args: readonly HostArray[],
  f: (...xs: Tensor[]) => Tensor[],
): Sample {
  return { note, args, f };
}

function intScalar(v: number): Tensor {
  return jnp.fromValues([v], [], 'int32');
}

function intArray(s: readonly number[], data: readonly number[]): Tensor {
  return jnp.fromValues([...data], [...s], 'int32');
}

const toInt = (x: Tensor): Tensor =>
  bind1('convert_element_type', [bind1('floor', [x], NONE)], {
    new_dtype: 'int32',
    weak_type: false,
  });
const toFloat = (x: Tensor): Tensor =>
  bind1('convert_element_type', [x], { new_dtype: 'float32', weak_type: false });
const positive = (x: Tensor): Tensor => bind1('gt', [x, jnp.scalar(0, 'float32', true)], NONE);

// ---- elementwise ------------------------------------------------------------------------------

type Gen = (s: readonly number[]) => fc.Arbitrary<HostArray>;

const UNARY: readonly [Primitive, Gen, CheckOptions?][] = [
  ['neg', (s) => arr(s, -5, 5)],
  ['exp', (s) => arr(s, -3, 3)],
  ['exp2', (s) => arr(s, -3, 3)],
  ['log', (s) => arr(s, 0.5, 5)],
  ['log1p', (s) => arr(s, -0.5, 5)],
  ['expm1', (s) => arr(s, -3, 3)],
  ['tanh', (s) => arr(s, -3, 3)],
  ['logistic', (s) => arr(s, -5, 5)],
  ['sin', (s) => arr(s, -4, 4)],
  ['cos', (s) => arr(s, -4, 4)],
  ['tan', (s) => arr(s, -1.2, 1.2)],
  ['asin', (s) => arr(s, -0.9, 0.9)],
  ['acos', (s) => arr(s, -0.9, 0.9)],
  ['atan', (s) => arr(s, -5, 5)],
  ['sinh', (s) => arr(s, -3, 3)],
  ['cosh', (s) => arr(s, -3, 3)],
  ['asinh', (s) => arr(s, -5, 5)],
  ['acosh', (s) => arr(s, 1.2, 5)],
  ['atanh', (s) => arr(s, -0.9, 0.9)],
  ['sqrt', (s) => arr(s, 0.3, 5)],
  ['rsqrt', (s) => arr(s, 0.3, 5)],
  ['cbrt', (s) => signed(s, 0.3, 5)],
  ['abs', (s) => signed(s, 0.1, 5)],
  ['square', (s) => arr(s, -5, 5)],
  ['erf', (s) => arr(s, -2.5, 2.5)],
  ['erf_inv', (s) => arr(s, -0.9, 0.9)],
  ['copy', (s) => arr(s, -5, 5)],
  // Zero derivative almost everywhere: checked away from the jumps.
  ['sign', (s) => signed(s, 0.1, 5)],
  ['floor', (s) => offInteger(s, -3, 3)],
  ['ceil', (s) => offInteger(s, -3, 3)],
];

function unaryCases(): PrimitiveCase[] {
  const cases: PrimitiveCase[] = UNARY.map(([prim, gen, opts]) => ({
    prim,
    label: prim,
    gen: anyShape()
      .chain(gen)
      .map((a) => sample(prim, [a], (x) => [bind1(prim as 'neg', [x], NONE)])),
    ...(opts === undefined ? {} : { opts }),
  }));
  cases.push({
    prim: 'round',
    label: 'round',
    gen: fc
      .tuple(
        anyShape().chain((s) => offInteger(s, -3, 3)),
        fc.constantFrom<0 | 1>(0, 1),
      )
      .map(([a, m]) =>
        sample(`round ${m}`, [a], (x) => [bind1('round', [x], { rounding_method: m })]),
      ),
  });
  cases.push({
    prim: 'integer_pow',
    label: 'integer_pow',
    gen: fc
      .tuple(
        anyShape().chain((s) => signed(s, 0.4, 2)),
        fc.integer({ min: -3, max: 4 }),
      )
      .map(([a, y]) =>
        sample(`integer_pow y=${y}`, [a], (x) => [bind1('integer_pow', [x], { y })]),
      ),
  });
  cases.push({
    prim: 'is_finite',
    label: 'is_finite',
    gen: anyShape()
      .chain((s) => arr(s, -5, 5))
      .map((a) =>
        sample('is_finite', [a], (x) => {
          const fin = bind1('is_finite', [x], NONE);
          return [fin, bind1('select_n', [fin, jnp.zerosLike(x), x], NONE)];
        }),
      ),
  });
  return cases;
}

type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min';

function binaryBroadcast(prim: Binary, gx: Gen, gy: Gen, minGap = 0): PrimitiveCase {
  const gen = broadcastable()
    .chain(([sx, sy]) => fc.tuple(gx(sx), gy(sy)))
    .filter(([x, y]) => {
      if (minGap === 0) return true;
      const out = broadcastShape(x.shape, y.shape);
      const bx = broadcastHost(x, out);
      const by = broadcastHost(y, out);
      return bx.every((v, i) => Math.abs(v - (by[i] as number)) > minGap);
    })
    .map(([x, y]) =>
      sample(prim, [x, y], (a, b) => [bind1(prim, [a as Tensor, b as Tensor], NONE)]),
    );
  return { prim, label: `${prim} (broadcasting)`, gen };
}

function binaryCases(): PrimitiveCase[] {
  const cases = [
    binaryBroadcast(
      'add',
      (s) => arr(s, -3, 3),
      (s) => arr(s, -3, 3),
    ),
    binaryBroadcast(
      'sub',
      (s) => arr(s, -3, 3),
      (s) => arr(s, -3, 3),
    ),
    binaryBroadcast(
      'mul',
      (s) => arr(s, -3, 3),
      (s) => arr(s, -3, 3),
    ),
    binaryBroadcast(
      'div',
      (s) => arr(s, -3, 3),
      (s) => signed(s, 0.5, 3),
    ),
    binaryBroadcast(
      'pow',
      (s) => arr(s, 0.5, 3),
      (s) => arr(s, -2, 2),
    ),
    binaryBroadcast(
      'max',
      (s) => arr(s, -3, 3),
      (s) => arr(s, -3, 3),
      0.05,
    ),
    binaryBroadcast(
      'min',
      (s) => arr(s, -3, 3),
      (s) => arr(s, -3, 3),
      0.05,
    ),
  ];
  // atan2(x, y) on a circle sector away from the origin and the branch cut (y < 0, x = 0).
  cases.push({
    prim: 'atan2',
    label: 'atan2',
    gen: anyShape()
      .chain((s) => fc.tuple(arr(s, 0.5, 3), arr(s, -Math.PI + 0.2, Math.PI - 0.2)))
      .map(([r, th]) => {
        const x = {
          shape: r.shape,
          data: r.data.map((v, i) => f32(v * Math.sin(th.data[i] as number))),
        };
        const y = {
          shape: r.shape,
          data: r.data.map((v, i) => f32(v * Math.cos(th.data[i] as number))),
        };
        return sample('atan2', [x, y], (a, b) => [
          bind1('atan2', [a as Tensor, b as Tensor], NONE),
        ]);
      }),
  });
  // rem(x, y) with x / y away from integers (rem jumps there).
  cases.push({
    prim: 'rem',
    label: 'rem',
    gen: anyShape()
      .chain((s) => fc.tuple(signed(s, 0.7, 3), offInteger(s, -3, 2)))
      .map(([y, q]) => {
        const x = { shape: y.shape, data: y.data.map((v, i) => f32(v * (q.data[i] as number))) };
        return sample('rem', [x, y], (a, b) => [bind1('rem', [a as Tensor, b as Tensor], NONE)]);
      }),
  });
  // Comparisons: bool outputs carry no tangent; a float output uses them.
  for (const prim of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
    cases.push({
      prim,
      label: prim,
      gen: anyShape()
        .chain((s) => distinct([2, ...s]))
        .map((xy) => {
          const n = xy.data.length / 2;
          const sh = xy.shape.slice(1);
          return [
            { shape: sh, data: xy.data.slice(0, n) },
            { shape: sh, data: xy.data.slice(n) },
          ] as const;
        })
        .map(([x, y]) =>
          sample(prim, [x, y], (a, b) => {
            const c = bind1(prim, [a as Tensor, b as Tensor], NONE);
            return [c, bind1('mul', [a as Tensor, toFloat(c)], NONE)];
          }),
        ),
    });
  }
  // Integer and bool bitwise ops on values derived from floats: no tangents flow through them.
  for (const prim of ['and', 'or', 'xor'] as const) {
    cases.push({
      prim,
      label: `${prim} (int and bool)`,
      gen: fc
        .tuple(anyShape(), fc.boolean())
        .chain(([s, useBool]) =>
          fc.tuple(offInteger(s, -3, 3), offInteger(s, -3, 3), fc.constant(useBool)),
        )
        .map(([x, y, useBool]) =>
          sample(`${prim} bool=${useBool}`, [x, y], (a, b) => {
            const [p, q] = useBool
              ? [positive(a as Tensor), positive(b as Tensor)]
              : [toInt(a as Tensor), toInt(b as Tensor)];
            const r = bind1(prim, [p, q], NONE);
            return [r, bind1('mul', [a as Tensor, toFloat(r)], NONE)];
          }),
        ),
    });
  }
  for (const prim of ['shift_left', 'shift_right_logical'] as const) {
    cases.push({
      prim,
      label: prim,
      gen: anyShape()
        // Non-negative operands: a logical right shift of a negative int is ~2^31.
        .chain((s) => fc.tuple(offInteger(s, 0, 3), offInteger(s, 0, 1)))
        .map(([x, y]) =>
          sample(prim, [x, y], (a, b) => {
            const r = bind1(prim, [toInt(a as Tensor), toInt(b as Tensor)], NONE);
            return [r, bind1('mul', [b as Tensor, toFloat(r)], NONE)];
          }),
        ),
    });
  }
  cases.push({
    prim: 'not',
    label: 'not (int and bool)',
    gen: anyShape()
      .chain((s) => offInteger(s, -3, 3))
      .map((x) =>
        sample('not', [x], (a) => {
          const r = bind1('not', [toInt(a)], NONE);
          const b = bind1('not', [positive(a)], NONE);
          return [r, b, bind1('mul', [a, toFloat(r)], NONE)];
        }),
      ),
  });
  return cases;
}

function otherElementwiseCases(): PrimitiveCase[] {
  const cases: PrimitiveCase[] = [];
  cases.push({
    prim: 'select_n',
    label: 'select_n (bool predicate)',
    gen: fc
      .tuple(anyShape(), fc.boolean())
      .chain(([s, scalarCase]) =>
        fc.tuple(
          fc.array(fc.boolean(), { minLength: sizeOf(s), maxLength: sizeOf(s) }),
          arr(s, -3, 3),
          arr(scalarCase ? [] : s, -3, 3),
          fc.constant(s),
        ),
      )
      .map(([pred, a, b, s]) =>
        sample(`select_n bool case shapes [${a.shape}] [${b.shape}]`, [a, b], (x, y) => [
          bind1('select_n', [jnp.fromValues(pred, s, 'bool'), x as Tensor, y as Tensor], NONE),
        ]),
      ),
  });
  cases.push({
    prim: 'select_n',
    label: 'select_n (int32 predicate, 3 cases)',
    gen: anyShape()
      .chain((s) =>
        fc.tuple(
          fc.array(fc.integer({ min: 0, max: 2 }), { minLength: sizeOf(s), maxLength: sizeOf(s) }),
          arr(s, -3, 3),
          arr(s, -3, 3),
          arr(s, -3, 3),
        ),
      )
      .map(([which, a, b, c]) =>
        sample('select_n int32', [a, b, c], (x, y, z) => [
          bind1(
            'select_n',
            [intArray(a.shape, which), x as Tensor, y as Tensor, z as Tensor],
            NONE,
          ),
        ]),
      ),
  });
  cases.push({
    prim: 'clamp',
    label: 'clamp (scalar and array bounds)',
    gen: fc
      .tuple(anyShape(), fc.boolean(), fc.boolean())
      .chain(([s, loScalar, hiScalar]) =>
        fc.tuple(arr(loScalar ? [] : s, -2, -0.5), arr(s, -3, 3), arr(hiScalar ? [] : s, 0.5, 2)),
      )
      .filter(([lo, x, hi]) => {
        const l = broadcastHost(lo, x.shape);
        const h = broadcastHost(hi, x.shape);
        return x.data.every(
          (v, i) => Math.abs(v - (l[i] as number)) > 0.05 && Math.abs(v - (h[i] as number)) > 0.05,
        );
      })
      .map(([lo, x, hi]) =>
        sample('clamp', [lo, x, hi], (a, b, c) => [
          bind1('clamp', [a as Tensor, b as Tensor, c as Tensor], NONE),
        ]),
      ),
  });
  cases.push({
    prim: 'convert_element_type',
    label: 'convert_element_type (f32 → f32 weak, int32, bool; int32 → f32)',
    gen: anyShape()
      .chain((s) => offInteger(s, -3, 3))
      .map((x) =>
        sample('convert_element_type', [x], (a) => {
          const weak = bind1('convert_element_type', [a], {
            new_dtype: 'float32',
            weak_type: true,
          });
          const i = bind1('convert_element_type', [a], { new_dtype: 'int32', weak_type: false });
          const b = bind1('convert_element_type', [a], { new_dtype: 'bool', weak_type: false });
          return [weak, i, b, bind1('mul', [a, toFloat(i)], NONE)];
        }),
      ),
  });
  cases.push({
    prim: 'bitcast_convert_type',
    label: 'bitcast_convert_type',
    gen: anyShape()
      .chain((s) => arr(s, -3, 3))
      .map((x) =>
        sample('bitcast', [x], (a) => [
          bind1('bitcast_convert_type', [a], { new_dtype: 'int32' }),
          a,
        ]),
      ),
  });
  return cases;
}

// ---- reductions -------------------------------------------------------------------------------

function axesOf(s: readonly number[], nonEmpty: boolean): fc.Arbitrary<number[]> {
  return fc
    .subarray(range(s.length), { minLength: nonEmpty ? 1 : 0 })
    .map((a) => [...a].sort((x, y) => x - y));
}

function reductionCases(): PrimitiveCase[] {
  const cases: PrimitiveCase[] = [];
  const reduce = (
    prim: 'reduce_sum' | 'reduce_max' | 'reduce_min' | 'reduce_prod',
    gen: Gen,
    nonEmpty: boolean,
  ): PrimitiveCase => ({
    prim,
    label: prim,
    gen: ranked(nonEmpty ? 1 : 0)
      .chain((s) => fc.tuple(gen(s), axesOf(s, nonEmpty)))
      .map(([x, axes]) =>
        sample(`${prim} axes=[${axes}]`, [x], (a) => [bind1(prim, [a], { axes })]),
      ),
  });
  cases.push(reduce('reduce_sum', (s) => arr(s, -3, 3), false));
  cases.push(reduce('reduce_max', (s) => distinct(s), true));
  cases.push(reduce('reduce_min', (s) => distinct(s), true));
  cases.push(reduce('reduce_prod', withZeros, false));
  for (const prim of ['argmax', 'argmin'] as const) {
    cases.push({
      prim,
      label: prim,
      gen: ranked(1)
        .chain((s) => fc.tuple(distinct(s), fc.integer({ min: 0, max: s.length - 1 })))
        .map(([x, axis]) =>
          sample(`${prim} axis=${axis}`, [x], (a) => {
            const i = bind1(prim, [a], { axes: [axis], index_dtype: 'int32' });
            return [i, bind1('reduce_sum', [bind1('mul', [a, a], NONE)], { axes: [axis] })];
          }),
        ),
    });
  }
  for (const prim of ['reduce_and', 'reduce_or'] as const) {
    cases.push({
      prim,
      label: prim,
      gen: ranked(1)
        .chain((s) => fc.tuple(signed(s, 0.5, 2), axesOf(s, true)))
        .map(([x, axes]) =>
          sample(`${prim} axes=[${axes}]`, [x], (a) => {
            const r = bind1(prim, [positive(a)], { axes });
            return [r, bind1('mul', [bind1('reduce_sum', [a], { axes }), toFloat(r)], NONE)];
          }),
        ),
    });
  }
  const cumulative = (
    prim: 'cumsum' | 'cumprod' | 'cummax' | 'cummin',
    gen: Gen,
  ): PrimitiveCase => ({
    prim,
    label: prim,
    gen: ranked(1)
      .chain((s) => fc.tuple(gen(s), fc.integer({ min: 0, max: s.length - 1 }), fc.boolean()))
      .map(([x, axis, reverse]) =>
        sample(`${prim} axis=${axis} reverse=${reverse}`, [x], (a) => [
          bind1(prim, [a], { axis, reverse }),
        ]),
      ),
  });
  cases.push(cumulative('cumsum', (s) => arr(s, -3, 3)));
  cases.push(cumulative('cumprod', withZeros));
  cases.push(cumulative('cummax', (s) => distinct(s)));
  cases.push(cumulative('cummin', (s) => distinct(s)));
  return cases;
}

// ---- structure --------------------------------------------------------------------------------

function structureCases(): PrimitiveCase[] {
  const cases: PrimitiveCase[] = [];
  cases.push({
    prim: 'broadcast_in_dim',
    label: 'broadcast_in_dim',
    gen: fc
      .tuple(shape({ maxRank: 2, minDim: 1, maxDim: 3 }), fc.integer({ min: 0, max: 2 }))
      .chain(([s, extra]) =>
        fc.tuple(
          fc.constant(s),
          fc.shuffledSubarray(range(s.length + extra), {
            minLength: s.length,
            maxLength: s.length,
          }),
          fc.array(fc.integer({ min: 1, max: 3 }), {
            minLength: s.length + extra,
            maxLength: s.length + extra,
          }),
          fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
        ),
      )
      .map(([s, dimsUnsorted, sizes, unit]) => {
        const dims = [...dimsUnsorted].sort((a, b) => a - b);
        const operand = s.map((d, i) => (unit[i] ? 1 : d));
        const out = [...sizes];
        dims.forEach((d, i) => {
          out[d] = operand[i] === 1 ? (sizes[d] as number) : (operand[i] as number);
        });
        return { operand, out, dims };
      })
      .chain(({ operand, out, dims }) =>
        arr(operand, -3, 3).map((x) =>
          sample(`broadcast_in_dim out=[${out}] dims=[${dims}]`, [x], (a) => [
            bind1('broadcast_in_dim', [a], { shape: out, broadcast_dimensions: dims }),
          ]),
        ),
      ),
  });
  cases.push({
    prim: 'reshape',
    label: 'reshape',
    gen: ranked(1)
      .chain((s) =>
        fc.tuple(
          arr(s, -3, 3),
          fc.constantFrom<'flat' | 'reversed' | 'unit'>('flat', 'reversed', 'unit'),
        ),
      )
      .map(([x, kind]) => {
        const ns =
          kind === 'flat'
            ? [sizeOf(x.shape)]
            : kind === 'reversed'
              ? [...x.shape].reverse()
              : [1, ...x.shape, 1];
        return sample(`reshape to [${ns}]`, [x], (a) => [
          bind1('reshape', [a], { new_sizes: ns, dimensions: null }),
        ]);
      }),
  });
  cases.push({
    prim: 'transpose',
    label: 'transpose',
    gen: ranked(1)
      .chain((s) => fc.tuple(arr(s, -3, 3), permutation(s.length)))
      .map(([x, perm]) =>
        sample(`transpose [${perm}]`, [x], (a) => [bind1('transpose', [a], { permutation: perm })]),
      ),
  });
  cases.push({
    prim: 'squeeze',
    label: 'squeeze',
    gen: fc
      .tuple(anyShape(2), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }))
      .map(([s, at]) => {
        const full = [...s];
        for (const p of at) full.splice(Math.min(p, full.length), 0, 1);
        const dims = full.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
        return { full, dims };
      })
      .chain(({ full, dims }) =>
        fc
          .tuple(arr(full, -3, 3), fc.subarray(dims, { minLength: 1 }))
          .map(([x, d]) =>
            sample(`squeeze [${d}]`, [x], (a) => [
              bind1('squeeze', [a], { dimensions: [...d].sort((p, q) => p - q) }),
            ]),
          ),
      ),
  });
  cases.push({
    prim: 'expand_dims',
    label: 'expand_dims',
    gen: anyShape(2)
      .chain((s) =>
        fc.tuple(arr(s, -3, 3), fc.subarray(range(s.length + 2), { minLength: 1, maxLength: 2 })),
      )
      .map(([x, d]) => {
        const dims = [...d].sort((p, q) => p - q).filter((v) => v < x.shape.length + d.length);
        return sample(`expand_dims [${dims}]`, [x], (a) => [
          dims.length === 0 ? a : bind1('expand_dims', [a], { dimensions: dims }),
        ]);
      }),
  });
  cases.push({
    prim: 'rev',
    label: 'rev',
    gen: ranked(1)
      .chain((s) => fc.tuple(arr(s, -3, 3), axesOf(s, true)))
      .map(([x, dims]) =>
        sample(`rev [${dims}]`, [x], (a) => [bind1('rev', [a], { dimensions: dims })]),
      ),
  });
  cases.push({
    prim: 'concatenate',
    label: 'concatenate',
    gen: ranked(1)
      .chain((s) =>
        fc.tuple(
          fc.constant(s),
          fc.integer({ min: 0, max: s.length - 1 }),
          fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        ),
      )
      .chain(([s, dim, sizes]) =>
        fc
          .tuple(
            ...sizes.map((n) =>
              arr(
                s.map((d, i) => (i === dim ? n : d)),
                -3,
                3,
              ),
            ),
          )
          .map((xs) =>
            sample(`concatenate dim=${dim} sizes=[${sizes}]`, xs, (...ts) => [
              bind1('concatenate', ts, { dimension: dim }),
            ]),
          ),
      ),
  });
  cases.push({
    prim: 'pad',
    label: 'pad (negative and interior padding, differentiable pad value)',
    gen: ranked(1, 2)
      .chain((s) =>
        fc.tuple(
          arr(s, -3, 3),
          arr([], -3, 3),
          fc.tuple(
            ...s.map(() =>
              fc.tuple(
                fc.integer({ min: -1, max: 2 }),
                fc.integer({ min: -1, max: 2 }),
                fc.integer({ min: 0, max: 2 }),
              ),
            ),
          ),
        ),
      )
      .filter(([x, , cfg]) =>
        cfg.every(([lo, hi, int], i) => {
          const d = x.shape[i] as number;
          return lo + hi + d + Math.max(0, d - 1) * int >= 1;
        }),
      )
      .map(([x, v, cfg]) =>
        sample(`pad ${JSON.stringify(cfg)}`, [x, v], (a, b) => [
          bind1('pad', [a as Tensor, b as Tensor], { padding_config: cfg }),
        ]),
      ),
  });
  cases.push({
    prim: 'slice',
    label: 'slice (with strides)',
    gen: ranked(1)
      .chain((s) =>
        fc.tuple(
          arr(s, -3, 3),
          fc.tuple(
            ...s.map((d) =>
              fc
                .integer({ min: 0, max: d - 1 })
                .chain((st) => fc.tuple(fc.constant(st), fc.integer({ min: st + 1, max: d }))),
            ),
          ),
          fc.option(fc.tuple(...s.map(() => fc.integer({ min: 1, max: 2 }))), { nil: null }),
        ),
      )
      .map(([x, bounds, strides]) =>
        sample(`slice ${JSON.stringify(bounds)} strides ${JSON.stringify(strides)}`, [x], (a) => [
          bind1('slice', [a], {
            start_indices: bounds.map(([st]) => st),
            limit_indices: bounds.map(([, l]) => l),
            strides: strides === null ? null : [...strides],
          }),
        ]),
      ),
  });
  cases.push({
    prim: 'dynamic_slice',
    label: 'dynamic_slice (clamped starts)',
    gen: ranked(1)
      .chain((s) =>
        fc.tuple(
          arr(s, -3, 3),
          fc.tuple(...s.map((d) => fc.integer({ min: 1, max: d }))),
          fc.tuple(...s.map((d) => fc.integer({ min: 0, max: d + 1 }))),
        ),
      )
      .map(([x, sizes, starts]) =>
        sample(`dynamic_slice sizes=[${sizes}] starts=[${starts}]`, [x], (a) => [
          bind1('dynamic_slice', [a, ...starts.map(intScalar)], { slice_sizes: [...sizes] }),
        ]),
      ),
  });
  cases.push({
    prim: 'dynamic_update_slice',
    label: 'dynamic_update_slice (operand and update)',
    gen: ranked(1)
      .chain((s) =>
        fc.tuple(fc.constant(s), fc.tuple(...s.map((d) => fc.integer({ min: 1, max: d })))),
      )
      .chain(([s, us]) =>
        fc.tuple(
          arr(s, -3, 3),
          arr(us, -3, 3),
          fc.tuple(...s.map((d) => fc.integer({ min: 0, max: d + 1 }))),
        ),
      )
      .map(([x, u, starts]) =>
        sample(`dynamic_update_slice starts=[${starts}]`, [x, u], (a, b) => [
          bind1('dynamic_update_slice', [a as Tensor, b as Tensor, ...starts.map(intScalar)], NONE),
        ]),
      ),
  });
  const gatherGen = (mode: 'clip' | 'fill' | 'scatter'): fc.Arbitrary<Sample> =>
    ranked(1)
      .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 })))
      .chain(([s, axis]) =>
        fc.tuple(fc.constant(s), fc.constant(axis), fc.integer({ min: 0, max: axis })),
      )
      .chain(([s, axis, bd]) =>
        fc.tuple(
          fc.constant(s),
          fc.constant(axis),
          fc.constant(bd),
          shape({ maxRank: 2, maxDim: 3 }),
        ),
      )
      .chain(([s, axis, bd, extra]) => {
        const idxShape = [...s.slice(0, bd), ...extra];
        const n = s[axis] as number;
        // 'fill' draws in-range indices (out-of-range ones give NaN primals); 'clip' and scatter
        // also draw out-of-range ones (clamped, resp. dropped).
        const lo = mode === 'fill' ? 0 : -2;
        const hi = mode === 'fill' ? n - 1 : n + 1;
        const idx = fc.array(fc.integer({ min: lo, max: hi }), {
          minLength: sizeOf(idxShape),
          maxLength: sizeOf(idxShape),
        });
        const outShape = [...s.slice(0, axis), ...idxShape.slice(bd), ...s.slice(axis + 1)];
        return fc.tuple(arr(mode === 'scatter' ? outShape : s, -3, 3), idx).map(([x, ix]) => {
          const note = `${mode} operand=[${s}] axis=${axis} batch_dims=${bd} indices=[${idxShape}] ${JSON.stringify(ix)}`;
          if (mode === 'scatter') {
            return sample(note, [x], (u) => [
              bind1('scatter_add', [u, intArray(idxShape, ix)], {
                axis,
                batch_dims: bd,
                operand_shape: s,
              }),
            ]);
          }
          return sample(note, [x], (a) => [
            bind1('gather', [a, intArray(idxShape, ix)], { axis, batch_dims: bd, mode }),
          ]);
        });
      });
  cases.push({
    prim: 'gather',
    label: 'gather (clip, out-of-range indices)',
    gen: gatherGen('clip'),
  });
  cases.push({ prim: 'gather', label: 'gather (fill)', gen: gatherGen('fill') });
  cases.push({
    prim: 'scatter_add',
    label: 'scatter_add (out-of-range indices dropped)',
    gen: gatherGen('scatter'),
  });
  cases.push({
    prim: 'sort',
    label: 'sort (one operand)',
    gen: ranked(1)
      .chain((s) => fc.tuple(distinct(s), fc.integer({ min: 0, max: s.length - 1 })))
      .map(([x, dim]) =>
        sample(`sort dim=${dim}`, [x], (a) =>
          bind('sort', [a], { dimension: dim, is_stable: true, num_keys: 1 }),
        ),
      ),
  });
  cases.push({
    prim: 'sort',
    label: 'sort (keys and a carried operand)',
    gen: ranked(1)
      .chain((s) => fc.tuple(distinct(s), arr(s, -3, 3), fc.integer({ min: 0, max: s.length - 1 })))
      .map(([k, v, dim]) =>
        sample(`sort 2 operands dim=${dim}`, [k, v], (a, b) =>
          bind('sort', [a as Tensor, b as Tensor], {
            dimension: dim,
            is_stable: true,
            num_keys: 1,
          }),
        ),
      ),
  });
  cases.push({
    prim: 'iota',
    label: 'iota',
    gen: ranked(1)
      .chain((s) => fc.tuple(arr(s, -3, 3), fc.integer({ min: 0, max: s.length - 1 })))
      .map(([x, d]) =>
        sample(`iota dim=${d}`, [x], (a) => {
          const i = bind1('iota', [], { dtype: 'int32', shape: [...x.shape], dimension: d });
          return [i, bind1('mul', [a, toFloat(i)], NONE)];
        }),
      ),
  });
  return cases;
}

// ---- linear algebra and windows ----------------------------------------------------------------

function dotGeneralGen(): fc.Arbitrary<Sample> {
  const size = fc.integer({ min: 1, max: 3 });
  return fc
    .record({
      batch: fc.array(size, { maxLength: 1 }),
      contract: fc.array(size, { maxLength: 2 }),
      lfree: fc.array(size, { maxLength: 1 }),
      rfree: fc.array(size, { maxLength: 2 }),
      pref: fc.boolean(),
    })
    .chain((r) => {
      const lRank = r.batch.length + r.contract.length + r.lfree.length;
      const rRank = r.batch.length + r.contract.length + r.rfree.length;
      return fc.tuple(fc.constant(r), permutation(lRank), permutation(rRank));
    })
    .chain(([r, lp, rp]) => {
      // Logical dims: [batch..., contract..., free...]; lp[i] = position of logical dim i.
      const nb = r.batch.length;
      const nc = r.contract.length;
      const lLogical = [...r.batch, ...r.contract, ...r.lfree];
      const rLogical = [...r.batch, ...r.contract, ...r.rfree];
      const lShape = new Array<number>(lLogical.length);
      lLogical.forEach((d, i) => {
        lShape[lp[i] as number] = d;
      });
      const rShape = new Array<number>(rLogical.length);
      rLogical.forEach((d, i) => {
        rShape[rp[i] as number] = d;
      });
      const dn: DotDimensionNumbers = {
        contracting: [
          range(nc).map((i) => lp[nb + i] as number),
          range(nc).map((i) => rp[nb + i] as number),
        ],
        batch: [range(nb).map((i) => lp[i] as number), range(nb).map((i) => rp[i] as number)],
      };
      return fc.tuple(arr(lShape, -2, 2), arr(rShape, -2, 2)).map(([x, y]) =>
        sample(`dot_general ${JSON.stringify(dn)}`, [x, y], (a, b) => [
          bind1('dot_general', [a as Tensor, b as Tensor], {
            dimension_numbers: dn,
            precision: null,
            preferred_element_type: r.pref ? 'float32' : null,
          }),
        ]),
      );
    });
}

interface ConvConfig {
  readonly spatial: number;
  readonly layout: 'NCH' | 'NHC';
  readonly stride: number[];
  readonly pad: [number, number][];
  readonly lhsDil: number[];
  readonly rhsDil: number[];
  readonly groups: 'none' | 'feature' | 'batch';
  readonly inSize: number[];
  readonly kSize: number[];
}

function convGen(): fc.Arbitrary<Sample> {
  return fc
    .integer({ min: 1, max: 2 })
    .chain((spatial) => {
      const per = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
        fc.array(a, { minLength: spatial, maxLength: spatial });
      return fc.record({
        spatial: fc.constant(spatial),
        layout: fc.constantFrom<'NCH' | 'NHC'>('NCH', 'NHC'),
        stride: per(fc.integer({ min: 1, max: 2 })),
        pad: per(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }))),
        lhsDil: per(fc.integer({ min: 1, max: 2 })),
        rhsDil: per(fc.integer({ min: 1, max: 2 })),
        groups: fc.constantFrom<'none' | 'feature' | 'batch'>('none', 'feature', 'batch'),
        inSize: per(fc.integer({ min: 2, max: 4 })),
        kSize: per(fc.integer({ min: 1, max: 2 })),
      });
    })
    .filter((c: ConvConfig) =>
      c.inSize.every((n, i) => {
        const inD = (n - 1) * (c.lhsDil[i] as number) + 1;
        const kD = ((c.kSize[i] as number) - 1) * (c.rhsDil[i] as number) + 1;
        const [lo, hi] = c.pad[i] as [number, number];
        return inD + lo + hi - kD >= 0;
      }),
    )
    .chain((c: ConvConfig) => {
      const g = c.groups === 'none' ? 1 : 2;
      const n = c.groups === 'batch' ? 2 : 1;
      const cin = c.groups === 'feature' ? 2 : 1 + (c.spatial === 1 ? 1 : 0);
      const cout = 2;
      const lhsLogical = [n, cin, ...c.inSize];
      const rhsLogical = [cout, c.groups === 'feature' ? cin / g : cin, ...c.kSize];
      // NCH: identity specs; NHC: channels last (lhs/out NHC, rhs HIO).
      const nd = 2 + c.spatial;
      const sp = range(c.spatial).map((i) => i + 1);
      const lhsSpec = c.layout === 'NCH' ? range(nd) : [0, nd - 1, ...sp];
      const rhsSpec = c.layout === 'NCH' ? range(nd) : [nd - 1, nd - 2, ...range(c.spatial)];
      const place = (logical: number[], spec: number[]): number[] => {
        const s = new Array<number>(nd);
        spec.forEach((pos, i) => {
          s[pos] = logical[i] as number;
        });
        return s;
      };
      const lShape = place(lhsLogical, lhsSpec);
      const rShape = place(rhsLogical, rhsSpec);
      const params = {
        window_strides: c.stride,
        padding: c.pad,
        lhs_dilation: c.lhsDil,
        rhs_dilation: c.rhsDil,
        dimension_numbers: { lhsSpec, rhsSpec, outSpec: lhsSpec },
        feature_group_count: c.groups === 'feature' ? g : 1,
        batch_group_count: c.groups === 'batch' ? g : 1,
      };
      return fc
        .tuple(arr(lShape, -2, 2), arr(rShape, -2, 2))
        .map(([x, w]) =>
          sample(`conv ${JSON.stringify(params)}`, [x, w], (a, b) => [
            bind1('conv_general_dilated', [a as Tensor, b as Tensor], params),
          ]),
        );
    });
}

function windowGen(
  prim: 'reduce_window_sum' | 'reduce_window_max' | 'reduce_window_min',
): fc.Arbitrary<Sample> {
  return ranked(1, 2)
    .chain((s) => {
      const per = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
        fc.array(a, { minLength: s.length, maxLength: s.length });
      return fc.record({
        s: fc.constant(s.map((d) => d + 1)),
        window_dimensions: per(fc.integer({ min: 1, max: 2 })),
        window_strides: per(fc.integer({ min: 1, max: 2 })),
        padding: per(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }))),
        base_dilation: per(fc.integer({ min: 1, max: 2 })),
        window_dilation: per(fc.integer({ min: 1, max: 2 })),
      });
    })
    .filter((p) =>
      p.s.every((n, i) => {
        const inD = (n - 1) * (p.base_dilation[i] as number) + 1;
        const [lo, hi] = p.padding[i] as [number, number];
        const wD = ((p.window_dimensions[i] as number) - 1) * (p.window_dilation[i] as number) + 1;
        return inD + lo + hi - wD >= 0;
      }),
    )
    .chain((p) =>
      (prim === 'reduce_window_sum' ? arr(p.s, -3, 3) : distinct(p.s)).map((x) => {
        const { s: _s, ...params } = p;
        return sample(`${prim} ${JSON.stringify(params)}`, [x], (a) => [bind1(prim, [a], params)]);
      }),
    );
}

function linalgCases(): PrimitiveCase[] {
  return [
    {
      prim: 'dot_general',
      label: 'dot_general (random batch/contracting dims and layouts)',
      gen: dotGeneralGen(),
    },
    {
      prim: 'conv_general_dilated',
      label: 'conv_general_dilated (strides, padding, dilations, groups, layouts)',
      gen: convGen(),
    },
    { prim: 'reduce_window_sum', label: 'reduce_window_sum', gen: windowGen('reduce_window_sum') },
    { prim: 'reduce_window_max', label: 'reduce_window_max', gen: windowGen('reduce_window_max') },
    { prim: 'reduce_window_min', label: 'reduce_window_min', gen: windowGen('reduce_window_min') },
  ];
}

// ---- higher-order -------------------------------------------------------------------------------

const jitted = jit((x: Tensor, y: Tensor) =>
  jnp
    .sin(x)
    .mul(y)
    .add(jnp.exp(y.mul(0.5))),
);

const customSinCos = customJvp((x: Tensor) => jnp.sin(x)).defJvp(([x], [t]) => [
  jnp.sin(x),
  jnp.cos(x).mul(t),
]);

function higherOrderCases(): PrimitiveCase[] {
  return [
    {
      prim: 'jit',
      label: 'jit (a staged sub-program)',
      gen: anyShape()
        .chain((s) => fc.tuple(arr(s, -3, 3), arr(s, -3, 3)))
        .map(([x, y]) => sample('jit', [x, y], (a, b) => [jitted(a as Tensor, b as Tensor)])),
    },
    {
      prim: 'custom_jvp_call',
      label: 'custom_jvp_call (the rule is used)',
      gen: anyShape()
        .chain((s) => arr(s, -3, 3))
        .map((x) => sample('custom_jvp', [x], (a) => [customSinCos(a)])),
    },
  ];
}

/** Every primitive case of the property tests. */
export function primitiveCases(): PrimitiveCase[] {
  return [
    ...unaryCases(),
    ...binaryCases(),
    ...otherElementwiseCases(),
    ...reductionCases(),
    ...structureCases(),
    ...linalgCases(),
    ...higherOrderCases(),
  ];
}
