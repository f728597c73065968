// A third-party optimizer written only against the public API of @jaxts/optax-ts: the Lookahead
// wrapper (Zhang et al., "Lookahead Optimizer: k steps forward, 1 step back", 2019). Optax has
// its own `optax.lookahead`, which keeps the slow weights in the params; this one keeps them in
// the state, so it plugs into `chain` like any other transformation.

import type { GradientTransformation, Params, Updates } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { numpy as jnp, type Tensor, tree } from '@jaxts/tensor';

/** The state: a plain pytree (objects and Tensors only), so it goes through `jit` and `tree.map`. */
export interface LookaheadState<S> {
  /** The state of the fast (inner) optimizer. */
  readonly fastState: S;
  /** The slow weights, a copy of the params structure. */
  readonly slow: Params;
  /** Steps taken so far (int32 scalar). */
  readonly count: Tensor;
}

export interface LookaheadOptions {
  /** Fast steps between two synchronisations (k). Default 5. */
  readonly syncPeriod?: number;
  /** How far the slow weights move towards the fast ones at a sync (alpha). Default 0.5. */
  readonly slowStepSize?: number;
}

/**
 * Runs `fast` for `syncPeriod` steps, then moves the slow weights a fraction `slowStepSize`
 * towards the fast weights and restarts the fast weights from there. Needs params.
 *
 * Everything in `update` is a jnp op (the sync decision is a `where` on the step count), so the
 * whole optimizer can be jitted.
 */
export function lookahead<S>(
  fast: GradientTransformation<S>,
  options: LookaheadOptions = {},
): GradientTransformation<LookaheadState<S>> {
  const { syncPeriod = 5, slowStepSize = 0.5 } = options;
  if (!Number.isInteger(syncPeriod) || syncPeriod < 1) {
    throw new optax.InvalidHyperparameterError(
      `lookahead: syncPeriod must be a positive integer; expected k >= 1, got ${syncPeriod}.`,
    );
  }
  return {
    init: (params) => ({
      fastState: fast.init(params),
      slow: tree.map((p: Tensor) => jnp.array(p), params),
      count: jnp.zeros([], 'int32'),
    }),
    update: (updates, state, params) => {
      if (params === undefined || params === null) {
        throw new optax.MissingParamsError(
          'lookahead: the slow weights are updated from the params; expected a params tree, got none. Call update(updates, state, params).',
        );
      }
      const [fastUpdates, fastState] = fast.update(updates, state.fastState, params);
      const fastParams = optax.applyUpdates(params, fastUpdates);
      const count = optax.safeIncrement(state.count);
      const sync = jnp.equal(jnp.mod(count, syncPeriod), 0);
      // On a sync step: slow <- slow + alpha (fast - slow), and the params jump to the new slow.
      const synced = tree.map(
        (s: Tensor, f: Tensor) => s.add(f.sub(s).mul(slowStepSize)),
        state.slow,
        fastParams,
      );
      const slow = optax.tree.where(sync, synced, state.slow);
      const out: Updates = tree.map(
        (u: Tensor, p: Tensor, s: Tensor) => jnp.where(sync, s.sub(p), u),
        fastUpdates,
        params,
        synced,
      );
      return [out, { fastState, slow, count }];
    },
  };
}
