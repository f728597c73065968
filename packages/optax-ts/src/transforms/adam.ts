// Adam-family preconditioners: scaleByAdam (with Nesterov), scaleByAmsgrad, scaleByAdamax,
// scaleByRadam, scaleByBelief (AdaBelief) and scaleByYogi. Mirrors optax/_src/transform.py.

import { type DType, numpy as jnp, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, Scalar, Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import {
  biasCorrection,
  cast,
  castLike,
  fullLike,
  sub,
  updateInfinityMoment,
  updateMoment,
  updateMomentPerElemNorm,
  zerosLike,
} from '../tree-utils.ts';

/** State of Adam and its variants. @see optax.ScaleByAdamState */
export interface ScaleByAdamState {
  /** Number of updates so far (int32 scalar). */
  readonly count: Tensor;
  /** First moment (moving average of the gradients). */
  readonly mu: Updates;
  /** Second moment (moving average of the squared gradients). */
  readonly nu: Updates;
}

/** Options of {@link scaleByAdam}. */
export interface ScaleByAdamOptions {
  /** Decay of the first moment. Default 0.9. */
  readonly b1?: Scalar;
  /** Decay of the second moment. Default 0.999. */
  readonly b2?: Scalar;
  /** Added to the denominator outside the square root. Default 1e-8. */
  readonly eps?: Scalar;
  /** Added inside the square root (for meta-gradients through Adam). Default 0. */
  readonly epsRoot?: Scalar;
  /** dtype of the first moment; default: that of the params. */
  readonly muDtype?: DType | null;
  /** Use Nesterov momentum (NAdam). Default false. */
  readonly nesterov?: boolean;
}

/** A fresh int32 step counter at 0 (`jnp.zeros([], jnp.int32)` in Optax). @internal */
export const zeroCount = (): Tensor => jnp.zeros([], 'int32');

// `m / (sqrt(v + epsRoot) + eps)`, leafwise.
function adamDirection(muHat: Updates, nuHat: Updates, eps: Scalar, epsRoot: Scalar): Updates {
  return mapTree(
    (m, v) => jnp.divide(m, jnp.add(jnp.sqrt(jnp.add(v, epsRoot)), eps)),
    muHat,
    nuHat,
  );
}

// The bias-corrected first moment; with Nesterov, NAdam's look-ahead
// `b1 * mu / (1 - b1^(t+1)) + (1 - b1) * g / (1 - b1^t)`.
function firstMomentHat(
  mu: Updates,
  updates: Updates,
  b1: Scalar,
  count: Tensor,
  nesterov: boolean,
): Updates {
  if (!nesterov) return biasCorrection(mu, b1, count);
  const w = s.sub(1, b1);
  return mapTree(
    (m, g) => jnp.add(jnp.multiply(b1, m), jnp.multiply(w, g)),
    biasCorrection(mu, b1, safeIncrement(count)),
    biasCorrection(updates, b1, count),
  );
}

/**
 * Rescales updates with Adam: moving averages of the gradients and of their squares, bias
 * corrected, then `mu_hat / (sqrt(nu_hat + epsRoot) + eps)`.
 *
 * @remarks
 * `m_t = b1 m_{t-1} + (1-b1) g_t`, `v_t = b2 v_{t-1} + (1-b2) g_t²`,
 * `u_t = (m_t / (1-b1^t)) / (sqrt(v_t / (1-b2^t) + ε̄) + ε)`.
 * @see optax.scale_by_adam, Kingma & Ba, https://arxiv.org/abs/1412.6980
 */
export function scaleByAdam(
  options: ScaleByAdamOptions = {},
): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, muDtype = null } = options;
  const nesterov = options.nesterov ?? false;
  s.checkHyperparams('scaleByAdam', { b1, b2, eps, epsRoot });
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: zerosLike(params, muDtype),
      nu: zerosLike(params),
    }),
    update: (updates, state) => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateMomentPerElemNorm(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const muHat = firstMomentHat(mu, updates, b1, count, nesterov);
      const nuHat = biasCorrection(nu, b2, count);
      const out = adamDirection(muHat, nuHat, eps, epsRoot);
      return [out, { count, mu: cast(mu, muDtype), nu: castLike(nu, state.nu) }];
    },
  };
}

/** State of {@link scaleByAmsgrad}. @see optax.ScaleByAmsgradState */
export interface ScaleByAmsgradState extends ScaleByAdamState {
  /** Running maximum of the (bias-corrected) second moment. */
  readonly nuMax: Updates;
}

/** Options of {@link scaleByAmsgrad}. */
export interface ScaleByAmsgradOptions extends Omit<ScaleByAdamOptions, 'nesterov'> {
  /** Bias-correct the first moment. Default true. */
  readonly biasCorrectionMu?: boolean;
  /** Bias-correct the second moment before taking the maximum. Default true. */
  readonly biasCorrectionNu?: boolean;
}

/**
 * AMSGrad: Adam with the running maximum of the second moment in the denominator.
 * @see optax.scale_by_amsgrad, Reddi et al., https://arxiv.org/abs/1904.09237
 */
export function scaleByAmsgrad(
  options: ScaleByAmsgradOptions = {},
): GradientTransformation<ScaleByAmsgradState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, muDtype = null } = options;
  const correctMu = options.biasCorrectionMu ?? true;
  const correctNu = options.biasCorrectionNu ?? true;
  s.checkHyperparams('scaleByAmsgrad', { b1, b2, eps, epsRoot });
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: zerosLike(params, muDtype),
      nu: zerosLike(params),
      nuMax: zerosLike(params),
    }),
    update: (updates, state) => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateMomentPerElemNorm(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const muHat = correctMu ? biasCorrection(mu, b1, count) : mu;
      const nuEff = correctNu ? biasCorrection(nu, b2, count) : nu;
      const nuMax = mapTree((a, b) => jnp.maximum(a, b as Tensor), state.nuMax, nuEff);
      const out = adamDirection(muHat, nuMax, eps, epsRoot);
      return [out, { count, mu: cast(mu, muDtype), nu, nuMax }];
    },
  };
}

/** Options of {@link scaleByAdamax}. */
export interface ScaleByAdamaxOptions {
  /** Decay of the first moment. Default 0.9. */
  readonly b1?: Scalar;
  /** Decay of the infinity norm. Default 0.999. */
  readonly b2?: Scalar;
  /** Added to |g| before the maximum. Default 1e-8. */
  readonly eps?: Scalar;
}

/**
 * Adamax: Adam with the infinity norm `max(|g| + eps, b2 * nu)` in place of the second moment.
 * @see optax.scale_by_adamax
 */
export function scaleByAdamax(
  options: ScaleByAdamaxOptions = {},
): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = options;
  s.checkHyperparams('scaleByAdamax', { b1, b2, eps });
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params), nu: zerosLike(params) }),
    update: (updates, state) => {
      const count = safeIncrement(state.count);
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateInfinityMoment(updates, state.nu, b2, eps);
      const muHat = biasCorrection(mu, b1, count);
      const out = mapTree((m, v) => jnp.divide(m, v as Tensor), muHat, nu);
      return [out, { count, mu, nu }];
    },
  };
}

/** Options of {@link scaleByRadam}. */
export interface ScaleByRadamOptions extends Omit<ScaleByAdamOptions, 'muDtype'> {
  /** Rectify only once the length of the approximated SMA exceeds this. Default 5. */
  readonly threshold?: Scalar;
}

/**
 * RAdam: Adam whose adaptive learning rate is rectified; before the variance estimate is
 * reliable (`ro_t < threshold`) the update is plain momentum.
 * @see optax.scale_by_radam, Liu et al., https://arxiv.org/abs/1908.03265
 */
export function scaleByRadam(
  options: ScaleByRadamOptions = {},
): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, threshold = 5 } = options;
  const nesterov = options.nesterov ?? false;
  s.checkHyperparams('scaleByRadam', { b1, b2, eps, epsRoot, threshold });
  const roInf = s.sub(s.div(2, s.sub(1, b2)), 1);
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params), nu: zerosLike(params) }),
    update: (updates, state) => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateMomentPerElemNorm(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const b2t = jnp.power(b2, count);
      const ro = jnp.subtract(
        roInf,
        jnp.divide(jnp.multiply(jnp.multiply(2, count), b2t), jnp.subtract(1, b2t)),
      );
      const muHat = firstMomentHat(mu, updates, b1, count, nesterov);
      const nuHat = biasCorrection(nu, b2, count);
      // r = sqrt((ro - 4)(ro - 2) ro_inf / ((ro_inf - 4)(ro_inf - 2) ro)).
      const r = jnp.sqrt(
        jnp.divide(
          jnp.multiply(jnp.multiply(jnp.subtract(ro, 4), jnp.subtract(ro, 2)), roInf),
          jnp.multiply(s.mul(s.sub(roInf, 4), s.sub(roInf, 2)), ro),
        ),
      );
      const rectified = mapTree(
        (m, v) =>
          jnp.divide(
            jnp.multiply(jnp.astype(r, m.dtype), m),
            jnp.add(jnp.sqrt(jnp.add(v, epsRoot)), eps),
          ),
        muHat,
        nuHat,
      );
      const useRectified = jnp.greaterEqual(ro, threshold);
      const out = mapTree((t, f) => jnp.where(useRectified, t, f as Tensor), rectified, muHat);
      return [out, { count, mu, nu }];
    },
  };
}

/** State of {@link scaleByBelief}. @see optax.ScaleByBeliefState */
export interface ScaleByBeliefState {
  readonly count: Tensor;
  readonly mu: Updates;
  /** Moving average of the squared prediction error `(g - mu)²` (plus epsRoot). */
  readonly nu: Updates;
}

/**
 * AdaBelief: like Adam, but the second moment tracks `(g - mu)²`, the "belief" in the gradient.
 * Defaults: b1 0.9, b2 0.999, eps 1e-16, epsRoot 1e-16.
 * @see optax.scale_by_belief, Zhuang et al., https://arxiv.org/abs/2010.07468
 */
export function scaleByBelief(
  options: Omit<ScaleByAdamOptions, 'muDtype'> = {},
): GradientTransformation<ScaleByBeliefState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-16, epsRoot = 1e-16 } = options;
  const nesterov = options.nesterov ?? false;
  s.checkHyperparams('scaleByBelief', { b1, b2, eps, epsRoot });
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params), nu: zerosLike(params) }),
    update: (updates, state) => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const predictionError = sub(updates, mu);
      let nu = updateMomentPerElemNorm(predictionError, state.nu, b2, 2);
      nu = mapTree((v) => jnp.add(v, epsRoot), nu);
      const count = safeIncrement(state.count);
      const muHat = firstMomentHat(mu, updates, b1, count, nesterov);
      const nuHat = biasCorrection(nu, b2, count);
      const out = mapTree((m, v) => jnp.divide(m, jnp.add(jnp.sqrt(v), eps)), muHat, nuHat);
      return [out, { count, mu, nu }];
    },
  };
}

/** Options of {@link scaleByYogi}. */
export interface ScaleByYogiOptions {
  readonly b1?: Scalar;
  readonly b2?: Scalar;
  /** Default 1e-3. */
  readonly eps?: Scalar;
  readonly epsRoot?: Scalar;
  /** Initial value of both moments. Default 1e-6. */
  readonly initialAccumulatorValue?: Scalar;
}

/**
 * Yogi: Adam with an additive second-moment update `v - (1-b2) sign(v - g²) g²`, which keeps the
 * effective learning rate from growing too fast.
 * @see optax.scale_by_yogi, Zaheer et al., NeurIPS 2018
 */
export function scaleByYogi(
  options: ScaleByYogiOptions = {},
): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-3, epsRoot = 0, initialAccumulatorValue = 1e-6 } = options;
  s.checkHyperparams('scaleByYogi', { b1, b2, eps, epsRoot, initialAccumulatorValue });
  const w2 = s.sub(1, b2);
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: fullLike(params, initialAccumulatorValue),
      nu: fullLike(params, initialAccumulatorValue),
    }),
    update: (updates, state) => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = mapTree(
        (g, v) => {
          const g2 = jnp.multiply(g, g);
          return jnp.subtract(v, jnp.multiply(jnp.multiply(w2, jnp.sign(jnp.subtract(v, g2))), g2));
        },
        updates,
        state.nu,
      );
      const count = safeIncrement(state.count);
      const muHat = biasCorrection(mu, b1, count);
      const nuHat = biasCorrection(nu, b2, count);
      return [adamDirection(muHat, nuHat, eps, epsRoot), { count, mu, nu }];
    },
  };
}
