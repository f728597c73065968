import { describe, expect, test } from 'vitest';
import { TreeStructureError } from '../errors.ts';
import { type FrozenDict, freeze, isFrozenDict, unfreeze } from '../frozen-dict.ts';
import {
  all,
  leaves,
  leavesWithPath,
  map,
  mapWithPath,
  reduce,
  reduceAssociative,
  structure,
  transpose,
  unflatten,
} from './api.ts';
import { keystr } from './keypath.ts';

describe('map', () => {
  test('one tree', () => {
    expect(map((x: number) => x * 2, { b: [1, 2], a: 3 })).toEqual({ a: 6, b: [2, 4] });
    expect(map((x: number) => x + 1, 5)).toBe(6);
    expect(map((x: number) => x, [1, null, undefined])).toEqual([1, null, undefined]);
  });

  test('several trees', () => {
    expect(map((x: number, y: number) => x + y, { a: 1, b: [2] }, { a: 10, b: [20] })).toEqual({
      a: 11,
      b: [22],
    });
    expect(map((x: number, y: number, z: number) => x + y + z, [1], [2], [3])).toEqual([6]);
    expect(
      map((a: number, b: number, c: number, d: number) => a + b + c + d, [1], [2], [3], [4]),
    ).toEqual([10]);
    expect(map((x: number, y: unknown) => [x, y], [1, null], [2, null])).toEqual([[1, 2], null]);
  });

  test('later trees may have the first tree as a prefix', () => {
    expect(map((x: number, y: unknown) => [x, y], { a: 1 }, { a: [1, 2] })).toEqual({
      a: [1, [1, 2]],
    });
  });

  test('FrozenDicts stay FrozenDicts; a plain second tree may match a FrozenDict first', () => {
    const params = freeze({ w: 1, b: { c: 2 } });
    const doubled = map((x: number) => x * 2, params);
    expect(isFrozenDict(doubled)).toBe(true);
    expect(unfreeze(doubled)).toEqual({ b: { c: 4 }, w: 2 });
    const masked = map((x: number, m: boolean) => (m ? x : 0), params, {
      w: true,
      b: { c: false },
    });
    expect(isFrozenDict(masked)).toBe(true);
    expect(unfreeze(masked)).toEqual({ b: { c: 0 }, w: 1 });
  });

  test('options first: isLeaf', () => {
    expect(map({ isLeaf: (x) => x === null }, (x: unknown) => x ?? 0, [1, null])).toEqual([1, 0]);
    expect(
      map({ isLeaf: Array.isArray }, (x: unknown) => (x as unknown[]).length, {
        a: [1, 2],
        b: [3],
      }),
    ).toEqual({
      a: 2,
      b: 1,
    });
    expect(map({}, (x: number) => -x, [1])).toEqual([-1]);
  });

  test('structure mismatches print both structures and the JAX details', () => {
    const run = () => map((x: number, y: number) => x + y, { a: 1, b: 2 }, { a: 1 });
    expect(run).toThrow(TreeStructureError);
    expect(run).toThrow(
      "tree.map: tree 1 does not match the structure of the first tree; expected PyTreeDef({'a': *, 'b': *}) " +
        "(or a structure it is a prefix of), got PyTreeDef({'a': *}).",
    );
    expect(run).toThrow(/symmetric difference on key sets is\n {4}b/);
    expect(() => map((x: number, y: number) => x + y, [1, 2], [1], [1, 2])).toThrow(
      /different lengths of Array/,
    );
    expect(() => map((x: number, y: number, z: number) => x + y + z, [1], [1], { a: 1 })).toThrow(
      /tree 2 does not match/,
    );
  });
});

describe('mapWithPath', () => {
  test('passes key paths first', () => {
    const out = mapWithPath((path, x: number) => `${keystr(path)}=${x}`, { a: 1, b: [2] });
    expect(out).toEqual({ a: "['a']=1", b: ["['b'][0]=2"] });
  });

  test('with several trees and options', () => {
    expect(
      mapWithPath((p, x: number, y: number) => p.length + x + y, [1, [2]], [10, [20]]),
    ).toEqual([12, [24]]);
    expect(
      mapWithPath({ isLeaf: Array.isArray }, (p: readonly unknown[]) => p.join('.'), { a: [1] }),
    ).toEqual({ a: 'a' });
    expect(() => mapWithPath((_p, x: number) => x, [1], [1, 2])).toThrow(
      /tree.mapWithPath: tree 1/,
    );
  });
});

describe('leaves, structure, unflatten, leavesWithPath', () => {
  test('basics', () => {
    expect(leaves({ b: 1, a: [2, 3] })).toEqual([2, 3, 1]);
    expect(leaves([1, null, [2]], { isLeaf: (x) => x === null })).toEqual([1, null, 2]);
    const def = structure({ a: [0, 0] });
    expect(def.toString()).toBe("PyTreeDef({'a': [*, *]})");
    expect(unflatten(def, [1, 2])).toEqual({ a: [1, 2] });
    expect(leavesWithPath({ a: 1, b: [2] })).toEqual([
      [['a'], 1],
      [['b', 0], 2],
    ]);
  });
});

describe('reduce, reduceAssociative, all', () => {
  test('reduce folds left over the leaves', () => {
    expect(reduce((a: number, b: number) => a + b, [1, { x: 2, y: [3, 4] }])).toBe(10);
    expect(reduce((a: string, b: number) => a + b, [1, 2], '')).toBe('12');
    expect(reduce((a: number, b: number) => a + b, [], 0)).toBe(0);
    expect(() => reduce((a: number, b: number) => a + b, [])).toThrow(TypeError);
    expect(
      reduce((a: unknown[], b: unknown) => [...a, b], [1, null], [] as unknown[], {
        isLeaf: (x) => x === null,
      }),
    ).toEqual([1, null]);
  });

  test('reduceAssociative', () => {
    expect(reduceAssociative((a: number, b: number) => a + b, [1, 2, 3, 4, 5])).toBe(15);
    expect(reduceAssociative((a: string, b: string) => a + b, ['a', 'b', 'c'])).toBe('abc');
    expect(reduceAssociative((a: number, b: number) => a + b, [], { identity: 0 })).toBe(0);
    expect(() => reduceAssociative((a: number, b: number) => a + b, [])).toThrow(/identity/);
  });

  test('all', () => {
    expect(all([true, { a: 1 }])).toBe(true);
    expect(all([true, { a: 0 }])).toBe(false);
    expect(all([])).toBe(true);
    expect(all([null], { isLeaf: (x) => x === null })).toBe(false);
  });
});

describe('transpose', () => {
  test('swaps outer and inner structures', () => {
    const outer = structure([0, 0]);
    const inner = structure({ a: 0, b: 0 });
    expect(
      transpose(outer, inner, [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ]),
    ).toEqual({ a: [1, 3], b: [2, 4] });
    expect(
      transpose(outer, undefined, [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ]),
    ).toEqual({ a: [1, 3], b: [2, 4] });
    const frozenInner = structure(freeze({ a: 0, b: 0 }));
    const fd = transpose(structure({ x: 0 }), frozenInner, {
      x: freeze({ a: 1, b: 2 }),
    }) as FrozenDict;
    expect(isFrozenDict(fd)).toBe(true);
    expect(unfreeze(fd)).toEqual({ a: { x: 1 }, b: { x: 2 } });
  });

  test('mismatched inner structures throw', () => {
    const outer = structure([0, 0]);
    expect(() => transpose(outer, structure({ a: 0 }), [{ a: 1 }, { b: 2 }])).toThrow(
      /outer leaf 1 has the wrong inner structure/,
    );
    expect(() => transpose(outer, undefined, [1])).toThrow(/does not have the outer structure/);
    expect(() => transpose(structure([]), undefined, [])).toThrow(
      /cannot infer the inner structure/,
    );
  });
});
