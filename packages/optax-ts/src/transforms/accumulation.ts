// Accumulating gradients over steps: trace (momentum), ema, and MultiSteps (gradient
// accumulation). Mirrors optax/transforms/_accumulation.py.

import { type DType, numpy as jnp, type Tensor } from '@jaxts/tensor';
import type {
  ExtraArgs,
  GradientTransformation,
  GradientTransformationExtraArgs,
  Params,
  Scalar,
  Updates,
} from '../base.ts';
import { InvalidHyperparameterError } from '../errors.ts';
import * as s from '../internal/scalar.ts';
import { mapTree, tensorLeaves } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import { biasCorrection, cast, castLike, updateMoment, zerosLike } from '../tree-utils.ts';
import { zeroCount } from './adam.ts';

/** State of {@link trace}. @see optax.TraceState */
export interface TraceState {
  /** The momentum buffer. */
  readonly trace: Updates;
}

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Nesterov momentum: return `g + decay * trace_new` instead of `trace_new`. Default false. */
  readonly nesterov?: boolean;
  /** dtype of the momentum buffer; default: that of the params. */
  readonly accumulatorDtype?: DType | null;
}

/**
 * Momentum: `trace = g + decay * trace`; the update is the trace (or, with Nesterov,
 * `g + decay * trace`).
 * @see optax.trace
 */
export function trace(
  decay: Scalar,
  options: TraceOptions = {},
): GradientTransformation<TraceState> {
  const nesterov = options.nesterov ?? false;
  const accumulatorDtype = options.accumulatorDtype ?? null;
  s.checkHyperparams('trace', { decay });
  const f = (g: Tensor, t: Tensor): Tensor => jnp.add(g, jnp.multiply(decay, t));
  return {
    init: (params) => ({ trace: zerosLike(params, accumulatorDtype) }),
    update: (updates, state) => {
      const newTrace = mapTree((g, t) => f(g, t as Tensor), updates, state.trace);
      const out = nesterov ? mapTree((g, t) => f(g, t as Tensor), updates, newTrace) : newTrace;
      return [out, { trace: cast(newTrace, accumulatorDtype) }];
    },
  };
}

/** State of {@link ema}. @see optax.EmaState */
export interface EmaState {
  readonly count: Tensor;
  /** The moving average. */
  readonly ema: Updates;
}

/** Options of {@link ema}. */
export interface EmaOptions {
  /** Divide by `1 - decay^t` (Adam-style bias correction). Default true. */
  readonly debias?: boolean;
  /** dtype of the average; default: that of the params. */
  readonly accumulatorDtype?: DType | null;
}

/**
 * Replaces updates by their exponential moving average `(1 - decay) g + decay ema`.
 * @see optax.ema
 */
export function ema(decay: Scalar, options: EmaOptions = {}): GradientTransformation<EmaState> {
  const debias = options.debias ?? true;
  const accumulatorDtype = options.accumulatorDtype ?? null;
  s.checkHyperparams('ema', { decay });
  return {
    init: (params) => ({ count: zeroCount(), ema: zerosLike(params, accumulatorDtype) }),
    update: (updates, state) => {
      const newEma = updateMoment(updates, state.ema, decay, 1);
      const count = safeIncrement(state.count);
      const out = debias ? biasCorrection(newEma, decay, count) : newEma;
      return [out, { count, ema: cast(newEma, accumulatorDtype) }];
    },
  };
}

/**
 * Decides whether MultiSteps skips a mini-step: returns a bool scalar and a state to store
 * (a pytree). @see optax.ShouldSkipUpdateFunction
 */
export type ShouldSkipUpdateFunction = (
  updates: Updates,
  gradientStep: Tensor,
  params: Params | undefined,
) => readonly [Tensor, unknown];

/**
 * Skips mini-steps whose updates contain NaN or infinity.
 * @see optax.skip_not_finite
 */
export const skipNotFinite: ShouldSkipUpdateFunction = (updates) => {
  const counts = tensorLeaves(updates).map((p) => jnp.sum(jnp.logicalNot(jnp.isfinite(p))));
  const numNotFinite = jnp.sum(counts.length === 0 ? jnp.zeros([0], 'int32') : jnp.stack(counts));
  const shouldSkip = jnp.greater(numNotFinite, 0);
  return [shouldSkip, { shouldSkip, numNotFinite }];
};

/**
 * A ShouldSkipUpdateFunction that skips mini-steps whose squared update norm is at least
 * `maxSquaredNorm`.
 * @see optax.skip_large_updates
 */
export function skipLargeUpdates(maxSquaredNorm: Scalar): ShouldSkipUpdateFunction {
  return (updates) => {
    const sq = tensorLeaves(updates).map((p) => jnp.sum(jnp.multiply(p, p)));
    const normSquared = jnp.sum(sq.length === 0 ? jnp.zeros([0]) : jnp.stack(sq));
    const shouldSkip = jnp.logicalNot(jnp.less(normSquared, maxSquaredNorm));
    return [shouldSkip, { shouldSkip, normSquared }];
  };
}

/** State of {@link MultiSteps}. @see optax.MultiStepsState */
export interface MultiStepsState<S> {
  /** Mini-steps accumulated since the last real update (int32). */
  readonly miniStep: Tensor;
  /** Real updates done so far (int32). */
  readonly gradientStep: Tensor;
  readonly innerOptState: S;
  /** The accumulated (mean or summed) gradients. */
  readonly accGrads: Updates;
  /** What the skip function returned last (an empty array without one). */
  readonly skipState: unknown;
}

/** Options of {@link MultiSteps}. */
export interface MultiStepsOptions {
  /** Average the accumulated gradients (default) or sum them. */
  readonly useGradMean?: boolean;
  /** Decides per mini-step whether to ignore its gradients (e.g. {@link skipNotFinite}). */
  readonly shouldSkipUpdateFn?: ShouldSkipUpdateFunction;
  /** dtype of the accumulator. Default float32. */
  readonly accumulatorDtype?: DType;
}

/**
 * Gradient accumulation: the inner optimizer takes one step every `k` calls, on the mean (or sum)
 * of the `k` gradients; the other calls return zero updates. `k` may depend on the number of real
 * steps done (`everyKSchedule`). Optax's class, with `init`/`update` usable directly as a
 * GradientTransformation.
 *
 * @example
 * ```ts
 * const opt = new optax.MultiSteps(optax.adam(1e-3), 4); // an Adam step every 4 micro-batches
 * ```
 * @see optax.MultiSteps
 */
export class MultiSteps<S> implements GradientTransformationExtraArgs<MultiStepsState<S>> {
  readonly #opt: GradientTransformationExtraArgs<S>;
  readonly #everyK: (step: Tensor) => Scalar;
  readonly #useGradMean: boolean;
  readonly #shouldSkip: ShouldSkipUpdateFunction | undefined;
  readonly #accDtype: DType;

  constructor(
    opt: GradientTransformation<S>,
    everyKSchedule: number | ((step: Tensor) => Scalar),
    options: MultiStepsOptions = {},
  ) {
    if (typeof everyKSchedule === 'number') {
      s.checkInteger('MultiSteps', 'everyKSchedule', everyKSchedule);
    }
    this.#opt = opt as GradientTransformationExtraArgs<S>;
    this.#everyK = typeof everyKSchedule === 'number' ? () => everyKSchedule : everyKSchedule;
    this.#useGradMean = options.useGradMean ?? true;
    this.#shouldSkip = options.shouldSkipUpdateFn;
    this.#accDtype = options.accumulatorDtype ?? 'float32';
  }

  /** The wrapped optimizer. */
  get innerOpt(): GradientTransformationExtraArgs<S> {
    return this.#opt;
  }

  /** The initial state (a plain pytree). */
  readonly init = (params: Params): MultiStepsState<S> => {
    const gradientStep = zeroCount();
    const skipState =
      this.#shouldSkip === undefined
        ? []
        : this.#shouldSkip(zerosLike(params), gradientStep, params)[1];
    return {
      miniStep: zeroCount(),
      gradientStep,
      innerOptState: this.#opt.init(params),
      accGrads: zerosLike(params, this.#accDtype),
      skipState,
    };
  };

  /** Accumulates `updates`; every k-th call runs the inner optimizer. */
  readonly update = (
    updates: Updates,
    state: MultiStepsState<S>,
    params?: Params,
    extraArgs?: ExtraArgs,
  ): readonly [Updates, MultiStepsState<S>] => {
    const k = this.#everyK(state.gradientStep);
    const n = state.miniStep;
    const accGrads = mapTree(
      (u, acc) =>
        this.#useGradMean
          ? jnp.add(acc as Tensor, jnp.divide(jnp.subtract(u, acc as Tensor), jnp.add(n, 1)))
          : jnp.add(u, acc as Tensor),
      updates,
      state.accGrads,
    );
    const [finalUpdates, newInner] = this.#opt.update(
      castLike(accGrads, updates),
      state.innerOptState,
      params,
      extraArgs,
    );
    const emit = jnp.equal(n, s.sub(k, 1));
    const emitI = jnp.astype(emit, 'int32');
    const keepI = jnp.subtract(1, emitI);
    const doState: MultiStepsState<S> = {
      miniStep: jnp.mod(safeIncrement(n), k),
      gradientStep: jnp.add(
        jnp.multiply(emitI, safeIncrement(state.gradientStep)),
        jnp.multiply(keepI, state.gradientStep),
      ),
      innerOptState: mapTree(
        (st, nst) => jnp.astype(jnp.where(emit, nst as Tensor, st), st.dtype),
        state.innerOptState,
        newInner,
      ) as S,
      accGrads: mapTree(
        (ga) => jnp.astype(jnp.multiply(jnp.astype(keepI, ga.dtype), ga), this.#accDtype),
        accGrads,
      ),
      skipState: [],
    };
    const doUpdates = mapTree((u) => jnp.multiply(jnp.astype(emit, u.dtype), u), finalUpdates);
    if (this.#shouldSkip === undefined) return [doUpdates, doState];

    const [skip, skipState] = this.#shouldSkip(updates, state.gradientStep, params);
    if (skip.dtype !== 'bool' || skip.ndim !== 0) {
      throw new InvalidHyperparameterError(
        `MultiSteps: The \`shouldSkipUpdateFn\` function should return a boolean scalar array; expected bool[], got ${skip.aval.strShort()}. Return jnp.greater(...) or similar.`,
      );
    }
    // Both branches are computed and selected leafwise (jax.lax.cond in Optax): traceable.
    const pick = (a: unknown, b: unknown): unknown =>
      mapTree((x, y) => jnp.where(skip, x, y as Tensor), a, b);
    const kept: MultiStepsState<S> = {
      miniStep: pick(state.miniStep, doState.miniStep) as Tensor,
      gradientStep: pick(state.gradientStep, doState.gradientStep) as Tensor,
      innerOptState: pick(state.innerOptState, doState.innerOptState) as S,
      accGrads: pick(state.accGrads, doState.accGrads),
      skipState,
    };
    return [pick(zerosLike(doUpdates), doUpdates), kept];
  };

  /** Whether the last `update` applied the inner optimizer. @see optax.MultiSteps.has_updated */
  hasUpdated(state: Pick<MultiStepsState<unknown>, 'miniStep' | 'gradientStep'>): Tensor {
    return jnp.logicalAnd(jnp.equal(state.miniStep, 0), jnp.greater(state.gradientStep, 0));
  }

  /** This object as a plain `{ init, update }` transformation. */
  gradientTransformation(): GradientTransformationExtraArgs<MultiStepsState<S>> {
    return { init: this.init, update: this.update };
  }
}

/** State of {@link applyEvery}. @see optax.ApplyEvery */
export interface ApplyEveryState {
  /** Calls since the last emitted update, modulo k (int32). */
  readonly count: Tensor;
  /** The gradients summed since the last emitted update. */
  readonly gradAcc: Updates;
}

/**
 * Sums the updates of `k` calls and emits the sum every k-th call (zeros otherwise). Prefer
 * {@link MultiSteps}, which also holds back the inner optimizer's state.
 * @see optax.apply_every
 */
export function applyEvery(k = 1): GradientTransformation<ApplyEveryState> {
  s.checkInteger('applyEvery', 'k', k);
  return {
    init: (params) => ({ count: zeroCount(), gradAcc: zerosLike(params) }),
    update: (updates, state) => {
      const c = jnp.mod(state.count, k);
      const keep = jnp.notEqual(c, 0);
      const gradAcc = mapTree(
        (g, ga) => jnp.add(jnp.multiply(jnp.astype(keep, g.dtype), ga as Tensor), g),
        updates,
        state.gradAcc,
      );
      const emit = jnp.equal(c, k - 1);
      const out = mapTree((ga) => jnp.multiply(jnp.astype(emit, ga.dtype), ga), gradAcc);
      return [out, { count: jnp.mod(safeIncrement(state.count), k), gradAcc }];
    },
  };
}
