import { fc, test } from '@fast-check/vitest';
import { FrozenDict, isFrozenDict, type KeyPath, tree } from '@jaxts/frozendict';
import { expect } from 'vitest';
import { pytree } from './arbitraries.ts';

// A reference description of a tree's structure, computed without the library: leaves become
// '*', dict keys are sorted, FrozenDicts are tagged.
function shapeOf(x: unknown): unknown {
  if (x === null) return 'None';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return x.map(shapeOf);
  if (isFrozenDict(x)) {
    const keys = FrozenDict.prototype.keys.call(x).sort();
    return { frozen: keys.map((k) => [k, shapeOf(FrozenDict.prototype.get.call(x, k))]) };
  }
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    const rec = x as Record<string, unknown>;
    return {
      dict: Object.keys(rec)
        .sort()
        .map((k) => [k, shapeOf(rec[k])]),
    };
  }
  return '*';
}

// Follows a key path by hand (FrozenDict via get, so colliding keys work).
function at(x: unknown, path: KeyPath): unknown {
  let cursor = x;
  for (const entry of path) {
    cursor = isFrozenDict(cursor)
      ? FrozenDict.prototype.get.call(cursor, entry as string)
      : (cursor as Record<string | number, unknown>)[entry];
  }
  return cursor;
}

// A prefix of t: some subtrees replaced by a marker leaf.
function prefixOf(t: unknown, cut: () => boolean): unknown {
  return tree.map({ isLeaf: (x) => x !== null && x !== undefined && cut() }, () => 'P', t);
}

// A leaf that carries a pair (class instances are leaves).
class Box {
  readonly index: number;
  readonly value: unknown;
  constructor(index: number, value: unknown) {
    this.index = index;
    this.value = value;
  }
}

test.prop([pytree])('unflatten(flatten(t)) equals t', (t) => {
  const [leaves, def] = tree.flatten(t);
  const back = def.unflatten(leaves);
  expect(shapeOf(back)).toEqual(shapeOf(t));
  expect(tree.leaves(back)).toEqual(leaves);
  expect(def.numLeaves).toBe(leaves.length);
});

test.prop([pytree])('map(identity) preserves the structure and the leaves', (t) => {
  const out = tree.map((x: unknown) => x, t);
  expect(tree.structure(out).equals(tree.structure(t))).toBe(true);
  const before = tree.leaves(t);
  const after = tree.leaves(out);
  expect(after.length).toBe(before.length);
  after.forEach((leaf, i) => {
    expect(leaf).toBe(before[i]);
  });
});

test.prop([pytree, pytree])('treedefs are equal exactly when the structures are', (a, b) => {
  const da = tree.structure(a);
  const db = tree.structure(b);
  const same = JSON.stringify(shapeOf(a)) === JSON.stringify(shapeOf(b));
  expect(da.equals(db)).toBe(same);
  expect(da.key === db.key).toBe(same);
});

test.prop([pytree])('equal trees (fresh copies with different leaves) have equal treedefs', (t) => {
  const relabelled = tree.map(() => 0, t);
  expect(tree.structure(relabelled).equals(tree.structure(t))).toBe(true);
  expect(tree.structure(relabelled).toString()).toBe(tree.structure(t).toString());
});

test.prop([pytree])('flattenWithPath paths lead to the leaves', (t) => {
  const [pairs, def] = tree.flattenWithPath(t);
  expect(pairs.length).toBe(def.numLeaves);
  for (const [path, leaf] of pairs) expect(at(t, path)).toBe(leaf);
});

test.prop([pytree, fc.infiniteStream(fc.boolean())])(
  'broadcastPrefix of a cut-down tree covers every leaf',
  (t, coins) => {
    const prefix = prefixOf(t, () => coins.next().value);
    const expanded = tree.broadcastPrefix(prefix, t);
    expect(expanded.length).toBe(tree.leaves(t).length);
    expect(tree.structure(tree.broadcast(prefix, t)).equals(tree.structure(t))).toBe(true);
  },
);

test.prop([pytree])('map over two trees of the same structure pairs the leaves', (t) => {
  const indexed = tree.unflatten(
    tree.structure(t),
    tree.leaves(t).map((_, i) => i),
  );
  const leaves = tree.leaves(t);
  const pairs = tree.map((x: unknown, i: number) => new Box(i, x), t, indexed);
  const out = tree.leaves<Box>(pairs);
  expect(out.length).toBe(leaves.length);
  out.forEach((pair, i) => {
    expect(pair.index).toBe(i);
    expect(pair.value).toBe(leaves[i]);
  });
});
