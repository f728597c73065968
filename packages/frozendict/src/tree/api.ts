// The jax.tree namespace on top of flatten/unflatten: map, leaves, structure, reduce, all,
// transpose and the *WithPath variants (jax.tree_util.tree_map and friends).

import { TreeStructureError } from '../errors.ts';
import { truncate } from '../repr.ts';
import { flatten, flattenPaths, type TreeOptions } from './flatten.ts';
import type { KeyPath } from './keypath.ts';
import { describeMismatch, tryFlattenUpTo } from './prefix.ts';
import type { TreeDef } from './treedef.ts';
import type { MapTree, TreeLeaf } from './types.ts';

/** The leaves of a tree, in flatten order (`tree_leaves`). */
export function leaves<L = unknown>(tree: unknown, options?: TreeOptions): L[] {
  return flatten<L>(tree, options)[0];
}

/** The structure of a tree (`tree_structure`). */
export function structure(tree: unknown, options?: TreeOptions): TreeDef {
  return flatten(tree, options)[1];
}

/** Rebuilds a tree from its structure and leaves (`tree_unflatten`). */
export function unflatten<T = unknown>(treedef: TreeDef, leaves: readonly unknown[]): T {
  return treedef.unflatten(leaves) as T;
}

/** `[path, leaf]` for every leaf (`tree_leaves_with_path`). */
export function leavesWithPath<L = unknown>(tree: unknown, options?: TreeOptions): [KeyPath, L][] {
  const [leafs, paths] = flattenPaths(tree, options?.isLeaf);
  return leafs.map((leaf, j): [KeyPath, L] => [paths[j] as KeyPath, leaf as L]);
}

// The leaves of every extra tree, flattened up to the first tree's structure.
function restLeaves(api: string, treedef: TreeDef, rest: readonly unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 0; r < rest.length; r++) {
    const result = tryFlattenUpTo(treedef, rest[r]);
    if (!Array.isArray(result)) {
      throw new TreeStructureError(
        `${api}: tree ${r + 1} does not match the structure of the first tree; expected ` +
          `${truncate(treedef.toString(), 300)} (or a structure it is a prefix of), got ` +
          `${truncate(flatten(rest[r])[1].toString(), 300)}. ` +
          'Pass trees with the same structure as the first one.\n' +
          describeMismatch(result, 'tree'),
        result.path,
      );
    }
    out.push(result);
  }
  return out;
}

type AnyLeafFn<R> = (...leaves: never[]) => R;

function splitOptions(
  args: readonly unknown[],
): [TreeOptions | undefined, AnyLeafFn<unknown>, unknown, unknown[]] {
  if (typeof args[0] === 'function') {
    return [undefined, args[0] as AnyLeafFn<unknown>, args[1], args.slice(2)];
  }
  return [args[0] as TreeOptions, args[1] as AnyLeafFn<unknown>, args[2], args.slice(3)];
}

function applyLeafwise(
  f: (...args: unknown[]) => unknown,
  prefixArgs: readonly unknown[],
  leafs: readonly unknown[],
  rest: readonly unknown[][],
): unknown[] {
  const out = new Array<unknown>(leafs.length);
  if (prefixArgs.length === 0 && rest.length === 0) {
    for (let i = 0; i < leafs.length; i++) out[i] = f(leafs[i]);
    return out;
  }
  if (prefixArgs.length === 0 && rest.length === 1) {
    const other = rest[0] as unknown[];
    for (let i = 0; i < leafs.length; i++) out[i] = f(leafs[i], other[i]);
    return out;
  }
  const args = new Array<unknown>(prefixArgs.length + 1 + rest.length);
  for (let i = 0; i < leafs.length; i++) {
    let a = 0;
    for (const p of prefixArgs) args[a++] = (p as unknown[])[i];
    args[a++] = leafs[i];
    for (const r of rest) args[a++] = r[i];
    out[i] = f(...args);
  }
  return out;
}

/**
 * Applies `f` to every leaf of `tree` (and the corresponding leaves of `rest`), keeping the
 * structure (`jax.tree.map`). Each extra tree must have `tree`'s structure, or have it as a prefix
 * (then `f` receives that tree's whole subtree). FrozenDicts stay FrozenDicts. Options such as
 * `isLeaf` go first: `tree.map({ isLeaf }, f, t)`.
 *
 * @example
 * ```ts
 * tree.map((x: number, y: number) => x + y, { a: 1, b: [2] }, { a: 10, b: [20] }); // { a: 11, b: [22] }
 * tree.map({ isLeaf: (x) => x === null }, (x) => x ?? 0, [1, null]);            // [1, 0]
 * ```
 * @see jax.tree.map
 */
export function map<T, R>(f: (x: TreeLeaf<T>) => R, tree: T): MapTree<T, R>;
export function map<T, U, R>(
  f: (x: TreeLeaf<T>, y: TreeLeaf<U>) => R,
  tree: T,
  other: U,
): MapTree<T, R>;
export function map<T, U, V, R>(
  f: (x: TreeLeaf<T>, y: TreeLeaf<U>, z: TreeLeaf<V>) => R,
  tree: T,
  second: U,
  third: V,
): MapTree<T, R>;
export function map<T, R>(f: AnyLeafFn<R>, tree: T, ...rest: unknown[]): MapTree<T, R>;
export function map(
  options: TreeOptions,
  f: AnyLeafFn<unknown>,
  tree: unknown,
  ...rest: unknown[]
): unknown;
export function map(...args: unknown[]): unknown {
  const [options, f, tree, rest] = splitOptions(args);
  const [leafs, treedef] = flatten(tree, options);
  const others = rest.length === 0 ? [] : restLeaves('tree.map', treedef, rest);
  return treedef.unflatten(applyLeafwise(f as (...a: unknown[]) => unknown, [], leafs, others));
}

/**
 * Like {@link map}, but `f` also receives the key path of each leaf first:
 * `f(path, x, ...restLeaves)` (`jax.tree.map_with_path`).
 *
 * @example
 * ```ts
 * tree.mapWithPath((path, x: number) => (path.includes('bias') ? 0 : x), { w: 1, bias: 2 }); // { bias: 0, w: 1 }
 * ```
 */
export function mapWithPath<T, R>(f: (path: KeyPath, x: TreeLeaf<T>) => R, tree: T): MapTree<T, R>;
export function mapWithPath<T, U, R>(
  f: (path: KeyPath, x: TreeLeaf<T>, y: TreeLeaf<U>) => R,
  tree: T,
  other: U,
): MapTree<T, R>;
export function mapWithPath<T, R>(
  f: (path: KeyPath, ...leaves: never[]) => R,
  tree: T,
  ...rest: unknown[]
): MapTree<T, R>;
export function mapWithPath(
  options: TreeOptions,
  f: (path: KeyPath, ...leaves: never[]) => unknown,
  tree: unknown,
  ...rest: unknown[]
): unknown;
export function mapWithPath(...args: unknown[]): unknown {
  const [options, f, tree, rest] = splitOptions(args);
  const [leafs, paths, treedef] = flattenPaths(tree, options?.isLeaf);
  const others = rest.length === 0 ? [] : restLeaves('tree.mapWithPath', treedef, rest);
  return treedef.unflatten(
    applyLeafwise(f as (...a: unknown[]) => unknown, [paths], leafs, others),
  );
}

/**
 * Folds `f` over the leaves from left to right (`functools.reduce` over `tree_leaves`, i.e.
 * `jax.tree.reduce`). Without `initial`, an empty tree throws a TypeError like Python.
 */
export function reduce<L, A>(
  f: (acc: A, leaf: L) => A,
  tree: unknown,
  initial: A,
  options?: TreeOptions,
): A;
export function reduce<L>(f: (acc: L, leaf: L) => L, tree: unknown): L;
export function reduce(
  f: (acc: never, leaf: never) => unknown,
  tree: unknown,
  ...init: [initial?: unknown, options?: TreeOptions | undefined]
): unknown {
  const leafs = leaves(tree, init[1]);
  let start = 0;
  let acc: unknown;
  if (init.length > 0) {
    acc = init[0];
  } else {
    if (leafs.length === 0) {
      throw new TypeError(
        'tree.reduce: reduce() of empty tree with no initial value; expected at least one leaf, got 0. Pass an initial value.',
      );
    }
    acc = leafs[0];
    start = 1;
  }
  const step = f as (acc: unknown, leaf: unknown) => unknown;
  for (let i = start; i < leafs.length; i++) acc = step(acc, leafs[i]);
  return acc;
}

/** Options of {@link reduceAssociative}. */
export interface ReduceAssociativeOptions<L> extends TreeOptions {
  /** Returned for a tree without leaves; without it, an empty tree throws. */
  readonly identity?: L;
}

/**
 * Reduces the leaves with an associative `f` as a balanced binary tree (fewer sequential steps
 * than {@link reduce}; `jax.tree.reduce_associative`).
 */
export function reduceAssociative<L>(
  f: (a: L, b: L) => L,
  tree: unknown,
  options: ReduceAssociativeOptions<L> = {},
): L {
  let level = leaves<L>(tree, options);
  if (level.length === 0) {
    if ('identity' in options) return options.identity as L;
    throw new TypeError(
      'tree.reduceAssociative: must specify identity for empty tree; expected at least one leaf, got 0. Pass { identity }.',
    );
  }
  while (level.length > 1) {
    const next: L[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(f(level[i] as L, level[i + 1] as L));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as L);
    level = next;
  }
  return level[0] as L;
}

/** Whether every leaf is truthy (`jax.tree.all`); true for a tree without leaves. */
export function all(tree: unknown, options?: TreeOptions): boolean {
  for (const leaf of leaves(tree, options)) if (!leaf) return false;
  return true;
}

/**
 * Turns a tree of structure `outer` whose leaves-subtrees have structure `inner` into a tree of
 * structure `inner` of trees of structure `outer` (`jax.tree.transpose`). `inner` defaults to the
 * structure of the first outer subtree.
 *
 * @example
 * ```ts
 * tree.transpose(tree.structure([0, 0]), tree.structure({ a: 0, b: 0 }), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
 * // { a: [1, 3], b: [2, 4] }
 * ```
 */
export function transpose(outer: TreeDef, inner: TreeDef | undefined, tree: unknown): unknown {
  const subtrees = tryFlattenUpTo(outer, tree);
  if (!Array.isArray(subtrees)) {
    throw new TreeStructureError(
      `tree.transpose: the tree does not have the outer structure; expected ${truncate(outer.toString(), 300)}, ` +
        `got ${truncate(structure(tree).toString(), 300)}. Pass a tree whose top levels match outer.\n` +
        describeMismatch(subtrees, 'tree'),
      subtrees.path,
    );
  }
  const flat = subtrees.map((sub) => flatten(sub));
  const innerDef = inner ?? flat[0]?.[1];
  if (innerDef === undefined) {
    throw new TreeStructureError(
      'tree.transpose: cannot infer the inner structure; expected an inner TreeDef or a non-empty outer tree, got neither. Pass inner explicitly.',
    );
  }
  for (let j = 0; j < flat.length; j++) {
    const def = (flat[j] as [unknown[], TreeDef])[1];
    if (!def.equals(innerDef)) {
      throw new TreeStructureError(
        `tree.transpose: outer leaf ${j} has the wrong inner structure; expected ${truncate(innerDef.toString(), 300)}, ` +
          `got ${truncate(def.toString(), 300)}. Make every outer leaf a tree of the inner structure.`,
      );
    }
  }
  const columns: unknown[] = [];
  for (let k = 0; k < innerDef.numLeaves; k++) {
    columns.push(outer.unflatten(flat.map(([leafs]) => leafs[k])));
  }
  return innerDef.unflatten(columns);
}
