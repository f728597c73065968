// The live page's training run: the seed guide's MLP (Dense + BatchNorm with axisName 'batch',
// vmapped loss, SGD), trained for more epochs. Shared by the browser page and by the e2e test's
// Node run, so both compute the same losses from the same code and the same published packages.
import type { FrozenDict } from '@jaxts/frozendict';
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';

export class MLP extends nn.Module<{ hiddenSize: number; outSize: number }> {
  call(x: Tensor, train = false): Tensor {
    const norm = () =>
      nn.BatchNorm({ useRunningAverage: !train, momentum: 0.9, epsilon: 1e-5, axisName: 'batch' });
    x = nn.Dense({ features: this.props.hiddenSize }).call(x);
    x = norm().call(x);
    x = nn.relu(x);
    x = nn.Dense({ features: this.props.hiddenSize }).call(x);
    x = norm().call(x);
    x = nn.relu(x);
    return nn.Dense({ features: this.props.outSize }).call(x);
  }
}

type Vars = FrozenDict;
type ApplyFn = (variables: unknown, x: Tensor, opts: { mutable: string[] }) => [Tensor, Vars];

/** The guide's data: inputs drawn with PRNGKey(0) and a linear target. */
export function makeData(): { dummyInput: Tensor; X: Tensor; Y: Tensor } {
  const dummyInput = jnp.ones([32, 5]);
  const noise = random.uniform(random.PRNGKey(0), [], { minval: 0.0, maxval: 0.1 });
  const X = random.uniform(random.PRNGKey(0), [128, 5], { minval: 0.0, maxval: 1.0 }).add(noise);
  const W = random.uniform(random.PRNGKey(0), [5, 1], { minval: 0.0, maxval: 1.0 });
  const b = random.uniform(random.PRNGKey(0), [], { minval: 0.0, maxval: 1.0 });
  return { dummyInput, X, Y: jnp.matmul(X, W).add(b) };
}

export const model = new MLP({ hiddenSize: 10, outSize: 1 });

/** The model summary shown on the page (Flax's `model.tabulate`). */
export function summary(): string {
  return model.tabulate(random.PRNGKey(0), makeData().dummyInput, { depth: 1 });
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate?: number;
  /** Called after every epoch with the epoch number (1-based) and its loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
  /** Awaited between epochs: lets a page redraw (and the browser reclaim memory). */
  readonly pause?: () => Promise<void>;
}

export async function train(opts: TrainOptions): Promise<number[]> {
  const { dummyInput, X, Y } = makeData();
  const tx = optax.sgd(opts.learningRate ?? 0.02);
  const updateStep = jit(
    (
      applyFn: ApplyFn,
      xBatch: Tensor,
      yBatch: Tensor,
      optState: optax.StateOf<typeof tx>,
      params: Vars,
      state: Vars,
    ) => {
      const batchLoss = (params: Vars) => {
        const lossFn = (x: Tensor, y: Tensor) => {
          const [pred, updatedState] = applyFn({ params, ...state }, x, {
            mutable: Object.keys(state),
          });
          return [pred.sub(y).square(), updatedState] as const;
        };
        const [loss, updatedState] = vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })(
          xBatch,
          yBatch,
        );
        // vmap's result type maps every leaf to a Tensor, and with it a FrozenDict's methods.
        return [jnp.mean(loss), updatedState as unknown as Vars] as const;
      };
      const [[loss, updatedState], grads] = valueAndGrad(batchLoss, { hasAux: true })(params);
      const [updates, newOptState] = tx.update(grads, optState);
      return [newOptState, optax.applyUpdates(params, updates), updatedState, loss] as const;
    },
    { staticArgnums: [0] },
  );

  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx.init(params);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    let loss: Tensor;
    [optState, params, state, loss] = updateStep(
      model.apply as ApplyFn,
      X,
      Y,
      optState,
      params,
      state,
    );
    const value = loss.item() as number;
    losses.push(value);
    opts.onEpoch?.(epoch, value);
    if (opts.pause !== undefined) await opts.pause();
  }
  return losses;
}
