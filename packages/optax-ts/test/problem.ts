// The fixed problem of the golden runs: the gradient at each step is 2 * (params - target),
// recomputed from the current params, so the optimizer state evolves as in a real loop.

import type { GradientTransformation } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { numpy as jnp, type Tensor, tree } from '@jaxts/tensor';
import { f32Tree, type Golden } from './golden.ts';

export type Tree = Record<string, Tensor>;

export interface GoldenStep {
  readonly updates: { [key: string]: Golden };
  readonly params: { [key: string]: Golden };
  readonly state?: { [key: string]: Golden };
}

export interface GoldenCase {
  readonly id: string;
  readonly problem: string;
  readonly nanSteps: readonly number[];
  /** Pass the loss `sum((p - t)²)` as the extra argument `value` (Polyak step sizes). */
  readonly value: boolean;
  readonly steps: readonly GoldenStep[];
}

export interface GoldenRuns {
  readonly problems: Record<
    string,
    { params: { [key: string]: Golden }; target: { [key: string]: Golden } }
  >;
  readonly steps: number;
  readonly cases: readonly GoldenCase[];
}

/** `2 * (params - target)`, with NaN in the `b` leaf on the steps listed in `nanSteps`. */
export function gradsAt(params: Tree, target: Tree, nan: boolean): Tree {
  const grads = tree.map((p: Tensor, t: Tensor) => p.sub(t).mul(2), params, target) as Tree;
  return nan ? { ...grads, b: jnp.array(Number.NaN, 'float32') } : grads;
}

/** The loss `sum((p - t)²)` over all leaves, summed from 0 in leaf order like Python's sum. */
export function lossAt(params: Tree, target: Tree): Tensor {
  const terms = tree.leaves(
    tree.map((p: Tensor, t: Tensor) => jnp.sum(p.sub(t).square()), params, target),
  );
  return (terms as Tensor[]).reduce<Tensor>((acc, x) => acc.add(x), jnp.array(0, 'float32'));
}

export interface Trajectory {
  readonly updates: Tree[];
  readonly params: Tree[];
  readonly states: unknown[];
}

/** Runs `steps` update steps eagerly (or through `step`, e.g. a jitted one). */
export function runProblem(
  opt: GradientTransformation<unknown>,
  golden: GoldenRuns,
  c: GoldenCase,
  step?: (params: Tree, state: unknown, grads: Tree, value: Tensor) => [Tree, unknown, Tree],
): Trajectory {
  const problem = golden.problems[c.problem];
  if (problem === undefined) throw new Error(`unknown problem ${c.problem}`);
  let params = f32Tree(problem.params);
  const target = f32Tree(problem.target);
  let state = opt.init(params);
  const out: Trajectory = { updates: [], params: [], states: [] };
  for (let i = 0; i < c.steps.length; i++) {
    const grads = gradsAt(params, target, c.nanSteps.includes(i));
    const value = lossAt(params, target);
    let updates: Tree;
    if (step === undefined) {
      const extra = c.value ? { value } : undefined;
      const [u, s] = (opt as optax.GradientTransformationExtraArgs<unknown>).update(
        grads,
        state,
        params,
        extra,
      );
      updates = u as Tree;
      state = s;
      params = optax.applyUpdates(params, updates);
    } else {
      [params, state, updates] = step(params, state, grads, value);
    }
    out.updates.push(updates);
    out.params.push(params);
    out.states.push(state);
  }
  return out;
}
