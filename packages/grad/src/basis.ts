/**
 * Applying a function to every row of a stack of basis vectors (the batched JVPs / VJPs of
 * jacfwd and jacrev). JAX does this with vmap over the standard basis.
 */
import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';

/** `fn` applied to row k of every basis array (leading axis K), results stacked on axis 0. */
export function mapBasis(fn: (...rows: Tensor[]) => Tensor[], basis: readonly Tensor[]): Tensor[] {
  const k = (basis[0] as Tensor).shape[0] as number;
  const results: Tensor[][] = [];
  for (let i = 0; i < k; i++) {
    results.push(fn(...basis.map((b) => lax.squeeze(lax.sliceInDim(b, i, i + 1, 1, 0), [0]))));
  }
  return (results[0] as Tensor[]).map((_, j) => jnp.stack(results.map((r) => r[j] as Tensor)));
}
