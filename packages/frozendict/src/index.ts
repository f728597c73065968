// @jaxts/frozendict: FrozenDict (flax.core.frozen_dict), pytrees (jax.tree / jax.tree_util) and
// nested-dict traversal (flax.traverse_util). Zero runtime dependencies.

import * as tree from './tree/index.ts';

export { deepEqual, hashValue } from './equality.ts';
export {
  DuplicateNodeRegistrationError,
  ImmutableFrozenDictError,
  InvalidPytreeNodeError,
  JaxtsError,
  MissingKeyError,
  NotADictError,
  PathConflictError,
  TreePrefixError,
  TreeStructureError,
} from './errors.ts';
export {
  type CopyResult,
  copy,
  type EntriesOf,
  type Frozen,
  FrozenDict,
  FrozenDictBase,
  type FrozenDictConstructor,
  type FrozenEntries,
  freeze,
  isFrozenDict,
  type Merge,
  type PopResult,
  pop,
  prettyRepr,
  type Unfrozen,
  unfreeze,
} from './frozen-dict.ts';
export {
  EmptyNode,
  emptyNode,
  type FlatDict,
  type FlattenDictOptions,
  flattenDict,
  pathAwareMap,
  unflattenDict,
} from './traverse.ts';
export type { IsLeaf, TreeOptions } from './tree/flatten.ts';
export type { KeyPath, KeystrOptions, PathEntry } from './tree/keypath.ts';
export { keystr } from './tree/keypath.ts';
export type { BroadcastOptions } from './tree/prefix.ts';
export type { PytreeNode, PytreeParts } from './tree/registry.ts';
export { PYTREE, registerNode } from './tree/registry.ts';
export type { NodeKind } from './tree/treedef.ts';
export { TreeDef } from './tree/treedef.ts';
export type { MapTree, PyTree, TreeLeaf } from './tree/types.ts';
export { tree };

import * as serialization from './serialization/index.ts';

export { serialization };
