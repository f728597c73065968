// Losses against real Optax (golden/losses.json), including logits of ±1e4 (every loss works in
// log space, so they stay finite), integer-label and masked variants; plus dtype checks.

import * as optax from '@jaxts/optax-ts';
import { DTypeError, jit, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, test } from 'vitest';
import { decode, type Golden, loadGolden } from './golden.ts';

interface LossCase {
  readonly id: string;
  readonly fn: string;
  readonly inputs: { [key: string]: Golden };
  readonly value: Golden;
}

const golden = loadGolden<{ cases: readonly LossCase[] }>('losses');
const TOL = { rtol: 1e-5, atol: 1e-6 };

type Inputs = Record<string, unknown>;
const f = (x: unknown): Tensor => jnp.array(x as number[], 'float32');
const i32 = (x: unknown): Tensor => jnp.array(x as number[], 'int32');
const bool = (x: unknown): Tensor => jnp.array(x as boolean[], 'bool');
const num = (x: unknown): number | undefined => x as number | undefined;
// Drops undefined entries (exactOptionalPropertyTypes: absent, not undefined).
const opt = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };

// How each golden `fn` is called from its JSON inputs.
const CALLS: Readonly<Record<string, (x: Inputs) => Tensor>> = {
  l2Loss: (x) => optax.l2Loss(f(x.predictions), x.targets === undefined ? null : f(x.targets)),
  squaredError: (x) => optax.squaredError(f(x.predictions), f(x.targets)),
  huberLoss: (x) => optax.huberLoss(f(x.predictions), f(x.targets), opt({ delta: num(x.delta) })),
  logCosh: (x) => optax.logCosh(f(x.predictions), f(x.targets)),
  softmaxCrossEntropy: (x) =>
    optax.softmaxCrossEntropy(
      f(x.logits),
      f(x.labels),
      opt({ axis: num(x.axis), where: x.where === undefined ? undefined : bool(x.where) }),
    ),
  softmaxCrossEntropyWithIntegerLabels: (x) =>
    optax.softmaxCrossEntropyWithIntegerLabels(
      f(x.logits),
      i32(x.labels),
      opt({
        axis: x.axis as number | number[] | undefined,
        where: x.where === undefined ? undefined : bool(x.where),
      }),
    ),
  safeSoftmaxCrossEntropy: (x) => optax.safeSoftmaxCrossEntropy(f(x.logits), f(x.labels)),
  sigmoidBinaryCrossEntropy: (x) => optax.sigmoidBinaryCrossEntropy(f(x.logits), f(x.labels)),
  sigmoidFocalLoss: (x) =>
    optax.sigmoidFocalLoss(
      f(x.logits),
      f(x.labels),
      opt({ alpha: num(x.alpha), gamma: num(x.gamma) }),
    ),
  hingeLoss: (x) => optax.hingeLoss(f(x.predictorOutputs), f(x.targets)),
  cosineSimilarity: (x) =>
    optax.cosineSimilarity(f(x.predictions), f(x.targets), opt({ epsilon: num(x.epsilon) })),
  cosineDistance: (x) =>
    optax.cosineDistance(f(x.predictions), f(x.targets), opt({ epsilon: num(x.epsilon) })),
  klDivergence: (x) => optax.klDivergence(f(x.logPredictions), f(x.targets)),
  convexKlDivergence: (x) => optax.convexKlDivergence(f(x.logPredictions), f(x.targets)),
  generalizedKlDivergence: (x) => optax.generalizedKlDivergence(f(x.logPredictions), f(x.targets)),
  klDivergenceWithLogTargets: (x) =>
    optax.klDivergenceWithLogTargets(f(x.logPredictions), f(x.logTargets)),
  smoothLabels: (x) => optax.smoothLabels(f(x.labels), x.alpha as number),
};

describe.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  const call = CALLS[c.fn] as (x: Inputs) => Tensor;
  const inputs = decode(c.inputs) as Inputs;

  test('equals Optax', () => {
    const out = call(inputs);
    expect(out.dtype).toBe('float32');
    expect(out).toBeAllclose(decode(c.value), TOL);
  });

  test('gives the same values under jit', () => {
    // Arrays are traced arguments; scalar options (axis, alpha, ...) stay static.
    const traced = ([k, v]: [string, unknown]) => Array.isArray(v) && k !== 'axis';
    const arrays = Object.fromEntries(Object.entries(inputs).filter(traced));
    const statics = Object.fromEntries(Object.entries(inputs).filter((e) => !traced(e)));
    const jitted = jit((x: Inputs) => call({ ...statics, ...x }));
    expect(jitted(arrays).toArray()).toEqual(call(inputs).toArray());
  });
});

test('every loss of the package is covered by a golden case', () => {
  const fns = new Set(golden.cases.map((c) => c.fn));
  expect([...fns].sort()).toEqual(Object.keys(CALLS).sort());
});

describe('numerical stability', () => {
  test('cross-entropies of extreme logits are finite and exact', () => {
    const logits = jnp.array([[1e4, -1e4, 0]], 'float32');
    expect(optax.softmaxCrossEntropy(logits, jnp.array([[0, 1, 0]], 'float32'))).toBeAllclose([
      2e4,
    ]);
    expect(
      optax.softmaxCrossEntropyWithIntegerLabels(logits, jnp.array([0], 'int32')),
    ).toBeAllclose([0]);
    expect(
      optax.sigmoidBinaryCrossEntropy(
        jnp.array([1e4, -1e4], 'float32'),
        jnp.array([0, 1], 'float32'),
      ),
    ).toBeAllclose([1e4, 1e4]);
    expect(optax.logCosh(jnp.array([1e4], 'float32'))).toBeAllclose([1e4 - Math.LN2]);
  });

  test('safeSoftmaxCrossEntropy tolerates -inf logits where labels are zero', () => {
    const logits = jnp.array([[Number.NEGATIVE_INFINITY, 0, 0]], 'float32');
    const labels = jnp.array([[0, 0.5, 0.5]], 'float32');
    expect(optax.safeSoftmaxCrossEntropy(logits, labels)).toBeAllclose([Math.LN2]);
    expect(Number.isNaN(optax.softmaxCrossEntropy(logits, labels).item())).toBe(true);
  });
});

describe('input checks', () => {
  test('integer logits or predictions are rejected', () => {
    expect(() => optax.softmaxCrossEntropy(jnp.array([[1, 2]], 'int32'), [[0, 1]])).toThrow(
      DTypeError,
    );
    expect(() => optax.l2Loss(jnp.array([1, 2], 'int32'))).toThrow(/must be floating point/);
  });

  test('float labels for the integer-label loss are rejected', () => {
    expect(() =>
      optax.softmaxCrossEntropyWithIntegerLabels(
        jnp.array([[1, 2]], 'float32'),
        jnp.array([1], 'float32'),
      ),
    ).toThrow(/labels must be integers/);
  });

  test('a NaN loss hyperparameter is rejected', () => {
    expect(() => optax.huberLoss(jnp.array([1], 'float32'), null, { delta: Number.NaN })).toThrow(
      optax.InvalidHyperparameterError,
    );
  });
});
