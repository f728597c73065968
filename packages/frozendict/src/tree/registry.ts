// Custom pytree node types: jax.tree_util.register_pytree_node (a registry keyed by class) and the
// jaxts `[PYTREE]` symbol protocol for objects that describe their own children.

import { DuplicateNodeRegistrationError, InvalidPytreeNodeError } from '../errors.ts';
import { FrozenDictBase } from '../frozen-dict.ts';
import { typeName } from '../repr.ts';
import type { PathEntry } from './keypath.ts';

/**
 * The pytree protocol symbol. An object with a method under this key is a pytree node: the
 * method returns its children, static data and how to rebuild it (see {@link PytreeParts}).
 *
 * ```ts
 * class Pair {
 *   constructor(readonly a: unknown, readonly b: unknown, readonly label: string) {}
 *   [PYTREE](): PytreeParts {
 *     return { children: [this.a, this.b], aux: this.label, keys: ['a', 'b'], rebuild: Pair.rebuild };
 *   }
 *   static rebuild(aux: unknown, [a, b]: unknown[]) { return new Pair(a, b, aux as string); }
 * }
 * ```
 * Tensors do not implement it: they are leaves.
 */
export const PYTREE: unique symbol = Symbol.for('@jaxts/pytree');

/** What a `[PYTREE]()` method returns. */
export interface PytreeParts {
  /** The subtrees, in a fixed order. */
  readonly children: readonly unknown[];
  /**
   * Static data needed to rebuild the node; part of the TreeDef (two nodes with different aux
   * have different structures). Compared structurally when made of primitives, arrays and
   * plain objects; other objects compare by identity. Defaults to `undefined`.
   */
  readonly aux?: unknown;
  /** Path entries of the children (default: their indices). */
  readonly keys?: readonly PathEntry[];
  /**
   * Builds a node from `aux` and new children. Stored in the TreeDef, not compared: the node
   * type is identified by the object's constructor.
   */
  readonly rebuild: (aux: unknown, children: unknown[]) => unknown;
}

/** Any object implementing the `[PYTREE]` protocol. */
export interface PytreeNode {
  [PYTREE](): PytreeParts;
}

/** `flatten` of a registered class: children, aux data and optionally the children's keys. */
export type NodeFlattenResult =
  | readonly [children: readonly unknown[], aux: unknown]
  | readonly [children: readonly unknown[], aux: unknown, keys: readonly PathEntry[]];

/** One registered node type (see {@link registerNode}). */
export interface NodeDefinition {
  readonly type: Function;
  readonly flatten: (node: never) => NodeFlattenResult;
  readonly unflatten: (aux: never, children: unknown[]) => unknown;
}

const registry = new Map<unknown, NodeDefinition>();

const builtins = new Set<unknown>([Object, Array, FrozenDictBase]);

/**
 * Registers a class as a pytree node type: instances of exactly `type` (not subclasses, as in
 * JAX) are flattened with `flatten(node) → [children, aux, keys?]` and rebuilt with
 * `unflatten(aux, children)`.
 *
 * @example
 * ```ts
 * class Point { constructor(public x: unknown, public y: unknown) {} }
 * tree.registerNode(Point, (p) => [[p.x, p.y], null, ['x', 'y']], (_aux, [x, y]) => new Point(x, y));
 * tree.leaves(new Point(1, [2, 3])); // [1, 2, 3]
 * ```
 * @see jax.tree_util.register_pytree_node
 */
export function registerNode<T extends object>(
  type: abstract new (...args: never[]) => T,
  flatten: (node: T) => NodeFlattenResult,
  unflatten: (aux: never, children: unknown[]) => T,
): void {
  if (builtins.has(type)) {
    throw new DuplicateNodeRegistrationError(
      `tree.registerNode: ${type.name} is a built-in pytree node type; expected a user class, got ${type.name}. ` +
        'Register your own class instead.',
    );
  }
  if (registry.has(type)) {
    throw new DuplicateNodeRegistrationError(
      `tree.registerNode: Duplicate custom PyTreeDef type registration for ${type.name}; ` +
        'expected each class to be registered once, got a second registration. Register it once at module load.',
    );
  }
  registry.set(type, { type, flatten: flatten as NodeDefinition['flatten'], unflatten });
}

/** The registered definition for exactly this constructor, if any. */
export function lookupNode(ctor: unknown): NodeDefinition | undefined {
  return registry.size === 0 ? undefined : registry.get(ctor);
}

/** Checks what a custom flatten returned, so a bad node fails here and not deep inside jit. */
export function checkChildren(
  children: unknown,
  keys: unknown,
  node: unknown,
): asserts children is readonly unknown[] {
  if (!Array.isArray(children)) {
    throw new InvalidPytreeNodeError(
      `tree.flatten: the flatten function of ${typeName(node)} returned invalid children; ` +
        `expected an array, got ${typeName(children)}. Return [children, aux] (or { children, aux, rebuild } for [PYTREE]).`,
    );
  }
  if (keys !== undefined && (!Array.isArray(keys) || keys.length !== children.length)) {
    throw new InvalidPytreeNodeError(
      `tree.flatten: the flatten function of ${typeName(node)} returned invalid keys; ` +
        `expected an array of ${children.length} keys, got ${Array.isArray(keys) ? `${keys.length} keys` : typeName(keys)}. ` +
        'Return one key per child.',
    );
  }
}
