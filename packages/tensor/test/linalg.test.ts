/**
 * jnp.matmul / dot / vdot / tensordot / einsum / outer / inner / linalg.norm and lax.dotGeneral
 * against real JAX (golden/ops-linalg.json, the dot_general cases of ops-lax.json and
 * ops-linalg-extra.json), on the cpu and wasm backends, plus error classes and messages.
 */
import {
  AxisError,
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

function decodeOrd(v: unknown): number | 'fro' | 'nuc' | null {
  if (v === undefined || v === null) return null;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v as number | 'fro' | 'nuc';
}

/** Runs one golden case through the jaxts function it names. */
function run(c: GoldenCase): Tensor {
  const args = c.args.map(decodeArg);
  const o = (c.options ?? {}) as Record<string, unknown>;
  const [a, b] = args as [Tensor, Tensor];
  switch (c.fn) {
    case 'numpy.matmul':
      return jnp.matmul(a, b);
    case 'numpy.dot':
      return jnp.dot(a, b);
    case 'numpy.vdot':
      return jnp.vdot(a, b);
    case 'numpy.inner':
      return jnp.inner(a, b);
    case 'numpy.outer':
      return jnp.outer(a, b);
    case 'numpy.tensordot':
      return o.axes === undefined
        ? jnp.tensordot(a, b)
        : jnp.tensordot(a, b, o.axes as jnp.TensordotAxes);
    case 'numpy.einsum':
      return jnp.einsum(args[0] as string, ...(args.slice(1) as Tensor[]));
    case 'numpy.linalg.norm':
      return jnp.linalg.norm(a, {
        ord: decodeOrd(o.ord),
        axis: (o.axis as number | number[] | undefined) ?? null,
        keepdims: (o.keepdims as boolean | undefined) ?? false,
      });
    case 'lax.dotGeneral':
      return lax.dotGeneral(a, b, args[2] as lax.DotDimensionNumbersSpec, {
        preferredElementType: (o.preferredElementType as string | undefined) ?? null,
      });
    default:
      throw new Error(`no runner for ${c.fn}`);
  }
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

/** Our class and message for every error case JAX recorded. */
const ERRORS: Record<string, ErrorSpec> = {
  'matmul/mismatch_error': [
    ShapeError,
    /^matmul: contracting dimensions must match; got f32\[2,3\] @ f32\[4,5\]/,
  ],
  'matmul/mismatch_1d_error': [
    ShapeError,
    /^matmul: contracting dimensions must match; got f32\[3\] @ f32\[4\]/,
  ],
  'matmul/batch_mismatch_error': [
    ShapeError,
    /^matmul: batch dimensions must broadcast; got f32\[2,3,4\] @ f32\[3,4,2\]/,
  ],
  'matmul/scalar_error': [
    ShapeError,
    /^matmul: input operand 0 must have ndim at least 1; got f32\[\]/,
  ],
  'dot/mismatch_error': [ShapeError, /^dot: shapes f32\[2,3\] and f32\[2,3\] are not aligned/],
  'vdot/size_mismatch_error': [
    ShapeError,
    /^vdot: operands must have the same number of elements; got f32\[3\] and f32\[4\]/,
  ],
  'tensordot/mismatch_error': [
    ShapeError,
    /^tensordot: contracted dimensions must have the same size; got f32\[2,3,4\] and f32\[5,2\]/,
  ],
  'einsum/mismatch_error': [
    ShapeError,
    /^einsum: size of label 'j' for operand 1 \(4\) does not match previous terms \(3\)/,
  ],
  'inner/mismatch_error': [
    ShapeError,
    /^inner: the last dimensions must match; got f32\[3\] and f32\[4\]/,
  ],
  'linalg.norm/3d_no_axis_ord_error': [
    AxisError,
    /^linalg\.norm: improper number of axes for norm/,
  ],
  'lax.dotGeneral/mismatch_error': [
    ShapeError,
    /^dot_general: contracting dimensions must have the same size; got f32\[2,3\] and f32\[4,2\] with contracting dims \[1\] and \[0\]/,
  ],
};

const cases: GoldenCase[] = [
  ...loadGolden('ops-linalg.json').cases,
  ...loadGolden('ops-lax.json').cases.filter((c) => c.fn === 'lax.dotGeneral'),
  ...loadGolden('ops-linalg-extra.json').cases.filter(
    (c) => c.fn.startsWith('numpy.') || c.fn === 'lax.dotGeneral',
  ),
];

describe.each(['cpu', 'wasm'] as const)('linalg golden values on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });

  it('runs on the requested backend and covers every recorded case', () => {
    expect(getBackend()).toBe(backend);
    expect(cases.length).toBeGreaterThan(100);
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
});

describe('dot_general abstract eval (primitive level)', () => {
  const dg = (
    a: Tensor,
    b: Tensor,
    contracting: [number[], number[]],
    batch: [number[], number[]] = [[], []],
    preferred: 'float32' | 'int32' | null = null,
  ): Tensor =>
    bind('dot_general', [a, b], {
      dimension_numbers: { contracting, batch },
      precision: null,
      preferred_element_type: preferred,
    })[0] as Tensor;
  const f = (shape: number[]): Tensor => jnp.ones(shape);

  it('lays out batch, lhs free, rhs free', () => {
    expect(dg(f([3, 2, 4]), f([4, 5, 2]), [[2], [0]], [[1], [2]]).shape).toEqual([2, 3, 5]);
    expect(dg(f([2, 3]), f([4]), [[], []]).shape).toEqual([2, 3, 4]);
  });

  it('rejects mismatched dtypes', () => {
    expectError(
      () => dg(jnp.ones([2, 3], 'int32'), f([3, 2]), [[1], [0]]),
      [
        DTypeError,
        /^dot_general: operands must have the same dtype; got i32\[2,3\] and f32\[3,2\]/,
      ],
    );
  });

  it('rejects bad dimension numbers', () => {
    expectError(
      () => dg(f([2, 3, 4]), f([3, 4, 2]), [[2], [1]], [[0], [0]]),
      [
        ShapeError,
        /^dot_general: batch dimensions must have the same size; got f32\[2,3,4\] and f32\[3,4,2\]/,
      ],
    );
    expectError(
      () => dg(f([2, 3]), f([3, 4]), [[2], [0]]),
      [
        AxisError,
        /^dot_general: lhs dimension numbers must be non-negative and less than the rank/,
      ],
    );
    expectError(() => dg(f([2, 3]), f([3, 4]), [[-1], [0]]), [AxisError, /non-negative/]);
    expectError(
      () =>
        dg(f([2, 3, 3]), f([3, 3, 4]), [
          [1, 1],
          [0, 1],
        ]),
      [AxisError, /^dot_general: lhs contracting dimensions must be distinct; got \[1,1\]/],
    );
    expectError(
      () => dg(f([2, 3]), f([2, 3]), [[0], [0]], [[0], [0]]),
      [AxisError, /must be disjoint from contracting dimensions/],
    );
    expectError(
      () => dg(f([2, 3]), f([2, 3]), [[0, 1], [0]]),
      [ShapeError, /same number of contracting dimensions/],
    );
    expectError(
      () => dg(f([2, 3]), f([2, 3]), [[1], [1]], [[0], []]),
      [ShapeError, /same number of batch dimensions/],
    );
  });

  it('is weakly typed only when both operands are', () => {
    const w = jnp.asarray(2.5);
    expect(dg(w, w, [[], []]).weakType).toBe(true);
    expect(dg(w, w, [[], []], [[], []], 'float32').weakType).toBe(true);
    expect(dg(w, jnp.ones([]), [[], []]).weakType).toBe(false);
  });
});

describe('lax.dotGeneral / lax.dot', () => {
  it('accepts the nested tuple form and promotes mixed dtypes like JAX', () => {
    const a = jnp.asarray([[1, 2, 3]]);
    const b = jnp.asarray([[0.5], [1.5], [2.5]]);
    const r = lax.dotGeneral(a, b, [
      [[1], [0]],
      [[], []],
    ]);
    expect(r.dtype).toBe('float32');
    expect(r.toArray()).toEqual([[11]]);
  });

  it('computes int32 products exactly and with wraparound', () => {
    const a = jnp.asarray([[46341, 7]], 'int32');
    const b = jnp.asarray([[46341], [-3]], 'int32');
    // 46341^2 = 2147488281 overflows int32 to -2147479015; minus 21.
    expect(
      lax
        .dotGeneral(a, b, [
          [[1], [0]],
          [[], []],
        ])
        .toArray(),
    ).toEqual([[-2147479036]]);
  });

  it('lax.dot handles vectors and matrices and rejects other ranks', () => {
    expect(lax.dot(jnp.asarray([1, 2]), jnp.asarray([3, 4])).item()).toBe(11);
    expect(lax.dot(jnp.eye(2), jnp.asarray([3, 4])).toArray()).toEqual([3, 4]);
    expectError(
      () => lax.dot(jnp.ones([2, 2, 2]), jnp.ones([2])),
      [ShapeError, /^lax\.dot: operands must be vectors or matrices/],
    );
  });

  it('rejects malformed dimension numbers', () => {
    expectError(
      () => lax.dotGeneral(jnp.ones([2]), jnp.ones([2]), {} as lax.DotDimensionNumbersSpec),
      [InvalidArgumentError, /^lax\.dotGeneral: dimensionNumbers must be/],
    );
  });

  it('handles zero-size contractions and outputs', () => {
    expect(jnp.matmul(jnp.ones([2, 0]), jnp.ones([0, 3])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(jnp.matmul(jnp.ones([0, 2]), jnp.ones([2, 3])).shape).toEqual([0, 3]);
    expect(jnp.matmul(jnp.ones([2, 0], 'int32'), jnp.ones([0, 2], 'int32')).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});

describe('jaxprs match JAX', () => {
  it('a 2-D matmul is exactly one dot_general', () => {
    const j = makeJaxpr((a: Tensor, b: Tensor) => jnp.matmul(a, b))(
      jnp.ones([2, 3]),
      jnp.ones([3, 4]),
    );
    const text = j.toString();
    expect(text.match(/dot_general/g)?.length).toBe(1);
    expect(text).not.toMatch(/transpose|reshape|squeeze/);
    expect(text).toMatch(/preferred_element_type=float32/);
  });

  it('broadcast batch dims are squeezed, not materialized (JAX matmul)', () => {
    const j = makeJaxpr((a: Tensor, b: Tensor) => jnp.matmul(a, b))(
      jnp.ones([2, 1, 2, 3]),
      jnp.ones([3, 3, 2]),
    );
    const text = j.toString();
    expect(text).toMatch(/squeeze\[dimensions=\(1,\)\]/);
    expect(text).toMatch(/dimension_numbers=\(\(\[2\], \[1\]\), \(\[\], \[\]\)\)/);
    expect(text).toMatch(/transpose\[permutation=\(0, 2, 1, 3\)\]/);
    expect(text).not.toMatch(/broadcast_in_dim/);
  });

  it('einsum traces without reading values', () => {
    const j = makeJaxpr((q: Tensor, k: Tensor) => jnp.einsum('bhqd,bhkd->bhqk', q, k))(
      jnp.ones([1, 2, 3, 4]),
      jnp.ones([1, 2, 5, 4]),
    );
    expect(j.toString()).toMatch(/dimension_numbers=\(\(\[3\], \[3\]\), \(\[0, 1\], \[0, 1\]\)\)/);
  });
});

describe('einsum semantics', () => {
  const r = (shape: number[], seed: number): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    return jnp.fromValues(
      Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3)),
      shape,
      'float32',
    );
  };

  it('equals the matching matmul and transposes', () => {
    const a = r([2, 3, 4], 1);
    const b = r([2, 4, 5], 2);
    expect(jnp.einsum('bij,bjk->bik', a, b)).toBeAllclose(jnp.matmul(a, b), { atol: 1e-5 });
    expect(jnp.einsum('bij,bjk->bki', a, b)).toBeAllclose(
      jnp.transpose(jnp.matmul(a, b), [0, 2, 1]),
      { atol: 1e-5 },
    );
    expect(jnp.einsum('ijk->kji', a)).toBeAllclose(jnp.transpose(a, [2, 1, 0]));
  });

  it('rejects malformed subscripts', () => {
    expectError(
      () => jnp.einsum('ij,jk->ik', jnp.ones([2, 2])),
      [InvalidArgumentError, /^einsum: subscripts name 2 operand\(s\) but 1 were given/],
    );
    expectError(
      () => jnp.einsum('ij->k', jnp.ones([2, 2])),
      [InvalidArgumentError, /output subscript 'k' does not appear in any input/],
    );
    expectError(
      () => jnp.einsum('ij->ii', jnp.ones([2, 2])),
      [InvalidArgumentError, /output subscript 'i' appears more than once/],
    );
    expectError(
      () => jnp.einsum('ijk', jnp.ones([2, 2])),
      [ShapeError, /^einsum: operand 0 has 2 dimensions but its subscripts "ijk" name 3/],
    );
    expectError(
      () => jnp.einsum('i1', jnp.ones([2, 2])),
      [InvalidArgumentError, /subscripts must be letters/],
    );
    expectError(
      () => jnp.einsum('...i...', jnp.ones([2, 2])),
      [InvalidArgumentError, /'\.\.\.' at most once/],
    );
  });

  it('frees its intermediates when run eagerly', () => {
    const a = r([2, 3, 3], 3);
    const b = r([3, 4], 4);
    const before = memoryStats().liveArrays;
    const out = jnp.einsum('bii,ij->bj', a, b);
    expect(memoryStats().liveArrays - before).toBe(1);
    expect(out.shape).toEqual([2, 4]);
    const before2 = memoryStats().liveArrays;
    jnp.matmul(jnp.ones([2, 1, 2, 3]), jnp.ones([3, 3, 2]));
    expect(memoryStats().liveArrays - before2).toBe(3);
  });
});

describe('linalg.norm options', () => {
  it('rejects norms that need an SVD and invalid orders', () => {
    const m = jnp.ones([3, 3]);
    for (const ord of ['nuc', 2, -2] as const) {
      expectError(
        () => jnp.linalg.norm(m, { ord }),
        [InvalidArgumentError, /singular value decomposition/],
      );
    }
    expectError(
      () => jnp.linalg.norm(m, { ord: 3 }),
      [InvalidArgumentError, /invalid order '3' for a matrix norm/],
    );
    expectError(
      () => jnp.linalg.norm(jnp.ones([3]), { ord: 'fro' }),
      [InvalidArgumentError, /invalid order 'fro' for a vector norm/],
    );
    expectError(() => jnp.linalg.norm(m, { axis: [0, 0] }), [AxisError, /duplicate axes/]);
    expectError(() => jnp.linalg.norm(m, { axis: 2 }), [AxisError, /out of bounds/]);
  });

  it('matrix ord 1 / inf are the max column / row abs sums', () => {
    const m = jnp.asarray([
      [1, -2],
      [-3, 4],
    ]);
    expect(jnp.linalg.norm(m, { ord: 1 }).item()).toBeCloseTo(6);
    expect(jnp.linalg.norm(m, { ord: Number.POSITIVE_INFINITY }).item()).toBeCloseTo(7);
    expect(jnp.linalg.norm(m, { ord: -1 }).item()).toBeCloseTo(4);
    expect(jnp.linalg.norm(m, { ord: Number.NEGATIVE_INFINITY }).item()).toBeCloseTo(3);
  });
});
