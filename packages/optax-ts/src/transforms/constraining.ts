// Constraints on updates: keepParamsNonnegative (projected updates) and zeroNans. Mirrors
// optax/transforms/_constraining.py.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import {
  type EmptyState,
  type GradientTransformation,
  initEmptyState,
  requireParams,
  type Updates,
} from '../base.ts';
import { mapTree } from '../internal/tree.ts';

/**
 * Modifies updates so that no parameter becomes negative: where `p + u < 0` the update is `-p`
 * (the parameter lands on 0). Put it last in a chain.
 * @see optax.keep_params_nonnegative
 */
export function keepParamsNonnegative(): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, state, params) => {
      requireParams('keepParamsNonnegative', params);
      const out = mapTree(
        (p, u) => jnp.where(jnp.less(jnp.add(p, u as Tensor), 0), jnp.negative(p), u as Tensor),
        params,
        updates,
      );
      return [out, state];
    },
  };
}

/** State of {@link zeroNans}: per leaf, whether the last updates contained a NaN. */
export interface ZeroNansState {
  readonly foundNan: Updates;
}

/**
 * Replaces NaN updates by 0 and records, per leaf, whether a NaN was found.
 * @see optax.zero_nans
 */
export function zeroNans(): GradientTransformation<ZeroNansState> {
  return {
    init: (params) => ({ foundNan: mapTree(() => jnp.array(false), params) }),
    update: (updates) => {
      const foundNan = mapTree((u) => jnp.any(jnp.isnan(u)), updates);
      const out = mapTree((u) => jnp.where(jnp.isnan(u), jnp.zerosLike(u), u), updates);
      return [out, { foundNan }];
    },
  };
}
