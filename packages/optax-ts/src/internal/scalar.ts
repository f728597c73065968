// Hyperparameter arithmetic and validation. Hyperparameters are JavaScript numbers or scalar
// Tensors (injectHyperparams passes Tensors): with numbers the arithmetic stays in float64 on the
// host, like Python's, so constants round to float32 exactly as in optax (`1 - b1` is computed in
// double before it meets a float32 array).

import { numpy as jnp, Tensor } from '@jaxts/tensor';
import type { Scalar } from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';

export function add(a: Scalar, b: Scalar): Scalar {
  return typeof a === 'number' && typeof b === 'number' ? a + b : jnp.add(a, b);
}
export function sub(a: Scalar, b: Scalar): Scalar {
  return typeof a === 'number' && typeof b === 'number' ? a - b : jnp.subtract(a, b);
}
export function mul(a: Scalar, b: Scalar): Scalar {
  return typeof a === 'number' && typeof b === 'number' ? a * b : jnp.multiply(a, b);
}
export function div(a: Scalar, b: Scalar): Scalar {
  return typeof a === 'number' && typeof b === 'number' ? a / b : jnp.divide(a, b);
}
export function pow(a: Scalar, b: Scalar): Scalar {
  return typeof a === 'number' && typeof b === 'number' ? a ** b : jnp.power(a, b);
}
export function neg(a: Scalar): Scalar {
  return typeof a === 'number' ? -a : jnp.negative(a);
}

/** A scalar as a Tensor (numbers become weakly typed scalars, like Python floats in jnp ops). */
export function tensorOf(a: Scalar): Tensor {
  return a instanceof Tensor ? a : jnp.asarray(a);
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object')
    return value instanceof Tensor ? value.aval.strShort() : 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Checks numeric hyperparameters: numbers must not be NaN, Tensors must be scalars. `undefined`
 * and `null` entries are skipped (options left at their defaults). Never reads tensor values, so
 * it is safe under jit and inside injectHyperparams.
 */
export function checkHyperparams(api: string, values: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'number') {
      if (Number.isNaN(value)) {
        throw new InvalidHyperparameterError(
          `${api}: hyperparameter ${name} is NaN; expected a number, got NaN. Pass a real number (NaN would turn every update into NaN).`,
        );
      }
      continue;
    }
    if (value instanceof Tensor) {
      if (value.ndim !== 0) {
        throw new InvalidHyperparameterError(
          `${api}: hyperparameter ${name} must be a scalar; expected a number or a Tensor of shape [], got ${value.aval.strShort()}.`,
        );
      }
      continue;
    }
    throw new InvalidHyperparameterError(
      `${api}: hyperparameter ${name} has the wrong type; expected a number or a scalar Tensor, got ${describe(value)}.`,
    );
  }
}

/** Like checkHyperparams, but schedules (functions) are accepted too. */
export function checkScalarOrSchedule(api: string, name: string, value: unknown): void {
  if (typeof value === 'function') return;
  checkHyperparams(api, { [name]: value });
}

/** Checks a structural (host) integer option such as `transitionSteps` or `everyK`. */
export function checkInteger(api: string, name: string, value: number): void {
  if (!Number.isInteger(value)) {
    throw new InvalidHyperparameterError(
      `${api}: ${name} must be an integer; expected an integer, got ${describe(value)}.`,
    );
  }
}

/**
 * Validates an optimizer's learning rate and the numeric entries of its options object (other
 * entries, such as booleans, masks and dtypes, are left to the building blocks).
 */
export function checkAlias(api: string, learningRate: unknown, options: object): void {
  checkScalarOrSchedule(api, 'learningRate', learningRate);
  const numeric: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === 'number' || v instanceof Tensor) numeric[k] = v;
  }
  checkHyperparams(api, numeric);
}
