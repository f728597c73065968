// Activations and pooling against jax.nn / flax.linen (golden/activations.json).

import * as nn from '@jaxts/linen';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { type Enc, expectTreeClose, loadGolden, t } from './golden.ts';

const g = loadGolden<{
  x: Enc;
  x2: Enc;
  unary: Record<string, Enc>;
  matrix: Record<string, Enc>;
  one_hot: { idx: Enc; num_classes: number; value: Enc; value_axis0: Enc };
  pooling: Record<string, Enc>;
}>('activations.json');

const UNARY: Record<string, (x: Tensor) => Tensor> = {
  relu: nn.relu,
  relu6: nn.relu6,
  gelu: (x) => nn.gelu(x),
  gelu_exact: (x) => nn.gelu(x, false),
  silu: nn.silu,
  swish: nn.swish,
  sigmoid: nn.sigmoid,
  hard_sigmoid: nn.hardSigmoid,
  hard_silu: nn.hardSilu,
  hard_tanh: nn.hardTanh,
  tanh: nn.tanh,
  softplus: nn.softplus,
  soft_sign: nn.softSign,
  elu: (x) => nn.elu(x),
  'elu_0.5': (x) => nn.elu(x, 0.5),
  celu: (x) => nn.celu(x),
  celu_2: (x) => nn.celu(x, 2.0),
  selu: nn.selu,
  leaky_relu: (x) => nn.leakyRelu(x),
  'leaky_relu_0.2': (x) => nn.leakyRelu(x, 0.2),
  log_sigmoid: nn.logSigmoid,
  softmax: (x) => nn.softmax(x),
  log_softmax: (x) => nn.logSoftmax(x),
  standardize: (x) => nn.standardize(x),
};

const tol = { rtol: 1e-5, atol: 1e-6 };

describe('activations match jax.nn', () => {
  const x = t(g.x);
  for (const [name, f] of Object.entries(UNARY)) {
    it(name, () => expectTreeClose(f(x), g.unary[name] as Enc, tol));
  }
  it('covers every golden activation', () => {
    for (const k of Object.keys(g.unary)) expect(Object.keys(UNARY)).toContain(k);
  });

  const x2 = t(g.x2);
  it('glu, softmax/logSoftmax/standardize/logsumexp with axes', () => {
    const m = g.matrix;
    expectTreeClose(nn.glu(x2), m.glu as Enc, tol);
    expectTreeClose(nn.glu(jnp2(x2), 0), m.glu_axis0 as Enc, tol);
    expectTreeClose(nn.softmax(x2, { axis: 0 }), m.softmax_axis0 as Enc, tol);
    expectTreeClose(nn.softmax(x2, { axis: -1 }), m.softmax_axis1 as Enc, tol);
    expectTreeClose(nn.logSoftmax(x2, { axis: 1 }), m.log_softmax_axis1 as Enc, tol);
    expectTreeClose(nn.standardize(x2, { axis: 0 }), m.standardize_axis0 as Enc, {
      rtol: 1e-4,
      atol: 1e-5,
    });
    expectTreeClose(nn.logsumexp(x2, { axis: 1 }), m.logsumexp_axis1 as Enc, tol);
  });

  it('oneHot', () => {
    const idx = t(g.one_hot.idx);
    expectTreeClose(nn.oneHot(idx, 4), g.one_hot.value, tol);
    expectTreeClose(nn.oneHot(idx, 5, { axis: 0 }), g.one_hot.value_axis0, tol);
  });

  it('softmax with where masks entries out', () => {
    const w = nn.softmax(t(g.x2), { where: t(g.x2).greater(0) });
    const s = w.sum({ axis: -1 }).toArray() as number[];
    for (const v of s) expect(v).toBeCloseTo(1, 5);
  });
});

function jnp2(x: Tensor): Tensor {
  return jnp.concatenate([x, x.mul(0.5)], 0);
}

describe('pooling matches flax.linen', () => {
  const p = g.pooling;
  const x = t(p.x as Enc);
  it('avgPool (strides, SAME with and without counting padding, 1-D unbatched)', () => {
    expectTreeClose(nn.avgPool(x, [2, 2], { strides: [2, 2] }), p.avg_2x2_s2 as Enc, tol);
    expectTreeClose(
      nn.avgPool(x, [3, 3], { padding: 'SAME', countIncludePad: false }),
      p.avg_3x3_same_noinc as Enc,
      tol,
    );
    expectTreeClose(nn.avgPool(x, [3, 3], { padding: 'SAME' }), p.avg_3x3_same_inc as Enc, tol);
    const x1 = t(p.x as Enc);
    const unbatched = x1.get(0, jnp.slice(), 0, jnp.slice());
    expectTreeClose(nn.avgPool(unbatched, [2]), p.avg_1d_nobatch as Enc, tol);
  });
  it('maxPool and minPool', () => {
    expectTreeClose(
      nn.maxPool(x, [3, 3], { strides: [2, 2], padding: 'SAME' }),
      p.max_3x3_s2_same as Enc,
      tol,
    );
    expectTreeClose(
      nn.maxPool(x, [2, 2], {
        padding: [
          [1, 0],
          [0, 1],
        ],
      }),
      p.max_explicit as Enc,
      tol,
    );
    expectTreeClose(nn.minPool(x, [2, 2]), p.min_2x2 as Enc, tol);
  });
});
