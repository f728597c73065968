/**
 * Part 1 of the guide: a model with a parameter (`bias`) and state (`batch_stats/mean`),
 * separated with `variables.pop('params')` and recombined inside a jitted update step.
 */
import type { FrozenDict } from '@jaxts/frozendict';
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { dummyInput, numEpochs } from './data.ts';

export class BiasAdderWithRunningMean extends nn.Module<{ momentum?: number }> {
  call(x: Tensor): Tensor {
    const momentum = this.props.momentum ?? 0.9;
    const isInitialized = this.hasVariable('batch_stats', 'mean');
    const mean = this.variable('batch_stats', 'mean', jnp.zeros, x.shape.slice(1));
    const bias = this.param(
      'bias',
      (_rng: Tensor, shape: number[]) => jnp.zeros(shape),
      x.shape.slice(1),
    );
    if (isInitialized) {
      mean.value = mean.value
        .mul(momentum)
        .add(jnp.mean(x, { axis: 0, keepdims: true }).mul(1.0 - momentum));
    }
    return mean.value.add(bias);
  }
}

type Vars = FrozenDict;
type ApplyFn = (variables: unknown, x: Tensor, opts: { mutable: string[] }) => [Tensor, Vars];

export const tx = optax.sgd(0.02);
type OptState = ReturnType<typeof tx.init>;

export const updateStep = jit(
  (applyFn: ApplyFn, x: Tensor, optState: OptState, params: Vars, state: Vars) => {
    const loss = (params: Vars) => {
      const [y, updatedState] = applyFn({ params, ...state }, x, { mutable: Object.keys(state) });
      const l = x.sub(y).square().sum(); // Replace with your loss here.
      return [l, updatedState] as const;
    };
    const [[, updatedState], grads] = valueAndGrad(loss, { hasAux: true })(params);
    const [updates, newOptState] = tx.update(grads, optState);
    const newParams = optax.applyUpdates(params, updates);
    return [newOptState, newParams, updatedState] as const;
  },
  { staticArgnums: [0] },
);

export function runPart1(): { params: Vars; state: Vars } {
  const model = new BiasAdderWithRunningMean({});
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx.init(params);
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    [optState, params, state] = updateStep(
      model.apply as ApplyFn,
      dummyInput,
      optState,
      params,
      state,
    );
  }
  return { params, state };
}
