// Sign-of-momentum updates: scaleByLion. Mirrors optax/_src/transform.py (scale_by_lion).

import { type DType, numpy as jnp, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, Scalar, Updates } from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import { cast, updateMoment, zerosLike } from '../tree-utils.ts';
import { zeroCount } from './adam.ts';

/** State of {@link scaleByLion}. @see optax.ScaleByLionState */
export interface ScaleByLionState {
  readonly count: Tensor;
  /** Momentum (moving average of the gradients with rate b2). */
  readonly mu: Updates;
}

/** Options of {@link scaleByLion}. */
export interface ScaleByLionOptions {
  /** Interpolation between gradient and momentum for the update. Default 0.9. */
  readonly b1?: Scalar;
  /** Decay of the momentum. Default 0.99. */
  readonly b2?: Scalar;
  /** dtype of the momentum; default: that of the params. */
  readonly muDtype?: DType | null;
  /** 'hard' (sign, default), 'smooth' (tanh(smoothBeta x)) or 'refined' (x clipped to [-1, 1]). */
  readonly mode?: 'hard' | 'smooth' | 'refined';
  /** Sharpness of the 'smooth' mode. Default 1. */
  readonly smoothBeta?: Scalar;
}

/**
 * Lion: the update is `sign((1 - b1) g + b1 m)`, then `m = (1 - b2) g + b2 m`.
 * @see optax.scale_by_lion, Chen et al., https://arxiv.org/abs/2302.06675
 */
export function scaleByLion(
  options: ScaleByLionOptions = {},
): GradientTransformation<ScaleByLionState> {
  const { b1 = 0.9, b2 = 0.99, muDtype = null, mode = 'hard', smoothBeta = 1 } = options;
  s.checkHyperparams('scaleByLion', { b1, b2, smoothBeta });
  if (mode !== 'hard' && mode !== 'smooth' && mode !== 'refined') {
    throw new InvalidHyperparameterError(
      `scaleByLion: Unknown lion mode; expected 'hard', 'smooth' or 'refined', got ${JSON.stringify(mode)}.`,
    );
  }
  const w1 = s.sub(1, b1);
  const comb = (g: Tensor, m: Tensor): Tensor => {
    const x = jnp.add(jnp.multiply(w1, g), jnp.multiply(b1, m));
    if (mode === 'hard') return jnp.sign(x);
    if (mode === 'smooth') return jnp.tanh(jnp.multiply(smoothBeta, x));
    return jnp.where(jnp.less(jnp.abs(x), 1), x, jnp.sign(x));
  };
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params, muDtype) }),
    update: (updates, state) => {
      const out = mapTree((g, m) => comb(g, m as Tensor), updates, state.mu);
      const mu = cast(updateMoment(updates, state.mu, b2, 1), muDtype);
      return [out, { count: safeIncrement(state.count), mu }];
    },
  };
}
