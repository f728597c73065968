// Schedules against real Optax (golden/schedules.json), evaluated eagerly on int32 counts, on
// JavaScript numbers and traced under jit; plus the argument checks.

import type { Schedule } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, makeJaxpr, type Tensor } from '@jaxts/tensor';
import { describe, expect, test } from 'vitest';
import { decode, type Golden, loadGolden } from './golden.ts';

interface SchedulesGolden {
  readonly steps: readonly number[];
  readonly cases: readonly { id: string; values: Golden[] }[];
}

const golden = loadGolden<SchedulesGolden>('schedules');
const TOL = { rtol: 1e-6, atol: 1e-7 };

const SCHEDULES: Readonly<Record<string, () => Schedule>> = {
  constant: () => optax.constantSchedule(0.5),
  linear: () => optax.linearSchedule(1, 0, 10),
  linear_begin: () => optax.linearSchedule(0.1, 1, 10, { transitionBegin: 5 }),
  polynomial: () => optax.polynomialSchedule(1, 0, 2, 10),
  polynomial_frac: () => optax.polynomialSchedule(1, 0.1, 0.5, 20, { transitionBegin: 3 }),
  exponential: () => optax.exponentialDecay(1, 10, 0.5),
  exponential_staircase: () => optax.exponentialDecay(1, 10, 0.5, { staircase: true }),
  exponential_end: () => optax.exponentialDecay(1, 10, 0.5, { transitionBegin: 5, endValue: 0.4 }),
  exponential_growth: () => optax.exponentialDecay(0.1, 5, 2, { endValue: 1 }),
  cosine: () => optax.cosineDecaySchedule(1, 10),
  cosine_alpha: () => optax.cosineDecaySchedule(1, 20, { alpha: 0.1, exponent: 2 }),
  warmup_cosine: () => optax.warmupCosineDecaySchedule(0, 1, 5, 15),
  warmup_cosine_end: () => optax.warmupCosineDecaySchedule(0.1, 1, 5, 25, { endValue: 0.05 }),
  warmup_exponential: () => optax.warmupExponentialDecaySchedule(0, 1, 5, 10, 0.5),
  warmup_exponential_end: () =>
    optax.warmupExponentialDecaySchedule(0, 1, 5, 10, 0.5, {
      transitionBegin: 2,
      staircase: true,
      endValue: 0.3,
    }),
  piecewise_constant: () => optax.piecewiseConstantSchedule(1, { 5: 0.5, 10: 0.1 }),
  piecewise_interpolate_linear: () =>
    optax.piecewiseInterpolateSchedule('linear', 1, { 5: 0.5, 10: 0.1, 20: 2 }),
  piecewise_interpolate_cosine: () =>
    optax.piecewiseInterpolateSchedule('cosine', 1, { 5: 0.5, 10: 0.1 }),
  join: () => optax.joinSchedules([optax.constantSchedule(1), optax.linearSchedule(1, 0, 10)], [5]),
  cosine_onecycle: () => optax.cosineOnecycleSchedule(30, 1),
  cosine_onecycle_custom: () =>
    optax.cosineOnecycleSchedule(50, 0.5, { pctStart: 0.2, divFactor: 10, finalDivFactor: 100 }),
  linear_onecycle: () => optax.linearOnecycleSchedule(40, 1),
  warmup_constant: () => optax.warmupConstantSchedule(0.1, 1, 5),
  sgdr: () =>
    optax.sgdrSchedule([
      { initValue: 0, peakValue: 1, warmupSteps: 2, decaySteps: 10 },
      { initValue: 0, peakValue: 0.5, warmupSteps: 2, decaySteps: 20, endValue: 0.1 },
    ]),
};

test('every golden schedule has a factory and vice versa', () => {
  expect(Object.keys(SCHEDULES).sort()).toEqual(golden.cases.map((c) => c.id).sort());
});

describe.each(golden.cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
  const sched = (SCHEDULES[id] as () => Schedule)();
  const expected = decode(c.values) as number[];

  test('equals Optax on int32 counts', () => {
    const values = golden.steps.map((s) => sched(jnp.array(s, 'int32')));
    for (const v of values) expect(v.dtype).toBe('float32');
    expect(values.map((v) => v.item())).toBeAllclose(expected, TOL);
  });

  test('accepts JavaScript numbers as counts', () => {
    expect(golden.steps.map((s) => sched(s).item())).toBeAllclose(expected, TOL);
  });

  test('traces under jit with the count as an argument', () => {
    const f = jit((count: Tensor) => sched(count));
    const values = golden.steps.map((s) => f(jnp.array(s, 'int32')).item());
    expect(f.traceCount).toBe(1);
    expect(values).toBeAllclose(expected, TOL);
  });
});

test('schedules are built from traceable ops (no host reads of the count)', () => {
  const jaxpr = makeJaxpr((count: Tensor) => optax.warmupCosineDecaySchedule(0, 1, 5, 15)(count))(
    jnp.array(0, 'int32'),
  );
  expect(jaxpr.toString()).toContain('cos');
});

describe('argument checks', () => {
  test('NaN arguments are rejected', () => {
    expect(() => optax.linearSchedule(Number.NaN, 0, 10)).toThrow(optax.InvalidHyperparameterError);
    expect(() => optax.exponentialDecay(1, 10, Number.NaN)).toThrow(/decayRate is NaN/);
    expect(() => optax.cosineDecaySchedule(1, 10, { alpha: Number.NaN })).toThrow(/alpha is NaN/);
  });

  test('cosine decay needs positive decay steps', () => {
    expect(() => optax.cosineDecaySchedule(1, 0)).toThrow(/requires positive decay_steps/);
    expect(() => optax.warmupCosineDecaySchedule(0, 1, 10, 10)).toThrow(/decaySteps > 0/);
  });

  test('piecewise schedules reject negative scales', () => {
    expect(() => optax.piecewiseConstantSchedule(1, { 5: -1 })).toThrow(/non-negative scale/);
    expect(() => optax.piecewiseInterpolateSchedule('linear', 1, { 5: -1 })).toThrow(
      optax.InvalidHyperparameterError,
    );
  });

  test('an unknown interpolation type is rejected', () => {
    expect(() =>
      optax.piecewiseInterpolateSchedule('quadratic' as optax.InterpolateType, 1, {}),
    ).toThrow(/'cosine' or 'linear'/);
  });

  test('non-positive transition steps give a constant, as in Optax', () => {
    expect(optax.linearSchedule(0.3, 0, 0)(7).item()).toBeCloseTo(0.3, 6);
    expect(optax.exponentialDecay(0.3, 0, 0.5)(7).item()).toBeCloseTo(0.3, 6);
  });

  test('onecycle schedules need positive transition steps', () => {
    expect(() => optax.cosineOnecycleSchedule(0, 1)).toThrow(/non-positive/);
    expect(() => optax.linearOnecycleSchedule(-1, 1)).toThrow(/non-positive/);
  });
});
