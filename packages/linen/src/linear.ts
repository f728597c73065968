// Linear layers: Dense, DenseGeneral, Conv, ConvTranspose and Embed (flax/linen/linear.py),
// with lax.conv_transpose composed from conv_general_dilated as JAX does.

import { type DType, numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import { InvalidModuleArgumentError } from './errors.ts';
import { type Initializer, lecunNormal, varianceScaling, zeros } from './initializers.ts';
import {
  canonicalizeAxes,
  canonicalizeTuple,
  layer,
  ones,
  type PropsOf,
  prod,
} from './layer-util.ts';
import { Module, withDefaults } from './module.ts';

/** Flax's default kernel initializer: lecun_normal(). */
export const defaultKernelInit: Initializer = lecunNormal();

// ---------------------------------------------------------------------------------------------
// Dense / DenseGeneral
// ---------------------------------------------------------------------------------------------

export interface DenseConfig {
  /** Number of output features. */
  readonly features: number;
  readonly useBias: boolean;
  /** Computation dtype (null: inferred from the inputs and params). */
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
}

const DENSE_DEFAULTS = {
  useBias: true,
  dtype: null,
  paramDtype: 'float32',
  kernelInit: defaultKernelInit,
  biasInit: zeros,
} as const;

/** Casts to `dtype` when one is given (Flax's promote_dtype; jaxts computes in float32). */
function promote(x: Tensor, dtype: DType | null): Tensor {
  return dtype === null || x.dtype === dtype ? x : jnp.astype(x, dtype);
}

/**
 * A linear transformation of the last axis: `y = x @ kernel + bias`, kernel `(in, features)`.
 * flax.linen.Dense.
 */
class DenseModule extends Module<DenseConfig> {
  constructor(props: PropsOf<DenseConfig, 'features'>) {
    super(withDefaults(DENSE_DEFAULTS, props));
  }

  call(inputs: Tensor): Tensor {
    const { features, useBias, dtype, paramDtype, kernelInit, biasInit } = this.props;
    let kernel = this.param(
      'kernel',
      kernelInit,
      [inputs.shape.at(-1) as number, features],
      paramDtype,
    );
    let bias = useBias ? this.param('bias', biasInit, [features], paramDtype) : null;
    const x = promote(inputs, dtype);
    kernel = promote(kernel, dtype);
    let y = lax.dotGeneral(x, kernel, [
      [[x.ndim - 1], [0]],
      [[], []],
    ]);
    if (bias !== null) {
      bias = promote(bias, dtype);
      y = y.add(jnp.reshape(bias, [...ones(y.ndim - 1), -1]));
    }
    return y;
  }
}
export const Dense = layer(DenseModule, 'Dense');
export type Dense = DenseModule;

export interface DenseGeneralConfig {
  /** Output feature shape: a number or a tuple. */
  readonly features: number | readonly number[];
  /** Input axes contracted with the kernel (default -1). */
  readonly axis: number | readonly number[];
  /** Leading batch axes the kernel is batched over (must be 0, 1, ...). */
  readonly batchDims: readonly number[];
  readonly useBias: boolean;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
}

const DENSE_GENERAL_DEFAULTS = {
  axis: -1,
  batchDims: [],
  useBias: true,
  dtype: null,
  paramDtype: 'float32',
  kernelInit: defaultKernelInit,
  biasInit: zeros,
} as const;

/**
 * A linear transformation with flexible axes: contracts `axis` of the input with the kernel
 * `(…batch, …in, …features)`. The initializers see the flattened 2-D kernel shape, as in Flax.
 * flax.linen.DenseGeneral.
 */
class DenseGeneralModule extends Module<DenseGeneralConfig> {
  constructor(props: PropsOf<DenseGeneralConfig, 'features'>) {
    super(withDefaults(DENSE_GENERAL_DEFAULTS, props));
  }

  call(inputs: Tensor): Tensor {
    const p = this.props;
    const features = canonicalizeTuple(p.features);
    let batchDims = canonicalizeTuple(p.batchDims);
    if (batchDims.length > 0) {
      const max = Math.max(...batchDims);
      const want = new Set(Array.from({ length: max + 1 }, (_, i) => i));
      if (new Set(batchDims).size !== want.size || !batchDims.every((b) => want.has(b))) {
        throw new InvalidModuleArgumentError(
          `batch_dims (${batchDims.join(', ')}) must be consecutive leading dimensions starting from 0.`,
        );
      }
    }
    const ndim = inputs.ndim;
    const nBatch = batchDims.length;
    const axis = canonicalizeAxes(ndim, p.axis);
    batchDims = canonicalizeAxes(ndim, batchDims);
    const nAxis = axis.length;
    const nFeatures = features.length;

    const kernelInitWrap: Initializer = (rng, shape, dt) => {
      const flat = [
        prod(shape.slice(0, nBatch)) * prod(shape.slice(nBatch, nAxis + nBatch)),
        prod(shape.slice(shape.length - nFeatures)),
      ];
      return jnp.reshape(p.kernelInit(rng, flat, dt), shape);
    };
    const batchShape = batchDims.map((ax) => inputs.shape[ax] as number);
    const expandedBatchShape: number[] = [];
    for (let ax = 0; ax < ndim; ax++) {
      if (axis.includes(ax)) continue;
      expandedBatchShape.push(batchDims.includes(ax) ? (inputs.shape[ax] as number) : 1);
    }
    const kernelShape = [...axis.map((ax) => inputs.shape[ax] as number), ...features];
    let kernel = this.param(
      'kernel',
      kernelInitWrap,
      [...batchShape, ...kernelShape],
      p.paramDtype,
    );
    const batchInd = Array.from({ length: nBatch }, (_, i) => i);
    const contractInd = Array.from({ length: nAxis }, (_, i) => i + nBatch);
    let bias: Tensor | null = null;
    if (p.useBias) {
      const biasInitWrap: Initializer = (rng, shape, dt) => {
        const flat = [prod(shape.slice(0, nBatch)) * prod(shape.slice(shape.length - nFeatures))];
        return jnp.reshape(p.biasInit(rng, flat, dt), shape);
      };
      bias = this.param('bias', biasInitWrap, [...batchShape, ...features], p.paramDtype);
    }
    const x = promote(inputs, p.dtype);
    kernel = promote(kernel, p.dtype);
    let out = lax.dotGeneral(x, kernel, [
      [axis, contractInd],
      [batchDims, batchInd],
    ]);
    if (bias !== null) {
      out = out.add(jnp.reshape(promote(bias, p.dtype), [...expandedBatchShape, ...features]));
    }
    return out;
  }
}
export const DenseGeneral = layer(DenseGeneralModule, 'DenseGeneral');
export type DenseGeneral = DenseGeneralModule;

// ---------------------------------------------------------------------------------------------
// Convolutions
// ---------------------------------------------------------------------------------------------

/**
 * Convolution padding: 'SAME', 'VALID', 'SAME_LOWER', 'CIRCULAR', 'REFLECT', 'CAUSAL' (1-D), an
 * int (same on both sides of every spatial dim) or one int / (low, high) pair per spatial dim.
 */
export type ConvPadding =
  | 'SAME'
  | 'VALID'
  | 'SAME_LOWER'
  | 'CIRCULAR'
  | 'REFLECT'
  | 'CAUSAL'
  | number
  | readonly (number | readonly [number, number])[];

type LaxPadding = string | [number, number][];

/** Flax's canonicalize_padding. */
export function canonicalizePadding(padding: ConvPadding, rank: number): LaxPadding {
  if (typeof padding === 'string') return padding;
  if (typeof padding === 'number') return Array.from({ length: rank }, () => [padding, padding]);
  if (Array.isArray(padding) && padding.length === rank) {
    const out: [number, number][] = [];
    for (const p of padding as readonly (number | readonly number[])[]) {
      if (typeof p === 'number') out.push([p, p]);
      else if (Array.isArray(p) && p.length === 2) out.push([p[0] as number, p[1] as number]);
      else break;
    }
    if (out.length === rank) return out;
  }
  throw new InvalidModuleArgumentError(
    `Invalid padding format: ${JSON.stringify(padding)}, should be str, int, or a sequence of len ` +
      `${rank} where each element is an int or pair of ints.`,
  );
}

/** NWC/NHWC/... inputs, WIO/HWIO/... kernels (Flax's _conv_dimension_numbers). */
function convDimensionNumbers(ndim: number): {
  lhsSpec: number[];
  rhsSpec: number[];
  outSpec: number[];
} {
  const mid = Array.from({ length: ndim - 2 }, (_, i) => i + 1);
  const lhsSpec = [0, ndim - 1, ...mid];
  const rhsSpec = [ndim - 1, ndim - 2, ...Array.from({ length: ndim - 2 }, (_, i) => i)];
  return { lhsSpec, rhsSpec, outSpec: [...lhsSpec] };
}

/**
 * Pads the spatial axes (1 … ndim-2) by wrapping around (NumPy's pad mode 'wrap'), composed
 * from slices and concatenation.
 */
export function wrapPad(x: Tensor, pads: readonly (readonly [number, number])[]): Tensor {
  let y = x;
  pads.forEach(([lo, hi], i) => {
    if (lo === 0 && hi === 0) return;
    const ax = i + 1;
    const n = y.shape[ax] as number;
    const reps = Math.ceil(lo / n) + 1 + Math.ceil(hi / n);
    const tiled = jnp.concatenate(new Array<Tensor>(reps).fill(y), ax);
    const start = Math.ceil(lo / n) * n - lo;
    y = lax.sliceInDim(tiled, start, start + lo + n + hi, 1, ax);
  });
  return y;
}

function broadcastTuple(x: number | readonly number[] | null, n: number): number[] {
  if (x === null) return new Array<number>(n).fill(1);
  if (typeof x === 'number') return new Array<number>(n).fill(x);
  return [...x];
}

export interface ConvConfig {
  readonly features: number;
  /** Window shape; its length is the number of spatial dims (1-D, 2-D, 3-D ...). */
  readonly kernelSize: number | readonly number[];
  readonly strides: number | readonly number[] | null;
  readonly padding: ConvPadding;
  /** Dilation of the input (needs explicit padding). */
  readonly inputDilation: number | readonly number[] | null;
  /** Dilation of the kernel (atrous convolution). */
  readonly kernelDilation: number | readonly number[] | null;
  readonly featureGroupCount: number;
  readonly useBias: boolean;
  /** Optional mask multiplied into the kernel (same shape as the kernel). */
  readonly mask: Tensor | null;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
}

const CONV_DEFAULTS = {
  strides: 1,
  padding: 'SAME',
  inputDilation: 1,
  kernelDilation: 1,
  featureGroupCount: 1,
  useBias: true,
  mask: null,
  dtype: null,
  paramDtype: 'float32',
  kernelInit: defaultKernelInit,
  biasInit: zeros,
} as const;

/**
 * Convolution over channels-last inputs `(…batch, …spatial, features)`; any number of leading
 * batch dims (0 for a single example). Kernel `(…window, in / groups, features)`.
 * flax.linen.Conv.
 */
class ConvModule extends Module<ConvConfig> {
  constructor(props: PropsOf<ConvConfig, 'features' | 'kernelSize'>) {
    super(withDefaults(CONV_DEFAULTS, props));
  }

  call(inputs: Tensor): Tensor {
    const p = this.props;
    const kernelSize = canonicalizeTuple(p.kernelSize);
    const nSpatial = kernelSize.length;
    let x = inputs;
    const numBatch = x.ndim - (nSpatial + 1);
    const inputBatchShape = x.shape.slice(0, Math.max(0, numBatch));
    if (numBatch !== 1) x = jnp.reshape(x, [-1, ...x.shape.slice(numBatch)]);
    const strides = broadcastTuple(p.strides, nSpatial);
    const inputDilation = broadcastTuple(p.inputDilation, nSpatial);
    const kernelDilation = broadcastTuple(p.kernelDilation, nSpatial);
    let padding = canonicalizePadding(p.padding, nSpatial);
    if (padding === 'CIRCULAR' || padding === 'REFLECT') {
      const dilated = kernelSize.map((k, i) => (k - 1) * (kernelDilation[i] as number) + 1);
      const pads = dilated.map(
        (k) => [Math.floor((k - 1) / 2), Math.floor(k / 2)] as [number, number],
      );
      x =
        padding === 'CIRCULAR'
          ? wrapPad(x, pads)
          : jnp.pad(x, [[0, 0], ...pads, [0, 0]], { mode: 'reflect' });
      padding = 'VALID';
    } else if (padding === 'CAUSAL') {
      if (nSpatial !== 1) {
        throw new InvalidModuleArgumentError(
          'Causal padding is only implemented for 1D convolutions.',
        );
      }
      const left = (kernelDilation[0] as number) * ((kernelSize[0] as number) - 1);
      x = jnp.pad(x, [
        [0, 0],
        [left, 0],
        [0, 0],
      ]);
      padding = 'VALID';
    }
    const dn = convDimensionNumbers(x.ndim);
    const inFeatures = x.shape.at(-1) as number;
    if (inFeatures % p.featureGroupCount !== 0) {
      throw new InvalidModuleArgumentError(
        `Conv: input features (${inFeatures}) must be divisible by featureGroupCount ` +
          `(${p.featureGroupCount}).`,
      );
    }
    const kernelShape = [...kernelSize, inFeatures / p.featureGroupCount, p.features];
    if (p.mask !== null && p.mask.shape.join(',') !== kernelShape.join(',')) {
      throw new InvalidModuleArgumentError(
        `Mask needs to have the same shape as weights. Shapes are: (${p.mask.shape.join(', ')}), ` +
          `(${kernelShape.join(', ')})`,
      );
    }
    let kernel = this.param('kernel', p.kernelInit, kernelShape, p.paramDtype);
    if (p.mask !== null) kernel = kernel.mul(p.mask);
    const bias = p.useBias ? this.param('bias', p.biasInit, [p.features], p.paramDtype) : null;
    x = promote(x, p.dtype);
    kernel = promote(kernel, p.dtype);
    let y = lax.convGeneralDilated(
      x,
      kernel,
      strides,
      padding as 'SAME' | 'VALID' | 'SAME_LOWER' | [number, number][],
      {
        lhsDilation: inputDilation,
        rhsDilation: kernelDilation,
        dimensionNumbers: dn,
        featureGroupCount: p.featureGroupCount,
      },
    );
    if (bias !== null) y = y.add(jnp.reshape(promote(bias, p.dtype), [...ones(y.ndim - 1), -1]));
    if (numBatch !== 1) y = jnp.reshape(y, [...inputBatchShape, ...y.shape.slice(1)]);
    return y;
  }
}
export const Conv = layer(ConvModule, 'Conv');
export type Conv = ConvModule;

/** `dilate_dim`: the extent of a window of size k dilated by r. */
function dilateDim(k: number, r: number): number {
  return k === 0 ? 0 : 1 + r * (k - 1);
}

/** JAX's _conv_transpose_padding for 'SAME' / 'VALID'. */
function convTransposePadding(k: number, s: number, padding: string): [number, number] {
  let padLen: number;
  let padA: number;
  if (padding === 'SAME') {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else if (padding === 'VALID') {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  } else {
    throw new InvalidModuleArgumentError(`Invalid padding mode: ${padding}`);
  }
  return [padA, padLen - padA];
}

export interface ConvTransposeOptions {
  readonly rhsDilation?: readonly number[] | null;
  readonly transposeKernel?: boolean;
}

/**
 * The transposed ("fractionally strided") convolution of channels-last inputs with kernels
 * `(…window, in, out)`: `conv_general_dilated` with the strides as input dilation.
 * jax.lax.conv_transpose (default dimension numbers, string paddings as forward-conv paddings).
 */
export function convTranspose(
  lhs: Tensor,
  rhs: Tensor,
  strides: readonly number[],
  padding: string | readonly (readonly [number, number])[],
  opts: ConvTransposeOptions = {},
): Tensor {
  const ndims = lhs.ndim;
  if (ndims < 3 || ndims > 5 || rhs.ndim !== ndims) {
    throw new InvalidModuleArgumentError(
      `convTranspose: lhs and rhs must both have rank 3, 4 or 5; got ${lhs.aval.strShort()} and ` +
        `${rhs.aval.strShort()}.`,
    );
  }
  const dn = convDimensionNumbers(ndims);
  const kSpatial = dn.rhsSpec.slice(2).map((d) => rhs.shape[d] as number);
  const rhsDilation = opts.rhsDilation ?? ones(ndims - 2);
  let pads: [number, number][];
  if (typeof padding === 'string') {
    pads = kSpatial.map((k, i) =>
      convTransposePadding(dilateDim(k, rhsDilation[i] as number), strides[i] as number, padding),
    );
  } else {
    pads = padding.map(([a, b]) => [a, b]);
  }
  let kernel = rhs;
  if (opts.transposeKernel === true) {
    kernel = jnp.flip(kernel, dn.rhsSpec.slice(2));
    kernel = jnp.swapaxes(kernel, dn.rhsSpec[0] as number, dn.rhsSpec[1] as number);
  }
  return lax.convGeneralDilated(lhs, kernel, ones(ndims - 2), pads, {
    lhsDilation: strides,
    rhsDilation,
    dimensionNumbers: dn,
  });
}

export interface ConvTransposeConfig {
  readonly features: number;
  readonly kernelSize: number | readonly number[];
  readonly strides: number | readonly number[] | null;
  readonly padding: ConvPadding;
  readonly kernelDilation: number | readonly number[] | null;
  readonly useBias: boolean;
  readonly mask: Tensor | null;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
  /** Flip the spatial axes and swap in/out of the kernel (TensorFlow's Conv2DTranspose). */
  readonly transposeKernel: boolean;
}

const CONV_TRANSPOSE_DEFAULTS = {
  strides: null,
  padding: 'SAME',
  kernelDilation: null,
  useBias: true,
  mask: null,
  dtype: null,
  paramDtype: 'float32',
  kernelInit: defaultKernelInit,
  biasInit: zeros,
  transposeKernel: false,
} as const;

/** Transposed convolution (channels last). flax.linen.ConvTranspose. */
class ConvTransposeModule extends Module<ConvTransposeConfig> {
  constructor(props: PropsOf<ConvTransposeConfig, 'features' | 'kernelSize'>) {
    super(withDefaults(CONV_TRANSPOSE_DEFAULTS, props));
  }

  call(inputs: Tensor): Tensor {
    const p = this.props;
    const kernelSize = canonicalizeTuple(p.kernelSize);
    const nSpatial = kernelSize.length;
    let x = inputs;
    const numBatch = x.ndim - (nSpatial + 1);
    const inputBatchShape = x.shape.slice(0, Math.max(0, numBatch));
    if (numBatch !== 1) x = jnp.reshape(x, [-1, ...x.shape.slice(numBatch)]);
    const strides = broadcastTuple(p.strides, nSpatial);
    const kernelDilation = broadcastTuple(p.kernelDilation, nSpatial);
    const inFeatures = x.shape.at(-1) as number;
    const kernelShape = p.transposeKernel
      ? [...kernelSize, p.features, inFeatures]
      : [...kernelSize, inFeatures, p.features];
    if (p.mask !== null && p.mask.shape.join(',') !== kernelShape.join(',')) {
      throw new InvalidModuleArgumentError(
        `Mask needs to have the same shape as weights. Shapes are: (${p.mask.shape.join(', ')}), ` +
          `(${kernelShape.join(', ')})`,
      );
    }
    let kernel = this.param('kernel', p.kernelInit, kernelShape, p.paramDtype);
    if (p.mask !== null) kernel = kernel.mul(p.mask);
    let padding = canonicalizePadding(p.padding, nSpatial);
    if (padding === 'CIRCULAR') padding = 'VALID';
    const bias = p.useBias ? this.param('bias', p.biasInit, [p.features], p.paramDtype) : null;
    x = promote(x, p.dtype);
    kernel = promote(kernel, p.dtype);
    let y = convTranspose(x, kernel, strides, padding, {
      rhsDilation: kernelDilation,
      transposeKernel: p.transposeKernel,
    });
    if (p.padding === 'CIRCULAR') {
      // Wrap the overhanging border back onto the output (periodic boundary), as Flax does.
      const scaled = x.shape.slice(1, -1).map((d, i) => d * (strides[i] as number));
      const sizeDiffs = y.shape.slice(1, -1).map((yd, i) => {
        const xd = scaled[i] as number;
        return ((-(yd - xd) % (2 * xd)) + 2 * xd) % (2 * xd);
      });
      const total: [number, number][] = sizeDiffs.map((d) =>
        p.transposeKernel
          ? [Math.floor(d / 2), Math.floor((d + 1) / 2)]
          : [Math.floor((d + 1) / 2), Math.floor(d / 2)],
      );
      y = jnp.pad(y, [[0, 0], ...total, [0, 0]]);
      for (let i = 1; i < y.ndim - 1; i++) {
        const s = scaled[i - 1] as number;
        y = jnp.reshape(y, [...y.shape.slice(0, i), -1, s, ...y.shape.slice(i + 1)]);
        y = jnp.sum(y, { axis: i });
      }
    }
    if (bias !== null) y = y.add(jnp.reshape(promote(bias, p.dtype), [...ones(y.ndim - 1), -1]));
    if (numBatch !== 1) y = jnp.reshape(y, [...inputBatchShape, ...y.shape.slice(1)]);
    return y;
  }
}
export const ConvTranspose = layer(ConvTransposeModule, 'ConvTranspose');
export type ConvTranspose = ConvTransposeModule;

// ---------------------------------------------------------------------------------------------
// Embed
// ---------------------------------------------------------------------------------------------

/** Flax's default embedding initializer: variance_scaling(1, fan_in, normal, out_axis=0). */
export const defaultEmbedInit: Initializer = varianceScaling(1.0, 'fan_in', 'normal', {
  outAxis: 0,
});

export interface EmbedConfig {
  readonly numEmbeddings: number;
  readonly features: number;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  readonly embeddingInit: Initializer;
}

const EMBED_DEFAULTS = {
  dtype: null,
  paramDtype: 'float32',
  embeddingInit: defaultEmbedInit,
} as const;

/**
 * An embedding table `(numEmbeddings, features)`: `call(ids)` looks rows up, `attend(query)`
 * computes `query @ embedding.T` (weight tying). flax.linen.Embed (setup-style).
 */
class EmbedModule extends Module<EmbedConfig> {
  declare embedding: Tensor;

  constructor(props: PropsOf<EmbedConfig, 'numEmbeddings' | 'features'>) {
    super(withDefaults(EMBED_DEFAULTS, props));
  }

  override setup(): void {
    const p = this.props;
    this.embedding = this.param(
      'embedding',
      p.embeddingInit,
      [p.numEmbeddings, p.features],
      p.paramDtype,
    );
  }

  call(inputs: Tensor): Tensor {
    if (inputs.dtype !== 'int32' && inputs.dtype !== 'uint32') {
      throw new InvalidModuleArgumentError('Input type must be an integer or unsigned integer.');
    }
    const embedding = promote(this.embedding, this.props.dtype);
    if (this.props.numEmbeddings === 1) {
      return jnp.broadcastTo(embedding, [...inputs.shape, this.props.features]);
    }
    return jnp.take(embedding, inputs, { axis: 0 });
  }

  /** `query @ embedding.T`: logits over the vocabulary (shares the embedding table). */
  attend(query: Tensor): Tensor {
    return jnp.dot(
      promote(query, this.props.dtype),
      jnp.transpose(promote(this.embedding, this.props.dtype)),
    );
  }
}
export const Embed = layer(EmbedModule, 'Embed');
export type Embed = EmbedModule;
