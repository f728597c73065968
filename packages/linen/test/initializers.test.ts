// Initializers against jax.nn.initializers (golden/initializers.json), plus JAX's error messages.

import * as nn from '@jaxts/linen';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { type Enc, expectTreeClose, loadGolden } from './golden.ts';

const { initializers: I } = nn;

interface InitCase {
  readonly name: string;
  readonly shape: number[];
  readonly key: number[];
  readonly value: Enc;
}
const golden = loadGolden<{ cases: InitCase[]; errors: Record<string, string> }>(
  'initializers.json',
);

const INITS: Record<string, nn.Initializer> = {
  zeros: I.zeros,
  ones: I.ones,
  'constant_0.5': I.constant(0.5),
  'normal_0.02': I.normal(0.02),
  'uniform_0.1': I.uniform(0.1),
  'truncated_normal_0.05': I.truncatedNormal(0.05),
  lecun_normal: I.lecunNormal(),
  lecun_normal_k42: I.lecunNormal(),
  lecun_uniform: I.lecunUniform(),
  glorot_normal: I.glorotNormal(),
  glorot_uniform: I.glorotUniform(),
  xavier_uniform: I.xavierUniform(),
  he_normal_conv: I.heNormal(),
  he_uniform: I.heUniform(),
  kaiming_normal: I.kaimingNormal(),
  vs_2_fan_out_normal: I.varianceScaling(2.0, 'fan_out', 'normal'),
  vs_1_fan_geo_avg_uniform: I.varianceScaling(1.0, 'fan_geo_avg', 'uniform'),
  vs_batch_axis: I.varianceScaling(1.0, 'fan_avg', 'truncated_normal', {
    inAxis: 1,
    outAxis: 2,
    batchAxis: 0,
  }),
  vs_multi_axis: I.varianceScaling(0.5, 'fan_in', 'uniform', { inAxis: [0, 1], outAxis: -1 }),
  vs_embed: I.varianceScaling(1.0, 'fan_in', 'normal', { outAxis: 0 }),
  orthogonal_4x4: I.orthogonal(),
  orthogonal_3x5: I.orthogonal(),
  orthogonal_5x3: I.orthogonal(),
  orthogonal_2x3x4: I.orthogonal(),
  orthogonal_col0_scale2: I.orthogonal(2.0, 0),
  orthogonal_8x8: I.orthogonal(),
  delta_orthogonal: I.deltaOrthogonal(),
  delta_orthogonal_1d: I.deltaOrthogonal(),
};

function key(words: number[]): Tensor {
  return jnp.array(words, 'uint32');
}

describe('initializers match jax.nn.initializers', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const init = INITS[c.name];
      expect(init, `initializer for ${c.name}`).toBeDefined();
      const v = (init as nn.Initializer)(key(c.key), c.shape);
      // Orthogonal: CGS2 in float32 instead of LAPACK's Householder QR.
      const tol = c.name.includes('orthogonal')
        ? { rtol: 1e-4, atol: 1e-5 }
        : { rtol: 1e-5, atol: 1e-6 };
      expectTreeClose(v, c.value, tol);
    });
  }

  it('has an initializer for every golden case', () => {
    for (const c of golden.cases) expect(Object.keys(INITS)).toContain(c.name);
  });

  it("lecunNormal(PRNGKey(0)) of (3, 2) gives the inventory's kernel", () => {
    const k = I.lecunNormal()(random.foldIn(random.PRNGKey(0), 3213575472), [3, 2]);
    expect(k).toBeAllclose(
      [
        [0.04769871, -0.9522832],
        [-0.98568863, 0.44283277],
        [0.70222288, 0.53018653],
      ],
      { rtol: 1e-5 },
    );
  });

  it('orthogonal matrices are orthonormal', () => {
    const q = I.orthogonal()(random.PRNGKey(3), [6, 6]);
    expect(jnp.matmul(jnp.transpose(q), q)).toBeAllclose(jnp.eye(6), { atol: 1e-5 });
    const wide = I.orthogonal()(random.PRNGKey(4), [3, 7]);
    expect(jnp.matmul(wide, jnp.transpose(wide))).toBeAllclose(jnp.eye(3), { atol: 1e-5 });
  });

  it('keeps the truncated normal constant and rejects 1-D shapes like JAX', () => {
    expect(() => I.lecunNormal()(random.PRNGKey(0), [3])).toThrow(nn.InvalidModuleArgumentError);
    expect(() => I.lecunNormal()(random.PRNGKey(0), [3])).toThrow(golden.errors.vs_1d as string);
    expect(() => I.orthogonal()(random.PRNGKey(0), [3])).toThrow(
      golden.errors.orthogonal_1d as string,
    );
    // in_axis given explicitly: 1-D works (fan_in = fan_out = 3).
    expect(I.lecunNormal({ inAxis: 0, outAxis: 0 })(random.PRNGKey(0), [3]).shape).toEqual([3]);
  });

  it('computeFans follows _compute_fans (receptive field, batch axes)', () => {
    expect(I.computeFans([3, 3, 2, 4])).toEqual([18, 36]);
    expect(I.computeFans([2, 3, 4], { inAxis: 1, outAxis: 2, batchAxis: 0 })).toEqual([3, 4]);
    expect(I.computeFans([2, 3, 4], { inAxis: [0, 1] })).toEqual([6, 4]);
  });

  it('zerosInit/onesInit/constant keep dtypes', () => {
    expect(I.zerosInit()(random.PRNGKey(0), [2], 'int32').dtype).toBe('int32');
    expect(I.onesInit()(random.PRNGKey(0), [2]).toArray()).toEqual([1, 1]);
    expect(I.constant(3, 'int32')(random.PRNGKey(0), [2]).toArray()).toEqual([3, 3]);
    expect(() => I.normal()(random.PRNGKey(0), [2], 'int32')).toThrow(/float32/);
  });
});

describe('orthogonal under tracing (float32 Gram-Schmidt instead of host Householder)', () => {
  for (const name of ['orthogonal_4x4', 'orthogonal_3x5', 'orthogonal_2x3x4', 'orthogonal_8x8']) {
    it(`${name} inside jit`, () => {
      const c = golden.cases.find((x) => x.name === name) as InitCase;
      const f = jit((k: Tensor) => (INITS[name] as nn.Initializer)(k, c.shape));
      expectTreeClose(f(key(c.key)), c.value, { rtol: 1e-4, atol: 1e-5 });
    });
  }
  it('householderQ: orthonormal, positive-diagonal R', () => {
    const z = random.normal(random.PRNGKey(2), [4, 3]);
    const q = jnp.fromValues(I.householderQ(z.dataSync(), 4, 3), [4, 3], 'float32');
    expect(jnp.matmul(jnp.transpose(q), q)).toBeAllclose(jnp.eye(3), { atol: 1e-6 });
    expect(q).toBeAllclose(I.orthonormalColumns(z), { atol: 1e-5 });
  });
});

describe('orthonormalColumns', () => {
  it('is traceable QR: Q with positive diagonal R reproduces the matrix', () => {
    const z = random.normal(random.PRNGKey(9), [5, 3]);
    const q = I.orthonormalColumns(z);
    const r = jnp.matmul(jnp.transpose(q), z);
    expect(jnp.matmul(q, r)).toBeAllclose(z, { atol: 1e-5 });
    const diag = [0, 1, 2].map((i) => jnp.getItem(r, [i, i]).item() as number);
    for (const d of diag) expect(d).toBeGreaterThan(0);
    expectTreeClose(q, { shape: [5, 3], dtype: 'float32', data: Array.from(q.dataSync()) });
  });
});
