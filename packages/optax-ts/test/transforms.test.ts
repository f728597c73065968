// Building blocks and wrappers against real Optax (golden/transforms.json): every case runs five
// steps of the shared problem; wrappers with state (injectHyperparams, MultiSteps, applyIfFinite)
// also compare the state entries Optax exposes.

import type { GradientTransformation } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, type Tensor, tree } from '@jaxts/tensor';
import { describe, expect, test } from 'vitest';
import { decode, expectTreeClose, type Golden, loadGolden } from './golden.ts';
import { type GoldenRuns, runProblem, type Tree } from './problem.ts';

interface TransformsGolden extends GoldenRuns {
  readonly globalNorm: { tree: { [key: string]: Golden }; value: Golden };
}

const golden = loadGolden<TransformsGolden>('transforms');
const TOL = { rtol: 1e-5, atol: 1e-6 };

const isMatrix = (p: unknown): unknown => tree.map((x: Tensor) => x.ndim > 1, p);
const multi = new optax.MultiSteps(optax.sgd(0.1, { momentum: 0.9 }), 3);

const TRANSFORMS: Readonly<Record<string, () => GradientTransformation<unknown>>> = {
  scale: () => optax.scale(-0.1),
  scale_by_adam_nesterov: () => optax.scaleByAdam({ nesterov: true }),
  scale_by_adamax: () => optax.scaleByAdamax(),
  scale_by_amsgrad: () => optax.scaleByAmsgrad(),
  scale_by_rms: () => optax.scaleByRms(),
  scale_by_rms_bias: () => optax.scaleByRms({ biasCorrection: true, initialScale: 0.1 }),
  scale_by_stddev: () => optax.scaleByStddev({ biasCorrection: true }),
  scale_by_stddev_plain: () => optax.scaleByStddev(),
  scale_by_rss: () => optax.scaleByRss(),
  scale_by_belief: () => optax.scaleByBelief({ nesterov: true }),
  scale_by_radam: () => optax.scaleByRadam({ threshold: 3, nesterov: true }),
  scale_by_yogi: () => optax.scaleByYogi(),
  scale_by_novograd: () => optax.scaleByNovograd(),
  scale_by_lion: () => optax.scaleByLion(),
  scale_by_trust_ratio: () =>
    optax.chain(optax.scaleByTrustRatio({ trustCoefficient: 0.5 }), optax.scale(-0.1)),
  scale_by_factored_rms: () =>
    optax.chain(optax.scaleByFactoredRms({ minDimSizeToFactor: 2 }), optax.scale(-0.1)),
  scale_by_sign: () => optax.chain(optax.scaleBySign(), optax.scale(-0.1)),
  scale_by_param_block_norm: () => optax.chain(optax.scaleByParamBlockNorm(), optax.scale(-0.1)),
  scale_by_param_block_rms: () => optax.chain(optax.scaleByParamBlockRms(), optax.scale(-0.1)),
  scale_by_schedule: () => optax.scaleBySchedule(optax.polynomialSchedule(-0.1, -0.01, 2, 4)),
  scale_by_learning_rate_noflip: () => optax.scaleByLearningRate(0.1, { flipSign: false }),
  trace_nesterov: () => optax.chain(optax.trace(0.9, { nesterov: true }), optax.scale(-0.1)),
  ema: () => optax.chain(optax.ema(0.9), optax.scale(-0.1)),
  ema_no_debias: () => optax.chain(optax.ema(0.9, { debias: false }), optax.scale(-0.1)),
  add_decayed_weights_mask: () =>
    optax.chain(optax.addDecayedWeights(0.1, { mask: { w: true, b: false } }), optax.scale(-0.1)),
  add_decayed_weights_schedule: () =>
    optax.chain(optax.addDecayedWeights(optax.linearSchedule(0.5, 0, 4)), optax.scale(-0.1)),
  add_noise: () => optax.chain(optax.addNoise(0.01, 0.55, 1), optax.scale(-0.1)),
  clip: () => optax.chain(optax.clip(0.5), optax.scale(-0.1)),
  clip_by_global_norm: () => optax.chain(optax.clipByGlobalNorm(3), optax.scale(-0.1)),
  clip_by_global_norm_sgd: () => optax.chain(optax.clipByGlobalNorm(0.5), optax.sgd(1)),
  clip_by_block_rms: () => optax.chain(optax.clipByBlockRms(0.5), optax.scale(-0.1)),
  adaptive_grad_clip: () => optax.chain(optax.adaptiveGradClip(0.1), optax.scale(-1)),
  keep_params_nonnegative: () => optax.chain(optax.sgd(0.5), optax.keepParamsNonnegative()),
  zero_nans: () => optax.chain(optax.zeroNans(), optax.sgd(0.1)),
  masked_sgd: () => optax.masked(optax.sgd(0.1), { w: true, b: false }),
  masked_fn_adam: () => optax.masked(optax.adam(0.1), isMatrix),
  multi_transform: () =>
    optax.multiTransform(
      { a: optax.adam(0.1), b: optax.sgd(0.1, { momentum: 0.9 }) },
      { w: 'a', b: 'b' },
    ),
  multi_transform_fn: () =>
    optax.multiTransform({ matrix: optax.adam(0.1), other: optax.setToZero() }, (p: unknown) =>
      tree.map((x: Tensor) => (x.ndim > 1 ? 'matrix' : 'other'), p),
    ),
  // Optax also injects the defaults (b2, eps, epsRoot as float32 arrays); TypeScript cannot see
  // a factory's defaults, so they are passed explicitly to compute in the same precision.
  inject_hyperparams: () =>
    optax.injectHyperparams(optax.adam)(optax.linearSchedule(0.1, 0.01, 4), {
      b1: 0.8,
      b2: 0.999,
      eps: 1e-8,
      epsRoot: 0,
    }),
  multi_steps: () => multi,
  multi_steps_sum: () => new optax.MultiSteps(optax.adam(0.1), 2, { useGradMean: false }),
  apply_if_finite: () => optax.applyIfFinite(optax.adam(0.1), 2),
  flatten_adam: () => optax.flatten(optax.adam(0.1)),
  named_chain: () =>
    optax.namedChain(
      ['clip', optax.clipByGlobalNorm(1)],
      ['sgd', optax.sgd(0.1, { momentum: 0.5 })],
    ),
  set_to_zero: () => optax.setToZero(),
  centralize: () => optax.chain(optax.centralize(), optax.scale(-0.1)),
  apply_every: () => optax.chain(optax.applyEvery(2), optax.scale(-0.1)),
  normalize_by_update_norm: () =>
    optax.chain(optax.normalizeByUpdateNorm({ scaleFactor: 0.5 }), optax.scale(-1)),
  identity: () => optax.chain(optax.identity(), optax.scale(-0.1)),
};

// The state entries the golden file records, read from the TypeScript state.
const RECORDED: Readonly<Record<string, (state: unknown) => Record<string, unknown>>> = {
  inject_hyperparams: (s) => {
    const st = s as optax.InjectHyperparamsState<unknown>;
    return { count: st.count, learningRate: st.hyperparams.learningRate, b1: st.hyperparams.b1 };
  },
  multi_steps: (s) => {
    const st = s as optax.MultiStepsState<unknown>;
    return {
      miniStep: st.miniStep,
      gradientStep: st.gradientStep,
      hasUpdated: multi.hasUpdated(st),
    };
  },
  apply_if_finite: (s) => {
    const st = s as optax.ApplyIfFiniteState<unknown>;
    return {
      notfiniteCount: st.notfiniteCount,
      lastFinite: st.lastFinite,
      totalNotfinite: st.totalNotfinite,
    };
  },
};

test('every golden transform case has a factory and vice versa', () => {
  expect(Object.keys(TRANSFORMS).sort()).toEqual(golden.cases.map((c) => c.id).sort());
});

describe.each(golden.cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
  const make = TRANSFORMS[id] as () => GradientTransformation<unknown>;

  test('five steps equal Optax', () => {
    const run = runProblem(make(), golden, c);
    c.steps.forEach((expected, i) => {
      expectTreeClose(run.updates[i], decode(expected.updates), TOL, `step ${i} updates`);
      expectTreeClose(run.params[i], decode(expected.params), TOL, `step ${i} params`);
      const record = RECORDED[id];
      if (expected.state !== undefined && record !== undefined) {
        const actual = record(run.states[i]);
        for (const [k, v] of Object.entries(decode(expected.state) as Record<string, unknown>)) {
          const value = (actual[k] as Tensor).toArray();
          if (typeof v === 'boolean' || Number.isInteger(v)) expect(value, `${k} @${i}`).toEqual(v);
          else expect(value, `${k} @${i}`).toBeAllclose(v as number, TOL);
        }
      }
    });
  });

  test('under jit it matches eager execution', () => {
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
    for (let i = 0; i < c.steps.length; i++) {
      const leaves = (t: unknown) => tree.leaves(t).map((x) => (x as Tensor).toArray());
      expect(leaves(jitted.updates[i])).toEqual(leaves(eager.updates[i]));
      expect(leaves(jitted.states[i])).toEqual(leaves(eager.states[i]));
    }
  });
});

test('globalNorm and tree.norm equal Optax', () => {
  const t = tree.map((x: number) => jnp.array(x, 'float32'), decode(golden.globalNorm.tree));
  expect(optax.globalNorm(t)).toBeAllclose(decode(golden.globalNorm.value), TOL);
  expect(optax.tree.norm(t)).toBeAllclose(decode(golden.globalNorm.value), TOL);
});
