/**
 * Applying a function to every row of a stack of basis vectors at once (the batched JVPs / VJPs
 * of jacfwd and jacrev), with vmap as JAX does (`vmap(pushfwd, out_axes=(None, -1))`).
 */
import type { Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';

export interface BasisResult {
  /** Results that vary along the basis: stacked on axis 0. */
  readonly mapped: Tensor[];
  /** Results that do not (primal outputs, aux): returned once, unbatched. */
  readonly fixed: Tensor[];
}

/** `fn` mapped over the leading axis of every basis array. */
export function mapBasis(
  fn: (...rows: Tensor[]) => BasisResult,
  basis: readonly Tensor[],
): BasisResult {
  return vmap(fn, { inAxes: 0, outAxes: { mapped: 0, fixed: null } })(...basis);
}
