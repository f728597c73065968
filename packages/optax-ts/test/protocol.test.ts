// The GradientTransformation protocol through the public API: typed chain states, the trivial
// transforms, applyUpdates, extra arguments, injectHyperparams, MultiSteps, conditional wrappers
// and the tree utilities.

import { freeze, isFrozenDict } from '@jaxts/frozendict';
import type {
  EmptyState,
  GradientTransformation,
  ScaleByAdamState,
  TraceState,
} from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, type Tensor, tree } from '@jaxts/tensor';
import { describe, expect, expectTypeOf, test } from 'vitest';

const f32 = (x: number | number[]) => jnp.array(x, 'float32');
const params = () => ({ b: f32(0.5), w: f32([1, -2, 3]) });
const grads = () => ({ b: f32(-1), w: f32([0.1, -0.2, 0.3]) });
type P = ReturnType<typeof params>;

describe('typed states', () => {
  test('chain has a typed tuple state', () => {
    const opt = optax.chain(optax.scaleByAdam(), optax.trace(0.9), optax.scale(-0.1));
    const state = opt.init(params());
    expectTypeOf(state).toEqualTypeOf<[ScaleByAdamState, TraceState, EmptyState]>();
    expect(state).toHaveLength(3);
    expect(state[0].count.dtype).toBe('int32');
  });

  test('StateOf reads the state type', () => {
    const opt = optax.adam(0.1);
    expectTypeOf<optax.StateOf<typeof opt>>().toEqualTypeOf<optax.AdamState>();
  });

  test('namedChain has a typed record state', () => {
    const opt = optax.namedChain(['clip', optax.clip(1)], ['adam', optax.scaleByAdam()]);
    const state = opt.init(params());
    expectTypeOf(state).toEqualTypeOf<{ clip: EmptyState; adam: ScaleByAdamState }>();
    expect(Object.keys(state).sort()).toEqual(['adam', 'clip']);
  });

  test('every transformation is assignable to GradientTransformation<unknown>', () => {
    const all: GradientTransformation<unknown>[] = [optax.adam(1), optax.sgd(1), optax.identity()];
    expect(all).toHaveLength(3);
  });
});

describe('trivial transformations', () => {
  test('identity passes updates through; setToZero zeroes them', () => {
    const g = grads();
    expect(optax.identity().update(g, {})[0]).toBe(g);
    const [zeros] = optax.setToZero().update(g, {});
    expect((zeros as P).w).toBeAllclose([0, 0, 0]);
  });

  test('stateless and statelessWithTreeMap', () => {
    const halve = optax.stateless((u) => tree.map((x: Tensor) => x.mul(0.5), u));
    expect((halve.update(grads(), {})[0] as P).w).toBeAllclose([0.05, -0.1, 0.15]);
    const withParams = optax.statelessWithTreeMap((u, p) => (p === null ? u : u.add(p)));
    expect((withParams.update(grads(), {}, params())[0] as P).b).toBeAllclose(-0.5);
    expect((withParams.update(grads(), {})[0] as P).b).toBeAllclose(-1);
  });

  test('the empty state is frozen and has no leaves', () => {
    expect(Object.isFrozen(optax.EMPTY_STATE)).toBe(true);
    expect(tree.leaves(optax.identity().init(params()))).toEqual([]);
  });
});

describe('applyUpdates', () => {
  test('casts back to the parameter dtype and keeps null leaves', () => {
    const p = { count: jnp.array(3, 'int32'), w: f32([1, 2]), none: null };
    const out = optax.applyUpdates(p, { count: f32(1.7), w: f32([0.5, 0.5]), none: null });
    expect(out.count.dtype).toBe('int32');
    expect(out.count.item()).toBe(4);
    expect(out.w).toBeAllclose([1.5, 2.5]);
    expect(out.none).toBeNull();
  });

  test('FrozenDict params stay FrozenDicts', () => {
    const p = freeze({ dense: { kernel: f32([1, 2]) } });
    const out = optax.applyUpdates(p, freeze({ dense: { kernel: f32([1, 1]) } }));
    expect(isFrozenDict(out)).toBe(true);
  });

  test('incrementalUpdate and periodicUpdate', () => {
    expect(optax.incrementalUpdate({ a: f32(1) }, { a: f32(0) }, 0.25).a).toBeAllclose(0.25);
    expect(optax.periodicUpdate({ a: f32(1) }, { a: f32(0) }, 4, 2).a).toBeAllclose(1);
    expect(optax.periodicUpdate({ a: f32(1) }, { a: f32(0) }, 3, 2).a).toBeAllclose(0);
  });
});

describe('extra arguments', () => {
  test('chain forwards extra arguments to every transformation', () => {
    const seen: unknown[] = [];
    const spy: optax.GradientTransformationExtraArgs<EmptyState> = {
      init: optax.initEmptyState,
      update: (u, s, _p, extra) => {
        seen.push(extra?.value);
        return [u, s];
      },
    };
    const opt = optax.chain(spy, optax.sgd(0.1), spy);
    opt.update(grads(), opt.init(params()), params(), { value: 42 });
    expect(seen).toEqual([42, 42]);
  });

  test('withExtraArgsSupport keeps the transformation', () => {
    const opt = optax.sgd(0.1);
    expect(optax.withExtraArgsSupport(opt)).toBe(opt);
  });
});

describe('injectHyperparams', () => {
  test('hyperparameters live in the state and can be changed between steps', () => {
    const opt = optax.injectHyperparams(optax.sgd)(0.1);
    const p = params();
    const state = opt.init(p);
    expect(state.hyperparams.learningRate?.dtype).toBe('float32');
    const [u1] = opt.update(grads(), state, p);
    expect((u1 as P).b).toBeAllclose(0.1);
    const changed = { ...state, hyperparams: { learningRate: f32(0.5) } };
    const [u2] = opt.update(grads(), changed, p);
    expect((u2 as P).b).toBeAllclose(0.5);
  });

  test('schedules are evaluated at the count, under jit too', () => {
    const opt = optax.injectHyperparams(optax.sgd)(optax.linearSchedule(1, 0, 4), {
      momentum: 0.5,
    });
    const p = params();
    const step = jit(
      (state: unknown) => opt.update(grads(), state as optax.StateOf<typeof opt>, p)[1],
    );
    let state = opt.init(p);
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) {
      state = step(state) as typeof state;
      rates.push(state.hyperparams.learningRate?.item() as number);
    }
    expect(rates).toBeAllclose([1, 0.75, 0.5]);
    expect(state.hyperparams.momentum).toBeAllclose(0.5);
  });

  test('static arguments stay out of the state', () => {
    const opt = optax.injectHyperparams(optax.sgd, { staticArgs: ['momentum'] })(0.1, {
      momentum: 0.9,
    });
    expect(Object.keys(opt.init(params()).hyperparams)).toEqual(['learningRate']);
  });
});

describe('MultiSteps', () => {
  test('accumulates k gradients, then applies their mean', () => {
    const ms = new optax.MultiSteps(optax.sgd(1), 2);
    const p = params();
    let state = ms.init(p);
    const [u1, s1] = ms.update({ b: f32(1), w: f32([1, 1, 1]) }, state, p);
    expect((u1 as P).b).toBeAllclose(0);
    expect(ms.hasUpdated(s1).item()).toBe(false);
    const [u2, s2] = ms.update({ b: f32(3), w: f32([3, 3, 3]) }, s1, p);
    expect((u2 as P).b).toBeAllclose(-2);
    expect(ms.hasUpdated(s2).item()).toBe(true);
    state = s2;
    expect(state.gradientStep.item()).toBe(1);
    expect(ms.gradientTransformation().init).toBe(ms.init);
  });

  test('skipNotFinite drops a mini-step with NaN gradients', () => {
    const ms = new optax.MultiSteps(optax.sgd(1), 1, { shouldSkipUpdateFn: optax.skipNotFinite });
    const p = params();
    const [u, s] = ms.update({ b: f32(Number.NaN), w: f32([1, 1, 1]) }, ms.init(p), p);
    expect((u as P).w).toBeAllclose([0, 0, 0]);
    expect(s.gradientStep.item()).toBe(0);
    expect((s.skipState as { numNotFinite: Tensor }).numNotFinite.item()).toBe(1);
    const [u2] = ms.update(grads(), s, p);
    expect((u2 as P).b).toBeAllclose(1);
  });
});

describe('conditional wrappers', () => {
  test('conditionallyMask zeroes the rejected steps; conditionallyTransform passes them', () => {
    const even = (step: Tensor) => jnp.equal(jnp.mod(step, 2), 0);
    const p = params();
    const masked = optax.conditionallyMask(optax.sgd(1), even);
    let s = masked.init(p);
    const out: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [u, next] = masked.update(grads(), s, p);
      out.push((u as P).b.item() as number);
      s = next;
    }
    expect(out).toEqual([1, 0, 1]);
    const gated = optax.conditionallyTransform(optax.scale(10), even);
    const g1 = gated.init(p);
    const [, g2] = gated.update(grads(), g1, p);
    expect((gated.update(grads(), g2, p)[0] as P).b).toBeAllclose(-1);
  });
});

describe('numerics and tree utilities', () => {
  test('safeIncrement saturates at the int32 maximum', () => {
    expect(optax.safeIncrement(jnp.array(2147483647, 'int32')).item()).toBe(2147483647);
    expect(optax.safeIncrement(jnp.array(5, 'int32')).item()).toBe(6);
  });

  test('safeNorm floors the norm', () => {
    expect(optax.safeNorm(f32([0, 0]), 0.5)).toBeAllclose(0.5);
    expect(optax.safeNorm(f32([3, 4]), 0.5)).toBeAllclose(5);
    expect(optax.safeRootMeanSquares(f32([0, 0]), 0.1)).toBeAllclose(0.1);
  });

  test('tree math', () => {
    const a = { x: f32([1, -2]), y: f32(3) };
    const b = { x: f32([0.5, 0.5]), y: f32(-1) };
    expect(optax.tree.add(a, b).x).toBeAllclose([1.5, -1.5]);
    expect(optax.tree.sub(a, b).y).toBeAllclose(4);
    expect(optax.tree.mul(a, b).x).toBeAllclose([0.5, -1]);
    expect(optax.tree.div(a, b).y).toBeAllclose(-3);
    expect(optax.tree.scale(2, a).x).toBeAllclose([2, -4]);
    expect(optax.tree.addScale(a, 2, b).y).toBeAllclose(1);
    expect(optax.tree.vdot(a, b)).toBeAllclose(-3.5);
    expect(optax.tree.sum(a)).toBeAllclose(2);
    expect(optax.tree.max(a)).toBeAllclose(3);
    expect(optax.tree.min(a)).toBeAllclose(-2);
    expect(optax.tree.size(a)).toBe(3);
    expect(optax.tree.norm(a, { ord: 1 })).toBeAllclose(6);
    expect(optax.tree.norm(a, { ord: Number.POSITIVE_INFINITY })).toBeAllclose(3);
    expect(optax.tree.norm(a, { squared: true })).toBeAllclose(14);
    expect(optax.tree.l2Norm(a)).toBeAllclose(Math.sqrt(14));
    expect(optax.tree.clip(a, -1, 1).x).toBeAllclose([1, -1]);
    expect(optax.tree.where(jnp.array(false), a, b).x).toBeAllclose([0.5, 0.5]);
    expect(optax.tree.zerosLike(a, 'int32').x.dtype).toBe('int32');
    expect(optax.tree.onesLike(a).y).toBeAllclose(1);
    expect(optax.tree.fullLike(a, 7).x).toBeAllclose([7, 7]);
    expect(optax.tree.cast(a, 'int32').x.dtype).toBe('int32');
    expect(
      optax.tree.castLike(
        { x: f32([1.5, 2]), y: f32(1) },
        { x: jnp.array([0, 0], 'int32'), y: f32(0) },
      ).x.dtype,
    ).toBe('int32');
    expect(optax.tree.dtype(a)).toBe('float32');
    expect(optax.tree.dtype({ a: jnp.array(1, 'int32'), b: f32(1) }, 'highest')).toBe('float32');
    expect(() => optax.tree.dtype({ a: jnp.array(1, 'int32'), b: f32(1) })).toThrow(
      /different dtypes/,
    );
  });

  test('moments and bias correction', () => {
    const g = { x: f32([2]) };
    const m = { x: f32([1]) };
    expect(optax.tree.updateMoment(g, m, 0.5, 2).x).toBeAllclose([2.5]);
    expect(optax.tree.updateMomentPerElemNorm(g, m, 0.5, 2).x).toBeAllclose([2.5]);
    expect(optax.tree.updateInfinityMoment(g, m, 0.5, 0).x).toBeAllclose([2]);
    expect(optax.tree.biasCorrection(m, 0.5, jnp.array(1, 'int32')).x).toBeAllclose([2]);
  });

  test('randomLike draws one key per leaf with the leaf shapes', () => {
    const key = jnp.array([0, 0], 'uint32');
    const r = optax.tree.randomLike(key, { a: f32([0, 0, 0]), b: f32(0) });
    expect(r.a.shape).toEqual([3]);
    expect(r.b.shape).toEqual([]);
  });
});
