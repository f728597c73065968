// Attention: dotProductAttentionWeights, dotProductAttention, MultiHeadDotProductAttention,
// SelfAttention and the mask helpers (flax/linen/attention.py). The two einsums are written as
// dot_generals with the heads as a batch dimension.

import { type DType, numpy as jnp, lax, random, type Tensor, type TensorLike } from '@jaxts/tensor';
import { softmax } from './activation.ts';
import { InvalidModuleArgumentError } from './errors.ts';
import { type Initializer, zeros } from './initializers.ts';
import { layer, type PropsOf } from './layer-util.ts';
import { DenseGeneral, defaultKernelInit } from './linear.ts';
import { Module, mergeParam, withDefaults } from './module.ts';
import { LayerNorm } from './normalization.ts';

/** float32's most negative finite value (jnp.finfo(float32).min): the masked-out logit. */
const F32_MIN = -3.4028234663852886e38;

export interface AttentionWeightsOptions {
  /** Added to the logits (broadcast to `[batch..., heads, q, kv]`). */
  readonly bias?: Tensor | null;
  /** Boolean/0-1 mask `[batch..., heads, q, kv]`; false entries get the float32 minimum. */
  readonly mask?: Tensor | null;
  /** Share the dropout mask over the batch and head dims (default true). */
  readonly broadcastDropout?: boolean;
  readonly dropoutRng?: Tensor | null;
  readonly dropoutRate?: number;
  readonly deterministic?: boolean;
  readonly dtype?: DType | null;
  /** Sows the weights into `intermediates/attention_weights` of this module. */
  readonly module?: Module<object> | null;
}

function checkSameRank(what: string, ...xs: Tensor[]): void {
  const r = (xs[0] as Tensor).ndim;
  if (xs.some((x) => x.ndim !== r)) {
    throw new InvalidModuleArgumentError(
      `dotProductAttention: ${what} must have same rank; got ${xs.map((x) => x.aval.strShort()).join(', ')}.`,
    );
  }
}

/**
 * Attention weights `softmax(q·k / √depth)` of shape `[batch..., heads, q_len, kv_len]` from
 * query `[batch..., q_len, heads, depth]` and key `[batch..., kv_len, heads, depth]`, with
 * optional bias, mask and dropout. flax.linen.dot_product_attention_weights.
 */
export function dotProductAttentionWeights(
  query: Tensor,
  key: Tensor,
  opts: AttentionWeightsOptions = {},
): Tensor {
  checkSameRank('q, k', query, key);
  const depth = query.shape.at(-1) as number;
  if (key.shape.at(-1) !== depth || key.shape.at(-2) !== query.shape.at(-2)) {
    throw new InvalidModuleArgumentError(
      `dotProductAttention: q, k num_heads and depths must match; got ${query.aval.strShort()} and ` +
        `${key.aval.strShort()}.`,
    );
  }
  const nb = query.ndim - 3;
  const batch = Array.from({ length: nb }, (_, i) => i);
  const q = query.div(Math.fround(Math.sqrt(depth)));
  // '...qhd,...khd->...hqk': heads are a batch dim, depth is contracted.
  let w = lax.dotGeneral(q, key, [
    [[nb + 2], [nb + 2]],
    [
      [...batch, nb + 1],
      [...batch, nb + 1],
    ],
  ]);
  if (opts.bias !== undefined && opts.bias !== null) w = w.add(opts.bias);
  if (opts.mask !== undefined && opts.mask !== null) {
    w = jnp.where(opts.mask, w, jnp.asarray(F32_MIN, 'float32'));
  }
  w = softmax(w);
  if (opts.module !== undefined && opts.module !== null)
    opts.module.sow('intermediates', 'attention_weights', w);
  const rate = opts.dropoutRate ?? 0.0;
  if (!(opts.deterministic ?? false) && rate > 0.0) {
    const keepProb = 1.0 - rate;
    const rng = opts.dropoutRng;
    if (rng === undefined || rng === null) {
      throw new InvalidModuleArgumentError(
        'dotProductAttention: dropout needs dropoutRng when dropoutRate > 0 and not deterministic.',
      );
    }
    const shape =
      (opts.broadcastDropout ?? true)
        ? [...new Array<number>(key.ndim - 2).fill(1), ...w.shape.slice(-2)]
        : [...w.shape];
    const keep = random.bernoulli(rng, keepProb, shape);
    const multiplier = jnp.astype(keep, 'float32').div(Math.fround(keepProb));
    w = w.mul(multiplier);
  }
  return w;
}

/**
 * Multi-head dot-product attention: `weights @ value`, output `[batch..., q_len, heads, depth]`.
 * flax.linen.dot_product_attention.
 */
export function dotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  opts: AttentionWeightsOptions = {},
): Tensor {
  checkSameRank('q, k, v', query, key, value);
  if (key.shape.at(-3) !== value.shape.at(-3)) {
    throw new InvalidModuleArgumentError(
      `dotProductAttention: k, v lengths must match; got ${key.aval.strShort()} and ${value.aval.strShort()}.`,
    );
  }
  const w = dotProductAttentionWeights(query, key, opts);
  const nb = query.ndim - 3;
  const batch = Array.from({ length: nb }, (_, i) => i);
  // '...hqk,...khd->...qhd'
  const out = lax.dotGeneral(w, value, [
    [[nb + 2], [nb]],
    [
      [...batch, nb],
      [...batch, nb + 1],
    ],
  ]);
  // dot_general gives [batch..., h, q, d]; move h after q.
  const perm = [...batch, nb + 1, nb, nb + 2];
  return jnp.transpose(out, perm);
}

/** A function with dotProductAttention's signature. */
export type AttentionFn = (
  query: Tensor,
  key: Tensor,
  value: Tensor,
  opts: AttentionWeightsOptions,
) => Tensor;

export interface MultiHeadAttentionConfig {
  readonly numHeads: number;
  readonly dtype: DType | null;
  readonly paramDtype: DType;
  /** Total q/k/v feature size (default: the query's feature size). */
  readonly qkvFeatures: number | null;
  /** Output feature size (default: the query's feature size). */
  readonly outFeatures: number | null;
  readonly broadcastDropout: boolean;
  readonly dropoutRate: number;
  readonly deterministic: boolean | null;
  readonly kernelInit: Initializer;
  readonly outKernelInit: Initializer | null;
  readonly biasInit: Initializer;
  readonly outBiasInit: Initializer | null;
  readonly useBias: boolean;
  readonly attentionFn: AttentionFn;
  /** Autoregressive decoding with a `cache` collection (cached_key, cached_value, cache_index). */
  readonly decode: boolean;
  /** LayerNorm (no bias) on queries and keys. */
  readonly normalizeQk: boolean;
}

const MHA_DEFAULTS = {
  dtype: null,
  paramDtype: 'float32',
  qkvFeatures: null,
  outFeatures: null,
  broadcastDropout: true,
  dropoutRate: 0.0,
  deterministic: null,
  kernelInit: defaultKernelInit,
  outKernelInit: null,
  biasInit: zeros,
  outBiasInit: null,
  useBias: true,
  attentionFn: dotProductAttention,
  decode: false,
  normalizeQk: false,
} as const;

export interface MultiHeadAttentionCallOptions {
  readonly mask?: Tensor | null;
  readonly deterministic?: boolean | null;
  readonly dropoutRng?: Tensor | null;
  readonly sowWeights?: boolean;
}

/** The computation of MultiHeadDotProductAttention / SelfAttention, in `self`'s scope. */
function multiHeadAttention(
  self: Module<MultiHeadAttentionConfig>,
  inputsQ: Tensor,
  inputsK: Tensor | null,
  inputsV: Tensor | null,
  opts: MultiHeadAttentionCallOptions,
): Tensor {
  const p = self.props;
  let k = inputsK;
  let v = inputsV;
  if (k === null) {
    if (v !== null) {
      throw new InvalidModuleArgumentError(
        '`inputs_k` cannot be None if `inputs_v` is not None. To have both `inputs_k` and ' +
          '`inputs_v` be the same value, pass in the value to `inputs_k` and leave `inputs_v` as None.',
      );
    }
    k = inputsQ;
  }
  if (v === null) v = k;
  const features = p.outFeatures ?? (inputsQ.shape.at(-1) as number);
  const qkvFeatures = p.qkvFeatures ?? (inputsQ.shape.at(-1) as number);
  if (qkvFeatures % p.numHeads !== 0) {
    throw new InvalidModuleArgumentError(
      `Memory dimension (${qkvFeatures}) must be divisible by number of heads (${p.numHeads}).`,
    );
  }
  const headDim = qkvFeatures / p.numHeads;
  const dense = (name: string) =>
    DenseGeneral({
      axis: -1,
      dtype: p.dtype,
      paramDtype: p.paramDtype,
      features: [p.numHeads, headDim],
      kernelInit: p.kernelInit,
      biasInit: p.biasInit,
      useBias: p.useBias,
      name,
    });
  let query = dense('query').call(inputsQ);
  let key = dense('key').call(k);
  let value = dense('value').call(v);
  if (p.normalizeQk) {
    query = LayerNorm({
      name: 'query_ln',
      useBias: false,
      dtype: p.dtype,
      paramDtype: p.paramDtype,
    }).call(query);
    key = LayerNorm({
      name: 'key_ln',
      useBias: false,
      dtype: p.dtype,
      paramDtype: p.paramDtype,
    }).call(key);
  }
  let mask = opts.mask ?? null;
  if (p.decode) {
    const isInitialized = self.hasVariable('cache', 'cached_key');
    const cachedKey = self.variable(
      'cache',
      'cached_key',
      (s: readonly number[]) => jnp.zeros(s, key.dtype),
      key.shape,
    );
    const cachedValue = self.variable(
      'cache',
      'cached_value',
      (s: readonly number[]) => jnp.zeros(s, value.dtype),
      value.shape,
    );
    const cacheIndex = self.variable('cache', 'cache_index', () => jnp.array(0, 'int32'));
    if (isInitialized) {
      const shape = cachedKey.value.shape;
      const batchDims = shape.slice(0, -3);
      const [maxLength, numHeads, depth] = shape.slice(-3) as [number, number, number];
      const expected = [...batchDims, 1, numHeads, depth];
      if (expected.join(',') !== query.shape.join(',')) {
        throw new InvalidModuleArgumentError(
          `Autoregressive cache shape error, expected query shape (${expected.join(', ')}) instead ` +
            `got (${query.shape.join(', ')}).`,
        );
      }
      const cur = cacheIndex.value;
      const indices: (number | Tensor)[] = [...batchDims.map(() => 0), cur, 0, 0];
      key = lax.dynamicUpdateSlice(cachedKey.value, key, indices);
      value = lax.dynamicUpdateSlice(cachedValue.value, value, indices);
      cachedKey.value = key;
      cachedValue.value = value;
      cacheIndex.value = cacheIndex.value.add(1);
      const causal = jnp.broadcastTo(jnp.arange(maxLength).lessEqual(cur), [
        ...batchDims,
        1,
        1,
        maxLength,
      ]);
      mask = combineMasks(mask, causal);
    }
  }
  let deterministic = true;
  let dropoutRng = opts.dropoutRng ?? null;
  if (p.dropoutRate > 0.0) {
    deterministic = mergeParam('deterministic', p.deterministic, opts.deterministic);
    if (!deterministic && dropoutRng === null) dropoutRng = self.makeRng('dropout');
  }
  const x = p.attentionFn(query, key, value, {
    mask,
    dropoutRng,
    dropoutRate: p.dropoutRate,
    broadcastDropout: p.broadcastDropout,
    deterministic,
    dtype: p.dtype,
    module: opts.sowWeights === true ? self : null,
  });
  return DenseGeneral({
    features,
    axis: [-2, -1],
    kernelInit: p.outKernelInit ?? p.kernelInit,
    biasInit: p.outBiasInit ?? p.biasInit,
    useBias: p.useBias,
    dtype: p.dtype,
    paramDtype: p.paramDtype,
    name: 'out',
  }).call(x);
}

/**
 * Multi-head dot-product attention with learned projections `query`, `key`, `value`, `out`
 * (DenseGeneral). `call(inputsQ, inputsK?, inputsV?, { mask, deterministic, dropoutRng })`:
 * keys default to the queries, values to the keys. flax.linen.MultiHeadDotProductAttention.
 */
class MultiHeadDotProductAttentionModule extends Module<MultiHeadAttentionConfig> {
  constructor(props: PropsOf<MultiHeadAttentionConfig, 'numHeads'>) {
    super(withDefaults(MHA_DEFAULTS, props));
  }

  call(
    inputsQ: Tensor,
    inputsK: Tensor | null = null,
    inputsV: Tensor | null = null,
    opts: MultiHeadAttentionCallOptions = {},
  ): Tensor {
    return multiHeadAttention(this, inputsQ, inputsK, inputsV, opts);
  }
}
export const MultiHeadDotProductAttention = layer(
  MultiHeadDotProductAttentionModule,
  'MultiHeadDotProductAttention',
);
export type MultiHeadDotProductAttention = MultiHeadDotProductAttentionModule;
/** Alias of MultiHeadDotProductAttention (flax.linen.MultiHeadAttention). */
export const MultiHeadAttention = MultiHeadDotProductAttention;
export type MultiHeadAttention = MultiHeadDotProductAttentionModule;

/**
 * Self-attention (keys and values are the queries): `call(inputsQ, mask?, deterministic?,
 * dropoutRng?)`. Same parameters as MultiHeadDotProductAttention. flax.linen.SelfAttention.
 */
class SelfAttentionModule extends Module<MultiHeadAttentionConfig> {
  constructor(props: PropsOf<MultiHeadAttentionConfig, 'numHeads'>) {
    super(withDefaults(MHA_DEFAULTS, props));
  }

  call(
    inputsQ: Tensor,
    mask: Tensor | null = null,
    deterministic: boolean | null = null,
    dropoutRng: Tensor | null = null,
  ): Tensor {
    return multiHeadAttention(this, inputsQ, null, null, { mask, deterministic, dropoutRng });
  }
}
export const SelfAttention = layer(SelfAttentionModule, 'SelfAttention');
export type SelfAttention = SelfAttentionModule;

/**
 * An attention mask `[batch..., 1, q_len, kv_len]` from query/key paddings:
 * `pairwiseFn(query[..., :, None], key[..., None, :])`. flax.linen.make_attention_mask.
 */
export function makeAttentionMask(
  queryInput: TensorLike,
  keyInput: TensorLike,
  opts: {
    pairwiseFn?: (a: Tensor, b: Tensor) => Tensor;
    extraBatchDims?: number;
    dtype?: DType;
  } = {},
): Tensor {
  const pairwise = opts.pairwiseFn ?? ((a: Tensor, b: Tensor) => jnp.multiply(a, b));
  let mask = pairwise(
    jnp.expandDims(jnp.asarray(queryInput), -1),
    jnp.expandDims(jnp.asarray(keyInput), -2),
  );
  mask = jnp.expandDims(mask, -3);
  const extra = opts.extraBatchDims ?? 0;
  if (extra > 0)
    mask = jnp.expandDims(
      mask,
      Array.from({ length: extra }, (_, i) => i),
    );
  return jnp.astype(mask, opts.dtype ?? 'float32');
}

/** A causal mask `[batch..., 1, len, len]` for `x` of shape `[batch..., len]`. flax.linen.make_causal_mask. */
export function makeCausalMask(
  x: Tensor,
  opts: { extraBatchDims?: number; dtype?: DType } = {},
): Tensor {
  const idxs = jnp.broadcastTo(
    jnp.arange(x.shape.at(-1) as number, undefined, undefined, 'int32'),
    x.shape,
  );
  return makeAttentionMask(idxs, idxs, {
    pairwiseFn: (a, b) => jnp.greaterEqual(a, b),
    extraBatchDims: opts.extraBatchDims ?? 0,
    dtype: opts.dtype ?? 'float32',
  });
}

/** Logical AND of the given masks (nulls skipped), or null. flax.linen.combine_masks. */
export function combineMasks(...masks: (Tensor | null | undefined)[]): Tensor | null {
  const list = masks.filter((m): m is Tensor => m !== null && m !== undefined);
  if (list.length === 0) return null;
  const rank = (list[0] as Tensor).ndim;
  if (list.some((m) => m.ndim !== rank)) {
    throw new InvalidModuleArgumentError(
      `masks must have same rank: (${list.map((m) => m.ndim).join(', ')})`,
    );
  }
  let mask = list[0] as Tensor;
  for (const other of list.slice(1)) mask = jnp.logicalAnd(mask, other);
  return jnp.astype(mask, 'float32');
}
