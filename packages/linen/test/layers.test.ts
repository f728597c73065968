// Every layer against Flax: init(PRNGKey(0), ...) parameter values and apply outputs (and the
// updated collections where mutable) for fixed inputs, from golden/layers.json.

import * as nn from '@jaxts/linen';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { type Enc, type EncTree, expectTreeClose, loadGolden, shapeTree, t } from './golden.ts';

interface LayerCase {
  readonly name: string;
  readonly inputs: EncTree[];
  readonly variables: EncTree;
  readonly shapes?: unknown;
  readonly output?: EncTree;
  readonly updates?: EncTree;
  readonly mask?: Enc;
  readonly seq_lengths?: Enc;
  readonly steps?: { output: Enc; cache_index: number }[];
}

const golden = loadGolden<{ cases: LayerCase[]; attention_functions: Record<string, Enc> }>(
  'layers.json',
);
const byName = new Map(golden.cases.map((c) => [c.name, c]));
function gcase(name: string): LayerCase {
  const c = byName.get(name);
  if (c === undefined) throw new Error(`no golden case ${name}`);
  return c;
}

/** An input: an array, or a tuple (LSTM carry) stored stacked along axis 0 or as a list. */
function input(e: EncTree): unknown {
  if (Array.isArray(e)) return e.map(input);
  return t(e as Enc);
}

function carry(e: EncTree): Tensor[] {
  const x = t(e as Enc);
  return Array.from({ length: x.shape[0] as number }, (_, i) => jnp.getItem(x, i));
}

interface Spec {
  readonly make: () => nn.Module<object>;
  /** Call arguments from the decoded inputs (default: the inputs). */
  readonly args?: (inputs: unknown[], c: LayerCase) => unknown[];
  readonly rngs?: Record<string, Tensor>;
  readonly mutable?: string[];
  readonly tol?: { rtol?: number; atol?: number };
}

const drop = (seed: number) => ({ dropout: random.PRNGKey(seed) });

const SPECS: Record<string, Spec> = {
  dense: { make: () => nn.Dense({ features: 3 }) },
  dense_nobias: { make: () => nn.Dense({ features: 3, useBias: false }) },
  dense_3d: { make: () => nn.Dense({ features: 5 }) },
  dense_general_2_3: { make: () => nn.DenseGeneral({ features: [2, 3] }) },
  dense_general_axis: { make: () => nn.DenseGeneral({ features: 4, axis: [-2, -1] }) },
  dense_general_batch: { make: () => nn.DenseGeneral({ features: 3, batchDims: [0] }) },
  conv_same: { make: () => nn.Conv({ features: 4, kernelSize: [3, 3] }) },
  conv_valid: { make: () => nn.Conv({ features: 4, kernelSize: [3, 3], padding: 'VALID' }) },
  conv_strides: { make: () => nn.Conv({ features: 2, kernelSize: [3, 3], strides: 2 }) },
  conv_circular: { make: () => nn.Conv({ features: 2, kernelSize: [3, 3], padding: 'CIRCULAR' }) },
  conv_explicit: {
    make: () =>
      nn.Conv({
        features: 2,
        kernelSize: [3, 2],
        padding: [
          [1, 2],
          [0, 1],
        ],
      }),
  },
  conv_int_pad: { make: () => nn.Conv({ features: 2, kernelSize: [3, 3], padding: 1 }) },
  conv_input_dilation: {
    make: () =>
      nn.Conv({
        features: 2,
        kernelSize: [2, 2],
        inputDilation: 2,
        padding: [
          [1, 1],
          [0, 1],
        ],
      }),
  },
  conv_kernel_dilation: {
    make: () => nn.Conv({ features: 2, kernelSize: [3, 3], kernelDilation: 2 }),
  },
  conv_groups: { make: () => nn.Conv({ features: 6, kernelSize: [3, 3], featureGroupCount: 3 }) },
  conv_1d_nobatch: { make: () => nn.Conv({ features: 2, kernelSize: [3] }) },
  conv_1d_causal: { make: () => nn.Conv({ features: 2, kernelSize: [3], padding: 'CAUSAL' }) },
  conv_3d: { make: () => nn.Conv({ features: 2, kernelSize: [2, 2, 2] }) },
  conv_2_batch_dims: { make: () => nn.Conv({ features: 3, kernelSize: [3, 3] }) },
  conv_nobias: { make: () => nn.Conv({ features: 3, kernelSize: [2, 2], useBias: false }) },
  conv_reflect: { make: () => nn.Conv({ features: 2, kernelSize: [3, 3], padding: 'REFLECT' }) },
  convt_same: { make: () => nn.ConvTranspose({ features: 3, kernelSize: [3, 3] }) },
  convt_same_s2: {
    make: () => nn.ConvTranspose({ features: 3, kernelSize: [3, 3], strides: [2, 2] }),
  },
  convt_valid_s2: {
    make: () =>
      nn.ConvTranspose({ features: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'VALID' }),
  },
  convt_circular: {
    make: () =>
      nn.ConvTranspose({ features: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'CIRCULAR' }),
  },
  convt_transpose_kernel: {
    make: () =>
      nn.ConvTranspose({ features: 3, kernelSize: [3, 2], strides: [2, 1], transposeKernel: true }),
  },
  convt_dilation: {
    make: () => nn.ConvTranspose({ features: 2, kernelSize: [2, 2], kernelDilation: [2, 2] }),
  },
  convt_explicit: {
    make: () =>
      nn.ConvTranspose({
        features: 2,
        kernelSize: [3, 3],
        padding: [
          [1, 1],
          [2, 0],
        ],
      }),
  },
  convt_1d: { make: () => nn.ConvTranspose({ features: 2, kernelSize: [3], strides: [2] }) },
  embed: { make: () => nn.Embed({ numEmbeddings: 10, features: 4 }) },
  batchnorm_train: {
    make: () => nn.BatchNorm({ useRunningAverage: false }),
    mutable: ['batch_stats'],
  },
  batchnorm_train_arange: {
    make: () => nn.BatchNorm({ useRunningAverage: false }),
    mutable: ['batch_stats'],
  },
  batchnorm_eval: { make: () => nn.BatchNorm({ useRunningAverage: true }) },
  batchnorm_axis1_m09: {
    make: () => nn.BatchNorm({ useRunningAverage: false, axis: 1, momentum: 0.9, epsilon: 1e-3 }),
    mutable: ['batch_stats'],
  },
  batchnorm_noscale_nobias: {
    make: () => nn.BatchNorm({ useRunningAverage: false, useBias: false, useScale: false }),
    mutable: ['batch_stats'],
  },
  batchnorm_call_arg: {
    make: () => nn.BatchNorm(),
    args: ([x]) => [x, false],
    mutable: ['batch_stats'],
  },
  layernorm: { make: () => nn.LayerNorm() },
  layernorm_axes: { make: () => nn.LayerNorm({ reductionAxes: [1, 2], featureAxes: -1 }) },
  layernorm_noscale: { make: () => nn.LayerNorm({ useScale: false, epsilon: 1e-3 }) },
  layernorm_mask: {
    make: () => nn.LayerNorm(),
    args: ([x], c) => [x, { mask: t(c.mask as Enc) }],
  },
  batchnorm_mask: {
    make: () => nn.BatchNorm({ useRunningAverage: false }),
    args: ([x], c) => [x, null, { mask: t(c.mask as Enc) }],
    mutable: ['batch_stats'],
  },
  groupnorm: { make: () => nn.GroupNorm({ numGroups: 2 }) },
  groupnorm_size: { make: () => nn.GroupNorm({ numGroups: null, groupSize: 3 }) },
  rmsnorm: { make: () => nn.RMSNorm() },
  instancenorm: { make: () => nn.InstanceNorm() },
  dropout: { make: () => nn.Dropout({ rate: 0.5, deterministic: false }), rngs: drop(1) },
  'dropout_0.2': { make: () => nn.Dropout({ rate: 0.2, deterministic: false }), rngs: drop(7) },
  dropout_broadcast: {
    make: () => nn.Dropout({ rate: 0.5, broadcastDims: [0], deterministic: false }),
    rngs: drop(1),
  },
  dropout_rate1: { make: () => nn.Dropout({ rate: 1.0, deterministic: false }), rngs: drop(1) },
  dropout_det: { make: () => nn.Dropout({ rate: 0.5 }), args: ([x]) => [x, true] },
  mha_self: { make: () => nn.MultiHeadDotProductAttention({ numHeads: 2, qkvFeatures: 8 }) },
  mha_cross_mask: {
    make: () => nn.MultiHeadDotProductAttention({ numHeads: 2, qkvFeatures: 8, outFeatures: 5 }),
    args: ([q, kv], c) => [q, kv, null, { mask: t(c.mask as Enc) }],
  },
  mha_dropout: {
    make: () =>
      nn.MultiHeadDotProductAttention({ numHeads: 3, dropoutRate: 0.3, deterministic: false }),
    rngs: drop(3),
  },
  self_attention_causal: {
    make: () => nn.SelfAttention({ numHeads: 1 }),
    args: ([q], c) => [q, t(c.mask as Enc)],
  },
  mha_normalize_qk: {
    make: () => nn.MultiHeadDotProductAttention({ numHeads: 2, normalizeQk: true }),
  },
  lstm_cell: {
    make: () => nn.LSTMCell({ features: 4 }),
    args: ([c, x]) => [carry(c as EncTree), x],
  },
  gru_cell: { make: () => nn.GRUCell({ features: 4 }) },
  optimized_lstm_cell: {
    make: () => nn.OptimizedLSTMCell({ features: 4 }),
    args: ([c, x]) => [carry(c as EncTree), x],
  },
  simple_cell: { make: () => nn.SimpleCell({ features: 4 }) },
  lstm_cell_carry: {
    make: () => nn.LSTMCell({ features: 4 }),
    args: ([c, x]) => [carry(c as EncTree), x],
  },
  rnn_lstm: { make: () => nn.RNN({ cell: nn.LSTMCell({ features: 4 }) }) },
  rnn_lstm_carry: { make: () => nn.RNN({ cell: nn.LSTMCell({ features: 4 }), returnCarry: true }) },
  rnn_gru_reverse: {
    make: () => nn.RNN({ cell: nn.GRUCell({ features: 3 }), reverse: true, keepOrder: true }),
  },
  rnn_gru_time_major: {
    make: () => nn.RNN({ cell: nn.GRUCell({ features: 3 }), timeMajor: true }),
  },
  rnn_seq_lengths_carry: {
    make: () => nn.RNN({ cell: nn.GRUCell({ features: 3 }), returnCarry: true }),
    args: ([x], c) => [x, { seqLengths: t(c.seq_lengths as Enc) }],
  },
  rnn_seq_lengths_reverse: {
    make: () => nn.RNN({ cell: nn.LSTMCell({ features: 3 }), reverse: true, keepOrder: true }),
    args: ([x], c) => [x, { seqLengths: t(c.seq_lengths as Enc) }],
  },
  bidirectional: {
    make: () =>
      nn.Bidirectional({
        forwardRnn: nn.RNN({ cell: nn.LSTMCell({ features: 3 }) }),
        backwardRnn: nn.RNN({ cell: nn.GRUCell({ features: 3 }) }),
      }),
  },
  prelu: { make: () => nn.PReLU() },
  sequential: {
    make: () =>
      nn.Sequential({ layers: [nn.Dense({ features: 4 }), nn.relu, nn.Dense({ features: 2 })] }),
  },
};

// The raw inputs of LSTM cases are stored as stacked carries; keep them encoded for `args`.
const RAW_INPUT_CASES = new Set(['lstm_cell', 'optimized_lstm_cell', 'lstm_cell_carry']);

describe('layers match Flax (init(PRNGKey(0)) params within 1e-5, apply outputs)', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(name, () => {
      const c = gcase(name);
      const decoded = RAW_INPUT_CASES.has(name)
        ? [c.inputs[0], input(c.inputs[1] as EncTree)]
        : c.inputs.map(input);
      const args = spec.args ? spec.args(decoded, c) : decoded;
      const model = spec.make();
      const variables = model.init(random.PRNGKey(0), ...args);
      expect(shapeTree(variables)).toEqual(c.shapes);
      expectTreeClose(variables, c.variables, { rtol: 1e-5, atol: 1e-5 });
      const opts = {
        ...(spec.rngs ? { rngs: spec.rngs } : {}),
        ...(spec.mutable ? { mutable: spec.mutable } : {}),
      };
      const result = model.applyWith(variables, opts, ...args);
      const tol = spec.tol ?? { rtol: 1e-4, atol: 2e-5 };
      if (spec.mutable) {
        const [y, updates] = result as [unknown, nn.Variables];
        expectTreeClose(y, c.output as EncTree, tol);
        expectTreeClose(updates, c.updates as EncTree, tol);
      } else {
        expectTreeClose(result, c.output as EncTree, tol);
      }
    });
  }

  it('has a spec for every golden layer case', () => {
    const special = new Set(['embed_attend', 'mha_decode']);
    for (const c of golden.cases)
      if (!special.has(c.name)) expect(Object.keys(SPECS)).toContain(c.name);
  });

  it('embed_attend: Embed.attend via apply({ method })', () => {
    const c = gcase('embed_attend');
    const emb = nn.Embed({ numEmbeddings: 10, features: 4 });
    const variables = emb.init(random.PRNGKey(0), jnp.array([[1, 2, 0]], 'int32'));
    expectTreeClose(variables, c.variables, { rtol: 1e-5, atol: 1e-5 });
    const q = t(c.inputs[0] as Enc);
    expectTreeClose(emb.apply(variables, q, { method: 'attend' }), c.output as EncTree, {
      rtol: 1e-4,
      atol: 1e-5,
    });
    expectTreeClose(emb.apply(variables, q, { method: emb.attend }), c.output as EncTree, {
      rtol: 1e-4,
      atol: 1e-5,
    });
  });

  it('mha_decode: autoregressive cache, three one-step calls', () => {
    const c = gcase('mha_decode');
    const model = nn.MultiHeadDotProductAttention({ numHeads: 2, qkvFeatures: 4, decode: true });
    const xs = t(c.inputs[0] as Enc);
    const variables = model.init(random.PRNGKey(0), xs);
    expect(shapeTree(variables)).toEqual(c.shapes);
    expectTreeClose(variables, c.variables, { rtol: 1e-5, atol: 1e-5 });
    let vars: Record<string, unknown> = { ...variables };
    (c.steps ?? []).forEach((step, i) => {
      const x = jnp.getItem(xs, [jnp.slice(), jnp.slice(i, i + 1)]);
      const [y, upd] = model.apply(vars, x, { mutable: ['cache'] });
      expectTreeClose(y, step.output, { rtol: 1e-4, atol: 1e-5 });
      expect(((upd.cache as Record<string, unknown>).cache_index as Tensor).item()).toBe(
        step.cache_index,
      );
      vars = { ...vars, ...upd };
    });
  });
});

describe('attention functions match Flax', () => {
  const f = golden.attention_functions;
  const q = t(f.q as Enc);
  const k = t(f.k as Enc);
  const v = t(f.v as Enc);
  const mask = t(f.mask as Enc);
  const bias = t(f.bias as Enc);
  const tol = { rtol: 1e-4, atol: 1e-5 };
  it('dotProductAttentionWeights', () => {
    expectTreeClose(nn.dotProductAttentionWeights(q, k), f.weights as Enc, tol);
    expectTreeClose(
      nn.dotProductAttentionWeights(q, k, { bias, mask }),
      f.weights_mask_bias as Enc,
      tol,
    );
  });
  it('dotProductAttention (plain, masked, dropout with and without broadcast)', () => {
    expectTreeClose(nn.dotProductAttention(q, k, v), f.attention as Enc, tol);
    expectTreeClose(nn.dotProductAttention(q, k, v, { mask }), f.attention_mask as Enc, tol);
    const rng = random.PRNGKey(5);
    expectTreeClose(
      nn.dotProductAttention(q, k, v, { dropoutRng: rng, dropoutRate: 0.4 }),
      f.attention_dropout as Enc,
      tol,
    );
    expectTreeClose(
      nn.dotProductAttention(q, k, v, {
        dropoutRng: rng,
        dropoutRate: 0.4,
        broadcastDropout: false,
      }),
      f.attention_dropout_nobroadcast as Enc,
      tol,
    );
  });
  it('makeAttentionMask, makeCausalMask, combineMasks', () => {
    expectTreeClose(
      nn.makeAttentionMask(jnp.array([[1, 1, 0]]), jnp.array([[1, 0, 1, 1]])),
      f.make_attention_mask as Enc,
    );
    expectTreeClose(
      nn.makeAttentionMask(jnp.array([[1, 0]]), jnp.array([[1, 1]]), { extraBatchDims: 1 }),
      f.make_attention_mask_extra as Enc,
    );
    expectTreeClose(nn.makeCausalMask(jnp.ones([1, 4])), f.make_causal_mask as Enc);
    expectTreeClose(
      nn.combineMasks(
        nn.makeCausalMask(jnp.ones([1, 3])),
        null,
        nn.makeAttentionMask(jnp.array([[1, 1, 0]]), jnp.array([[1, 1, 0]])),
      ),
      f.combine_masks as Enc,
    );
    expect(nn.combineMasks(null, undefined)).toBeNull();
  });
});

describe('BatchNorm with axisName', () => {
  const bn = () => nn.BatchNorm({ useRunningAverage: false, axisName: 'batch' });

  it('skips the collective while initializing (rank-1 inputs have no reduction axes)', () => {
    const v = bn().init(random.PRNGKey(0), jnp.array([1, 2, 3]));
    expect(shapeTree(v)).toEqual({
      batch_stats: { mean: [3], var: [3] },
      params: { bias: [3], scale: [3] },
    });
  });

  it('averages the statistics with pmean over the named axis when training', () => {
    const v = bn().init(random.PRNGKey(0), jnp.ones([2, 3]));
    // Outside vmap the axis is unbound: the error shows that pmean is used.
    expect(() => bn().apply(v, jnp.ones([2, 3]), { mutable: ['batch_stats'] })).toThrow(
      /unbound axis name 'batch'/,
    );
    // Eval mode uses the running statistics and needs no collective.
    const y = nn
      .BatchNorm({ useRunningAverage: true, axisName: 'batch' })
      .apply(v, jnp.ones([2, 3]));
    expect(y.shape).toEqual([2, 3]);
  });

  it('computeStats: one pmean of the stacked [mean, mean of squares]', () => {
    const [m, var_] = nn.computeStats(
      jnp.array([
        [1, 2],
        [3, 6],
      ]),
      [0],
    );
    expect(m.toArray()).toEqual([2, 4]);
    expect(var_.toArray()).toEqual([1, 4]);
    const [, slow] = nn.computeStats(
      jnp.array([
        [1, 2],
        [3, 6],
      ]),
      [0],
      { useFastVariance: false },
    );
    expect(slow.toArray()).toEqual([1, 4]);
  });
});
