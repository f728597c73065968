// The third-party Lookahead optimizer plugs into @jaxts/optax-ts like a built-in: it chains with
// built-ins, trains under jit, has a typed pytree state, and implements the published algorithm.

import type { EmptyState } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, Tensor, tree } from '@jaxts/tensor';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { scaleByBeliefLite } from '../src/belief-lite.ts';
import { type LookaheadState, lookahead } from '../src/lookahead.ts';
import { gradient, loss, type Model, makeData, makeOptimizer, train } from '../src/train.ts';

describe('lookahead', () => {
  test('trains a linear model in a chain with built-ins, under jit', () => {
    const data = makeData();
    const { model, losses } = train(makeOptimizer(), data, 200);
    expect(losses[losses.length - 1]).toBeLessThan(1e-3);
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] as number) / 1000);
    expect(model.w).toBeAllclose([2, -3.5, 1], { atol: 0.02, rtol: 0 });
    expect(model.b).toBeAllclose(0.5, { atol: 0.02, rtol: 0 });
  });

  test('the chain state is typed and is a plain pytree', () => {
    const opt = makeOptimizer();
    const state = opt.init({ w: jnp.zeros([3]), b: jnp.zeros([]) });
    expectTypeOf(state).toEqualTypeOf<
      [EmptyState, LookaheadState<optax.StateOf<ReturnType<typeof optax.adamw>>>]
    >();
    const copy = tree.map((x: Tensor) => x, state);
    expect(tree.structure(copy).equals(tree.structure(state))).toBe(true);
    expect(tree.leaves(state).every((x) => x instanceof Tensor)).toBe(true);
  });

  test('k fast steps, then the slow weights move halfway (the algorithm)', () => {
    const k = 3;
    const opt = lookahead(optax.sgd(0.1), { syncPeriod: k, slowStepSize: 0.5 });
    const data = makeData();
    let model: Model = { w: jnp.zeros([3]), b: jnp.zeros([]) };
    let state = opt.init(model);
    const start = model;
    // Reference: k plain SGD steps from the start, then halfway back towards the start.
    let fast = start;
    for (let i = 0; i < k; i++) {
      const g = gradient(fast, data);
      fast = { w: fast.w.sub(g.w.mul(0.1)), b: fast.b.sub(g.b.mul(0.1)) };
    }
    for (let i = 0; i < k; i++) {
      const [updates, next] = opt.update(gradient(model, data), state, model);
      model = optax.applyUpdates(model, updates);
      state = next;
    }
    expect(model.w).toBeAllclose(fast.w.add(start.w).mul(0.5), { rtol: 1e-5, atol: 1e-6 });
    expect(state.slow).toBeDefined();
    expect((state.slow as Model).w).toBeAllclose(model.w.toArray());
    expect(state.count.item()).toBe(k);
  });

  test('jit and eager agree step by step', () => {
    const opt = makeOptimizer();
    const data = makeData();
    const step = (
      m: Model,
      s: ReturnType<typeof opt.init>,
    ): [Model, ReturnType<typeof opt.init>] => {
      const [u, n] = opt.update(gradient(m, data), s, m);
      return [optax.applyUpdates(m, u), n];
    };
    const jitted = jit(step);
    let a: Model = { w: jnp.zeros([3]), b: jnp.zeros([]) };
    let b = a;
    let sa = opt.init(a);
    let sb = sa;
    for (let i = 0; i < 7; i++) {
      [a, sa] = step(a, sa);
      [b, sb] = jitted(b, sb);
      expect(b.w.toArray()).toEqual(a.w.toArray());
    }
    expect(loss(b, data).item()).toBe(loss(a, data).item());
  });

  test('invalid options and missing params are reported', () => {
    expect(() => lookahead(optax.sgd(0.1), { syncPeriod: 0 })).toThrow(
      optax.InvalidHyperparameterError,
    );
    const opt = lookahead(optax.sgd(0.1));
    const m = { w: jnp.zeros([3]) };
    expect(() => opt.update(m, opt.init(m))).toThrow(optax.MissingParamsError);
  });
});

describe('scaleByBeliefLite (the README example)', () => {
  test('chained with built-ins, it trains the linear model', () => {
    const opt = optax.chain(optax.clipByGlobalNorm(10), scaleByBeliefLite(), optax.scale(-0.05));
    const data = makeData();
    const { losses } = train(opt, data, 300);
    expect(losses[losses.length - 1]).toBeLessThan(0.01);
  });

  test('its first update is the normalized gradient direction', () => {
    const opt = scaleByBeliefLite(0.9, 0.999, 0);
    const g = { w: jnp.array([2, -4], 'float32') };
    const [u] = opt.update(g, opt.init(g));
    // mu = 0.1 g, s = 0.001 (0.9 g)², so u = 0.1 g / (sqrt(0.001) * 0.9 |g|) = sign(g) * 3.5136.
    const expected = 0.1 / (Math.sqrt(0.001) * 0.9);
    expect((u as { w: Tensor }).w).toBeAllclose([expected, -expected], { rtol: 1e-5 });
  });
});
