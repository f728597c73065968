// Hyperparameters in the optimizer state: injectHyperparams wraps an optimizer factory so that
// its numeric arguments live in the state (and can be changed between steps) and schedule
// arguments are evaluated at the step count. Mirrors optax/schedules/_inject.py.

import { type DType, numpy as jnp, Tensor } from '@jaxts/tensor';
import type {
  GradientTransformation,
  GradientTransformationExtraArgs,
  Scalar,
  Schedule,
} from '../base.ts';
import { checkHyperparams } from '../internal/scalar.ts';
import { safeIncrement } from '../numerics.ts';
import { zeroCount } from '../transforms/adam.ts';
import { dtype as treeDtype } from '../tree-utils.ts';

/** State of an injected optimizer. @see optax.InjectHyperparamsState */
export interface InjectHyperparamsState<S> {
  /** Number of updates so far (int32); schedules are evaluated at it. */
  readonly count: Tensor;
  /**
   * The current hyperparameters, by name (`learningRate`, `b1`, ...). Replace an entry between
   * steps to change it: `{ ...state, hyperparams: { ...state.hyperparams, learningRate: jnp.array(1e-4) } }`.
   */
  readonly hyperparams: Readonly<Record<string, Tensor>>;
  readonly innerState: S;
}

/** Options of {@link injectHyperparams}. */
export interface InjectHyperparamsOptions {
  /**
   * Arguments to pass through unchanged (not put in the state), by name. Needed for numeric
   * arguments that must stay JavaScript numbers (sizes, integer steps) and for function
   * arguments that are not schedules (e.g. a mask function).
   */
  readonly staticArgs?: readonly string[];
  /** dtype of the numeric hyperparameters. Default: the highest dtype of the params. */
  readonly hyperparamDtype?: DType | null;
  /** Names of the positional arguments of the factory. Default `['learningRate']`. */
  readonly argNames?: readonly string[];
}

type Kind = 'numeric' | 'schedule' | 'static';

interface Slot {
  readonly name: string;
  readonly kind: Kind;
  readonly value: unknown;
}

function isOptionsObject(x: unknown): x is Record<string, unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    !(x instanceof Tensor) &&
    Object.getPrototypeOf(x) === Object.prototype
  );
}

function kindOf(name: string, value: unknown, statics: ReadonlySet<string>): Kind {
  if (statics.has(name) || typeof value === 'boolean') return 'static';
  if (typeof value === 'function') return 'schedule';
  if (typeof value === 'number' || value instanceof Tensor) return 'numeric';
  return 'static';
}

// Numbers and weakly typed arrays become arrays of `dtype`; strongly typed arrays are kept.
function convert(x: Scalar, dtype: DType): Tensor {
  if (x instanceof Tensor && !x.weakType) return x;
  return jnp.asarray(x, dtype);
}

/**
 * Wraps an optimizer factory so that its hyperparameters live in the optimizer state.
 *
 * Numeric arguments (numbers, scalar Tensors) become entries of `state.hyperparams` that can be
 * changed between steps; schedule arguments are evaluated at `state.count` and their value is
 * stored. Booleans, other values and the names in `staticArgs` are passed through. Positional
 * arguments are named by `argNames` (default `['learningRate']`); plain-object arguments are
 * options objects whose entries are named by their keys.
 *
 * Deviations from Optax: JavaScript has no int/float distinction, so every numeric argument is
 * stored as a float (list integer arguments in `staticArgs`); only arguments actually passed are
 * injected (defaults stay inside the factory).
 *
 * @example
 * ```ts
 * const opt = optax.injectHyperparams(optax.adam)(optax.linearSchedule(1e-2, 1e-3, 100), { b1: 0.9 });
 * let state = opt.init(params);
 * state.hyperparams.learningRate; // the current learning rate
 * ```
 * @see optax.inject_hyperparams
 */
export function injectHyperparams<A extends unknown[], S>(
  innerFactory: (...args: A) => GradientTransformation<S>,
  options: InjectHyperparamsOptions = {},
): (...args: A) => GradientTransformationExtraArgs<InjectHyperparamsState<S>> {
  const statics = new Set(options.staticArgs ?? []);
  const argNames = options.argNames ?? ['learningRate'];

  return (...args: A) => {
    // Where each argument goes: one slot per positional argument, or per options entry.
    const layout: (Slot | Slot[])[] = args.map((arg, i) =>
      isOptionsObject(arg)
        ? Object.entries(arg).map(([name, value]) => ({
            name,
            value,
            kind: kindOf(name, value, statics),
          }))
        : {
            name: argNames[i] ?? `arg${i}`,
            value: arg,
            kind: kindOf(argNames[i] ?? `arg${i}`, arg, statics),
          },
    );
    const slots = layout.flat();
    const numeric: Record<string, unknown> = {};
    for (const slot of slots) if (slot.kind === 'numeric') numeric[slot.name] = slot.value;
    checkHyperparams('injectHyperparams', numeric);

    const build = (
      values: Readonly<Record<string, Tensor>>,
    ): GradientTransformationExtraArgs<S> => {
      const pick = (slot: Slot): unknown =>
        slot.kind === 'static' ? slot.value : values[slot.name];
      const rebuilt = layout.map((entry) =>
        Array.isArray(entry)
          ? Object.fromEntries(entry.map((slot) => [slot.name, pick(slot)]))
          : pick(entry),
      );
      return innerFactory(...(rebuilt as A)) as GradientTransformationExtraArgs<S>;
    };

    const current = (count: Tensor, stored: Readonly<Record<string, unknown>>, dtype: DType) => {
      const values: Record<string, Tensor> = {};
      for (const slot of slots) {
        if (slot.kind === 'numeric')
          values[slot.name] = convert(stored[slot.name] as Scalar, dtype);
        else if (slot.kind === 'schedule')
          values[slot.name] = convert((slot.value as Schedule)(count), dtype);
      }
      return values;
    };

    return {
      init: (params) => {
        const dtype = options.hyperparamDtype ?? treeDtype(params, 'highest');
        const count = zeroCount();
        const hyperparams = current(count, numeric, dtype);
        return { count, hyperparams, innerState: build(hyperparams).init(params) };
      },
      update: (updates, state, params, extraArgs) => {
        const dtype = options.hyperparamDtype ?? treeDtype(params ?? updates, 'highest');
        const hyperparams = current(state.count, state.hyperparams, dtype);
        const [out, innerState] = build(hyperparams).update(
          updates,
          state.innerState,
          params,
          extraArgs,
        );
        return [out, { count: safeIncrement(state.count), hyperparams, innerState }];
      },
    };
  };
}
