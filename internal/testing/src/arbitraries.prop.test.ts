import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  axis,
  broadcastableShapes,
  broadcastShapes,
  dtype,
  floatArray,
  permutation,
  pytree,
  shape,
  sizeOf,
  type TreeValue,
} from './arbitraries.ts';

function depthOf(x: TreeValue<unknown>): number {
  if (Array.isArray(x)) return 1 + Math.max(0, ...x.map(depthOf));
  if (x !== null && typeof x === 'object') return 1 + Math.max(0, ...Object.values(x).map(depthOf));
  return 0;
}

describe('shape', () => {
  test.prop([shape()])('default: rank 0..3, dims 1..4', (s) => {
    expect(s.length).toBeLessThanOrEqual(3);
    for (const d of s) expect(d >= 1 && d <= 4).toBe(true);
  });

  test.prop([shape({ minRank: 2, maxRank: 2, minDim: 0, maxDim: 2 })])(
    'respects its bounds',
    (s) => {
      expect(s).toHaveLength(2);
      for (const d of s) expect(d >= 0 && d <= 2).toBe(true);
    },
  );
});

describe('broadcastableShapes', () => {
  test.prop([broadcastableShapes()])('pairs broadcast by the NumPy rule', ([a, b]) => {
    const out = broadcastShapes(a, b);
    expect(out?.length).toBe(Math.max(a.length, b.length));
    // Broadcasting is symmetric and the result covers both operands.
    expect(broadcastShapes(b, a)).toEqual(out);
    expect(broadcastShapes(out ?? [], a)).toEqual(out);
  });

  test('broadcastShapes rejects incompatible dims', () => {
    expect(broadcastShapes([2, 3], [3, 2])).toBeUndefined();
    expect(broadcastShapes([4, 1], [3])).toEqual([4, 3]);
    expect(broadcastShapes([], [2])).toEqual([2]);
  });
});

describe('axis', () => {
  test.prop([fc.integer({ min: 1, max: 5 }).chain((r) => fc.tuple(fc.constant(r), axis(r)))])(
    'is a valid (possibly negative) axis',
    ([rank, ax]) => {
      expect(ax >= -rank && ax < rank).toBe(true);
    },
  );

  test.prop([axis(3, { negative: false })])('non-negative when asked', (ax) => {
    expect(ax >= 0 && ax < 3).toBe(true);
  });

  test('rank 0 has no axis', () => {
    expect(() => axis(0)).toThrow(RangeError);
  });
});

test.prop([fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.constant(n), permutation(n)))])(
  'permutation(n) is a permutation of 0..n-1',
  ([n, perm]) => {
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
  },
);

test.prop([shape().chain((s) => fc.tuple(fc.constant(s), floatArray(s, { min: -2, max: 3 })))])(
  'floatArray has the flat size of the shape, finite float32 values in range',
  ([s, values]) => {
    expect(values).toHaveLength(sizeOf(s));
    for (const v of values) {
      expect(Number.isFinite(v) && v >= -2 && v <= 3).toBe(true);
      expect(Math.fround(v)).toBe(v);
    }
  },
);

test.prop([pytree(fc.integer(), { maxDepth: 2 })])(
  'pytree respects maxDepth and uses plain containers',
  (t) => {
    expect(depthOf(t)).toBeLessThanOrEqual(2);
    const check = (x: TreeValue<number>): void => {
      if (Array.isArray(x)) x.forEach(check);
      else if (x !== null && typeof x === 'object') {
        expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
        Object.values(x).forEach(check);
      } else if (x !== null) expect(Number.isInteger(x)).toBe(true);
    };
    check(t);
  },
);

test.prop([pytree(fc.integer(), { withNull: false })])('pytree without nulls', (t) => {
  const hasNull = (x: TreeValue<number>): boolean =>
    x === null ||
    (Array.isArray(x) ? x.some(hasNull) : typeof x === 'object' && Object.values(x).some(hasNull));
  expect(hasNull(t)).toBe(false);
});

test.prop([dtype()])('dtype is one of float32, int32, bool', (d) => {
  expect(['float32', 'int32', 'bool']).toContain(d);
});

test('the global fast-check budget comes from FC_NUM_RUNS (default 25)', () => {
  expect(fc.readConfigureGlobal().numRuns).toBe(Number(process.env.FC_NUM_RUNS ?? 25));
});
