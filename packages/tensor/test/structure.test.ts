/**
 * Structure ops (jnp reshape ... argsort and lax broadcast_in_dim ... iota) against real JAX
 * (golden/ops-shape.json and the structure part of golden/ops-lax.json), on cpu and wasm; their
 * errors; and jaxprs of the structure primitives.
 */
import {
  AxisError,
  DTypeError,
  InvalidArgumentError,
  jit,
  numpy as jnp,
  lax,
  makeJaxpr,
  ShapeError,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoldenCase, loadGolden } from './golden.ts';
import {
  decodeArg,
  type ErrorSpec,
  expectCase,
  expectError,
  expectGolden,
  optionsOf,
} from './structure-golden.ts';

type Runner = (args: unknown[], o: Record<string, unknown>) => Tensor | Tensor[];
type T = Tensor;

const numpyRunners: Record<string, Runner> = {
  'numpy.reshape': ([x, s]) => jnp.reshape(x as T, s as number[]),
  'numpy.transpose': ([x], o) => jnp.transpose(x as T, o.axes as number[] | undefined),
  'numpy.swapaxes': ([x, a, b]) => jnp.swapaxes(x as T, a as number, b as number),
  'numpy.moveaxis': ([x, s, d]) => jnp.moveaxis(x as T, s as number, d as number),
  'numpy.expandDims': ([x, a]) => jnp.expandDims(x as T, a as number),
  'numpy.squeeze': ([x], o) => jnp.squeeze(x as T, (o.axis as number | undefined) ?? null),
  'numpy.broadcastTo': ([x, s]) => jnp.broadcastTo(x as T, s as number[]),
  'numpy.broadcastArrays': (args) => jnp.broadcastArrays(...(args as T[])),
  'numpy.concatenate': ([xs], o) =>
    jnp.concatenate(xs as T[], 'axis' in o ? (o.axis as number | null) : 0),
  'numpy.stack': ([xs], o) => jnp.stack(xs as T[], (o.axis as number | undefined) ?? 0),
  'numpy.hstack': ([xs]) => jnp.hstack(xs as T[]),
  'numpy.vstack': ([xs]) => jnp.vstack(xs as T[]),
  'numpy.split': ([x, s], o) => jnp.split(x as T, s as number, (o.axis as number | undefined) ?? 0),
  'numpy.arraySplit': ([x, s], o) =>
    jnp.arraySplit(x as T, s as number, (o.axis as number | undefined) ?? 0),
  'numpy.tile': ([x, r]) => jnp.tile(x as T, r as number),
  'numpy.repeat': ([x, r], o) =>
    jnp.repeat(x as T, r as number, { axis: (o.axis as number | undefined) ?? null }),
  'numpy.flip': ([x], o) => jnp.flip(x as T, (o.axis as number | undefined) ?? null),
  'numpy.pad': ([x, w], o) => jnp.pad(x as T, w as number, o as jnp.PadOptions),
  'numpy.sort': ([x], o) => jnp.sort(x as T, o),
  'numpy.argsort': ([x], o) => jnp.argsort(x as T, o),
};

const laxRunners: Record<string, Runner> = {
  'lax.broadcastInDim': ([x, s, d]) => lax.broadcastInDim(x as T, s as number[], d as number[]),
  'lax.reshape': ([x, s], o) =>
    lax.reshape(x as T, s as number[], {
      dimensions: (o.dimensions as number[] | undefined) ?? null,
    }),
  'lax.slice': ([x, s, l], o) =>
    lax.slice(x as T, s as number[], l as number[], o.strides as number[] | undefined),
  'lax.dynamicSlice': ([x, s, z]) => lax.dynamicSlice(x as T, s as (number | T)[], z as number[]),
  'lax.dynamicUpdateSlice': ([x, u, s]) =>
    lax.dynamicUpdateSlice(x as T, u as T, s as (number | T)[]),
  'lax.pad': ([x, v, c]) => lax.pad(x as T, v as number, c as [number, number, number][]),
  'lax.iota': ([d, n]) => lax.iota(d as 'int32', n as number),
  'lax.sort': ([x], o) => lax.sort(x as T, o),
};

const ERRORS: Record<string, ErrorSpec> = {
  'reshape/incompatible_error': [
    ShapeError,
    /reshape: cannot reshape f32\[2,3,4\] \(size 24\) into shape \[5,5\] \(size 25\)/,
  ],
  'reshape/two_neg1_error': [ShapeError, /only specify one unknown dimension/],
  'reshape/neg1_indivisible_error': [ShapeError, /\[5,-1\].*does not evenly divide 24/],
  'transpose/bad_perm_error': [AxisError, /not a permutation.*got \[0,0,1\]/],
  'transpose/wrong_length_error': [AxisError, /not a permutation.*got \[1,0\]/],
  'swapaxes/bad_axis_error': [AxisError, /axis 3 is out of bounds for array of dimension 3/],
  'moveaxis/bad_axis_error': [AxisError, /axis 3 is out of bounds for array of dimension 3/],
  'expandDims/bad_axis_error': [AxisError, /axis 4 is out of bounds for array of dimension 3/],
  'squeeze/non_unit_axis_error': [ShapeError, /size not equal to one.*axis 1 of size 3/],
  'broadcastTo/incompatible_error': [ShapeError, /cannot broadcast f32\[3\] to f32\[2,4\]/],
  'broadcastTo/fewer_dims_error': [ShapeError, /fewer dimensions.*f32\[3,4\] and shape \[4\]/],
  'broadcastArrays/incompatible_error': [
    ShapeError,
    /broadcastArrays: shapes \[3\], \[4\] do not broadcast/,
  ],
  'concatenate/mismatch_error': [ShapeError, /operand 0 is f32\[2,3\] but operand 1 is f32\[2,2\]/],
  'concatenate/rank_mismatch_error': [
    ShapeError,
    /same rank; operand 0 is f32\[2,3\] but operand 1 is f32\[3\]/,
  ],
  'concatenate/scalar_error': [ShapeError, /zero-dimensional arrays cannot be concatenated/],
  'concatenate/empty_list_error': [InvalidArgumentError, /need at least one array/],
  'stack/mismatch_error': [ShapeError, /same shape; got \[2,3\], \[3,2\]/],
  'vstack/mismatch_error': [ShapeError, /must match except along dimension 0/],
  'split/indices_out_of_range_error': [InvalidArgumentError, /non-decreasing.*sizes \[2,8,-4\]/],
  'split/indices_decreasing_error': [InvalidArgumentError, /non-decreasing.*sizes \[4,-2,4\]/],
  'split/uneven_error': [ShapeError, /equal division.*rest is 2/],
  'repeat/per_element_length_error': [ShapeError, /expected 3 counts, got 2/],
  'pad/negative_width_error': [InvalidArgumentError, /non-negative integers/],
  'sort/scalar_error': [AxisError, /axis -1 is out of bounds for array of dimension 0/],
  'lax.broadcastInDim/size_mismatch_error': [
    ShapeError,
    /must be 1 or equal to the target dimension/,
  ],
  'lax.broadcastInDim/dims_length_error': [
    ShapeError,
    /one entry per operand dimension; expected 1, got \[\]/,
  ],
  'lax.reshape/neg1_error': [
    ShapeError,
    /new_sizes must contain non-negative integers; got \[-1\]/,
  ],
  'lax.reshape/size_mismatch_error': [
    ShapeError,
    /reshape: cannot reshape f32\[2,3\] \(size 6\) into shape \[4\] \(size 4\)/,
  ],
  'lax.slice/out_of_bounds_error': [ShapeError, /slice: indices out of bounds in dimension 0/],
  'lax.slice/start_gt_limit_error': [ShapeError, /slice: indices out of bounds in dimension 0/],
  'lax.dynamicSlice/size_too_big_error': [
    ShapeError,
    /slice_sizes must be at most the operand shape; got slice_sizes \[5,2\] for operand f32\[4,6\]/,
  ],
  'lax.dynamicSlice/wrong_count_error': [ShapeError, /wrong number of start indices; expected 2/],
  'lax.dynamicUpdateSlice/dtype_mismatch_error': [
    DTypeError,
    /expected float32, got update i32\[1,1\]/,
  ],
  'lax.dynamicUpdateSlice/update_too_big_error': [
    ShapeError,
    /fit inside it; got update f32\[5,1\] for operand f32\[4,6\]/,
  ],
  'lax.pad/negative_interior_error': [
    InvalidArgumentError,
    /interior padding must be non-negative/,
  ],
  'lax.pad/too_negative_error': [ShapeError, /dimension 0 has negative size -1 after padding/],
  'lax.pad/wrong_rank_error': [
    ShapeError,
    /one \(low, high, interior\) triple per operand dimension; expected 2, got 1/,
  ],
  'lax.iota/negative_size_error': [
    ShapeError,
    /iota: shape must contain non-negative integers; got \[-1\]/,
  ],
  'lax.sort/shape_mismatch_error': [ShapeError, /equal shapes; got f32\[5\], i32\[2\]/],
};

const shapeCases = loadGolden('ops-shape.json').cases.filter((c) => c.fn in numpyRunners);
const laxCases = loadGolden('ops-lax.json').cases.filter((c) => c.fn in laxRunners);

function runCase(c: GoldenCase, runners: Record<string, Runner>): void {
  const run = () => (runners[c.fn] as Runner)(c.args.map(decodeArg), optionsOf(c));
  if (c.error !== undefined) {
    const spec = ERRORS[c.id];
    expect(spec, `no expected error for ${c.id}`).toBeDefined();
    expectError(run, spec as ErrorSpec);
    return;
  }
  expectCase(c, run());
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`structure golden (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    afterAll(async () => {
      await setBackend('cpu');
    });
    it('covers the structure cases of the golden files', () => {
      expect(shapeCases.length).toBeGreaterThan(120);
      expect(laxCases.length).toBe(64);
    });
    for (const c of shapeCases) it(c.id, () => runCase(c, numpyRunners));
    for (const c of laxCases) it(c.id, () => runCase(c, laxRunners));
  });
}

describe('structure ops on all dtypes and backends', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`bool and uint32 go through every kernel unchanged (${backend})`, async () => {
      await setBackend(backend);
      const b = jnp.array([
        [true, false, true],
        [false, false, true],
      ]);
      expect(jnp.transpose(b).toArray()).toEqual([
        [true, false],
        [false, false],
        [true, true],
      ]);
      expect(jnp.flip(b, 1).toArray()).toEqual([
        [true, false, true],
        [true, false, false],
      ]);
      expect(jnp.tile(b, [1, 2]).shape).toEqual([2, 6]);
      expect(lax.broadcastInDim(jnp.array([true, false]), [2, 2], [1]).toArray()).toEqual([
        [true, false],
        [true, false],
      ]);
      expect(lax.slice(b, [0, 0], [2, 3], [1, 2]).toArray()).toEqual([
        [true, true],
        [false, true],
      ]);
      expect(
        lax
          .pad(b, false, [
            [1, 0, 0],
            [0, 0, 1],
          ])
          .toArray(),
      ).toEqual([
        [false, false, false, false, false],
        [true, false, false, false, true],
        [false, false, false, false, true],
      ]);
      expect(lax.dynamicUpdateSlice(b, jnp.array([[true, true]]), [1, 0]).toArray()).toEqual([
        [true, false, true],
        [true, true, true],
      ]);
      expect(jnp.take(b, jnp.array([2, 0, 5]), { axis: 1 }).toArray()).toEqual([
        [true, true, true],
        [true, false, true],
      ]);
      const u = jnp.array([4294967295, 1, 2147483648], 'uint32');
      expect(Array.from(jnp.flip(u).dataSync())).toEqual([2147483648, 1, 4294967295]);
      expect(Array.from(jnp.sort(u).dataSync())).toEqual([1, 2147483648, 4294967295]);
      expect(Array.from(jnp.argsort(u).dataSync())).toEqual([1, 2, 0]);
      expect(Array.from(lax.slice(jnp.arange(10), [1], [10], [3]).dataSync())).toEqual([1, 4, 7]);
      await setBackend('cpu');
    });
  }

  it('gather fills out-of-range indices per dtype (NaN, INT_MIN, UINT_MAX, True)', () => {
    const idx = jnp.array([3, -1]);
    expect(
      Array.from(jnp.take(jnp.array([1, 2, 3], 'uint32'), idx, { mode: 'fill' }).dataSync()),
    ).toEqual([4294967295, 3]);
    expect(Array.from(jnp.take(jnp.array([1, 2, 3]), jnp.array([3, -4]), {}).dataSync())).toEqual([
      -2147483648, -2147483648,
    ]);
  });

  it('sort is stable, puts NaN last and treats -0 like 0 (multi-operand, numKeys)', () => {
    const keys = jnp.array([0, -0.0, Number.NaN, 1, -Number.POSITIVE_INFINITY, 0]);
    const [k, i] = lax.sort([keys, jnp.arange(6)], { numKeys: 1 }) as [Tensor, Tensor];
    expect(Array.from(i.dataSync())).toEqual([4, 0, 1, 5, 3, 2]);
    expect(Array.from(k.dataSync())).toEqual([Number.NEGATIVE_INFINITY, 0, -0, 0, 1, Number.NaN]);
  });

  it('pad combines interior, negative low/high and crops into the interior', () => {
    const x = jnp.arange(1, 5);
    expect(Array.from(lax.pad(x, 0, [[-2, -1, 2]]).dataSync())).toEqual([0, 2, 0, 0, 3, 0, 0]);
    expect(
      lax.pad(jnp.zeros([0, 2]), 1, [
        [1, 1, 3],
        [0, 0, 0],
      ]).shape,
    ).toEqual([2, 2]);
  });
});

describe('structure errors name the op, the shapes and the fix', () => {
  it('abstract eval rejects bad parameters before any kernel runs', () => {
    const x = jnp.zeros([2, 3]);
    expectError(
      () => lax.transpose(x, [0, 2]),
      [AxisError, /transpose: permutation is not a permutation/],
    );
    expectError(
      () => lax.squeeze(x, [0]),
      [ShapeError, /squeeze: cannot squeeze dimension 0 of size 2/],
    );
    expectError(
      () => lax.rev(x, [2]),
      [AxisError, /rev: dimensions \[2\] out of range for f32\[2,3\]/],
    );
    expectError(
      () => lax.concatenate([x, jnp.zeros([2, 3], 'int32')], 0),
      [DTypeError, /same dtype.*operand 1 is i32\[2,3\]/],
    );
    expectError(
      () => lax.concatenate([x, jnp.zeros([3, 3])], 1),
      [ShapeError, /except along dimension 1; operand 0 is f32\[2,3\] but operand 1 is f32\[3,3\]/],
    );
    expectError(
      () => lax.slice(x, [0, 0], [2, 3], [1, 0]),
      [InvalidArgumentError, /strides must be positive/],
    );
    expectError(
      () =>
        lax.pad(x, jnp.zeros([1]), [
          [0, 0, 0],
          [0, 0, 0],
        ]),
      [ShapeError, /padding_value must be a scalar/],
    );
    expectError(
      () =>
        lax.pad(x, jnp.array(1), [
          [0, 0, 0],
          [0, 0, 0],
        ]),
      [DTypeError, /padding_value must have the operand's dtype/],
    );
    expectError(
      () => lax.broadcastedIota('int32', [2, 3], 2),
      [AxisError, /iota: dimension must be in \[0, rank of shape\)/],
    );
    expectError(
      () => lax.dynamicSlice(x, [jnp.array(0.5), 0], [1, 1]),
      [DTypeError, /start index 0 must be an integer scalar; got f32\[\]/],
    );
    expectError(
      () => lax.sort([x, x], { numKeys: 3 }),
      [InvalidArgumentError, /num_keys must be in \[1, number of operands\]/],
    );
    expectError(
      () => lax.broadcastInDim(jnp.zeros([3]), [3, 3], [2]),
      [AxisError, /broadcast_dimensions \[2\] out of range/],
    );
    expectError(() => lax.expandDims(x, [0, 0]), [AxisError, /repeated dimension 0/]);
    expectError(() => jnp.reshape(x, [-1, 0]), [ShapeError, /does not evenly divide 6/]);
  });
});

describe('structure primitives in jaxprs', () => {
  it('prints JAX-named equations with static params', () => {
    const f = (x: Tensor) => {
      const y = lax.pad(lax.reshape(jnp.transpose(x), [6]), 0, [[1, 1, 1]]);
      return lax.concatenate([lax.rev(y, [0]), lax.slice(y, [0], [4], [2])], 0);
    };
    const j = makeJaxpr(f)(jnp.zeros([2, 3])).toString();
    for (const prim of ['transpose', 'reshape', 'pad', 'rev', 'slice', 'concatenate'])
      expect(j).toContain(prim);
    expect(j).toContain('f32[15]');
  });

  it('traces indexing, sort and dynamic slices without reading values', () => {
    const f = (x: Tensor, i: Tensor) => [
      jnp.argsort(x),
      lax.dynamicSlice(x, [i], [2]),
      x.get(i),
      x.at(i).add(1),
    ];
    const j = makeJaxpr(f)(jnp.zeros([5]), jnp.array(1)).toString();
    for (const prim of ['sort', 'dynamic_slice', 'gather', 'scatter_add', 'iota'])
      expect(j).toContain(prim);
  });

  it('jit(f) equals f for indexing, updates, sort, dynamic slices and pads', () => {
    const f = (x: Tensor, i: Tensor) => [
      x.get(i, '::-1'),
      x.at(i).add(1),
      x.at(':', jnp.array([0, 0, 2])).multiply(2),
      jnp.argsort(x, { axis: 0 }),
      lax.dynamicSlice(x, [i, 1], [2, 2]),
      lax.dynamicUpdateSlice(x, jnp.ones([1, 2]), [i, i]),
      jnp.take(x, jnp.array([-1, 9]), { axis: 1 }),
      jnp.pad(x, 1, { mode: 'reflect' }),
      jnp.tril(x),
      jnp.repeat(x, 2, { axis: 0 }),
      jnp.split(x, 3, 1)[1] as Tensor,
      jnp.takeAlongAxis(x, jnp.argsort(x, { axis: 1 }), 1),
    ];
    const x = jnp.array(
      [
        [3, 1, 2],
        [0, 5, -1],
        [4, 4, 4],
      ],
      'float32',
    );
    const i = jnp.array(1);
    const eager = f(x, i);
    const staged = jit(f)(x, i) as Tensor[];
    eager.forEach((t, k) => {
      expect((staged[k] as Tensor).toArray()).toEqual(t.toArray());
    });
  });

  it('evaluates like the eager op (shapes checked by abstract eval)', () => {
    const x = jnp.arange(12).reshape([3, 4]);
    expectGolden(jnp.moveaxis(x, 0, -1), {
      shape: [4, 3],
      dtype: 'int32',
      data: [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11],
    });
  });
});
