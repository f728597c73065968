// Adding terms to the updates: addDecayedWeights (decoupled weight decay, with a mask or a
// schedule) and addNoise (annealed Gaussian gradient noise). Mirrors optax/transforms/_adding.py.

import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import {
  EMPTY_STATE,
  type EmptyState,
  type GradientTransformation,
  requireParams,
  type Scalar,
  type ScalarOrSchedule,
} from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import { addScale, randomLike } from '../tree-utils.ts';
import { zeroCount } from './adam.ts';
import { type Mask, type MaskedState, masked } from './masking.ts';

/** State of {@link addDecayedWeights} with a scheduled decay. @see optax.WeightDecaySchedule */
export interface WeightDecayScheduleState {
  readonly count: Tensor;
}

/** The state of {@link addDecayedWeights} (masked when a mask is given). */
export type AddDecayedWeightsState =
  | EmptyState
  | WeightDecayScheduleState
  | MaskedState<EmptyState | WeightDecayScheduleState>;

/** Options of {@link addDecayedWeights}. */
export interface AddDecayedWeightsOptions {
  /**
   * Which parameters to decay: a tree of booleans with the structure of the params (or a prefix
   * of it), or a function of the params returning one. Default: all.
   */
  readonly mask?: Mask | ((params: unknown) => unknown) | null;
}

/**
 * Adds `weightDecay * params` to the updates (decoupled weight decay, as in AdamW). The decay may
 * be a schedule of the step count.
 * @see optax.add_decayed_weights
 */
export function addDecayedWeights(
  weightDecay: ScalarOrSchedule = 0,
  options: AddDecayedWeightsOptions = {},
): GradientTransformation<AddDecayedWeightsState> {
  s.checkScalarOrSchedule('addDecayedWeights', 'weightDecay', weightDecay);
  const scheduled = typeof weightDecay === 'function';
  const tx: GradientTransformation<EmptyState | WeightDecayScheduleState> = {
    init: () => (scheduled ? { count: zeroCount() } : EMPTY_STATE),
    update: (updates, state, params) => {
      requireParams('addDecayedWeights', params);
      const count = (state as WeightDecayScheduleState).count;
      const newState = scheduled ? { count: safeIncrement(count) } : state;
      if (weightDecay === 0) return [updates, newState];
      const rate = scheduled ? weightDecay(count) : weightDecay;
      const out = mapTree((g, p) => jnp.add(g, jnp.multiply(rate, p as Tensor)), updates, params);
      return [out, newState];
    },
  };
  const mask = options.mask;
  if (mask === null || mask === undefined) return tx;
  return masked(tx, mask);
}

/** State of {@link addNoise}. @see optax.AddNoiseState */
export interface AddNoiseState {
  readonly count: Tensor;
  /** The PRNG key (u32[2]) for the next step. */
  readonly rngKey: Tensor;
}

/**
 * Adds Gaussian noise with variance `eta / (t + 1)^gamma` to the updates (annealed gradient
 * noise). `key` is a PRNG key or an integer seed.
 * @see optax.add_noise, Neelakantan et al., https://arxiv.org/abs/1511.06807
 */
export function addNoise(
  eta: Scalar,
  gamma: Scalar,
  key: Tensor | number = 0,
): GradientTransformation<AddNoiseState> {
  s.checkHyperparams('addNoise', { eta, gamma });
  return {
    init: () => ({
      count: zeroCount(),
      rngKey: typeof key === 'number' ? random.key(key) : key,
    }),
    update: (updates, state) => {
      const count = safeIncrement(state.count);
      const std = jnp.sqrt(jnp.divide(eta, jnp.power(count, gamma)));
      const keys = random.split(state.rngKey);
      const noise = randomLike(jnp.getItem(keys, 1), updates);
      return [addScale(updates, std, noise), { count, rngKey: jnp.getItem(keys, 0) }];
    },
  };
}
