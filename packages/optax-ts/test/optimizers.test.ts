// One table runs every optimizer through the same checks (optax's alias_test.py pattern): five
// steps equal real Optax, jit gives identical results, init/update never mutate their inputs, and
// the state is a plain pytree.

import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, Tensor, tree } from '@jaxts/tensor';
import { describe, expect, test } from 'vitest';
import { decode, expectTreeClose, f32Tree, loadGolden } from './golden.ts';
import { OPTIMIZERS } from './optimizers.ts';
import { type GoldenRuns, gradsAt, runProblem, type Tree } from './problem.ts';

const golden = loadGolden<GoldenRuns>('optimizers');
const TOL = { rtol: 1e-5, atol: 1e-6 };

function values(t: unknown): unknown[] {
  return tree.leaves(t).map((x) => (x instanceof Tensor ? x.toArray() : x));
}

test('every golden optimizer case has a factory and vice versa', () => {
  expect(Object.keys(OPTIMIZERS).sort()).toEqual(golden.cases.map((c) => c.id).sort());
});

describe.each(golden.cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
  const make = OPTIMIZERS[id] as () => optax.GradientTransformation<unknown>;

  test('five steps equal Optax', () => {
    const run = runProblem(make(), golden, c);
    c.steps.forEach((expected, i) => {
      expectTreeClose(run.updates[i], decode(expected.updates), TOL, `step ${i} updates`);
      expectTreeClose(run.params[i], decode(expected.params), TOL, `step ${i} params`);
    });
  });

  test('jit gives the same results as eager execution', () => {
    const opt = make();
    const step = jit(
      (params: Tree, state: unknown, grads: Tree, value: Tensor): [Tree, unknown, Tree] => {
        const extra = c.value ? { value } : undefined;
        const [updates, next] = (opt as optax.GradientTransformationExtraArgs<unknown>).update(
          grads,
          state,
          params,
          extra,
        );
        return [optax.applyUpdates(params, updates), next, updates as Tree];
      },
    );
    const eager = runProblem(make(), golden, c);
    const jitted = runProblem(opt, golden, c, step);
    expect(step.traceCount).toBe(1);
    for (let i = 0; i < c.steps.length; i++) {
      expect(values(jitted.updates[i])).toEqual(values(eager.updates[i]));
      expect(values(jitted.params[i])).toEqual(values(eager.params[i]));
      expect(tree.structure(jitted.states[i]).equals(tree.structure(eager.states[i]))).toBe(true);
      expect(values(jitted.states[i])).toEqual(values(eager.states[i]));
    }
  });

  test('init and update do not mutate their inputs', () => {
    const opt = make();
    const optX = opt as optax.GradientTransformationExtraArgs<unknown>;
    const problem = golden.problems[c.problem] as GoldenRuns['problems'][string];
    const params = f32Tree(problem.params);
    const target = f32Tree(problem.target);
    const paramsBefore = values(params);
    const state = opt.init(params);
    expect(values(params)).toEqual(paramsBefore);
    const grads = gradsAt(params, target, false);
    const gradsBefore = values(grads);
    const stateLeaves = tree.leaves(state);
    const stateDef = tree.structure(state).toString();
    const stateBefore = values(state);
    const extra = c.value ? { value: jnp.array(1, 'float32') } : undefined;
    const [, next] = optX.update(grads, state, params, extra);
    optX.update(grads, next, params, extra);
    expect(values(params)).toEqual(paramsBefore);
    expect(values(grads)).toEqual(gradsBefore);
    expect(tree.structure(state).toString()).toBe(stateDef);
    expect(tree.leaves(state)).toEqual(stateLeaves);
    expect(values(state)).toEqual(stateBefore);
  });

  test('the state is a pytree of tensors that tree.map rebuilds', () => {
    const opt = make() as optax.GradientTransformationExtraArgs<unknown>;
    const extra = c.value ? { value: jnp.array(1, 'float32') } : undefined;
    const problem = golden.problems[c.problem] as GoldenRuns['problems'][string];
    const params = f32Tree(problem.params);
    const target = f32Tree(problem.target);
    let state = opt.init(params);
    for (let i = 0; i < 2; i++) {
      const grads = gradsAt(params, target, false);
      state = opt.update(grads, state, params, extra)[1];
      const leaves = tree.leaves(state);
      expect(leaves.every((x) => x instanceof Tensor)).toBe(true);
      for (const leaf of leaves as Tensor[]) {
        if (leaf.dtype === 'float32') expect(jnp.all(jnp.isfinite(leaf)).item()).toBe(true);
      }
    }
    // A copy through tree.map continues exactly like the original.
    const copy = tree.map((x: Tensor) => jnp.array(x), state);
    expect(tree.structure(copy).equals(tree.structure(state))).toBe(true);
    const [rebuiltLeaves, def] = tree.flatten(state);
    expect(values(tree.unflatten(def, rebuiltLeaves))).toEqual(values(state));
    const grads = gradsAt(params, target, false);
    const [u1] = opt.update(grads, state, params, extra);
    const [u2] = opt.update(grads, copy, params, extra);
    expect(values(u2)).toEqual(values(u1));
  });
});
