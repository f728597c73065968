// Error classes of @jaxts/frozendict; the counterparts of flax.errors / the ValueError, KeyError
// and TypeError raised by flax.core.frozen_dict, flax.traverse_util and jax.tree_util.
// Every jaxts package derives its errors from JaxtsError, so `instanceof JaxtsError` catches all.

import type { KeyPath } from './tree/keypath.ts';

/**
 * Base class of every error thrown by a jaxts package.
 *
 * Messages follow one template: `<api>: <what is wrong>; expected <X>, got <Y>. <how to fix>`.
 * `name` is set to the concrete class name so stack traces and test output show it.
 */
export class JaxtsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A write, delete or property definition was attempted on a FrozenDict.
 *
 * FrozenDicts never change; build a modified copy instead:
 * ```ts
 * const fd = freeze({ a: 1 });
 * fd.a = 2;                         // throws ImmutableFrozenDictError (strict and sloppy mode)
 * const fd2 = fd.copy({ a: 2 });    // FrozenDict({ a: 2 })
 * const [rest, a] = fd.pop('a');    // FrozenDict({}), 1
 * ```
 * Flax raises `ValueError('FrozenDict is immutable.')`.
 */
export class ImmutableFrozenDictError extends JaxtsError {}

/**
 * A key was looked up (`get`, `pop`) in a FrozenDict or a dict and is not there.
 * The message lists the available keys. Flax raises `KeyError`.
 */
export class MissingKeyError extends JaxtsError {
  readonly key: string;
  readonly availableKeys: readonly string[];
  constructor(message: string, key: string, availableKeys: readonly string[]) {
    super(message);
    this.key = key;
    this.availableKeys = availableKeys;
  }
}

/**
 * A function that works on FrozenDicts and plain objects (`pop`, `copy`, `flattenDict`, ...)
 * got something else. Flax raises `TypeError('Expected FrozenDict or dict, got ...')`.
 */
export class NotADictError extends JaxtsError {}

/**
 * Two pytrees that must have the same structure (or one must be a prefix of the other) do not,
 * or `unflatten` got the wrong number of leaves. The message shows the key path of the first
 * difference and both structures in TreeDef form (`PyTreeDef({'a': *, 'b': [*, *]})`).
 */
export class TreeStructureError extends JaxtsError {
  /** Key path (relative to the root) of the first mismatch, when known. */
  readonly keyPath: KeyPath | undefined;
  constructor(message: string, keyPath?: KeyPath) {
    super(message);
    this.keyPath = keyPath;
  }
}

/**
 * A prefix tree (vmap `inAxes`, an optax mask, ...) is not a tree prefix of the value it is
 * matched against. JAX: `... specification must be a tree prefix of the corresponding value`.
 */
export class TreePrefixError extends TreeStructureError {}

/**
 * `tree.registerNode` was called for a type that already has a pytree definition (JAX:
 * `Duplicate custom PyTreeDef type registration`), or for a built-in node type.
 */
export class DuplicateNodeRegistrationError extends JaxtsError {}

/**
 * A custom pytree node (registered class or `[PYTREE]` protocol) returned something malformed
 * from its flatten function.
 */
export class InvalidPytreeNodeError extends JaxtsError {}

/**
 * `unflattenDict` got paths where one path is a prefix of another (`a` and `a/b`), so `a` would
 * have to be both a leaf and a subtree.
 */
export class PathConflictError extends JaxtsError {}
