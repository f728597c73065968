// Pytree flattening: jax.tree_util.tree_flatten / tree_flatten_with_path. One recursive walk that
// appends leaves and pre-order node records to flat arrays (no per-node objects or closures).

import { FrozenDictBase } from '../frozen-dict.ts';
import { internalsOf } from '../internals.ts';
import { sortedKeysOf } from '../plain.ts';
import { typeName } from '../repr.ts';
import type { KeyPath, PathEntry } from './keypath.ts';
import { checkChildren, lookupNode, PYTREE, type PytreeParts } from './registry.ts';
import {
  ARRAY,
  CUSTOM,
  type CustomNodeData,
  FROZEN_DICT,
  LEAF,
  NONE,
  OBJECT,
  TreeDef,
  UNDEFINED,
} from './treedef.ts';

/** Predicate that stops the descent: a subtree for which it returns true is a leaf. */
export type IsLeaf = (x: unknown) => boolean;

/** Options shared by the tree functions (JAX's `is_leaf` keyword). */
export interface TreeOptions {
  /**
   * Called on every subtree before it is taken apart; returning true makes that subtree a leaf.
   * `{ isLeaf: (x) => x === null }` treats `null` as a leaf instead of an empty node.
   */
  readonly isLeaf?: IsLeaf | undefined;
}

const FROZEN_DICT_PROTO: object = FrozenDictBase.prototype;

/** @internal One flatten pass; the result arrays become the TreeDef. */
class Flattener {
  readonly kinds: number[] = [];
  readonly arities: number[] = [];
  readonly data: unknown[] = [];
  readonly sizes: number[] = [];
  readonly leafCounts: number[] = [];
  readonly leaves: unknown[] = [];
  readonly isLeaf: IsLeaf | undefined;
  /** Set only by flattenWithPath: the current path and one path per leaf. */
  readonly path: PathEntry[] | undefined;
  readonly paths: KeyPath[] | undefined;

  constructor(isLeaf: IsLeaf | undefined, withPaths: boolean) {
    this.isLeaf = isLeaf;
    this.path = withPaths ? [] : undefined;
    this.paths = withPaths ? [] : undefined;
  }

  treedef(): TreeDef {
    return new TreeDef(this.kinds, this.arities, this.data, this.sizes, this.leafCounts);
  }

  private child(entry: PathEntry, value: unknown): void {
    const path = this.path;
    if (path === undefined) {
      this.visit(value);
    } else {
      path.push(entry);
      this.visit(value);
      path.pop();
    }
  }

  visit(x: unknown): void {
    const i = this.kinds.length;
    const leafStart = this.leaves.length;
    this.kinds.push(LEAF);
    this.arities.push(0);
    this.data.push(undefined);
    this.sizes.push(1);
    this.leafCounts.push(0);

    let kind = LEAF;
    let arity = 0;
    let data: unknown;
    if (this.isLeaf?.(x)) {
      kind = LEAF;
    } else if (x === null) {
      kind = NONE;
    } else if (x === undefined) {
      kind = UNDEFINED;
    } else if (typeof x === 'object') {
      if (Array.isArray(x)) {
        kind = ARRAY;
        arity = x.length;
        for (let j = 0; j < arity; j++) this.child(j, x[j]);
      } else {
        const proto: unknown = Object.getPrototypeOf(x);
        const record = x as Record<string | symbol, unknown>;
        if (proto === FROZEN_DICT_PROTO) {
          kind = FROZEN_DICT;
          data = this.frozenDict(x);
          arity = (data as readonly string[]).length;
        } else if ((proto === Object.prototype || proto === null) && record[PYTREE] === undefined) {
          kind = OBJECT;
          const keys = sortedKeysOf(x);
          data = keys;
          arity = keys.length;
          for (let j = 0; j < arity; j++) {
            const key = keys[j] as string;
            this.child(key, record[key]);
          }
        } else {
          const custom = this.custom(x);
          if (custom !== undefined) {
            kind = CUSTOM;
            data = custom;
            arity = this.arities[i] as number;
          } else if (internalsOf(x) !== undefined) {
            // A FrozenDict from another copy of this package.
            kind = FROZEN_DICT;
            data = this.frozenDict(x);
            arity = (data as readonly string[]).length;
          }
        }
      }
    }

    if (kind === LEAF) {
      this.leaves.push(x);
      if (this.paths !== undefined) this.paths.push((this.path as PathEntry[]).slice());
    }
    this.kinds[i] = kind;
    this.arities[i] = arity;
    this.data[i] = data;
    this.sizes[i] = this.kinds.length - i;
    this.leafCounts[i] = this.leaves.length - leafStart;
  }

  private frozenDict(x: object): readonly string[] {
    const internals = internalsOf(x);
    if (internals === undefined) return [];
    const keys = internals.sortedKeys;
    for (const key of keys) this.child(key, internals.target[key]);
    return keys;
  }

  /** Flattens a registered class or a `[PYTREE]` object; undefined when `x` is neither. */
  private custom(x: object): CustomNodeData | undefined {
    const i = this.kinds.length - 1;
    const ctor = (x as { constructor?: unknown }).constructor;
    const definition = lookupNode(ctor);
    let children: unknown;
    let aux: unknown;
    let keys: unknown;
    let rebuild: CustomNodeData['rebuild'];
    let type: unknown;
    if (definition !== undefined) {
      const result = definition.flatten(x as never);
      children = result[0];
      aux = result[1];
      keys = result[2];
      rebuild = definition.unflatten;
      type = definition.type;
    } else {
      const method = (x as Partial<Record<typeof PYTREE, unknown>>)[PYTREE];
      if (typeof method !== 'function') return undefined;
      const parts = (method as () => PytreeParts).call(x);
      if (parts === null || typeof parts !== 'object' || typeof parts.rebuild !== 'function') {
        checkChildren(undefined, undefined, x);
      }
      children = parts.children;
      aux = parts.aux;
      keys = parts.keys;
      rebuild = parts.rebuild;
      type = ctor;
    }
    checkChildren(children, keys, x);
    const pathKeys = keys as readonly PathEntry[] | undefined;
    for (let j = 0; j < children.length; j++) this.child(pathKeys?.[j] ?? j, children[j]);
    this.arities[i] = children.length;
    return { type, name: typeName(x), aux, keys: pathKeys, rebuild };
  }
}

/**
 * Flattens a pytree into its leaves and its structure (`tree_flatten`). Nodes: arrays, plain
 * objects (keys sorted), FrozenDicts (keys sorted), registered classes and `[PYTREE]` objects;
 * `null`/`undefined` are empty nodes; everything else (numbers, strings, tensors) is a leaf.
 *
 * @example
 * ```ts
 * const [leaves, treedef] = tree.flatten({ b: [1, [2, null]], a: 3 });
 * leaves;              // [3, 1, 2]
 * String(treedef);     // "PyTreeDef({'a': *, 'b': [*, [*, None]]})"
 * ```
 * @see jax.tree_util.tree_flatten
 */
export function flatten<L = unknown>(tree: unknown, options?: TreeOptions): [L[], TreeDef] {
  const flattener = new Flattener(options?.isLeaf, false);
  flattener.visit(tree);
  return [flattener.leaves as L[], flattener.treedef()];
}

/**
 * Flattens with the key path of every leaf: `[[path, leaf], ...]` plus the TreeDef.
 * @see jax.tree_util.tree_flatten_with_path
 */
export function flattenWithPath<L = unknown>(
  tree: unknown,
  options?: TreeOptions,
): [[KeyPath, L][], TreeDef] {
  const flattener = new Flattener(options?.isLeaf, true);
  flattener.visit(tree);
  const paths = flattener.paths as KeyPath[];
  const pairs = flattener.leaves.map((leaf, j): [KeyPath, L] => [paths[j] as KeyPath, leaf as L]);
  return [pairs, flattener.treedef()];
}

/** @internal Flattens `value` and returns the leaf paths too (used by mapWithPath). */
export function flattenPaths(
  tree: unknown,
  isLeaf: IsLeaf | undefined,
): [unknown[], KeyPath[], TreeDef] {
  const flattener = new Flattener(isLeaf, true);
  flattener.visit(tree);
  return [flattener.leaves, flattener.paths as KeyPath[], flattener.treedef()];
}
