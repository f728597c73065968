// Applying updates to parameters: applyUpdates, incrementalUpdate (Polyak averaging) and
// periodicUpdate. Mirrors optax/_src/update.py.

import { numpy as jnp, type Tensor, type TensorLike } from '@jaxts/tensor';
import type { Scalar, Updates } from './base.ts';
import * as s from './internal/scalar.ts';
import { asTensor, mapTree } from './internal/tree.ts';

/**
 * `params + updates`, leafwise, cast back to each parameter's dtype (so a float32 update does not
 * promote, say, an int32 counter kept in the params). `null` params stay `null`.
 *
 * @example
 * ```ts
 * const [updates, state2] = opt.update(grads, state, params);
 * params = optax.applyUpdates(params, updates);
 * ```
 * @see optax.apply_updates
 */
export function applyUpdates<P>(params: P, updates: Updates): P {
  return mapTree((p, u) => jnp.astype(jnp.add(p, u), asTensor(p).dtype), params, updates) as P;
}

/**
 * Polyak averaging: `stepSize * newTensors + (1 - stepSize) * oldTensors`, leafwise (target
 * networks in RL).
 * @see optax.incremental_update
 */
export function incrementalUpdate<P>(newTensors: P, oldTensors: P, stepSize: Scalar): P {
  const keep = s.sub(1, stepSize);
  return mapTree(
    (n, o) => jnp.add(jnp.multiply(stepSize, n), jnp.multiply(keep, o as Tensor)),
    newTensors,
    oldTensors,
  ) as P;
}

/**
 * `newTensors` when `steps % updatePeriod == 0`, else `oldTensors` (a periodically refreshed
 * copy). Traceable: the choice is a `where`, not host control flow.
 * @see optax.periodic_update
 */
export function periodicUpdate<P>(
  newTensors: P,
  oldTensors: P,
  steps: TensorLike,
  updatePeriod: TensorLike,
): P {
  const take = jnp.equal(jnp.mod(steps, updatePeriod), 0);
  return mapTree((n, o) => jnp.where(take, n, o as Tensor), newTensors, oldTensors) as P;
}
