import { describe, expect, test } from 'vitest';
import { TreeStructureError } from '../errors.ts';
import { type FrozenDict, freeze, isFrozenDict, unfreeze } from '../frozen-dict.ts';
import { flatten, flattenWithPath } from './flatten.ts';
import { keystr } from './keypath.ts';
import { TreeDef } from './treedef.ts';

class Tensorish {
  readonly id: number;
  constructor(id: number) {
    this.id = id;
  }
}

describe('flatten', () => {
  test('dict keys are sorted, as JAX sorts them', () => {
    const [leaves, def] = flatten({ b: [1, [2, null]], a: 3 });
    expect(leaves).toEqual([3, 1, 2]);
    expect(def.toString()).toBe("PyTreeDef({'a': *, 'b': [*, [*, None]]})");
    expect(def.numLeaves).toBe(3);
    expect(def.numNodes).toBe(7);
  });

  test('null, undefined, [] and {} are empty nodes; everything else is a leaf', () => {
    expect(flatten([null, [], {}, undefined])[0]).toEqual([]);
    const t = new Tensorish(1);
    const fn = () => 1;
    const leaves = flatten([1, 'a', true, 2n, t, fn, new Map(), new Float32Array(2)])[0];
    expect(leaves).toHaveLength(8);
    expect(leaves[4]).toBe(t);
    expect(leaves[5]).toBe(fn);
  });

  test('a bare leaf and a bare empty node', () => {
    expect(flatten(5)).toEqual([[5], expect.any(TreeDef)]);
    expect(flatten(5)[1].toString()).toBe('PyTreeDef(*)');
    expect(flatten(null)[1].toString()).toBe('PyTreeDef(None)');
    expect(flatten(undefined)[1].toString()).toBe('PyTreeDef(undefined)');
  });

  test('FrozenDicts are nodes with sorted keys and come back as FrozenDicts', () => {
    const fd = freeze({ c: 1, b: { a: 2 } });
    const [leaves, def] = flatten(fd);
    expect(leaves).toEqual([2, 1]);
    expect(def.toString()).toBe("PyTreeDef(FrozenDict({'b': FrozenDict({'a': *}), 'c': *}))");
    const back = def.unflatten([20, 10]);
    expect(isFrozenDict(back)).toBe(true);
    expect(unfreeze(back)).toEqual({ b: { a: 20 }, c: 10 });
    expect(isFrozenDict((back as FrozenDict).b)).toBe(true);
  });

  test('isLeaf stops the descent (and sees null)', () => {
    const isNull = (x: unknown) => x === null;
    expect(flatten([1, null, [2]], { isLeaf: isNull })[0]).toEqual([1, null, 2]);
    const [leaves, def] = flatten({ a: [1, 2], b: 3 }, { isLeaf: Array.isArray });
    expect(leaves).toEqual([[1, 2], 3]);
    expect(def.toString()).toBe("PyTreeDef({'a': *, 'b': *})");
  });

  test('objects with a [PYTREE] method that are plain objects still use the protocol', async () => {
    const { PYTREE } = await import('./registry.ts');
    const node = {
      [PYTREE]: () => ({ children: [1, 2], rebuild: (_: unknown, c: unknown[]) => c }),
    };
    expect(flatten(node)[0]).toEqual([1, 2]);
  });
});

describe('flattenWithPath', () => {
  test('key paths print like JAX', () => {
    const [pairs, def] = flattenWithPath({ a: 1, b: [2, [3]] });
    expect(pairs.map(([path]) => keystr(path))).toEqual(["['a']", "['b'][0]", "['b'][1][0]"]);
    expect(pairs.map(([path]) => path)).toEqual([['a'], ['b', 0], ['b', 1, 0]]);
    expect(pairs.map(([, leaf]) => leaf)).toEqual([1, 2, 3]);
    expect(def.numLeaves).toBe(3);
  });

  test('FrozenDict paths are sorted dict keys', () => {
    const [pairs] = flattenWithPath(freeze({ c: 1, b: { a: 2 } }));
    expect(pairs).toEqual([
      [['b', 'a'], 2],
      [['c'], 1],
    ]);
  });

  test('paths are independent arrays', () => {
    const [pairs] = flattenWithPath([[1, 2]]);
    expect(pairs[0]?.[0]).not.toBe(pairs[1]?.[0]);
    expect(flattenWithPath(7)[0]).toEqual([[[], 7]]);
  });
});

describe('TreeDef', () => {
  test('unflatten inverts flatten, including null vs undefined', () => {
    const t = { b: [1, [2, null]], a: 3, u: undefined, e: {}, l: [] };
    const [leaves, def] = flatten(t);
    expect(def.unflatten(leaves)).toEqual({ a: 3, b: [1, [2, null]], e: {}, l: [], u: undefined });
    const back = def.unflatten(leaves) as Record<string, unknown>;
    expect('u' in back && back.u === undefined).toBe(true);
    expect((back.b as unknown[])[1]).toEqual([2, null]);
  });

  test('unflatten rebuilds plain objects in sorted key order', () => {
    const [leaves, def] = flatten({ z: 1, a: 2 });
    expect(Object.keys(def.unflatten(leaves) as object)).toEqual(['a', 'z']);
  });

  test('wrong leaf counts are TreeStructureErrors with JAX wording', () => {
    const def = flatten([1, 2])[1];
    expect(() => def.unflatten([1])).toThrow(TreeStructureError);
    expect(() => def.unflatten([1])).toThrow(
      'tree.unflatten: Too few leaves for PyTreeDef([*, *]); expected 2, got 1.',
    );
    expect(() => def.unflatten([1, 2, 3])).toThrow(
      /Too many leaves for PyTreeDef\(\[\*, \*\]\); expected 2, got 3/,
    );
  });

  test('equals and key: equal structures are equal regardless of leaves and key order', () => {
    const a = flatten({ x: [1, 2], y: null })[1];
    const b = flatten({ y: null, x: ['p', 'q'] })[1];
    expect(a.equals(b)).toBe(true);
    expect(a.key).toBe(b.key);
    expect(a.equals(flatten({ x: [1, 2], y: undefined })[1])).toBe(false);
    expect(a.equals(flatten({ x: [1], y: null })[1])).toBe(false);
    expect(a.equals(flatten(freeze({ x: [1, 2], y: null }))[1])).toBe(false);
    expect(flatten({ 'a,b': 1 })[1].key).not.toBe(flatten({ a: 1, b: 2 })[1].key);
  });

  test('children, kind, nodeData, isLeaf', () => {
    const def = flatten({ a: [1, 2], b: 3 })[1];
    expect(def.kind).toBe('object');
    expect(def.nodeData()).toEqual(['a', 'b']);
    const children = def.children();
    expect(children.map(String)).toEqual(['PyTreeDef([*, *])', 'PyTreeDef(*)']);
    expect(children[0]?.kind).toBe('array');
    expect(children[0]?.nodeData()).toBe(2);
    expect(children[1]?.isLeaf).toBe(true);
    expect(children[1]?.nodeData()).toBeUndefined();
    expect(children[0]?.unflatten([7, 8])).toEqual([7, 8]);
    expect(flatten(null)[1].kind).toBe('none');
    expect(flatten(undefined)[1].kind).toBe('undefined');
    expect(flatten(freeze({ a: 1 }))[1].kind).toBe('frozendict');
    expect(flatten(5)[1].children()).toEqual([]);
  });

  test('toString quotes keys like Python', () => {
    expect(flatten({ 'a b': 1, "it's": 2 })[1].toString()).toBe(`PyTreeDef({'a b': *, "it's": *})`);
  });

  test('FrozenDict values that are plain objects after a map are frozen on unflatten', () => {
    const def = flatten(freeze({ a: 1 }))[1];
    const out = def.unflatten([{ m: 1 }]) as FrozenDict;
    expect(isFrozenDict(out.a)).toBe(true);
  });
});
