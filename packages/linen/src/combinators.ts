// Sequential (flax/linen/combinators.py): applies layers in order; an array result is spread
// into the next layer's arguments (Flax: a tuple is splatted).

import { InvalidModuleArgumentError } from './errors.ts';
import { layer, type PropsOf } from './layer-util.ts';
import { Module, withDefaults } from './module.ts';

/** A layer of a Sequential: a module (its `call` is used) or a plain function. */
export type SequentialLayer = Module<object> | ((...args: never[]) => unknown);

export interface SequentialConfig {
  readonly layers: readonly SequentialLayer[];
}

function callLayer(l: SequentialLayer, args: unknown[]): unknown {
  if (l instanceof Module) {
    const call = (l as unknown as { call?: (...a: unknown[]) => unknown }).call;
    if (typeof call !== 'function') {
      throw new InvalidModuleArgumentError(`Sequential: layer ${l.toString()} has no call method.`);
    }
    return call.apply(l, args);
  }
  return (l as (...a: unknown[]) => unknown)(...args);
}

/**
 * Chains layers: `Sequential({ layers: [Dense({ features: 4 }), relu, Dense({ features: 2 })] })`.
 * Modules passed in are named `layers_<index>` (the index counts functions too).
 * flax.linen.Sequential.
 */
class SequentialModule extends Module<SequentialConfig> {
  constructor(props: PropsOf<SequentialConfig, 'layers'>) {
    if (!Array.isArray(props.layers)) {
      throw new InvalidModuleArgumentError(
        `'layers' must be a sequence, got '${typeof props.layers}'.`,
      );
    }
    super(withDefaults({}, props));
  }

  call(...args: unknown[]): unknown {
    const layers = this.props.layers;
    if (layers.length === 0) {
      throw new InvalidModuleArgumentError(`Empty Sequential module ${this.name ?? 'None'}.`);
    }
    let out = callLayer(layers[0] as SequentialLayer, args);
    for (const l of layers.slice(1)) {
      out = callLayer(l, Array.isArray(out) ? out : [out]);
    }
    return out;
  }
}
export const Sequential = layer(SequentialModule, 'Sequential');
export type Sequential = SequentialModule;
