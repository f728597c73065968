// Step-size schedules of the polynomial, exponential and piecewise families. Each returns a
// function of the step count built from jnp ops only, so it traces under jit. Mirrors
// optax/schedules/_schedule.py.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import type { Schedule } from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import { checkNumbers, countTensor, sortedBoundaries } from './common.ts';

/**
 * Always `value`.
 * @see optax.constant_schedule
 */
export function constantSchedule(value: number): Schedule {
  checkNumbers('constantSchedule', { value });
  return () => jnp.array(value, 'float32');
}

/** Options of {@link polynomialSchedule} and {@link linearSchedule}. */
export interface TransitionOptions {
  /** Steps to wait before the transition starts (negative means 0). Default 0. */
  readonly transitionBegin?: number;
}

/**
 * Goes from `initValue` to `endValue` over `transitionSteps` steps (after `transitionBegin`)
 * following `(init - end) * (1 - t / transitionSteps)^power + end`. A non-positive
 * `transitionSteps` gives the constant `initValue`.
 * @see optax.polynomial_schedule
 */
export function polynomialSchedule(
  initValue: number,
  endValue: number,
  power: number,
  transitionSteps: number,
  options: TransitionOptions = {},
): Schedule {
  const api = 'polynomialSchedule';
  checkNumbers(api, { initValue, endValue, power, transitionSteps, ...options });
  if (transitionSteps <= 0) return constantSchedule(initValue);
  const begin = Math.max(0, options.transitionBegin ?? 0);
  const span = initValue - endValue;
  return (count) => {
    const c = jnp.clip(jnp.subtract(countTensor(count), begin), 0, transitionSteps);
    const frac = jnp.subtract(1, jnp.divide(c, transitionSteps));
    return jnp.add(jnp.multiply(span, jnp.power(frac, power)), endValue);
  };
}

/**
 * Linear interpolation from `initValue` to `endValue` over `transitionSteps` steps.
 *
 * @example
 * ```ts
 * const lr = optax.linearSchedule(1, 0, 10); // lr(5) = 0.5, lr(20) = 0
 * ```
 * @see optax.linear_schedule
 */
export function linearSchedule(
  initValue: number,
  endValue: number,
  transitionSteps: number,
  options: TransitionOptions = {},
): Schedule {
  return polynomialSchedule(initValue, endValue, 1, transitionSteps, options);
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** Steps before the decay starts. Default 0. */
  readonly transitionBegin?: number;
  /** Decay in discrete jumps every `transitionSteps` steps. Default false. */
  readonly staircase?: boolean;
  /** A floor (when `decayRate < 1`) or a ceiling (when `decayRate > 1`) of the value. */
  readonly endValue?: number | null;
}

/**
 * `initValue * decayRate^((t - transitionBegin) / transitionSteps)`, optionally in steps and
 * bounded by `endValue`. A non-positive `transitionSteps` or a zero `decayRate` gives the constant
 * `initValue`.
 * @see optax.exponential_decay
 */
export function exponentialDecay(
  initValue: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): Schedule {
  const api = 'exponentialDecay';
  const { staircase = false, endValue = null } = options;
  checkNumbers(api, {
    initValue,
    transitionSteps,
    decayRate,
    endValue,
    transitionBegin: options.transitionBegin,
  });
  if (transitionSteps <= 0 || decayRate === 0) return constantSchedule(initValue);
  const begin = Math.max(0, options.transitionBegin ?? 0);
  return (count) => {
    const decreased = jnp.subtract(countTensor(count), begin);
    let p = jnp.divide(decreased, transitionSteps);
    if (staircase) p = jnp.floor(p);
    let value = jnp.where(
      jnp.lessEqual(decreased, 0),
      initValue,
      jnp.multiply(initValue, jnp.power(decayRate, p)),
    );
    if (endValue !== null) {
      value = decayRate < 1 ? jnp.maximum(value, endValue) : jnp.minimum(value, endValue);
    }
    return value;
  };
}

/**
 * Starts at `initValue` and multiplies by `scale` at each boundary step:
 * `{ 5: 0.5, 10: 0.1 }` gives 1, then 0.5 from step 5, then 0.05 from step 10.
 * @see optax.piecewise_constant_schedule
 */
export function piecewiseConstantSchedule(
  initValue: number,
  boundariesAndScales: Readonly<Record<number, number>> | null = null,
): Schedule {
  const api = 'piecewiseConstantSchedule';
  checkNumbers(api, { initValue });
  const pairs = sortedBoundaries(api, boundariesAndScales);
  return (count) => {
    const c = countTensor(count);
    let v: Tensor = jnp.array(initValue, 'float32');
    for (const [threshold, scale] of pairs) {
      const indicator = jnp.maximum(0, jnp.sign(jnp.subtract(threshold, c)));
      v = jnp.add(
        jnp.multiply(v, indicator),
        jnp.multiply(jnp.multiply(jnp.subtract(1, indicator), scale), v),
      );
    }
    return v;
  };
}

/** How {@link piecewiseInterpolateSchedule} goes from one value to the next. */
export type InterpolateType = 'linear' | 'cosine';

/**
 * Like {@link piecewiseConstantSchedule}, but interpolates (linearly or along a half cosine)
 * between the values at consecutive boundaries instead of jumping.
 * @see optax.piecewise_interpolate_schedule
 */
export function piecewiseInterpolateSchedule(
  interpolateType: InterpolateType,
  initValue: number,
  boundariesAndScales: Readonly<Record<number, number>> | null = null,
): Schedule {
  const api = 'piecewiseInterpolateSchedule';
  if (interpolateType !== 'linear' && interpolateType !== 'cosine') {
    throw new InvalidHyperparameterError(
      `${api}: \`interpolate_type\` must be either 'cosine' or 'linear'; expected 'linear' or 'cosine', got ${JSON.stringify(interpolateType)}.`,
    );
  }
  checkNumbers(api, { initValue });
  const pairs = sortedBoundaries(api, boundariesAndScales);
  const bounds = [0, ...pairs.map(([b]) => b)];
  const lo = bounds.slice(0, -1);
  const hi = bounds.slice(1);
  const sizes = hi.map((h, i) => Math.max(h - (lo[i] as number), 1));
  const last = bounds[bounds.length - 1] as number;
  const interpolate = (start: Tensor, end: Tensor, pct: Tensor): Tensor =>
    interpolateType === 'linear'
      ? jnp.add(jnp.multiply(jnp.subtract(end, start), pct), start)
      : jnp.add(
          end,
          jnp.multiply(
            jnp.divide(jnp.subtract(start, end), 2),
            jnp.add(jnp.cos(jnp.multiply(Math.PI, pct)), 1),
          ),
        );
  return (count) => {
    const c = countTensor(count);
    // The values at the boundaries: a float32 cumulative product, as optax computes them.
    const values = jnp.cumprod(jnp.array([initValue, ...pairs.map(([, s]) => s)], 'float32'));
    const n = lo.length;
    const lastValue = jnp.getItem(values, n);
    const atEnd = jnp.multiply(jnp.astype(jnp.lessEqual(last, c), 'float32'), lastValue);
    if (n === 0) return atEnd;
    const loT = jnp.array(lo, 'int32');
    const hiT = jnp.array(hi, 'int32');
    const indicator = jnp.logicalAnd(jnp.lessEqual(loT, c), jnp.less(c, hiT));
    const pct = jnp.divide(jnp.subtract(c, loT), jnp.array(sizes, 'int32'));
    const vals = interpolate(
      jnp.getItem(values, [jnp.slice(0, n)]),
      jnp.getItem(values, [jnp.slice(1, n + 1)]),
      pct,
    );
    return jnp.add(jnp.sum(jnp.multiply(jnp.astype(indicator, 'float32'), vals)), atEnd);
  };
}

/** Options of {@link linearOnecycleSchedule}. */
export interface LinearOnecycleOptions {
  /** Fraction of the steps spent increasing. Default 0.3. */
  readonly pctStart?: number;
  /** Fraction of the steps at which the decrease to the initial value ends. Default 0.85. */
  readonly pctFinal?: number;
  /** `initial = peakValue / divFactor`. Default 25. */
  readonly divFactor?: number;
  /** `final = initial / finalDivFactor`. Default 1e4. */
  readonly finalDivFactor?: number;
}

/**
 * One-cycle (Smith & Topin): linear increase from `peak / divFactor` to `peakValue`, linear
 * decrease back, then a linear anneal to `initial / finalDivFactor`.
 * @see optax.linear_onecycle_schedule, https://arxiv.org/abs/1708.07120
 */
export function linearOnecycleSchedule(
  transitionSteps: number,
  peakValue: number,
  options: LinearOnecycleOptions = {},
): Schedule {
  const { pctStart = 0.3, pctFinal = 0.85, divFactor = 25, finalDivFactor = 1e4 } = options;
  if (transitionSteps <= 0) {
    throw new InvalidHyperparameterError(
      `linearOnecycleSchedule: A linear onecycle schedule was set with a non-positive \`transition_steps\`; expected a positive integer, got ${transitionSteps}.`,
    );
  }
  const table: Record<number, number> = {};
  table[Math.trunc(pctStart * transitionSteps)] = divFactor;
  table[Math.trunc(pctFinal * transitionSteps)] = 1 / divFactor;
  table[transitionSteps] = 1 / finalDivFactor;
  return piecewiseInterpolateSchedule('linear', peakValue / divFactor, table);
}

/** Options of {@link cosineOnecycleSchedule}. */
export interface CosineOnecycleOptions {
  /** Fraction of the steps spent increasing. Default 0.3. */
  readonly pctStart?: number;
  /** `initial = peakValue / divFactor`. Default 25. */
  readonly divFactor?: number;
  /** `final = initial / finalDivFactor`. Default 1e4. */
  readonly finalDivFactor?: number;
}

/**
 * One-cycle with cosine annealing: up from `peak / divFactor` to `peakValue`, then down to
 * `peak / (divFactor * finalDivFactor)`.
 * @see optax.cosine_onecycle_schedule, https://arxiv.org/abs/1708.07120
 */
export function cosineOnecycleSchedule(
  transitionSteps: number,
  peakValue: number,
  options: CosineOnecycleOptions = {},
): Schedule {
  const { pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = options;
  if (transitionSteps <= 0) {
    throw new InvalidHyperparameterError(
      `cosineOnecycleSchedule: A linear onecycle schedule was set with a non-positive \`transition_steps\`; expected a positive integer, got ${transitionSteps}.`,
    );
  }
  const table: Record<number, number> = {};
  table[Math.trunc(pctStart * transitionSteps)] = divFactor;
  table[Math.trunc(transitionSteps)] = 1 / (divFactor * finalDivFactor);
  return piecewiseInterpolateSchedule('cosine', peakValue / divFactor, table);
}
