// Nesterov-style adaptive momentum: scaleByAdan. Mirrors optax/_src/transform.py (scale_by_adan).

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, Scalar, Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import {
  addScale,
  biasCorrection,
  div,
  sub,
  updateMoment,
  updateMomentPerElemNorm,
  where,
  zerosLike,
} from '../tree-utils.ts';
import { zeroCount } from './adam.ts';

/** State of {@link scaleByAdan}. @see optax.ScaleByAdanState */
export interface ScaleByAdanState {
  /** Moving average of the gradients. */
  readonly m: Updates;
  /** Moving average of the gradient differences. */
  readonly v: Updates;
  /** Moving average of the squared corrected gradients. */
  readonly n: Updates;
  /** The previous gradients. */
  readonly g: Updates;
  /** Number of updates so far (int32). */
  readonly t: Tensor;
}

/** Options of {@link scaleByAdan}. */
export interface ScaleByAdanOptions {
  /** Default 0.98. */
  readonly b1?: Scalar;
  /** Default 0.92. */
  readonly b2?: Scalar;
  /** Default 0.99. */
  readonly b3?: Scalar;
  /** Default 1e-8. */
  readonly eps?: Scalar;
  /** Default 0. */
  readonly epsRoot?: Scalar;
}

/**
 * Adan: Adam-like moments of the gradient, of the gradient difference and of the squared
 * Nesterov-corrected gradient `g + (1 - b2)(g - g_prev)`.
 * @see optax.scale_by_adan, Xie et al., https://arxiv.org/abs/2208.06677
 */
export function scaleByAdan(
  options: ScaleByAdanOptions = {},
): GradientTransformation<ScaleByAdanState> {
  const { b1 = 0.98, b2 = 0.92, b3 = 0.99, eps = 1e-8, epsRoot = 0 } = options;
  s.checkHyperparams('scaleByAdan', { b1, b2, b3, eps, epsRoot });
  const w2 = s.sub(1, b2);
  return {
    init: (params) => ({
      m: zerosLike(params),
      v: zerosLike(params),
      n: zerosLike(params),
      g: zerosLike(params),
      t: zeroCount(),
    }),
    update: (updates, state) => {
      const diff = where(jnp.equal(state.t, 0), zerosLike(updates), sub(updates, state.g));
      const m = updateMoment(updates, state.m, b1, 1);
      const v = updateMoment(diff, state.v, b2, 1);
      const sq = addScale(updates, w2, diff);
      const n = updateMomentPerElemNorm(sq, state.n, b3, 2);
      const t = safeIncrement(state.t);
      const mHat = biasCorrection(m, b1, t);
      const vHat = biasCorrection(v, b2, t);
      const nHat = biasCorrection(n, b3, t);
      const u = addScale(mHat, w2, vHat);
      const denom = mapTree((x) => jnp.add(jnp.sqrt(jnp.add(x, epsRoot)), eps), nHat);
      return [div(u, denom), { m, v, n, g: updates, t }];
    },
  };
}
