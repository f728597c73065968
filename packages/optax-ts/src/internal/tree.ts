// Pytree helpers typed for tensor leaves: thin wrappers over @jaxts/frozendict's tree.map, used by
// every transform (the role jax.tree.map plays inside optax).

import { tree } from '@jaxts/frozendict';
import { numpy as jnp, Tensor, type TensorLike } from '@jaxts/tensor';

/** A leaf as a Tensor (numbers in a params tree become weakly typed scalars, like jnp.asarray). */
export function asTensor(x: unknown): Tensor {
  return x instanceof Tensor ? x : jnp.asarray(x as TensorLike);
}

// Numbers and booleans become Tensors; anything else (a subtree matched against a prefix leaf)
// passes through unchanged.
function leaf(x: unknown): Tensor {
  return typeof x === 'number' || typeof x === 'boolean' ? jnp.asarray(x) : (x as Tensor);
}

type LeafFn = (...leaves: Tensor[]) => unknown;

/**
 * `tree.map` over trees whose leaves are tensors: `f` receives Tensors. Extra trees must have the
 * first tree's structure (or have it as a prefix, in which case `f` receives whole subtrees).
 */
export function mapTree(f: LeafFn, first: unknown, ...rest: unknown[]): unknown {
  if (rest.length === 0) return tree.map((x: unknown) => f(leaf(x)), first);
  return tree.map((...xs: unknown[]) => f(...xs.map(leaf)), first, ...rest);
}

/** The leaves of a tree as Tensors. */
export function tensorLeaves(t: unknown): Tensor[] {
  return tree.leaves(t).map(asTensor);
}

/** Whether params were passed (Optax's `params is None`: both `null` and `undefined` count). */
export function hasParams(params: unknown): boolean {
  return params !== null && params !== undefined;
}
