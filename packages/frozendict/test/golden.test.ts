// Checks against values produced by real JAX 0.10.2 / Flax 0.12.8 (golden/generate.py).
import { readFileSync } from 'node:fs';
import {
  emptyNode,
  flattenDict,
  freeze,
  pathAwareMap,
  prettyRepr,
  tree,
  unflattenDict,
} from '@jaxts/frozendict';
import { describe, expect, test } from 'vitest';

interface FlattenCase {
  tree: unknown;
  leaves: unknown[];
  treedef: string;
  num_leaves: number;
  num_nodes: number;
  keystrs: string[];
  simple_keystrs: string[];
}

interface Golden {
  flatten: FlattenCase[];
  frozen_flatten: { tree: Record<string, unknown>; leaves: unknown[]; keystrs: string[] };
  pretty_repr: { tree: Record<string, unknown>; frozen: string; plain: string }[];
  pretty_repr_leaf: string;
  flatten_dict: {
    input: Record<string, unknown>;
    paths: [string[], unknown][];
    sep: Record<string, unknown>;
    keep_empty_paths: string[][];
    unflatten: Record<string, unknown>;
  };
  path_aware_map: { input: Record<string, unknown>; output: unknown };
  broadcast_prefix: { prefix: unknown; full: unknown; none_is_leaf: boolean; result: unknown[] }[];
  errors: Record<
    'map_children' | 'map_types' | 'map_length' | 'unflatten_few' | 'frozen_setitem',
    string
  >;
  reduce: number;
  transpose: unknown;
}

const golden = JSON.parse(
  readFileSync(new URL('../golden/tree.json', import.meta.url), 'utf8'),
) as Golden;

// JAX prints Python type names; jaxts prints JS ones. Everything else must read the same.
function toJaxtsWording(text: string): string {
  return text
    .replaceAll('tree_map tree', 'tree')
    .replaceAll("<class 'dict'>", 'Object')
    .replaceAll("<class 'list'>", 'Array')
    .replaceAll("<class 'int'>", 'number')
    .replaceAll('type list of length', 'type Array of length')
    .replaceAll('lengths of list', 'lengths of Array');
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('tree.flatten matches jax.tree_util', () => {
  test.each(golden.flatten.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const [leaves, treedef] = tree.flatten(c.tree);
    expect(leaves).toEqual(c.leaves);
    expect(treedef.toString()).toBe(c.treedef);
    expect(treedef.numLeaves).toBe(c.num_leaves);
    expect(treedef.numNodes).toBe(c.num_nodes);
    const paths = tree.leavesWithPath(c.tree).map(([p]) => p);
    expect(paths.map((p) => tree.keystr(p))).toEqual(c.keystrs);
    expect(paths.map((p) => tree.keystr(p, { simple: true, separator: '/' }))).toEqual(
      c.simple_keystrs,
    );
    expect(treedef.unflatten(leaves)).toEqual(c.tree);
  });

  test('FrozenDict flattening order and key paths', () => {
    const fd = freeze(golden.frozen_flatten.tree);
    expect(tree.leaves(fd)).toEqual(golden.frozen_flatten.leaves);
    expect(tree.leavesWithPath(fd).map(([p]) => tree.keystr(p))).toEqual(
      golden.frozen_flatten.keystrs,
    );
  });
});

describe('prettyRepr matches flax.core.pretty_repr', () => {
  test.each(golden.pretty_repr.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    expect(prettyRepr(freeze(c.tree))).toBe(c.frozen);
    expect(String(freeze(c.tree))).toBe(c.frozen);
    expect(prettyRepr(c.tree)).toBe(c.plain);
  });

  test('a non-dict prints as its repr', () => {
    expect(prettyRepr('345')).toBe(golden.pretty_repr_leaf);
  });
});

describe('traverse utilities match flax.traverse_util', () => {
  const g = golden.flatten_dict;

  test('flattenDict / unflattenDict', () => {
    expect(flattenDict(g.input)).toEqual(g.paths);
    expect(flattenDict(g.input, { sep: '/' })).toEqual(g.sep);
    const kept = flattenDict(g.input, { keepEmptyNodes: true });
    expect(kept.map(([p]) => p)).toEqual(g.keep_empty_paths);
    expect(kept.at(-1)?.[1]).toBe(emptyNode);
    expect(unflattenDict(kept)).toEqual(g.unflatten);
  });

  test('pathAwareMap', () => {
    const out = pathAwareMap(
      (path, x: number) => (path.includes('x') ? x + 5 : -x),
      golden.path_aware_map.input,
    );
    expect(out).toEqual(golden.path_aware_map.output);
  });
});

test.each(golden.broadcast_prefix.map((c, i) => [i, c] as const))(
  'broadcastPrefix case %i',
  (_i, c) => {
    const isLeaf = c.none_is_leaf ? (x: unknown) => x === null : undefined;
    expect(tree.broadcastPrefix(c.prefix, c.full, { isLeaf })).toEqual(c.result);
  },
);

describe('error wording follows JAX / Flax', () => {
  test('tree.map structure errors carry JAX prefix_errors text', () => {
    const e = golden.errors;
    const add = (x: number, y: number) => x + y;
    expect(messageOf(() => tree.map(add, { a: 1, b: 2 }, { a: 1 }))).toContain(
      toJaxtsWording(e.map_children),
    );
    expect(messageOf(() => tree.map(add, { a: [1, 2] }, { a: 1 }))).toContain(
      toJaxtsWording(e.map_types),
    );
    expect(messageOf(() => tree.map(add, [1, 2], [1, 2, 3]))).toContain(
      toJaxtsWording(e.map_length),
    );
  });

  test('unflatten and immutability', () => {
    const [head, tail] = golden.errors.unflatten_few.split('PyTreeDef');
    const message = messageOf(() => tree.unflatten(tree.structure([1, 2]), [1]));
    expect(message).toContain(head);
    expect(message).toContain(tail);
    expect(messageOf(() => Reflect.set(freeze({ a: 1 }), 'a', 2) || null)).toContain(
      golden.errors.frozen_setitem.replace('.', ''),
    );
  });
});

test('reduce and transpose', () => {
  expect(tree.reduce((a: number, b: number) => a + b, [1, { x: 2, y: [3, 4] }])).toBe(
    golden.reduce,
  );
  expect(
    tree.transpose(tree.structure([0, 0]), tree.structure({ a: 0, b: 0 }), [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]),
  ).toEqual(golden.transpose);
});
