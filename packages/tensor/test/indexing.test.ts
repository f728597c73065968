/**
 * NumPy indexing (`x.get(...)` / jnp.getItem), JAX's functional updates (`x.at(...).set/add/...`),
 * take, take_along_axis and one_hot against real JAX (golden/ops-shape.json), on cpu and wasm.
 */
import {
  type IndexItem,
  InvalidArgumentError,
  numpy as jnp,
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
  optionsOf,
} from './structure-golden.ts';

type T = Tensor;

/** A golden index entry as a jaxts index item; `asList` passes integer arrays as JS lists. */
function indexItem(spec: Record<string, unknown>, asList: boolean): IndexItem {
  if ('int' in spec) return spec.int as number;
  if ('slice' in spec) {
    const [a, b, c] = spec.slice as (number | null)[];
    return jnp.slice(a ?? null, b ?? null, c ?? null);
  }
  if ('newaxis' in spec) return null;
  if ('ellipsis' in spec) return '...';
  const list = spec.intArray as number[];
  return asList ? list : jnp.array(list, 'int32');
}

function items(c: GoldenCase, asList: boolean): IndexItem[] {
  return (c.index as Record<string, unknown>[]).map((s) => indexItem(s, asList));
}

const ERRORS: Record<string, ErrorSpec> = {
  'index/too_many_indices_error': [
    InvalidArgumentError,
    /too many indices; the array is 2-dimensional \(f32\[3,4\]\), but 3 were indexed/,
  ],
  'index/two_ellipsis_error': [InvalidArgumentError, /single ellipsis/],
  'index/slice_step_zero_error': [InvalidArgumentError, /slice step cannot be zero/],
  'takeAlongAxis/ndim_mismatch_error': [ShapeError, /same number of dimensions; got 1 vs 2/],
  bad_value_shape_error: [ShapeError, /cannot broadcast f32\[2\] to f32\[4\]/],
};

function errorSpec(id: string): ErrorSpec {
  const spec = ERRORS[id] ?? ERRORS[id.split('/')[1] as string];
  expect(spec, `no expected error for ${id}`).toBeDefined();
  return spec as ErrorSpec;
}

const all = loadGolden('ops-shape.json').cases;
const indexCases = all.filter((c) => c.fn === 'index');
const atCases = all.filter((c) => c.fn.startsWith('at.'));
const takeCases = all.filter((c) =>
  ['numpy.take', 'numpy.takeAlongAxis', 'nn.oneHot'].includes(c.fn),
);

function runTake(c: GoldenCase): T {
  const [x, i] = c.args.map(decodeArg) as [T, unknown];
  const o = optionsOf(c);
  if (c.fn === 'numpy.take') return jnp.take(x, i as T, o as jnp.TakeOptions);
  if (c.fn === 'numpy.takeAlongAxis')
    return jnp.takeAlongAxis(x, i as T, (o.axis as number | null | undefined) ?? null);
  return jnp.oneHot(x, i as number, o as { dtype?: 'float32' });
}

type AtOp = 'set' | 'add' | 'multiply' | 'min' | 'max';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`indexing golden (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    afterAll(async () => {
      await setBackend('cpu');
    });

    it('covers the indexing cases of the golden file', () => {
      expect(indexCases.length).toBeGreaterThan(40);
      expect(atCases.length).toBeGreaterThan(70);
      expect(takeCases.length).toBeGreaterThan(25);
    });

    for (const c of indexCases) {
      it(c.id, () => {
        const [x] = c.args.map(decodeArg) as [T];
        if (c.error !== undefined) {
          expectError(() => x.get(...items(c, false)), errorSpec(c.id));
          return;
        }
        expectCase(c, x.get(...items(c, false)));
        expectCase(c, jnp.getItem(x, items(c, true)));
      });
    }

    for (const c of atCases) {
      it(c.id, () => {
        const [x, v] = c.args.map(decodeArg) as [T, T | number];
        const op = c.fn.slice(3) as AtOp;
        if (c.error !== undefined) {
          expectError(() => x.at(...items(c, false))[op](v), errorSpec(c.id));
          return;
        }
        expectCase(c, x.at(...items(c, false))[op](v));
        expectCase(c, jnp.atIndex(x, items(c, true))[op](v));
      });
    }

    for (const c of takeCases) {
      it(c.id, () => {
        if (c.error !== undefined) expectError(() => runTake(c), errorSpec(c.id));
        else expectCase(c, runTake(c));
      });
    }
  });
}

/** Mixed advanced/basic indices; expected values printed by JAX 0.10.2 (x = arange(24).reshape(2,3,4)). */
const MIXED: Record<string, [(x: T) => T, number[], number[]]> = {
  'x.at[1:, [0,2], ::-2].multiply(arange(1,5).reshape(1,2,2))': [
    (x) => x.at('1:', [0, 2], '::-2').multiply(jnp.arange(1, 5).reshape([1, 2, 2])),
    [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 26, 14, 15, 16, 17, 18, 19, 20, 84, 22, 69],
  ],
  'x.at[[0,1], :, [1,1]].add(arange(6).reshape(2,3))': [
    (x) => x.at([0, 1], ':', [1, 1]).add(jnp.arange(6).reshape([2, 3])),
    [2, 3, 4],
    [0, 1, 2, 3, 4, 6, 6, 7, 8, 11, 10, 11, 12, 16, 14, 15, 16, 21, 18, 19, 20, 26, 22, 23],
  ],
  'x.at[None, 0, [1,2]].set(-1)': [
    (x) => x.at(null, 0, [1, 2]).set(-1),
    [2, 3, 4],
    [0, 1, 2, 3, -1, -1, -1, -1, -1, -1, -1, -1, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
  ],
  'x.at[[[0],[1]], [[1,2]]].min(full((2,2,4), 3))': [
    (x) => x.at(jnp.array([[0], [1]]), jnp.array([[1, 2]])).min(jnp.full([2, 2, 4], 3)),
    [2, 3, 4],
    [0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 12, 13, 14, 15, 3, 3, 3, 3, 3, 3, 3, 3],
  ],
  'x.at[1, 1::2, [3,-1,0]].max(100)': [
    (x) => x.at(1, '1::2', [3, -1, 0]).max(100),
    [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 100, 17, 18, 100, 20, 21, 22, 23],
  ],
  'x[[0,1], 1:3, [[1],[3]]]': [
    (x) => x.get([0, 1], '1:3', jnp.array([[1], [3]])),
    [2, 2, 2],
    [5, 9, 17, 21, 7, 11, 19, 23],
  ],
  'x[..., [0,3], None]': [
    (x) => x.get('...', [0, 3], null),
    [2, 3, 2, 1],
    [0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23],
  ],
  'x.at[..., [0,0,3]].add(1)': [
    (x) => x.at('...', [0, 0, 3]).add(1),
    [2, 3, 4],
    [2, 1, 2, 4, 6, 5, 6, 8, 10, 9, 10, 12, 14, 13, 14, 16, 18, 17, 18, 20, 22, 21, 22, 24],
  ],
};

describe.each(['cpu', 'wasm'] as const)('mixed advanced and basic indices (%s)', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });
  afterAll(async () => {
    await setBackend('cpu');
  });
  for (const [name, [f, shape, data]] of Object.entries(MIXED)) {
    it(name, () => {
      const out = f(jnp.arange(24).reshape([2, 3, 4]).astype('float32'));
      expect(out.shape).toEqual(shape);
      expect(Array.from(out.dataSync())).toEqual(data);
    });
  }
});

describe('index forms', () => {
  const x = jnp.arange(24).reshape([2, 3, 4]);
  const v = jnp.arange(6);

  it('string slices equal slice objects', () => {
    expect(v.get('1:4').toArray()).toEqual([1, 2, 3]);
    expect(v.get('::2').toArray()).toEqual([0, 2, 4]);
    expect(v.get('::-1').toArray()).toEqual([5, 4, 3, 2, 1, 0]);
    expect(v.get('-1:').toArray()).toEqual([5]);
    expect(v.get(':').toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v.get('4:0:-2').toArray()).toEqual([4, 2]);
    expect(x.get('...', '1').toArray()).toEqual(x.get('...', 1).toArray());
    expect(x.get(1, '::-1', jnp.slice(1, 3)).toArray()).toEqual([
      [21, 22],
      [17, 18],
      [13, 14],
    ]);
    expect(jnp.getItem(x, 0).shape).toEqual([3, 4]);
  });

  it('broadcasts several integer arrays together (advanced indexing)', () => {
    const rows = jnp.array([[0], [1]]);
    const cols = jnp.array([[3, 0]]);
    expect(x.get(rows, 2, cols).toArray()).toEqual([
      [11, 8],
      [23, 20],
    ]);
    expect(x.get(':', [0, 2], [1, 3]).toArray()).toEqual([
      [1, 11],
      [13, 23],
    ]);
  });

  it('rejects malformed indices', () => {
    expectError(() => v.get('1:2:3:4'), [InvalidArgumentError, /invalid slice string/]);
    expectError(() => v.get('a:b'), [InvalidArgumentError, /invalid slice string/]);
    expectError(
      () => v.get(jnp.array([true, false])),
      [InvalidArgumentError, /boolean array indices are not supported/],
    );
    expectError(
      () => v.get(jnp.array([0.5])),
      [InvalidArgumentError, /array indices must be integers; got f32\[1\]/],
    );
    expectError(() => v.get(1.5), [InvalidArgumentError, /indices must be integers/]);
    expectError(
      () => jnp.zeros([0]).get(0),
      [InvalidArgumentError, /out of bounds for axis 0 of size 0/],
    );
  });

  it('at updates: duplicates accumulate in add, combine in multiply/min/max, last wins in set', () => {
    const z = jnp.zeros([4]);
    const idx = jnp.array([1, 3, 1, 1]);
    const vals = jnp.array([1, 2, 3, 4], 'float32');
    expect(z.at(idx).add(vals).toArray()).toEqual([0, 8, 0, 2]);
    expect(z.at(idx).set(vals).toArray()).toEqual([0, 4, 0, 2]);
    expect(jnp.ones([4]).at(idx).multiply(vals).toArray()).toEqual([1, 12, 1, 2]);
    expect(z.at(idx).min(vals.neg()).toArray()).toEqual([0, -4, 0, -2]);
    expect(z.at(idx).max(vals).toArray()).toEqual([0, 4, 0, 2]);
  });

  it('at updates with rows of a matrix, bool arrays and out-of-range ints', () => {
    const m = jnp.zeros([3, 2], 'int32');
    expect(
      m
        .at([2, 0, 2])
        .add(
          jnp.array([
            [1, 2],
            [3, 4],
            [5, 6],
          ]),
        )
        .toArray(),
    ).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
    expect(m.at(':', 1).set(7).toArray()).toEqual([
      [0, 7],
      [0, 7],
      [0, 7],
    ]);
    expect(m.at(5).set(1).toArray()).toEqual(m.toArray());
    const b = jnp.zeros([3], 'bool');
    expect(b.at([0, 2]).set(true).toArray()).toEqual([true, false, true]);
    expect(b.at(jnp.slice(1)).set(true).toArray()).toEqual([false, true, true]);
    expect(m.at(0).get().toArray()).toEqual([0, 0]);
  });
});
