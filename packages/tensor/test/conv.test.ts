/**
 * lax.convGeneralDilated and lax.reduceWindow against real JAX (the conv / reduce_window cases of
 * golden/ops-lax.json and golden/ops-linalg-extra.json) on the cpu and wasm backends: every
 * kernel path (Conv2D, depthwise, grouped, batch-grouped, Conv3D, 1-D, transposed, host loops
 * for ints / bools / >3 spatial dims, pooling stages), padding rules and errors.
 */
import {
  DTypeError,
  getBackend,
  InvalidArgumentError,
  type JaxtsError,
  numpy as jnp,
  lax,
  makeJaxpr,
  memoryStats,
  ShapeError,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { bind } from '@jaxts/tensor/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNumber, type GoldenCase, type GoldenTensor, loadGolden } from './golden.ts';

type Golden = GoldenTensor & { readonly weakType?: boolean };

function decodeArg(a: unknown): unknown {
  const o = a as Record<string, unknown>;
  if ('tensor' in o) {
    const t = o.tensor as Golden;
    return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype, t.weakType === true);
  }
  if ('scalar' in o) return decodeNumber(o.scalar as number | boolean | string);
  return o.value;
}

function run(c: GoldenCase): Tensor {
  const args = c.args.map(decodeArg);
  const o = (c.options ?? {}) as Record<string, unknown>;
  if (c.fn === 'lax.convGeneralDilated') {
    const [lhs, rhs, strides, padding] = args as [Tensor, Tensor, number[], lax.Padding];
    return lax.convGeneralDilated(lhs, rhs, strides, padding, {
      lhsDilation: (o.lhsDilation as number[] | undefined) ?? null,
      rhsDilation: (o.rhsDilation as number[] | undefined) ?? null,
      dimensionNumbers: (o.dimensionNumbers as lax.ConvDimensionNumbersSpec | undefined) ?? null,
      featureGroupCount: (o.featureGroupCount as number | undefined) ?? 1,
      batchGroupCount: (o.batchGroupCount as number | undefined) ?? 1,
    });
  }
  if (c.fn === 'lax.convTranspose') {
    const [lhs, rhs, strides, padding] = args as [Tensor, Tensor, number[], lax.Padding];
    return lax.convTranspose(lhs, rhs, strides, padding, {
      rhsDilation: (o.rhsDilation as number[] | undefined) ?? null,
      dimensionNumbers: (o.dimensionNumbers as lax.ConvDimensionNumbersSpec | undefined) ?? null,
      transposeKernel: (o.transposeKernel as boolean | undefined) ?? false,
    });
  }
  if (c.fn === 'lax.reduceWindow') {
    const [x, init, comp, dims] = args as [
      Tensor,
      number | boolean,
      lax.WindowComputation,
      number[],
    ];
    return lax.reduceWindow(
      x,
      init,
      comp,
      dims,
      (o.windowStrides as number[] | undefined) ?? null,
      (o.padding as lax.Padding | undefined) ?? 'VALID',
      {
        baseDilation: (o.baseDilation as number[] | undefined) ?? null,
        windowDilation: (o.windowDilation as number[] | undefined) ?? null,
      },
    );
  }
  throw new Error(`no runner for ${c.fn}`);
}

function expectGolden(actual: Tensor, expected: Golden): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.weakType).toBe(expected.weakType === true);
  const want = expected.data.map(decodeNumber);
  const got = Array.from(actual.dataSync(), Number);
  if (expected.dtype === 'float32') expect(got).toBeAllclose(want, { rtol: 2e-5, atol: 1e-5 });
  else if (expected.dtype === 'bool') expect(got.map((v) => v !== 0)).toEqual(want);
  else expect(got).toEqual(want);
}

type ErrorSpec = readonly [new (...args: never[]) => JaxtsError, RegExp];

function expectError(f: () => unknown, [cls, re]: ErrorSpec): void {
  let caught: unknown = null;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(cls);
  expect((caught as Error).message).toMatch(re);
}

const ERRORS: Record<string, ErrorSpec> = {
  'lax.convGeneralDilated/2d_lhs_dilation_same_error': [
    InvalidArgumentError,
    /^lax\.convGeneralDilated: string padding is not implemented for transposed convolution/,
  ],
  'lax.convGeneralDilated/channel_mismatch_error': [
    ShapeError,
    /^conv_general_dilated: lhs feature dimension divided by feature_group_count must equal the rhs input feature dimension; expected 2 \(rhs input features\), got 3 \/ 1 = 3 for lhs f32\[1,3,5,5\] and rhs f32\[2,2,3,3\]/,
  ],
  'lax.convGeneralDilated/rank_mismatch_error': [
    ShapeError,
    /^lax\.convGeneralDilated: lhs and rhs must have the same rank; got ranks 3 and 4/,
  ],
  'lax.convGeneralDilated/groups_indivisible_error': [
    ShapeError,
    /^conv_general_dilated: feature_group_count must divide the lhs feature dimension; got feature_group_count=2 and lhs f32\[1,3,5,5\] with 3 features/,
  ],
  'lax.reduceWindow/rank_mismatch_error': [
    ShapeError,
    /^lax\.reduceWindow: windowDimensions, windowStrides and windowDilation must have one entry per operand dimension; expected 4/,
  ],
};

const cases: GoldenCase[] = [
  ...loadGolden('ops-lax.json').cases,
  ...loadGolden('ops-linalg-extra.json').cases,
].filter((c) => ['lax.convGeneralDilated', 'lax.convTranspose', 'lax.reduceWindow'].includes(c.fn));

describe.each(['cpu', 'wasm'] as const)('conv and reduce_window golden values on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });

  it('runs on the requested backend and covers every recorded case', () => {
    expect(getBackend()).toBe(backend);
    expect(cases.length).toBeGreaterThan(60);
  });

  for (const c of cases) {
    it(c.id, () => {
      if (c.error !== undefined) {
        const spec = ERRORS[c.id];
        expect(spec, `no expected error for ${c.id}`).toBeDefined();
        expectError(() => run(c), spec as ErrorSpec);
        return;
      }
      expectGolden(run(c), c.out as Golden);
    });
  }

  it('frees the temporaries of every path (grouped, transposed, pooled)', () => {
    const x = jnp.ones([1, 4, 5, 5]);
    const w = jnp.ones([4, 2, 3, 3]);
    const ops = (): Tensor[] => [
      lax.convGeneralDilated(
        x,
        w,
        [2, 1],
        [
          [1, 2],
          [-1, 1],
        ],
        {
          lhsDilation: [2, 1],
          featureGroupCount: 2,
        },
      ),
      lax.reduceWindow(x, 0, 'add', [1, 2, 2, 3], [1, 1, 2, 1], 'SAME', {
        baseDilation: [1, 1, 2, 1],
      }),
      lax.reduceWindow(x, 1.5, 'max', [1, 2, 2, 1], null, 'VALID'),
    ];
    // A first run creates the cached scalar constant (1.5), which lives on by design.
    ops();
    const before = memoryStats().liveArrays;
    const outs = ops();
    expect(memoryStats().liveArrays - before).toBe(outs.length);
  });
});

describe('conv_general_dilated abstract eval', () => {
  const f = (shape: number[], dtype: 'float32' | 'int32' = 'float32'): Tensor =>
    jnp.ones(shape, dtype);

  it('computes JAX output shapes, including transposed convolutions', () => {
    // (5 - 1) * 2 + 1 = 9 dilated, + 2 + 2 padding = 13, window 3 -> 11.
    expect(
      lax.convGeneralDilated(
        f([1, 1, 5, 5]),
        f([1, 1, 3, 3]),
        [1, 1],
        [
          [2, 2],
          [2, 2],
        ],
        { lhsDilation: [2, 2] },
      ).shape,
    ).toEqual([1, 1, 11, 11]);
    expect(
      lax.convGeneralDilated(f([2, 7, 3]), f([3, 3, 4]), [2], 'SAME', {
        dimensionNumbers: ['NWC', 'WIO', 'NWC'],
      }).shape,
    ).toEqual([2, 4, 4]);
    expect(
      lax.convGeneralDilated(f([4, 2, 6]), f([6, 2, 3]), [1], 'VALID', { batchGroupCount: 2 })
        .shape,
    ).toEqual([2, 6, 4]);
    // Window larger than the input: zero outputs (stride_dim clamps at 0).
    expect(lax.conv(f([1, 1, 2, 2]), f([1, 1, 3, 3]), [1, 1], 'VALID').shape).toEqual([1, 1, 0, 0]);
  });

  it('SAME padding follows lax.padtype_to_pads (extra pad at the end)', () => {
    expect(lax.padtypeToPads([5, 6], [2, 3], [1, 2], 'SAME')).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(lax.padtypeToPads([5], [4], [1], 'SAME_LOWER')).toEqual([[2, 1]]);
    expect(lax.padtypeToPads([5], [4], [1], 'VALID')).toEqual([[0, 0]]);
    expectError(
      () => lax.padtypeToPads([5], [4], [1], 'FULL'),
      [InvalidArgumentError, /unrecognized padding type/],
    );
  });

  it('converts layout strings like JAX conv_dimension_numbers', () => {
    expect(lax.convDimensionNumbers([1, 2, 3, 4], [1, 2, 3, 4], ['NHWC', 'HWIO', 'NHWC'])).toEqual({
      lhsSpec: [0, 3, 1, 2],
      rhsSpec: [3, 2, 0, 1],
      outSpec: [0, 3, 1, 2],
    });
    // Spatial dims are ordered as in the rhs spec.
    expect(lax.convDimensionNumbers([1, 2, 3, 4], [1, 2, 3, 4], ['NWHC', 'OIHW', 'NCHW'])).toEqual({
      lhsSpec: [0, 3, 2, 1],
      rhsSpec: [0, 1, 2, 3],
      outSpec: [0, 1, 2, 3],
    });
    expectError(
      () => lax.convDimensionNumbers([1, 2, 3], [1, 2, 3], ['NCW', 'OIW', 'NWW']),
      [InvalidArgumentError, /must contain 'N' and 'C' exactly once/],
    );
    expectError(
      () => lax.convDimensionNumbers([1, 2, 3], [1, 2, 3], ['NCW', 'OIH', 'NCW']),
      [InvalidArgumentError, /same spatial characters/],
    );
    expectError(
      () => lax.convDimensionNumbers([1, 2, 3], [1, 2, 3], ['NCHW', 'OIHW', 'NCHW']),
      [ShapeError, /one character per operand dimension/],
    );
  });

  it('raises every shape and dtype error before running a kernel', () => {
    const conv = (
      lhs: Tensor,
      rhs: Tensor,
      params: Partial<{
        window_strides: number[];
        padding: [number, number][];
        lhs_dilation: number[];
        rhs_dilation: number[];
        feature_group_count: number;
        batch_group_count: number;
      }> = {},
    ): Tensor => {
      const n = lhs.ndim;
      const ns = Math.max(0, n - 2);
      const iota = Array.from({ length: n }, (_, i) => i);
      return bind('conv_general_dilated', [lhs, rhs], {
        window_strides: new Array<number>(ns).fill(1),
        padding: new Array(ns).fill([0, 0]),
        lhs_dilation: new Array<number>(ns).fill(1),
        rhs_dilation: new Array<number>(ns).fill(1),
        dimension_numbers: { lhsSpec: iota, rhsSpec: iota, outSpec: iota },
        feature_group_count: 1,
        batch_group_count: 1,
        ...params,
      })[0] as Tensor;
    };
    expectError(
      () => conv(f([1, 2, 4]), f([1, 2, 2], 'int32')),
      [
        DTypeError,
        /^conv_general_dilated: lhs and rhs must have the same dtype; got f32\[1,2,4\] and i32\[1,2,2\]/,
      ],
    );
    expectError(
      () => conv(f([1, 2, 4]), f([3, 2, 2]), { batch_group_count: 2 }),
      [ShapeError, /batch_group_count must divide the lhs batch dimension/],
    );
    expectError(
      () => conv(f([2, 2, 4]), f([3, 2, 2]), { batch_group_count: 2 }),
      [ShapeError, /output feature dimension must be a multiple of batch_group_count/],
    );
    expectError(
      () => conv(f([2, 4, 4]), f([3, 2, 2]), { feature_group_count: 2 }),
      [ShapeError, /output feature dimension must be a multiple of feature_group_count/],
    );
    expectError(
      () => conv(f([2, 4, 4]), f([4, 2, 2]), { feature_group_count: 2, batch_group_count: 2 }),
      [InvalidArgumentError, /at most one of batch_group_count and feature_group_count/],
    );
    expectError(
      () => conv(f([1, 2, 4]), f([1, 2, 2]), { window_strides: [0] }),
      [InvalidArgumentError, /window_strides must contain positive integers/],
    );
    expectError(
      () => conv(f([1, 2, 4]), f([1, 2, 2]), { window_strides: [1, 1] }),
      [ShapeError, /window_strides must have one entry per spatial dimension; expected 1/],
    );
    expectError(
      () => conv(f([1, 2, 4]), f([1, 2, 2]), { padding: [[-3, -2]] }),
      [ShapeError, /negative padding is larger than the corresponding dimension/],
    );
    expectError(
      () => conv(f([1, 2, 4]), f([1, 2, 2]), { padding: [] }),
      [ShapeError, /padding must have one \(low, high\) pair per dimension/],
    );
    expectError(() => conv(f([2]), f([2])), [ShapeError, /rank >= 2/]);
  });

  it('conv is lax.conv_general_dilated in the jaxpr', () => {
    const j = makeJaxpr((x: Tensor, w: Tensor) => lax.conv(x, w, [1, 1], 'SAME'))(
      f([1, 2, 4, 4]),
      f([3, 2, 3, 3]),
    );
    expect(j.toString()).toMatch(/conv_general_dilated\[/);
    expect(j.toString()).toMatch(/padding=\(\(1, 1\), \(1, 1\)\)/);
  });
});

describe('reduceWindow', () => {
  it('maps monoid inits to reduce_window_{sum,max,min} and combines other inits once', () => {
    const x = jnp.ones([4]);
    const jx = (init: number, comp: lax.WindowComputation): string =>
      makeJaxpr((t: Tensor) => lax.reduceWindow(t, init, comp, [2], [1], 'VALID'))(x).toString();
    expect(jx(0, 'add')).toMatch(/reduce_window_sum/);
    expect(jx(Number.NEGATIVE_INFINITY, 'max')).toMatch(/reduce_window_max/);
    expect(jx(Number.POSITIVE_INFINITY, 'min')).toMatch(/reduce_window_min/);
    expect(jx(10, 'add')).toMatch(/reduce_window_sum[\s\S]*add/);
    // XLA applies the init once per window: padding does not repeat it.
    const y = lax.reduceWindow(jnp.asarray([1, 2, 3, 4]), 10, 'add', [2], [1], [[1, 1]]);
    expect(y.toArray()).toEqual([11, 13, 15, 17, 14]);
  });

  it('rejects bool sums, bad inits and bad computations', () => {
    expectError(
      () => lax.reduceWindow(jnp.asarray([true, false]), 0, 'add', [1]),
      [DTypeError, /^reduce_window_sum: operand must have a number dtype; got bool\[2\]/],
    );
    expectError(
      () => lax.reduceWindow(jnp.ones([3]), jnp.ones([2]), 'add', [1]),
      [DTypeError, /initValue must be a scalar of the operand's dtype/],
    );
    expectError(
      () => lax.reduceWindow(jnp.ones([3]), 0, 'mul' as lax.WindowComputation, [1]),
      [InvalidArgumentError, /computation must be 'add', 'max' or 'min'/],
    );
    expectError(
      () => lax.reduceWindow(jnp.ones([3]), 0, 'add', [0]),
      [InvalidArgumentError, /window_dimensions must contain positive integers/],
    );
    expectError(
      () =>
        lax.reduceWindow(
          jnp.ones([3]),
          0,
          'add',
          [1],
          [1],
          [
            [0, 0],
            [0, 0],
          ],
        ),
      [ShapeError, /padding must have one \(low, high\) pair per dimension/],
    );
  });

  it('fills windows that lie entirely in padding with the identity', () => {
    const x = jnp.asarray([[1, 2]], 'int32');
    expect(
      lax
        .reduceWindow(
          x,
          -2147483648,
          'max',
          [1, 1],
          [1, 1],
          [
            [0, 0],
            [1, 0],
          ],
        )
        .toArray(),
    ).toEqual([[-2147483648, 1, 2]]);
    expect(lax.reduceWindow(jnp.ones([0, 3]), 0, 'add', [1, 2]).shape).toEqual([0, 2]);
    expect(
      lax
        .reduceWindow(jnp.ones([2]), Number.POSITIVE_INFINITY, 'min', [1], [1], [[2, 0]])
        .toArray(),
    ).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1, 1]);
  });
});
