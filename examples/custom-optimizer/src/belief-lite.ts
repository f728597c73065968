// The third-party transformation shown in packages/optax-ts/README.md ("Writing your own
// optimizer"), kept here so that the README example is compiled and tested.

import type { GradientTransformation, Updates } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import type { Tensor } from '@jaxts/tensor';
import { tree } from '@jaxts/tensor';

/** State of {@link scaleByBeliefLite}: the two moving averages. */
export interface BeliefLiteState {
  readonly mu: Updates;
  readonly s: Updates;
}

/** AdaBelief-style scaling without bias correction: `mu / (sqrt(EMA[(g - mu)²]) + eps)`. */
export function scaleByBeliefLite(
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8,
): GradientTransformation<BeliefLiteState> {
  return {
    init: (params) => ({ mu: optax.tree.zerosLike(params), s: optax.tree.zerosLike(params) }),
    update: (updates, state) => {
      const mu = optax.tree.updateMoment(updates, state.mu, b1, 1);
      const s = optax.tree.updateMoment(optax.tree.sub(updates, mu), state.s, b2, 2);
      const out = tree.map((m: Tensor, v: Tensor) => m.div(v.sqrt().add(eps)), mu, s);
      return [out, { mu, s }];
    },
  };
}
