// Normalization layers: BatchNorm, LayerNorm, GroupNorm, RMSNorm, InstanceNorm
// (flax/linen/normalization.py), with Flax's _compute_stats / _normalize math.

import { type DType, numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import { InvalidModuleArgumentError } from './errors.ts';
import { type Initializer, ones as onesInit, zeros } from './initializers.ts';
import { canonicalizeAxes, layer, type PropsOf } from './layer-util.ts';
import { type Module, Module as ModuleBase, mergeParam, withDefaults } from './module.ts';

export interface StatsOptions {
  readonly axisName?: string | null;
  /** false: `var = mean(x²)`, `mean = 0` (RMSNorm). */
  readonly useMean?: boolean;
  /** `var = max(0, E[x²] - E[x]²)` (one pass; the default) instead of `E[(x - E[x])²]`. */
  readonly useFastVariance?: boolean;
  readonly mask?: Tensor | null;
}

/** Mean over `axes`, counting only where `mask` is true. */
function maskedMean(x: Tensor, axes: number[], mask: Tensor | null): Tensor {
  if (mask === null) return jnp.mean(x, { axis: axes });
  const m = jnp.astype(jnp.broadcastTo(mask, x.shape), 'float32');
  return jnp.sum(x.mul(m), { axis: axes }).div(jnp.sum(m, { axis: axes }));
}

/**
 * Mean and (biased) variance of `x` over `axes`, averaged over the named axis `axisName` with
 * one pmean of the stacked [mean, mean of squares] when given. Flax: _compute_stats.
 */
export function computeStats(
  x: Tensor,
  axes: number | readonly number[],
  opts: StatsOptions = {},
): [Tensor, Tensor] {
  const xf = x.dtype === 'float32' ? x : jnp.astype(x, 'float32');
  const ax = canonicalizeAxes(xf.ndim, axes);
  const mask = opts.mask ?? null;
  const axisName = opts.axisName ?? null;
  const distributedMean = (...xs: Tensor[]): Tensor[] => {
    const mus = xs.map((t) => maskedMean(t, ax, mask));
    if (axisName === null) return mus;
    if (mus.length > 1) {
      const reduced = lax.pmean(jnp.stack(mus, 0), axisName);
      return mus.map((_, i) => jnp.getItem(reduced, i));
    }
    return [lax.pmean(mus[0] as Tensor, axisName)];
  };
  if (opts.useMean ?? true) {
    if (opts.useFastVariance ?? true) {
      const [mu, mu2] = distributedMean(xf, jnp.square(xf)) as [Tensor, Tensor];
      return [mu, jnp.maximum(0.0, mu2.sub(jnp.square(mu)))];
    }
    const [mu] = distributedMean(xf) as [Tensor];
    const [v] = distributedMean(jnp.square(xf.sub(jnp.expandDims(mu, ax)))) as [Tensor];
    return [mu, v];
  }
  const [v] = distributedMean(jnp.square(xf)) as [Tensor];
  return [jnp.zerosLike(v), v];
}

interface NormalizeOptions {
  readonly reductionAxes: number | readonly number[];
  readonly featureAxes: number | readonly number[];
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly epsilon: number;
  readonly useBias: boolean;
  readonly useScale: boolean;
  readonly biasInit: Initializer;
  readonly scaleInit: Initializer;
}

/**
 * `(x - mean) * rsqrt(var + eps) * scale + bias`, creating `scale` / `bias` (feature-shaped) in
 * `mdl`. The operation order follows Flax's _normalize so float32 results match.
 */
function normalize(
  mdl: Module<object>,
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  o: NormalizeOptions,
): Tensor {
  const reductionAxes = canonicalizeAxes(x.ndim, o.reductionAxes);
  const featureAxes = canonicalizeAxes(x.ndim, o.featureAxes);
  const featureShape = new Array<number>(x.ndim).fill(1);
  const reducedFeatureShape: number[] = [];
  for (const ax of featureAxes) {
    featureShape[ax] = x.shape[ax] as number;
    reducedFeatureShape.push(x.shape[ax] as number);
  }
  const m = jnp.expandDims(mean, reductionAxes);
  const v = jnp.expandDims(variance, reductionAxes);
  let y = x.sub(m);
  let mul = lax.rsqrt(v.add(o.epsilon));
  if (o.useScale) {
    const scale = mdl.param('scale', o.scaleInit, reducedFeatureShape, o.paramDtype);
    mul = mul.mul(jnp.reshape(scale, featureShape));
  }
  y = y.mul(mul);
  if (o.useBias) {
    const bias = mdl.param('bias', o.biasInit, reducedFeatureShape, o.paramDtype);
    y = y.add(jnp.reshape(bias, featureShape));
  }
  return o.dtype === null || y.dtype === o.dtype ? y : jnp.astype(y, o.dtype);
}

// ---------------------------------------------------------------------------------------------
// BatchNorm
// ---------------------------------------------------------------------------------------------

export interface BatchNormConfig {
  /** Use the running statistics (eval) instead of the batch statistics (train). */
  readonly useRunningAverage: boolean | null;
  /** The feature axis (or axes); the others are reduced. */
  readonly axis: number | readonly number[];
  readonly momentum: number;
  readonly epsilon: number;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly useBias: boolean;
  readonly useScale: boolean;
  readonly biasInit: Initializer;
  readonly scaleInit: Initializer;
  /** A named (vmap) axis: batch statistics are averaged over it with one pmean. */
  readonly axisName: string | null;
  readonly useFastVariance: boolean;
}

const BATCH_NORM_DEFAULTS = {
  useRunningAverage: null,
  axis: -1,
  momentum: 0.99,
  epsilon: 1e-5,
  dtype: null,
  paramDtype: 'float32',
  useBias: true,
  useScale: true,
  biasInit: zeros,
  scaleInit: onesInit,
  axisName: null,
  useFastVariance: true,
} as const;

/**
 * Batch normalization. In training (`useRunningAverage` false) it normalizes with the batch
 * statistics and updates `batch_stats/{mean,var}` (`ra = momentum * ra + (1 - momentum) * stat`,
 * biased variance; not while initializing); in eval it uses the running statistics. With
 * `axisName` the statistics are pmean-ed over that vmap axis (skipped while initializing, as in
 * Flax), so a rank-1 example under vmap gets the batch statistics. flax.linen.BatchNorm.
 */
class BatchNormModule extends ModuleBase<BatchNormConfig> {
  constructor(props: PropsOf<BatchNormConfig> = {}) {
    super(withDefaults(BATCH_NORM_DEFAULTS, props));
  }

  call(x: Tensor, useRunningAverage?: boolean | null, opts: { mask?: Tensor | null } = {}): Tensor {
    const p = this.props;
    const useRA = mergeParam('use_running_average', p.useRunningAverage, useRunningAverage);
    const featureAxes = canonicalizeAxes(x.ndim, p.axis);
    const reductionAxes = Array.from({ length: x.ndim }, (_, i) => i).filter(
      (i) => !featureAxes.includes(i),
    );
    const featureShape = featureAxes.map((ax) => x.shape[ax] as number);
    const raMean = this.variable(
      'batch_stats',
      'mean',
      (s: number[]) => jnp.zeros(s, 'float32'),
      featureShape,
    );
    const raVar = this.variable(
      'batch_stats',
      'var',
      (s: number[]) => jnp.ones(s, 'float32'),
      featureShape,
    );
    let mean: Tensor;
    let variance: Tensor;
    if (useRA) {
      mean = raMean.value;
      variance = raVar.value;
    } else {
      const initializing = this.isInitializing();
      [mean, variance] = computeStats(x, reductionAxes, {
        axisName: initializing ? null : p.axisName,
        useFastVariance: p.useFastVariance,
        mask: opts.mask ?? null,
      });
      if (!initializing) {
        raMean.value = raMean.value.mul(p.momentum).add(mean.mul(1 - p.momentum));
        raVar.value = raVar.value.mul(p.momentum).add(variance.mul(1 - p.momentum));
      }
    }
    return normalize(this, x, mean, variance, {
      reductionAxes,
      featureAxes,
      dtype: p.dtype,
      paramDtype: p.paramDtype,
      epsilon: p.epsilon,
      useBias: p.useBias,
      useScale: p.useScale,
      biasInit: p.biasInit,
      scaleInit: p.scaleInit,
    });
  }
}
export const BatchNorm = layer(BatchNormModule, 'BatchNorm');
export type BatchNorm = BatchNormModule;

// ---------------------------------------------------------------------------------------------
// LayerNorm, RMSNorm, GroupNorm, InstanceNorm
// ---------------------------------------------------------------------------------------------

interface CommonNormConfig {
  readonly epsilon: number;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly useBias: boolean;
  readonly useScale: boolean;
  readonly biasInit: Initializer;
  readonly scaleInit: Initializer;
  readonly axisName: string | null;
  readonly useFastVariance: boolean;
}

const COMMON_DEFAULTS = {
  epsilon: 1e-6,
  dtype: null,
  paramDtype: 'float32',
  useBias: true,
  useScale: true,
  biasInit: zeros,
  scaleInit: onesInit,
  axisName: null,
  useFastVariance: true,
} as const;

export interface LayerNormConfig extends CommonNormConfig {
  readonly reductionAxes: number | readonly number[];
  readonly featureAxes: number | readonly number[];
}

/** Layer normalization over `reductionAxes` (default the last). flax.linen.LayerNorm. */
class LayerNormModule extends ModuleBase<LayerNormConfig> {
  constructor(props: PropsOf<LayerNormConfig> = {}) {
    super(withDefaults({ ...COMMON_DEFAULTS, reductionAxes: -1, featureAxes: -1 }, props));
  }

  call(x: Tensor, opts: { mask?: Tensor | null } = {}): Tensor {
    const p = this.props;
    const [mean, variance] = computeStats(x, p.reductionAxes, {
      axisName: p.axisName,
      useFastVariance: p.useFastVariance,
      mask: opts.mask ?? null,
    });
    return normalize(this, x, mean, variance, p);
  }
}
export const LayerNorm = layer(LayerNormModule, 'LayerNorm');
export type LayerNorm = LayerNormModule;

export interface RMSNormConfig extends Omit<CommonNormConfig, 'useBias' | 'biasInit'> {
  readonly reductionAxes: number | readonly number[];
  readonly featureAxes: number | readonly number[];
}

/** RMS normalization: `x * rsqrt(mean(x²) + eps) * scale` (no bias). flax.linen.RMSNorm. */
class RMSNormModule extends ModuleBase<RMSNormConfig> {
  constructor(props: PropsOf<RMSNormConfig> = {}) {
    const { useBias: _b, biasInit: _i, ...defaults } = COMMON_DEFAULTS;
    super(withDefaults({ ...defaults, reductionAxes: -1, featureAxes: -1 }, props));
  }

  call(x: Tensor, opts: { mask?: Tensor | null } = {}): Tensor {
    const p = this.props;
    const [mean, variance] = computeStats(x, p.reductionAxes, {
      axisName: p.axisName,
      useMean: false,
      useFastVariance: p.useFastVariance,
      mask: opts.mask ?? null,
    });
    return normalize(this, x, mean, variance, { ...p, useBias: false, biasInit: zeros });
  }
}
export const RMSNorm = layer(RMSNormModule, 'RMSNorm');
export type RMSNorm = RMSNormModule;

export interface GroupNormConfig extends CommonNormConfig {
  /** Number of channel groups (default 32); pass null to use `groupSize` instead. */
  readonly numGroups: number | null;
  readonly groupSize: number | null;
  /** Axes to reduce (default: all but the batch axis); must include the last axis. */
  readonly reductionAxes: number | readonly number[] | null;
}

/** Group normalization over channel groups. flax.linen.GroupNorm. */
class GroupNormModule extends ModuleBase<GroupNormConfig> {
  constructor(props: PropsOf<GroupNormConfig> = {}) {
    super(
      withDefaults(
        { ...COMMON_DEFAULTS, numGroups: 32, groupSize: null, reductionAxes: null },
        props,
      ),
    );
  }

  call(x: Tensor, opts: { mask?: Tensor | null } = {}): Tensor {
    const p = this.props;
    const raw = p.reductionAxes ?? [...Array.from({ length: x.ndim - 2 }, (_, i) => i + 1), -1];
    const reductionAxes = canonicalizeAxes(x.ndim, raw);
    if (reductionAxes.at(-1) !== x.ndim - 1) {
      throw new InvalidModuleArgumentError(
        'The reduction axes must include the final dimension as this is assumed to be the feature axis.',
      );
    }
    if ((p.numGroups === null) === (p.groupSize === null)) {
      throw new InvalidModuleArgumentError(
        'Either `num_groups` or `group_size` should be specified. If `group_size` is to be ' +
          'specified, pass `num_groups=None` as argument to override the default `num_groups` ' +
          'value of 32.',
      );
    }
    const channels = x.shape.at(-1) as number;
    let numGroups: number;
    if (p.groupSize !== null) {
      if (channels % p.groupSize !== 0) {
        throw new InvalidModuleArgumentError(
          `Number of channels (${channels}) is not multiple of the group size (${p.groupSize}).`,
        );
      }
      numGroups = channels / p.groupSize;
    } else numGroups = p.numGroups as number;
    if (numGroups <= 0 || channels % numGroups !== 0) {
      throw new InvalidModuleArgumentError(
        `Number of groups (${numGroups}) does not divide the number of channels (${channels}).`,
      );
    }
    const groupSize = channels / numGroups;
    const groupShape = [...x.shape.slice(0, -1), numGroups, groupSize];
    let mask = opts.mask ?? null;
    if (mask !== null) mask = jnp.reshape(mask, [...mask.shape.slice(0, -1), numGroups, groupSize]);
    const xg = jnp.reshape(x, groupShape);
    let [mean, variance] = computeStats(xg, [...reductionAxes.slice(0, -1), xg.ndim - 1], {
      axisName: p.axisName,
      useFastVariance: p.useFastVariance,
      mask,
    });
    mean = jnp.repeat(mean, groupSize, { axis: -1 });
    variance = jnp.repeat(variance, groupSize, { axis: -1 });
    return normalize(this, x, mean, variance, {
      ...p,
      reductionAxes: reductionAxes.slice(0, -1),
      featureAxes: [-1],
    });
  }
}
export const GroupNorm = layer(GroupNormModule, 'GroupNorm');
export type GroupNorm = GroupNormModule;

export interface InstanceNormConfig extends CommonNormConfig {
  /** Feature axes (not reduced; default the last). Axis 0 is the batch axis. */
  readonly featureAxes: number | readonly number[];
}

/** Instance normalization: per example and channel over the spatial axes. flax.linen.InstanceNorm. */
class InstanceNormModule extends ModuleBase<InstanceNormConfig> {
  constructor(props: PropsOf<InstanceNormConfig> = {}) {
    super(withDefaults({ ...COMMON_DEFAULTS, featureAxes: -1 }, props));
  }

  call(x: Tensor, opts: { mask?: Tensor | null } = {}): Tensor {
    const p = this.props;
    const featureAxes = canonicalizeAxes(x.ndim, p.featureAxes);
    if (featureAxes.includes(0)) {
      throw new InvalidModuleArgumentError(
        'The channel axes cannot include the leading dimension as this is assumed to be the batch axis.',
      );
    }
    const reductionAxes = Array.from({ length: x.ndim - 1 }, (_, i) => i + 1).filter(
      (i) => !featureAxes.includes(i),
    );
    const [mean, variance] = computeStats(x, reductionAxes, {
      axisName: p.axisName,
      useFastVariance: p.useFastVariance,
      mask: opts.mask ?? null,
    });
    return normalize(this, x, mean, variance, { ...p, reductionAxes, featureAxes });
  }
}
export const InstanceNorm = layer(InstanceNormModule, 'InstanceNorm');
export type InstanceNorm = InstanceNormModule;
