// Sign-based step-size adaptation: scaleByRprop. Mirrors optax/_src/transform.py (scale_by_rprop).

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, Scalar, Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { fullLike, zerosLike } from '../tree-utils.ts';

/** State of {@link scaleByRprop}. @see optax.ScaleByRpropState */
export interface ScaleByRpropState {
  /** Per-element step sizes. */
  readonly stepSizes: Updates;
  /** The previous updates. */
  readonly prevUpdates: Updates;
}

/** Options of {@link scaleByRprop}. */
export interface ScaleByRpropOptions {
  /** Step-size factor after a sign change. Default 0.5. */
  readonly etaMinus?: Scalar;
  /** Step-size factor when the sign is kept. Default 1.2. */
  readonly etaPlus?: Scalar;
  /** Default 1e-6. */
  readonly minStepSize?: Scalar;
  /** Default 50. */
  readonly maxStepSize?: Scalar;
}

/**
 * Rprop: each element has its own step size, grown while the gradient keeps its sign and shrunk
 * when it flips (then that step is skipped). The update is `stepSize * sign(g)`.
 * @see optax.scale_by_rprop, Riedmiller & Braun (1993)
 */
export function scaleByRprop(
  learningRate: Scalar,
  options: ScaleByRpropOptions = {},
): GradientTransformation<ScaleByRpropState> {
  const { etaMinus = 0.5, etaPlus = 1.2, minStepSize = 1e-6, maxStepSize = 50 } = options;
  s.checkHyperparams('scaleByRprop', { learningRate, etaMinus, etaPlus, minStepSize, maxStepSize });
  return {
    init: (params) => ({
      stepSizes: fullLike(params, learningRate),
      prevUpdates: zerosLike(params),
    }),
    update: (updates, state) => {
      const sign = mapTree((g, p) => jnp.multiply(g, p as Tensor), updates, state.prevUpdates);
      const stepSizes = mapTree(
        (sg, step) => {
          const factor = jnp.where(jnp.greater(sg, 0), etaPlus, etaMinus);
          const grown = jnp.clip(jnp.multiply(step as Tensor, factor), minStepSize, maxStepSize);
          return jnp.where(jnp.equal(sg, 0), step as Tensor, grown);
        },
        sign,
        state.stepSizes,
      );
      const prevUpdates = mapTree(
        (sg, g, step) =>
          jnp.where(
            jnp.less(sg, 0),
            jnp.zerosLike(g as Tensor),
            jnp.multiply(step as Tensor, jnp.sign(g as Tensor)),
          ),
        sign,
        updates,
        stepSizes,
      );
      // As in Optax, the emitted update is the previous step's (`state.prevUpdates`), zeroed
      // where the gradient sign flipped; the new one is emitted on the next call.
      const out = mapTree(
        (sg, old) => jnp.where(jnp.less(sg, 0), jnp.zerosLike(old as Tensor), old as Tensor),
        sign,
        state.prevUpdates,
      );
      return [out, { stepSizes, prevUpdates }];
    },
  };
}
