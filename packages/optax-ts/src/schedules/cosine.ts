// Cosine schedules and warmups: cosineDecaySchedule, warmupCosineDecaySchedule,
// warmupExponentialDecaySchedule, warmupConstantSchedule and sgdrSchedule (warm restarts).
// Mirrors optax/schedules/_schedule.py.

import { numpy as jnp } from '@jaxts/tensor';
import type { Schedule } from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import { checkNumbers, countTensor } from './common.ts';
import { joinSchedules } from './join.ts';
import { type ExponentialDecayOptions, exponentialDecay, linearSchedule } from './schedule.ts';

/** Options of {@link cosineDecaySchedule}. */
export interface CosineDecayOptions {
  /** The final value as a fraction of `initValue`. Default 0. */
  readonly alpha?: number;
  /** Power of the cosine factor. Default 1. */
  readonly exponent?: number;
}

/**
 * Cosine decay from `initValue` to `alpha * initValue` over `decaySteps` steps:
 * `init * ((1 - alpha) * (0.5 (1 + cos(π t / decaySteps)))^exponent + alpha)`.
 * @see optax.cosine_decay_schedule, Loshchilov & Hutter, https://arxiv.org/abs/1608.03983
 */
export function cosineDecaySchedule(
  initValue: number,
  decaySteps: number,
  options: CosineDecayOptions = {},
): Schedule {
  const api = 'cosineDecaySchedule';
  const { alpha = 0, exponent = 1 } = options;
  checkNumbers(api, { initValue, decaySteps, alpha, exponent });
  if (!(decaySteps > 0)) {
    throw new InvalidHyperparameterError(
      `${api}: The cosine_decay_schedule requires positive decay_steps; expected decaySteps > 0, got ${decaySteps}.`,
    );
  }
  return (count) => {
    const c = jnp.minimum(jnp.astype(countTensor(count), 'float32'), decaySteps);
    const cosine = jnp.multiply(
      0.5,
      jnp.add(1, jnp.cos(jnp.divide(jnp.multiply(Math.PI, c), decaySteps))),
    );
    const decayed = jnp.add(jnp.multiply(1 - alpha, jnp.power(cosine, exponent)), alpha);
    return jnp.multiply(initValue, decayed);
  };
}

/** Options of {@link warmupCosineDecaySchedule}. */
export interface WarmupCosineDecayOptions {
  /** The value at the end of the decay. Default 0. */
  readonly endValue?: number;
  /** Power of the cosine factor. Default 1. */
  readonly exponent?: number;
}

/**
 * Linear warmup from `initValue` to `peakValue` over `warmupSteps`, then cosine decay to
 * `endValue`; `decaySteps` counts the warmup too.
 *
 * @example
 * ```ts
 * const lr = optax.warmupCosineDecaySchedule(0, 1e-3, 100, 10_000);
 * ```
 * @see optax.warmup_cosine_decay_schedule
 */
export function warmupCosineDecaySchedule(
  initValue: number,
  peakValue: number,
  warmupSteps: number,
  decaySteps: number,
  options: WarmupCosineDecayOptions = {},
): Schedule {
  const { endValue = 0, exponent = 1 } = options;
  checkNumbers('warmupCosineDecaySchedule', {
    initValue,
    peakValue,
    warmupSteps,
    decaySteps,
    endValue,
    exponent,
  });
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return joinSchedules(
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      cosineDecaySchedule(peakValue, decaySteps - warmupSteps, { alpha, exponent }),
    ],
    [warmupSteps],
  );
}

/**
 * Linear warmup from `initValue` to `peakValue` over `warmupSteps`, then
 * {@link exponentialDecay} from `peakValue`.
 * @see optax.warmup_exponential_decay_schedule
 */
export function warmupExponentialDecaySchedule(
  initValue: number,
  peakValue: number,
  warmupSteps: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): Schedule {
  checkNumbers('warmupExponentialDecaySchedule', { initValue, peakValue, warmupSteps });
  return joinSchedules(
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      exponentialDecay(peakValue, transitionSteps, decayRate, options),
    ],
    [warmupSteps],
  );
}

/**
 * Linear warmup from `initValue` to `peakValue`, then constant.
 * @see optax.warmup_constant_schedule
 */
export function warmupConstantSchedule(
  initValue: number,
  peakValue: number,
  warmupSteps: number,
): Schedule {
  return linearSchedule(initValue, peakValue, warmupSteps);
}

/** One cycle of {@link sgdrSchedule}: the arguments of {@link warmupCosineDecaySchedule}. */
export interface SgdrCycle extends WarmupCosineDecayOptions {
  readonly initValue: number;
  readonly peakValue: number;
  readonly warmupSteps: number;
  readonly decaySteps: number;
}

/**
 * SGDR (warm restarts): consecutive warmup-cosine cycles, each restarting the step count.
 * @see optax.sgdr_schedule, Loshchilov & Hutter, https://arxiv.org/abs/1608.03983
 */
export function sgdrSchedule(cycles: readonly SgdrCycle[]): Schedule {
  const schedules: Schedule[] = [];
  const boundaries: number[] = [];
  let step = 0;
  for (const c of cycles) {
    const opts: WarmupCosineDecayOptions = {
      ...(c.endValue === undefined ? {} : { endValue: c.endValue }),
      ...(c.exponent === undefined ? {} : { exponent: c.exponent }),
    };
    schedules.push(
      warmupCosineDecaySchedule(c.initValue, c.peakValue, c.warmupSteps, c.decaySteps, opts),
    );
    step += c.decaySteps;
    boundaries.push(step);
  }
  return joinSchedules(schedules, boundaries.slice(0, -1));
}
