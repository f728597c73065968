// Running a transformation on one flat vector: flatten. Mirrors optax/transforms/_layouts.py.

import { tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, GradientTransformationExtraArgs, Params } from '../base.ts';
import { asTensor, hasParams, tensorLeaves } from '../internal/tree.ts';

function flattenTree(t: unknown): Tensor {
  const leaves = tensorLeaves(t).map((x) => jnp.reshape(x, [-1]));
  return leaves.length === 0 ? jnp.zeros([0]) : jnp.concatenate(leaves);
}

/**
 * Runs `inner` on the concatenation of all leaves as one vector, then splits the result back
 * into the original tree. Useful for transformations that are cheaper on few large arrays.
 * @see optax.flatten
 */
export function flatten<S>(inner: GradientTransformation<S>): GradientTransformationExtraArgs<S> {
  const innerX = inner as GradientTransformationExtraArgs<S>;
  return {
    init: (params) => inner.init(flattenTree(params)),
    update: (updates, state, params?: Params, extraArgs?) => {
      const flatParams = hasParams(params) ? flattenTree(params) : params;
      const [flatUpdates, newState] = innerX.update(
        flattenTree(updates),
        state,
        flatParams,
        extraArgs,
      );
      const [leaves, treedef] = tree.flatten(updates);
      const out: Tensor[] = [];
      let offset = 0;
      for (const leaf of leaves) {
        const x = asTensor(leaf);
        const piece = jnp.getItem(flatUpdates as Tensor, [jnp.slice(offset, offset + x.size)]);
        out.push(jnp.reshape(piece, x.shape));
        offset += x.size;
      }
      return [treedef.unflatten(out), newState];
    },
  };
}
