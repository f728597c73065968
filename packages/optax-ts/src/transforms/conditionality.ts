// Conditional application: applyIfFinite (skip steps with NaN/Inf updates), conditionallyMask and
// conditionallyTransform (gate an inner transformation on the step). Mirrors
// optax/transforms/_conditionality.py. Optax branches with jax.lax.cond; here both branches are
// computed and selected leafwise with jnp.where, which is traceable and gives the same values.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import type {
  ExtraArgs,
  GradientTransformation,
  GradientTransformationExtraArgs,
} from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree, tensorLeaves } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import { zerosLike } from '../tree-utils.ts';
import { zeroCount } from './adam.ts';

// Leafwise `where(pred, a, b)` over two trees of the same structure.
function select<T>(pred: Tensor, a: T, b: T): T {
  return mapTree((x, y) => jnp.where(pred, x, y as Tensor), a, b) as T;
}

/** State of {@link applyIfFinite}. @see optax.ApplyIfFiniteState */
export interface ApplyIfFiniteState<S> {
  /** Consecutive non-finite steps so far (int32). */
  readonly notfiniteCount: Tensor;
  /** Whether the last updates were finite (bool). */
  readonly lastFinite: Tensor;
  /** Non-finite steps in total (int32). */
  readonly totalNotfinite: Tensor;
  readonly innerState: S;
}

/**
 * Applies `inner` only when all updates are finite; otherwise returns zero updates and keeps the
 * inner state. After more than `maxConsecutiveErrors` non-finite steps in a row the update is
 * applied anyway (so a persistent problem is not hidden forever).
 * @see optax.apply_if_finite
 */
export function applyIfFinite<S>(
  inner: GradientTransformation<S>,
  maxConsecutiveErrors: number,
): GradientTransformationExtraArgs<ApplyIfFiniteState<S>> {
  s.checkInteger('applyIfFinite', 'maxConsecutiveErrors', maxConsecutiveErrors);
  const innerX = inner as GradientTransformationExtraArgs<S>;
  return {
    init: (params) => ({
      notfiniteCount: zeroCount(),
      lastFinite: jnp.array(true),
      totalNotfinite: zeroCount(),
      innerState: inner.init(params),
    }),
    update: (updates, state, params, extraArgs) => {
      const finite = tensorLeaves(updates).map((p) => jnp.all(jnp.isfinite(p)));
      const allFinite = finite.length === 0 ? jnp.array(true) : jnp.all(jnp.stack(finite));
      const notfiniteCount = jnp.where(allFinite, zeroCount(), safeIncrement(state.notfiniteCount));
      const apply = jnp.logicalOr(allFinite, jnp.greater(notfiniteCount, maxConsecutiveErrors));
      const [newUpdates, newInner] = innerX.update(updates, state.innerState, params, extraArgs);
      return [
        select(apply, newUpdates, zerosLike(updates)),
        {
          notfiniteCount,
          lastFinite: allFinite,
          totalNotfinite: jnp.where(
            allFinite,
            state.totalNotfinite,
            safeIncrement(state.totalNotfinite),
          ),
          innerState: select(apply, newInner, state.innerState),
        },
      ];
    },
  };
}

/**
 * Decides from the step count (int32 scalar, possibly traced) whether to apply the inner
 * transformation; returns a bool scalar. @see optax.ConditionFn
 */
export type ConditionFn = (step: Tensor, extraArgs: ExtraArgs) => Tensor | boolean;

/** State of {@link conditionallyTransform} and {@link conditionallyMask}. */
export interface ConditionallyTransformState<S> {
  readonly innerState: S;
  /** Calls so far (int32). */
  readonly step: Tensor;
}

function gated<S>(
  inner: GradientTransformation<S>,
  shouldTransform: ConditionFn,
  forwardExtraArgs: boolean,
  rejected: (updates: unknown) => unknown,
): GradientTransformationExtraArgs<ConditionallyTransformState<S>> {
  const innerX = inner as GradientTransformationExtraArgs<S>;
  return {
    init: (params) => ({ innerState: inner.init(params), step: zeroCount() }),
    update: (updates, state, params, extraArgs) => {
      const cond = jnp.asarray(
        shouldTransform(state.step, forwardExtraArgs ? (extraArgs ?? {}) : {}),
      );
      const [newUpdates, newInner] = innerX.update(updates, state.innerState, params, extraArgs);
      return [
        select(cond, newUpdates, rejected(updates)),
        { innerState: select(cond, newInner, state.innerState), step: safeIncrement(state.step) },
      ];
    },
  };
}

/**
 * Applies `inner` on the steps where `shouldTransformFn(step)` is true; on the others the updates
 * pass through unchanged and the inner state is kept.
 * @see optax.conditionally_transform
 */
export function conditionallyTransform<S>(
  inner: GradientTransformation<S>,
  shouldTransformFn: ConditionFn,
  forwardExtraArgs = false,
): GradientTransformationExtraArgs<ConditionallyTransformState<S>> {
  return gated(inner, shouldTransformFn, forwardExtraArgs, (u) => u);
}

/**
 * Like {@link conditionallyTransform}, but rejected steps return zero updates.
 * @see optax.conditionally_mask
 */
export function conditionallyMask<S>(
  inner: GradientTransformation<S>,
  shouldTransformFn: ConditionFn,
  forwardExtraArgs = false,
): GradientTransformationExtraArgs<ConditionallyTransformState<S>> {
  return gated(inner, shouldTransformFn, forwardExtraArgs, (u) => zerosLike(u));
}
