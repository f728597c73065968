// Static typing of the public API (checked by tsc; the runtime assertions are trivial).
import {
  type FrozenDict,
  freeze,
  type MapTree,
  type PyTree,
  pop,
  type TreeLeaf,
  tree,
  unfreeze,
} from '@jaxts/frozendict';
import { expect, expectTypeOf, test } from 'vitest';

// A tensor-like class: it has methods, so the types treat it as a leaf (as the runtime does).
class T {
  readonly v: number;
  constructor(v: number) {
    this.v = v;
  }
  add(other: T): T {
    return new T(this.v + other.v);
  }
}

test('freeze types nested dicts as FrozenDicts and keeps class leaves', () => {
  const fd = freeze({ params: { w: new T(1), n: 2 }, batch_stats: { mean: 0 } });
  expectTypeOf(fd.params).toEqualTypeOf<FrozenDict<{ w: T; n: number }>>();
  expectTypeOf(fd.params.w).toEqualTypeOf<T>();
  expectTypeOf(fd.get('batch_stats').mean).toEqualTypeOf<number>();
  expectTypeOf(() => fd.get('unknown key')).returns.toEqualTypeOf<unknown>();
  expect(fd.params.w.v).toBe(1);
});

test('pop and spreading type like the seed program', () => {
  const variables = freeze({ params: { bias: new T(0) }, batch_stats: { mean: new T(0) } });
  const [state, params] = variables.pop('params');
  expectTypeOf(params).toEqualTypeOf<FrozenDict<{ bias: T }>>();
  expectTypeOf(state.batch_stats.mean).toEqualTypeOf<T>();
  const merged = { params, ...state };
  expectTypeOf(merged.batch_stats).toEqualTypeOf<FrozenDict<{ mean: T }>>();
  expectTypeOf(merged).not.toHaveProperty('pop');
  expectTypeOf(merged).not.toHaveProperty('size');
  const [rest, value] = pop({ a: 1, b: 'x' }, 'b');
  expectTypeOf(rest).toEqualTypeOf<Omit<{ a: number; b: string }, 'b'>>();
  expectTypeOf(value).toEqualTypeOf<string>();
  expect(Object.keys(merged)).toEqual(['params', 'batch_stats']);
});

test('typed FrozenDicts are assignable to the default FrozenDict and to PyTree', () => {
  const fd = freeze({ a: { b: 1 } });
  const loose: FrozenDict = fd;
  const asTree: PyTree<number> = fd;
  expectTypeOf(unfreeze(fd)).toEqualTypeOf<{ a: { b: number } }>();
  expect(loose).toBe(asTree);
});

test('tree.map infers leaf and result types', () => {
  const out = tree.map((x: number) => String(x), { a: 1, b: [2, 3] });
  expectTypeOf(out).toEqualTypeOf<{ a: string; b: string[] }>();
  const sum = tree.map((x, y) => x.add(y), { w: new T(1) }, { w: new T(2) });
  expectTypeOf(sum).toEqualTypeOf<{ w: T }>();
  const frozen = tree.map((x: T) => x.v, freeze({ w: new T(1) }));
  expectTypeOf(frozen).toEqualTypeOf<FrozenDict<{ w: number }>>();
  expectTypeOf<TreeLeaf<{ a: T[]; b: null; c: FrozenDict<{ d: T }> }>>().toEqualTypeOf<T>();
  expectTypeOf<MapTree<[number, { a: number }], string>>().toEqualTypeOf<[string, { a: string }]>();
  expectTypeOf<TreeLeaf<unknown>>().toEqualTypeOf<unknown>();
  expect(out).toEqual({ a: '1', b: ['2', '3'] });
});

test('loosely typed trees still accept typed leaf functions', () => {
  const params: FrozenDict = freeze({ w: new T(1) });
  const untyped: unknown = { w: new T(2) };
  const a = tree.map((x: T) => x.v, params);
  expectTypeOf(a).toEqualTypeOf<FrozenDict<{ [key: string]: unknown }>>();
  const b = tree.map((x: T, y: T) => x.add(y), untyped, untyped);
  expectTypeOf(b).toEqualTypeOf<unknown>();
  expect(tree.leaves(b)).toEqual([new T(4)]);
  expect(tree.leaves(a)).toEqual([1]);
});
