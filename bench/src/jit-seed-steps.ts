/**
 * The seed's two jitted update steps (examples/seed: part 1 BiasAdderWithRunningMean, part 2 a
 * vmapped MLP with BatchNorm over axisName 'batch'), written as the guide writes them, for the
 * jit benchmarks. Each `make*` returns a closure that runs one step and keeps the state.
 */
import type { FrozenDict } from '@jaxts/frozendict';
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import * as optax from '@jaxts/optax-ts';
import { type JitOptions, jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';

type Vars = FrozenDict;

class BiasAdderWithRunningMean extends nn.Module<{ momentum?: number }> {
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

class MLP extends nn.Module<{ hiddenSize: number; outSize: number }> {
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

type Apply1 = (variables: unknown, x: Tensor, opts: { mutable: string[] }) => [Tensor, Vars];
type Apply2 = (variables: unknown, x: Tensor, ...rest: unknown[]) => [Tensor, Vars];

export interface SeedStep {
  /** One jitted update step (state carried inside). */
  readonly step: () => void;
  /** The same step without jit. */
  readonly eager: () => void;
  readonly jitted: { readonly traceCount: number; compile(...args: never[]): unknown };
  readonly args: () => unknown[];
}

export function seedPart1(compilerOptions: JitOptions['compilerOptions'] = {}): SeedStep {
  const tx = optax.sgd(0.02);
  const body = (applyFn: Apply1, x: Tensor, optState: unknown, params: Vars, state: Vars) => {
    const loss = (params: Vars) => {
      const [y, updatedState] = applyFn({ params, ...state }, x, { mutable: Object.keys(state) });
      return [x.sub(y).square().sum(), updatedState] as const;
    };
    const [[, updatedState], grads] = valueAndGrad(loss, { hasAux: true })(params);
    const [updates, newOptState] = tx.update(grads, optState as never);
    return [newOptState, optax.applyUpdates(params, updates), updatedState] as const;
  };
  const updateStep = jit(body, { staticArgnums: [0], compilerOptions });
  const model = new BiasAdderWithRunningMean({});
  const dummyInput = jnp.ones([32, 5]);
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState: unknown = tx.init(params);
  const apply = model.apply as Apply1;
  // Two steps first: the state changes shape from [5] to [1,5] after the first (a retrace).
  const run = (): void => {
    const out = updateStep(apply, dummyInput, optState, params, state) as unknown as [
      unknown,
      Vars,
      Vars,
    ];
    [optState, params, state] = out;
  };
  run();
  run();
  return {
    step: run,
    eager: () => {
      const out = body(apply, dummyInput, optState, params, state) as unknown as [
        unknown,
        Vars,
        Vars,
      ];
      [optState, params, state] = out;
    },
    jitted: updateStep as never,
    args: () => [apply, dummyInput, optState, params, state],
  };
}

export function seedPart2(compilerOptions: JitOptions['compilerOptions'] = {}): SeedStep {
  const tx = optax.sgd(0.02);
  const body = (
    applyFn: Apply2,
    xBatch: Tensor,
    yBatch: Tensor,
    optState: unknown,
    params: Vars,
    state: Vars,
  ) => {
    const batchLoss = (params: Vars) => {
      const lossFn = (x: Tensor, y: Tensor) => {
        const [pred, updatedState] = applyFn({ params, ...state }, x, false, {
          mutable: Object.keys(state),
        });
        return [pred.sub(y).square(), updatedState] as const;
      };
      const [loss, updatedState] = vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })(
        xBatch,
        yBatch,
      ) as unknown as [Tensor, Vars];
      return [jnp.mean(loss), updatedState] as const;
    };
    const [[loss, updatedState], grads] = valueAndGrad(batchLoss, { hasAux: true })(params);
    const [updates, newOptState] = tx.update(grads, optState as never);
    return [newOptState, optax.applyUpdates(params, updates), updatedState, loss] as const;
  };
  const updateStep = jit(body, { staticArgnums: [0], compilerOptions });
  let x = random.uniform(random.PRNGKey(0), [128, 5], { minval: 0.0, maxval: 1.0 });
  x = x.add(random.uniform(random.PRNGKey(0), [], { minval: 0.0, maxval: 0.1 }));
  const W = random.uniform(random.PRNGKey(0), [5, 1], { minval: 0.0, maxval: 1.0 });
  const b = random.uniform(random.PRNGKey(0), [], { minval: 0.0, maxval: 1.0 });
  const X = x;
  const Y = jnp.matmul(X, W).add(b);
  const model = new MLP({ hiddenSize: 10, outSize: 1 });
  const variables = model.init(random.PRNGKey(0), jnp.ones([32, 5]));
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState: unknown = tx.init(params);
  const apply = model.apply as Apply2;
  const run = (): void => {
    const out = updateStep(apply, X, Y, optState, params, state) as unknown as [
      unknown,
      Vars,
      Vars,
    ];
    [optState, params, state] = out;
  };
  run();
  run();
  return {
    step: run,
    eager: () => {
      const out = body(apply, X, Y, optState, params, state) as unknown as [unknown, Vars, Vars];
      [optState, params, state] = out;
    },
    jitted: updateStep as never,
    args: () => [apply, X, Y, optState, params, state],
  };
}
