// Clipping updates: clip (elementwise), clipByGlobalNorm, clipByBlockRms and adaptiveGradClip
// (unit-wise, relative to the parameter norms). Mirrors optax/transforms/_clipping.py.

import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import {
  type EmptyState,
  type GradientTransformation,
  initEmptyState,
  requireParams,
  type Scalar,
} from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { absSq } from '../numerics.ts';
import { clip as clipTree, norm } from '../tree-utils.ts';

/**
 * Clips every update element to `[-maxDelta, maxDelta]`.
 * @see optax.clip
 */
export function clip(maxDelta: Scalar): GradientTransformation<EmptyState> {
  s.checkHyperparams('clip', { maxDelta });
  return {
    init: initEmptyState,
    update: (updates, state) => [clipTree(updates, s.neg(maxDelta), maxDelta), state],
  };
}

/**
 * Rescales each update leaf so that its root mean square is at most `threshold`.
 * @see optax.clip_by_block_rms
 */
export function clipByBlockRms(threshold: Scalar): GradientTransformation<EmptyState> {
  s.checkHyperparams('clipByBlockRms', { threshold });
  return {
    init: initEmptyState,
    update: (updates, state) => {
      const out = mapTree((u) => {
        const denom = jnp.maximum(1, jnp.divide(jnp.sqrt(jnp.mean(absSq(u))), threshold));
        return jnp.divide(u, denom);
      }, updates);
      return [out, state];
    },
  };
}

/**
 * Rescales all updates together so that their global norm is at most `maxNorm`:
 * unchanged if `‖g‖ < maxNorm`, else `g * maxNorm / ‖g‖`.
 * @see optax.clip_by_global_norm, Pascanu et al., https://arxiv.org/abs/1211.5063
 */
export function clipByGlobalNorm(maxNorm: Scalar): GradientTransformation<EmptyState> {
  s.checkHyperparams('clipByGlobalNorm', { maxNorm });
  return {
    init: initEmptyState,
    update: (updates, state) => {
      const gNorm = norm(updates);
      const trigger = jnp.less(gNorm, maxNorm);
      const out = mapTree(
        (t) =>
          jnp.where(trigger, t, jnp.multiply(jnp.divide(t, jnp.astype(gNorm, t.dtype)), maxNorm)),
        updates,
      );
      return [out, state];
    },
  };
}

/**
 * The norm of `x` per output unit, broadcast to `x`'s shape: over all axes for rank ≤ 1, axis 0
 * for rank 2 and 3, axes 0-2 for rank 4, 0-3 for rank 5 (or the given `axis`).
 * @see optax.unitwise_norm
 */
export function unitwiseNorm(x: Tensor, axis: number | readonly number[] | null = null): Tensor {
  let squared: Tensor;
  const sq = absSq(x);
  const squeezedRank = x.shape.filter((d) => d !== 1).length;
  if (axis !== null) squared = jnp.sum(sq, { axis, keepdims: true });
  else if (squeezedRank <= 1) squared = jnp.sum(sq, { keepdims: true });
  else if (x.ndim === 2 || x.ndim === 3) squared = jnp.sum(sq, { axis: 0, keepdims: true });
  else if (x.ndim === 4) squared = jnp.sum(sq, { axis: [0, 1, 2], keepdims: true });
  else if (x.ndim === 5) squared = jnp.sum(sq, { axis: [0, 1, 2, 3], keepdims: true });
  else {
    throw new InvalidHyperparameterError(
      `unitwiseNorm: Expected parameter with shape in (1, 2, 3, 4, 5); expected rank 1 to 5, got shape [${x.shape.join(',')}]. Pass axis to choose the reduction axes.`,
    );
  }
  return jnp.broadcastTo(jnp.sqrt(squared), x.shape);
}

/**
 * `grad` where `gNorm < maxNorm`, else `grad * maxNorm / max(gNorm, divEps)`.
 * @see optax.unitwise_clip
 */
export function unitwiseClip(gNorm: Tensor, maxNorm: Tensor, grad: Tensor, divEps = 1e-6): Tensor {
  const clipped = jnp.multiply(grad, jnp.divide(maxNorm, jnp.maximum(gNorm, divEps)));
  return jnp.where(jnp.less(gNorm, maxNorm), grad, clipped);
}

/** Options of {@link adaptiveGradClip}. */
export interface AdaptiveGradClipOptions {
  /** Floor of the parameter norm. Default 1e-3. */
  readonly eps?: Scalar;
  /** Reduction axes of the unit-wise norms (default: chosen from the rank). */
  readonly axis?: number | readonly number[] | null;
}

/**
 * Adaptive gradient clipping (NFNets): clips each unit's gradient to `clipping` times the norm of
 * its parameters (at least `eps`).
 * @see optax.adaptive_grad_clip, Brock et al., https://arxiv.org/abs/2102.06171
 */
export function adaptiveGradClip(
  clipping: Scalar,
  options: AdaptiveGradClipOptions = {},
): GradientTransformation<EmptyState> {
  const { eps = 1e-3, axis = null } = options;
  s.checkHyperparams('adaptiveGradClip', { clipping, eps });
  return {
    init: initEmptyState,
    update: (updates, state, params) => {
      requireParams('adaptiveGradClip', params);
      const out = mapTree(
        (u, p) => {
          const gNorm = unitwiseNorm(u, axis);
          const maxNorm = jnp.multiply(clipping, jnp.maximum(unitwiseNorm(p as Tensor, axis), eps));
          return unitwiseClip(gNorm, maxNorm, u);
        },
        updates,
        params,
      );
      return [out, state];
    },
  };
}
