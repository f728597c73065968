// Sequencing schedules: joinSchedules. Mirrors optax/schedules/_join.py.

import { numpy as jnp } from '@jaxts/tensor';
import type { Schedule } from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import { countTensor } from './common.ts';

/**
 * Runs `schedules[0]` until `boundaries[0]`, then `schedules[1]` (with the step shifted so it
 * starts at 0), and so on. `boundaries` has one entry fewer than `schedules`.
 *
 * @example
 * ```ts
 * const warmup = optax.joinSchedules([optax.linearSchedule(0, 1, 5), optax.constantSchedule(1)], [5]);
 * ```
 * @see optax.join_schedules
 */
export function joinSchedules(
  schedules: readonly Schedule[],
  boundaries: readonly number[],
): Schedule {
  const first = schedules[0];
  if (first === undefined) {
    throw new InvalidHyperparameterError(
      'joinSchedules: no schedules given; expected at least one schedule, got 0. Pass [schedule, ...].',
    );
  }
  return (count) => {
    const step = countTensor(count);
    let output = first(step);
    const n = Math.min(boundaries.length, schedules.length - 1);
    for (let i = 0; i < n; i++) {
      const boundary = boundaries[i] as number;
      const next = schedules[i + 1] as Schedule;
      output = jnp.where(jnp.less(step, boundary), output, next(jnp.subtract(step, boundary)));
    }
    return output;
  };
}
