// Error behaviour: Optax's "Make sure you have called init first!" for a state that does not
// belong to the chain, mask and label trees that do not match the params (both structures in the
// message), NaN hyperparameters (negative learning rates stay allowed) and missing params.

import { JaxtsError } from '@jaxts/frozendict';
import * as optax from '@jaxts/optax-ts';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, test } from 'vitest';

const params = (): { b: Tensor; w: Tensor } => ({
  b: jnp.array(0.5, 'float32'),
  w: jnp.array([1, -2, 3], 'float32'),
});

describe('chain with a state that does not match', () => {
  const opt = optax.chain(optax.clipByGlobalNorm(1), optax.scaleByAdam(), optax.scale(-0.1));

  test('a state from another optimizer', () => {
    const p = params();
    const wrong = optax.adam(0.1).init(p) as unknown as ReturnType<typeof opt.init>;
    const call = () => opt.update(p, wrong, p);
    expect(call).toThrow(optax.OptStateMismatchError);
    expect(call).toThrow(/Make sure you have called init first!/);
    expect(call).toThrow(/expected a tuple of 3 states, got PyTreeDef\(\[/);
  });

  test('no state at all', () => {
    const p = params();
    const call = () => opt.update(p, undefined as unknown as ReturnType<typeof opt.init>, p);
    expect(call).toThrow(
      /has to be the same in chain; expected a tuple of 3 states, got PyTreeDef\(undefined\)/,
    );
  });

  test('namedChain checks the names', () => {
    const named = optax.namedChain(['clip', optax.clip(1)], ['sgd', optax.sgd(0.1)]);
    const p = params();
    const state = { clip: {} } as unknown as ReturnType<typeof named.init>;
    expect(() => named.update(p, state, p)).toThrow(/Make sure you have called init first!/);
  });

  test('namedChain rejects duplicate names', () => {
    expect(() => optax.namedChain(['a', optax.clip(1)], ['a', optax.clip(2)])).toThrow(
      /Named transformations must have unique names/,
    );
  });

  test('the errors are JaxtsErrors', () => {
    const p = params();
    expect(() => opt.update(p, [] as unknown as ReturnType<typeof opt.init>, p)).toThrow(
      JaxtsError,
    );
  });
});

describe('masks and labels that do not match the params', () => {
  test('masked names both structures', () => {
    const opt = optax.masked(optax.sgd(0.1), { w: true });
    const call = () => opt.init(params());
    expect(call).toThrow(optax.MaskStructureError);
    expect(call).toThrow(
      /expected a prefix of PyTreeDef\(\{'b': \*, 'w': \*\}\), got PyTreeDef\(\{'w': \*\}\)/,
    );
  });

  test('a mask function returning the wrong structure fails at update too', () => {
    let calls = 0;
    const opt = optax.masked(optax.sgd(0.1), (_p: unknown) =>
      calls++ === 0 ? { b: true, w: false } : [true],
    );
    const p = params();
    const state = opt.init(p);
    expect(() => opt.update(p, state, p)).toThrow(/got PyTreeDef\(\[\*\]\)/);
  });

  test('mask leaves must be booleans', () => {
    const opt = optax.masked(optax.sgd(0.1), { b: 1, w: true });
    expect(() => opt.init(params())).toThrow(/mask leaves must be booleans/);
  });

  test('addDecayedWeights checks its mask', () => {
    const opt = optax.adamw(0.1, { mask: { b: true, w: { x: true } } });
    expect(() => opt.init(params())).toThrow(optax.MaskStructureError);
  });

  test('multiTransform needs a transformation per label', () => {
    const opt = optax.multiTransform({ a: optax.sgd(0.1), b: optax.adam(0.1) }, { b: 'a', w: 'c' });
    const call = () => opt.init(params());
    expect(call).toThrow(optax.MissingTransformError);
    expect(call).toThrow(/Some parameters have no corresponding transformation/);
    expect(call).toThrow(/parameter labels \['a', 'c'\]/);
  });

  test('multiTransform checks the label tree structure', () => {
    const opt = optax.multiTransform({ a: optax.sgd(0.1) }, { w: 'a' });
    expect(() => opt.init(params())).toThrow(/label tree does not match the params tree/);
  });
});

describe('hyperparameters', () => {
  test.each([
    [
      'adam learning rate',
      () => optax.adam(Number.NaN),
      /adam: hyperparameter learningRate is NaN/,
    ],
    ['adam b1', () => optax.adam(0.1, { b1: Number.NaN }), /adam: hyperparameter b1 is NaN/],
    [
      'sgd momentum',
      () => optax.sgd(0.1, { momentum: Number.NaN }),
      /sgd: hyperparameter momentum/,
    ],
    ['clip', () => optax.clip(Number.NaN), /clip: hyperparameter maxDelta is NaN/],
    ['scaleByRms', () => optax.scaleByRms({ decay: Number.NaN }), /decay is NaN/],
    ['trace', () => optax.trace(Number.NaN), /trace: hyperparameter decay/],
    ['addDecayedWeights', () => optax.addDecayedWeights(Number.NaN), /weightDecay is NaN/],
    [
      'injectHyperparams',
      () => optax.injectHyperparams(optax.sgd)(Number.NaN),
      /learningRate is NaN/,
    ],
  ])('NaN %s is rejected', (_name, make, message) => {
    expect(make).toThrow(optax.InvalidHyperparameterError);
    expect(make).toThrow(message);
  });

  test('a non-scalar Tensor hyperparameter is rejected', () => {
    expect(() => optax.sgd(jnp.array([0.1, 0.2], 'float32'))).toThrow(
      /must be a scalar; expected a number or a Tensor of shape \[\], got f32\[2\]/,
    );
  });

  test('a string hyperparameter is rejected', () => {
    expect(() => optax.scale('0.1' as unknown as number)).toThrow(/wrong type/);
  });

  test('a negative learning rate is allowed (gradient ascent), as in Optax', () => {
    const opt = optax.sgd(-0.1);
    const p = params();
    const [updates] = opt.update(p, opt.init(p), p);
    expect((updates as { w: Tensor }).w).toBeAllclose([0.1, -0.2, 0.3]);
  });

  test('MultiSteps needs an integer k', () => {
    expect(() => new optax.MultiSteps(optax.sgd(0.1), 1.5)).toThrow(
      /everyKSchedule must be an integer/,
    );
  });
});

describe('missing params', () => {
  test.each([
    ['addDecayedWeights', () => optax.addDecayedWeights(0.1)],
    ['scaleByTrustRatio', () => optax.scaleByTrustRatio()],
    ['keepParamsNonnegative', () => optax.keepParamsNonnegative()],
    ['adaptiveGradClip', () => optax.adaptiveGradClip(0.1)],
    ['scaleByParamBlockRms', () => optax.scaleByParamBlockRms()],
  ] as const)('%s without params', (name, make) => {
    const opt = make() as optax.GradientTransformation<unknown>;
    const p = params();
    const call = () => opt.update(p, opt.init(p));
    expect(call).toThrow(optax.MissingParamsError);
    expect(call).toThrow(
      new RegExp(
        `${name}: You are using a transformation that requires the current value of parameters`,
      ),
    );
  });
});
