import { describe, expect, test } from 'vitest';
import { TreePrefixError, TreeStructureError } from '../errors.ts';
import { freeze, isFrozenDict, unfreeze } from '../frozen-dict.ts';
import { flatten } from './flatten.ts';
import {
  broadcast,
  broadcastPrefix,
  describeMismatch,
  flattenUpTo,
  tryFlattenUpTo,
} from './prefix.ts';

const isNull = (x: unknown) => x === null;

describe('flattenUpTo', () => {
  test('returns the subtrees at the prefix leaves', () => {
    const def = flatten({ a: 0, b: [0, 0] })[1];
    expect(flattenUpTo(def, { a: [1, 2], b: [{ x: 3 }, null] })).toEqual([[1, 2], { x: 3 }, null]);
  });

  test('plain objects and FrozenDicts match each other', () => {
    const def = flatten({ a: 0 })[1];
    expect(flattenUpTo(def, freeze({ a: { b: 1 } }))).toEqual([freeze({ a: { b: 1 } }).a]);
    const fdef = flatten(freeze({ a: 0 }))[1];
    expect(flattenUpTo(fdef, { a: 5 })).toEqual([5]);
  });

  test('mismatches throw with the key path and both structures', () => {
    const def = flatten({ a: [0, 0] })[1];
    expect(() => flattenUpTo(def, { a: [1] })).toThrow(TreeStructureError);
    let error: TreeStructureError | undefined;
    try {
      flattenUpTo(def, { a: [1] });
    } catch (e) {
      error = e as TreeStructureError;
    }
    expect(error?.keyPath).toEqual(['a']);
    expect(error?.message).toContain(
      "expected PyTreeDef({'a': [*, *]}) (or a structure it is a prefix of), got PyTreeDef({'a': [*]})",
    );
    expect(error?.message).toContain("different lengths of Array at key path\n    tree['a']");
  });
});

describe('mismatch descriptions use JAX wording', () => {
  const describe1 = (prefix: unknown, full: unknown) => {
    const result = tryFlattenUpTo(flatten(prefix)[1], full);
    if (Array.isArray(result)) throw new Error('expected a mismatch');
    return describeMismatch(result, 'tree');
  };

  test('different types', () => {
    expect(describe1({ a: [1, 2] }, { a: 1 })).toBe(
      "pytree structure error: different types at key path\n    tree['a']\n" +
        'At that key path, the prefix pytree tree has a subtree of type\n    Array\n' +
        'but at the same key path the full pytree has a subtree of different type\n    number.',
    );
    expect(describe1([null], [1])).toContain('subtree of type\n    null\n');
    expect(describe1([undefined], [null])).toContain('subtree of type\n    undefined\n');
  });

  test('different numbers of children', () => {
    expect(describe1({ a: 1, b: 2 }, { a: 1 })).toBe(
      'pytree structure error: different numbers of pytree children at key path\n    tree\n' +
        'At that key path, the prefix pytree tree has a subtree of type\n    Object\n' +
        'with 2 child keys\n    a b\n' +
        'but at the same key path the full pytree has a subtree of the same type but with 1 child keys\n    a\n' +
        'so the symmetric difference on key sets is\n    b',
    );
  });

  test('same number of children, different keys', () => {
    const text = describe1({ a: 1, b: 2 }, { a: 1, c: 2 });
    expect(text).toContain('different pytree metadata at key path');
    expect(text).toContain("with metadata\n    ['a', 'b']");
    expect(text).toContain('so the symmetric difference on key sets is\n    b c');
  });

  test('different lengths', () => {
    expect(describe1([1, 2], [1, 2, 3])).toBe(
      'pytree structure error: different lengths of Array at key path\n    tree\n' +
        'At that key path, the prefix pytree tree has a subtree of type Array of length 2, ' +
        'but the full pytree has a subtree of the same type but of length 3.',
    );
  });
});

describe('broadcastPrefix', () => {
  test('repeats each prefix leaf over the leaves of the subtree it covers', () => {
    expect(broadcastPrefix({ a: 0 }, { a: [1, 2] })).toEqual([0, 0]);
    expect(broadcastPrefix(1, { a: [1, 2], b: 3 })).toEqual([1, 1, 1]);
    expect(broadcastPrefix([1, { x: 2 }], [[1, [2, 3]], { x: { p: 4, q: null } }])).toEqual([
      1, 1, 1, 2,
    ]);
  });

  test('null as a leaf ("not mapped") with isLeaf', () => {
    expect(broadcastPrefix([null, 0], [{ a: 1, b: 2 }, 3], { isLeaf: isNull })).toEqual([
      null,
      null,
      0,
    ]);
    // Without isLeaf, null is an empty node and must match an empty node.
    expect(() => broadcastPrefix([null, 0], [{ a: 1 }, 3])).toThrow(TreePrefixError);
    expect(broadcastPrefix([null, 0], [null, 3])).toEqual([0]);
  });

  test('non-prefixes throw TreePrefixError with the JAX phrase and details', () => {
    expect(() => broadcastPrefix([0, 0], [1, 2, 3])).toThrow(
      /broadcastPrefix: prefix tree must be a tree prefix of the corresponding value; expected a prefix of PyTreeDef\(\[\*, \*, \*\]\), got PyTreeDef\(\[\*, \*\]\)/,
    );
    expect(() =>
      broadcastPrefix([0, [0, 0]], [1, [2, 3, 4]], { api: 'vmap', what: 'in_axes specification' }),
    ).toThrow(
      /^vmap: in_axes specification must be a tree prefix of the corresponding value;[\s\S]*Mismatch details:[\s\S]*in_axes specification\[1\]/,
    );
    try {
      broadcastPrefix({ a: 0 }, { b: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(TreeStructureError);
      expect((error as TreePrefixError).keyPath).toEqual([]);
    }
  });
});

test('broadcast returns a tree with the full structure', () => {
  expect(broadcast({ a: 0, b: 1 }, { a: [5, 6], b: { c: 7 } })).toEqual({ a: [0, 0], b: { c: 1 } });
  const out = broadcast(true, freeze({ w: 1, b: 2 }));
  expect(isFrozenDict(out)).toBe(true);
  expect(unfreeze(out)).toEqual({ b: true, w: true });
});
