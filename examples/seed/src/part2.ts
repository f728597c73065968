/**
 * Part 2 of the guide: batch-dependent state under vmap. BatchNorm names the batch axis
 * (`axisName: 'batch'`), and the training code vmaps the per-example loss with the same name,
 * returning the updated state unbatched (`outAxes: [0, null]`).
 */
import type { FrozenDict } from '@jaxts/frozendict';
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { dummyInput, numEpochs, X, Y } from './data.ts';

export class MLP extends nn.Module<{ hiddenSize: number; outSize: number }> {
  call(x: Tensor, train = false): Tensor {
    const norm = () =>
      nn.BatchNorm({
        useRunningAverage: !train,
        momentum: 0.9,
        epsilon: 1e-5,
        axisName: 'batch', // Name the batch dimension.
      });

    x = nn.Dense({ features: this.props.hiddenSize }).call(x);
    x = norm().call(x);
    x = nn.relu(x);
    x = nn.Dense({ features: this.props.hiddenSize }).call(x);
    x = norm().call(x);
    x = nn.relu(x);
    const y = nn.Dense({ features: this.props.outSize }).call(x);

    return y;
  }
}

type Vars = FrozenDict;
export type ApplyFn = (variables: unknown, x: Tensor, ...rest: unknown[]) => [Tensor, Vars];

export const tx = optax.sgd(0.02);
export type OptState = ReturnType<typeof tx.init>;

/** The guide's update step; `train` is passed to the model (the guide leaves it at false). */
export function makeUpdateStep(train: boolean) {
  return jit(
    (
      applyFn: ApplyFn,
      xBatch: Tensor,
      yBatch: Tensor,
      optState: OptState,
      params: Vars,
      state: Vars,
    ) => {
      const batchLoss = (params: Vars) => {
        const lossFn = (x: Tensor, y: Tensor) => {
          const [pred, updatedState] = applyFn({ params, ...state }, x, train, {
            mutable: Object.keys(state),
          });
          return [pred.sub(y).square(), updatedState] as const;
        };
        const [loss, updatedState] = vmap(lossFn, {
          outAxes: [0, null], // Do not vmap `updatedState`.
          axisName: 'batch', // Name the batch dimension.
        })(xBatch, yBatch) as unknown as [Tensor, Vars]; // vmap `x` and `y`, not `state`.
        return [jnp.mean(loss), updatedState] as const;
      };
      const [[loss, updatedState], grads] = valueAndGrad(batchLoss, { hasAux: true })(params);
      const [updates, newOptState] = tx.update(grads, optState);
      const newParams = optax.applyUpdates(params, updates);
      return [newOptState, newParams, updatedState, loss] as const;
    },
    { staticArgnums: [0] },
  );
}

export function runPart2(opts: { train?: boolean; log?: (line: string) => void } = {}): {
  losses: number[];
  state: Vars;
  params: Vars;
} {
  const updateStep = makeUpdateStep(opts.train ?? false);
  const model = new MLP({ hiddenSize: 10, outSize: 1 });
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx.init(params);
  const losses: number[] = [];
  for (let epochNum = 0; epochNum < numEpochs; epochNum++) {
    let loss: Tensor;
    [optState, params, state, loss] = updateStep(
      model.apply as ApplyFn,
      X,
      Y,
      optState,
      params,
      state,
    );
    losses.push(loss.item() as number);
    opts.log?.(`Loss for epoch ${epochNum + 1}: ${loss.str()}`);
  }
  return { losses, state, params };
}
