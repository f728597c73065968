// Dropout (flax/linen/stochastic.py): Flax's exact mask, bernoulli(rng, 1 - rate, broadcastShape)
// then select(mask, x / keep, 0).

import { numpy as jnp, lax, random, type Tensor } from '@jaxts/tensor';
import { layer, type PropsOf } from './layer-util.ts';
import { Module, mergeParam, withDefaults } from './module.ts';

export interface DropoutConfig {
  /** Probability of dropping an element. */
  readonly rate: number;
  /** Axes along which the mask is shared (e.g. `[0]` for one mask per position over a batch). */
  readonly broadcastDims: readonly number[];
  /** No dropout when true; may instead be given at call time (exactly once). */
  readonly deterministic: boolean | null;
  /** The RNG stream the mask key comes from. */
  readonly rngCollection: string;
}

const DROPOUT_DEFAULTS = {
  broadcastDims: [],
  deterministic: null,
  rngCollection: 'dropout',
} as const;

/**
 * Zeroes elements with probability `rate` and scales the rest by `1 / (1 - rate)`; identity when
 * deterministic. Needs the `dropout` RNG stream (`apply(..., { rngs: { dropout: key } })`).
 * flax.linen.Dropout.
 */
class DropoutModule extends Module<DropoutConfig> {
  constructor(props: PropsOf<DropoutConfig, 'rate'>) {
    super(withDefaults(DROPOUT_DEFAULTS, props));
  }

  call(inputs: Tensor, deterministic?: boolean | null, rng?: Tensor | null): Tensor {
    const p = this.props;
    const det = mergeParam('deterministic', p.deterministic, deterministic);
    if (p.rate === 0.0 || det) return inputs;
    if (p.rate === 1.0) return jnp.zerosLike(inputs);
    const keepProb = 1.0 - p.rate;
    const key = rng ?? this.makeRng(p.rngCollection);
    const broadcastShape = [...inputs.shape];
    for (const dim of p.broadcastDims)
      broadcastShape[dim < 0 ? dim + broadcastShape.length : dim] = 1;
    let mask = random.bernoulli(key, keepProb, broadcastShape);
    mask = jnp.broadcastTo(mask, inputs.shape);
    return lax.select(mask, inputs.div(keepProb), jnp.zerosLike(inputs));
  }
}
export const Dropout = layer(DropoutModule, 'Dropout');
export type Dropout = DropoutModule;
