// Shared pieces of the schedules: the step count as a Tensor and option validation.

import { numpy as jnp, Tensor } from '@jaxts/tensor';
import { InvalidHyperparameterError } from '../errors.ts';
import { checkHyperparams } from '../internal/scalar.ts';

/** The count as a Tensor: int32 for integers (like optax's int32 step counter), else float32. @internal */
export function countTensor(count: Tensor | number): Tensor {
  if (count instanceof Tensor) return count;
  return jnp.asarray(count, Number.isInteger(count) ? 'int32' : 'float32');
}

/** NaN check of numeric schedule arguments (schedules are built on the host, once). @internal */
export function checkNumbers(
  api: string,
  values: Readonly<Record<string, number | undefined | null>>,
): void {
  checkHyperparams(api, values);
}

/** Parses `{ step: scale }` into `[step, scale]` pairs sorted by step. @internal */
export function sortedBoundaries(
  api: string,
  boundariesAndScales: Readonly<Record<number, number>> | null | undefined,
): [number, number][] {
  if (boundariesAndScales === null || boundariesAndScales === undefined) return [];
  const pairs = Object.entries(boundariesAndScales).map(([k, v]): [number, number] => [
    Number(k),
    v,
  ]);
  for (const [step, scale] of pairs) {
    if (!Number.isInteger(step)) {
      throw new InvalidHyperparameterError(
        `${api}: boundaries must be integer steps; expected integer keys, got ${JSON.stringify(step)}.`,
      );
    }
    checkHyperparams(api, { [`scale at step ${step}`]: scale });
    if (scale < 0) {
      throw new InvalidHyperparameterError(
        `${api}: \`${api}\` expects non-negative scale factors; expected scales >= 0, got ${scale} at step ${step}.`,
      );
    }
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}
