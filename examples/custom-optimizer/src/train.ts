// A small training loop: least-squares regression on synthetic data with an analytic gradient,
// optimized by the third-party Lookahead chained with built-in transformations, under jit.

import type { GradientTransformation } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { lookahead } from './lookahead.ts';

export interface Model {
  readonly w: Tensor;
  readonly b: Tensor;
}

export interface Data {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** y = x·[2, -3.5, 1] + 0.5 with a little noise; 64 examples. */
export function makeData(seed = 0): Data {
  const [kx, kn] = [random.key(seed), random.key(seed + 1)];
  const x = random.normal(kx, [64, 3]);
  const y = x
    .matmul(jnp.array([2, -3.5, 1], 'float32'))
    .add(0.5)
    .add(random.normal(kn, [64]).mul(0.01));
  return { x, y };
}

/** Mean squared error of the linear model. */
export function loss(model: Model, data: Data): Tensor {
  return jnp.mean(jnp.square(data.x.matmul(model.w).add(model.b).sub(data.y)));
}

/** d loss / d model, written by hand: 2/n · Xᵀ r and 2 · mean(r) with r = Xw + b - y. */
export function gradient(model: Model, data: Data): Model {
  const r = data.x.matmul(model.w).add(model.b).sub(data.y);
  const n = data.x.shape[0] as number;
  return { w: data.x.T.matmul(r).mul(2 / n), b: jnp.mean(r).mul(2) };
}

/** The optimizer of the example: clipping, then Lookahead around Adam with weight decay. */
export function makeOptimizer() {
  return optax.chain(
    optax.clipByGlobalNorm(10),
    lookahead(optax.adamw(0.2, { weightDecay: 1e-4 }), { syncPeriod: 5, slowStepSize: 0.5 }),
  );
}

/** Trains for `steps` jitted steps and returns the losses along the way. */
export function train<S>(
  opt: GradientTransformation<S>,
  data: Data,
  steps: number,
): { model: Model; losses: number[]; state: S } {
  let model: Model = { w: jnp.zeros([3]), b: jnp.zeros([]) };
  let state = opt.init(model);
  const step = jit((m: Model, s: S): [Model, S] => {
    const [updates, next] = opt.update(gradient(m, data), s, m);
    return [optax.applyUpdates(m, updates), next];
  });
  const losses = [loss(model, data).item() as number];
  for (let i = 0; i < steps; i++) {
    [model, state] = step(model, state);
    if ((i + 1) % 10 === 0) losses.push(loss(model, data).item() as number);
  }
  return { model, losses, state };
}
