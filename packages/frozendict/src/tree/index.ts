// The `tree` namespace: jax.tree / jax.tree_util for jaxts (flatten, map, structure, key paths,
// prefix broadcasting and custom node registration).

export {
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
export { flatten, flattenWithPath, type IsLeaf, type TreeOptions } from './flatten.ts';
export { type KeyPath, type KeystrOptions, keystr, type PathEntry } from './keypath.ts';
export {
  type BroadcastOptions,
  broadcast,
  broadcastPrefix,
  flattenUpTo,
} from './prefix.ts';
export {
  type NodeFlattenResult,
  PYTREE,
  type PytreeNode,
  type PytreeParts,
  registerNode,
} from './registry.ts';
export { type NodeKind, TreeDef } from './treedef.ts';
export type { MapTree, PyTree, TreeLeaf } from './types.ts';
