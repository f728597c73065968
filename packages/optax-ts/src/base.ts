// The GradientTransformation protocol: types, EmptyState and the trivial transforms (identity,
// setToZero, stateless, statelessWithTreeMap). Mirrors optax/_src/base.py.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { MissingParamsError } from './errors.ts';
import { hasParams, mapTree } from './internal/tree.ts';

/** A pytree of Tensors: model parameters (arrays, plain objects, FrozenDicts, `null` leaves). */
export type Params = unknown;

/** A pytree of Tensors with the structure of the params: gradients or updates. */
export type Updates = unknown;

/** The state of a transformation: a plain pytree (objects, arrays, Tensors). */
export type OptState = unknown;

/** A scalar hyperparameter: a JavaScript number or a scalar Tensor (as in `injectHyperparams`). */
export type Scalar = number | Tensor;

/**
 * A schedule maps the step count (an int32 scalar, possibly traced under `jit`) to a scalar. It
 * must use jnp ops only (never read values on the host) so it can be traced.
 * @see optax.Schedule
 */
export type Schedule = (count: Tensor | number) => Tensor;

/** A fixed value or a schedule (the type of every `learningRate`). @see optax.ScalarOrSchedule */
export type ScalarOrSchedule = Scalar | Schedule;

/** Keyword arguments some transforms take in `update` (e.g. a loss `value` for line searches). */
export type ExtraArgs = Readonly<Record<string, unknown>>;

/**
 * A gradient transformation: a pair of pure functions. `init(params)` builds the state;
 * `update(updates, state, params?)` returns transformed updates and the next state. The state is
 * a plain pytree (objects, arrays and Tensors; no closures, no class instances), so it passes
 * through `jit`, `tree.map` and serialization.
 *
 * @example
 * ```ts
 * const opt = optax.adam(1e-2);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state, params);
 * params = optax.applyUpdates(params, updates);
 * state = next;
 * ```
 * @see optax.GradientTransformation
 */
export interface GradientTransformation<S = OptState> {
  /** Builds the initial state from the parameters (only their shapes and dtypes are used). */
  init(params: Params): S;
  /** Transforms `updates`; `params` is required by some transforms (weight decay, trust ratio). */
  update(updates: Updates, state: S, params?: Params): readonly [Updates, S];
}

/**
 * A gradient transformation whose `update` accepts extra keyword arguments, forwarded by the
 * combinators (`chain`, `masked`, ...) to the inner transforms. Every GradientTransformation can
 * be used where this is expected: extra arguments are simply ignored.
 * @see optax.GradientTransformationExtraArgs
 */
export interface GradientTransformationExtraArgs<S = OptState> extends GradientTransformation<S> {
  update(updates: Updates, state: S, params?: Params, extraArgs?: ExtraArgs): readonly [Updates, S];
}

/** The state type of a transformation: `StateOf<typeof adamOpt>`. */
export type StateOf<T> = T extends { init(params: Params): infer S } ? S : never;

/**
 * The state of stateless transformations: an empty plain object (a pytree with no leaves).
 * @see optax.EmptyState
 */
export type EmptyState = Readonly<Record<string, never>>;

/** The shared empty state value (frozen, so it cannot be mutated by accident). */
export const EMPTY_STATE: EmptyState = Object.freeze({});

/** `init` of stateless transformations. @see optax.init_empty_state */
export function initEmptyState(_params: Params): EmptyState {
  return EMPTY_STATE;
}

/**
 * Throws the error optax raises (`NO_PARAMS_MSG`) when a transform that needs the parameters is
 * called without them.
 * @internal
 */
export function requireParams(api: string, params: Params): void {
  if (!hasParams(params)) {
    throw new MissingParamsError(
      `${api}: You are using a transformation that requires the current value of parameters, but you are not passing \`params\` when calling \`update\`; expected a params tree, got ${String(params)}. Call update(updates, state, params).`,
    );
  }
}

/**
 * Leaves updates untouched. Not to be confused with {@link setToZero}, which leaves the
 * *parameters* untouched.
 * @see optax.identity
 */
export function identity(): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, state) => [updates, state],
  };
}

/**
 * Maps updates to zeros, so applying them leaves the parameters unchanged (freezes them; use with
 * `masked` or `multiTransform`).
 * @see optax.set_to_zero
 */
export function setToZero(): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, state) => [mapTree((u) => jnp.zerosLike(u), updates), state],
  };
}

/**
 * A stateless transformation from a function of the updates and (possibly missing) params.
 *
 * @example
 * ```ts
 * const halve = optax.stateless((updates) => tree.map((u: Tensor) => u.mul(0.5), updates));
 * ```
 * @see optax.stateless
 */
export function stateless(
  f: (updates: Updates, params: Params | undefined) => Updates,
): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, _state, params) => [f(updates, params), EMPTY_STATE],
  };
}

/**
 * A stateless transformation from a per-leaf function `f(update, param)`; `param` is `null` when
 * `update` is called without params.
 * @see optax.stateless_with_tree_map
 */
export function statelessWithTreeMap(
  f: (update: Tensor, param: Tensor | null) => Tensor,
): GradientTransformation<EmptyState> {
  return {
    init: initEmptyState,
    update: (updates, _state, params) => {
      const out = hasParams(params)
        ? mapTree((u, p) => f(u, p as Tensor), updates, params)
        : mapTree((u) => f(u, null), updates);
      return [out, EMPTY_STATE];
    },
  };
}

/**
 * Returns `tx` typed as accepting extra arguments. Every jaxts transform already tolerates an
 * extra argument (JavaScript ignores surplus arguments), so this only changes the type.
 * @see optax.with_extra_args_support
 */
export function withExtraArgsSupport<S>(
  tx: GradientTransformation<S>,
): GradientTransformationExtraArgs<S> {
  return tx as GradientTransformationExtraArgs<S>;
}
