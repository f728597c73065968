// Layer-wise normalized moments: scaleByNovograd. Mirrors optax/_src/transform.py
// (scale_by_novograd). Optax picks the first-step formulas with jax.lax.cond; here both are
// computed and selected with jnp.where (traceable, same values).

import { type DType, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { type GradientTransformation, requireParams, type Scalar, type Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import { cast, updateMoment, zerosLike } from '../tree-utils.ts';
import { zeroCount } from './adam.ts';

/** State of {@link scaleByNovograd}. @see optax.ScaleByNovogradState */
export interface ScaleByNovogradState {
  readonly count: Tensor;
  readonly mu: Updates;
  /** Per leaf, a scalar: the moving average of the squared gradient norm. */
  readonly nu: Updates;
}

/** Options of {@link scaleByNovograd}. */
export interface ScaleByNovogradOptions {
  /** Default 0.9. */
  readonly b1?: Scalar;
  /** Default 0.25. */
  readonly b2?: Scalar;
  /** Default 1e-8. */
  readonly eps?: Scalar;
  /** Default 0. */
  readonly epsRoot?: Scalar;
  /** Weight decay added to the normalized gradient. Default 0. */
  readonly weightDecay?: Scalar;
  readonly muDtype?: DType | null;
}

/**
 * NovoGrad: the second moment is per layer (the squared norm of each gradient leaf); the first
 * moment averages the normalized gradients plus weight decay. Needs params.
 * @see optax.scale_by_novograd, Ginsburg et al., https://arxiv.org/abs/1905.11286
 */
export function scaleByNovograd(
  options: ScaleByNovogradOptions = {},
): GradientTransformation<ScaleByNovogradState> {
  const { b1 = 0.9, b2 = 0.25, eps = 1e-8, epsRoot = 0, weightDecay = 0, muDtype = null } = options;
  s.checkHyperparams('scaleByNovograd', { b1, b2, eps, epsRoot, weightDecay });
  const nuAddition = (g: Tensor): Tensor => jnp.power(jnp.linalg.norm(g), 2);
  const muAddition = (g: Tensor, p: Tensor, nu: Tensor): Tensor =>
    jnp.add(
      jnp.divide(g, jnp.add(jnp.sqrt(jnp.add(nu, epsRoot)), eps)),
      jnp.multiply(weightDecay, p),
    );
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: zerosLike(params, muDtype),
      nu: mapTree((p) => jnp.zeros([], p.dtype), params),
    }),
    update: (updates, state, params) => {
      requireParams('scaleByNovograd', params);
      const count = safeIncrement(state.count);
      const first = jnp.equal(count, 1);
      const nuInit = mapTree(
        (g, n) => jnp.astype(nuAddition(g), (n as Tensor).dtype),
        updates,
        state.nu,
      );
      const nuNext = updateMoment(mapTree(nuAddition, updates), state.nu, b2, 1);
      const nu = mapTree((a, b) => jnp.where(first, a, b as Tensor), nuInit, nuNext);
      const additions = mapTree(
        (g, p, n) => muAddition(g, p as Tensor, n as Tensor),
        updates,
        params,
        nu,
      );
      const muNext = mapTree(
        (m, u) => jnp.add(jnp.multiply(b1, m), u as Tensor),
        state.mu,
        additions,
      );
      const mu = cast(
        mapTree((a, b) => jnp.where(first, a, b as Tensor), additions, muNext),
        muDtype,
      );
      return [mu, { count, mu, nu }];
    },
  };
}
