// PReLU: a leaky ReLU with a learned negative slope (flax.linen.activation.PReLU).

import { type DType, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { constant } from './initializers.ts';
import { layer, type PropsOf } from './layer-util.ts';
import { Module, withDefaults } from './module.ts';

export interface PReLUConfig {
  readonly paramDtype: DType;
  /** Initial value of the scalar `negative_slope` parameter (default 0.01). */
  readonly negativeSlopeInit: number;
}

/** `x if x >= 0 else negative_slope * x` with a learned scalar slope. flax.linen.PReLU. */
class PReLUModule extends Module<PReLUConfig> {
  constructor(props: PropsOf<PReLUConfig> = {}) {
    super(withDefaults({ paramDtype: 'float32', negativeSlopeInit: 0.01 }, props));
  }

  call(inputs: Tensor): Tensor {
    const slope = this.param(
      'negative_slope',
      constant(this.props.negativeSlopeInit),
      [],
      this.props.paramDtype,
    );
    return jnp.where(inputs.greaterEqual(0), inputs, slope.mul(inputs));
  }
}
export const PReLU = layer(PReLUModule, 'PReLU');
export type PReLU = PReLUModule;
