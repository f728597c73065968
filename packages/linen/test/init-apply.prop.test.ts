/**
 * Laws of init/apply: init is deterministic given the key, parameter shapes are the declared
 * shapes, apply's output shape is the staged (abstract) output shape, and apply(init) is pure.
 */
import { fc, test } from '@fast-check/vitest';
import * as nn from '@jaxts/linen';
import { numpy as jnp, makeJaxpr, random, type Tensor } from '@jaxts/tensor';
import { expect } from 'vitest';
import { shapeTree } from './golden.ts';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const dim = fc.integer({ min: 1, max: 4 });

class MLP extends nn.Module<{ hidden: number; out: number }> {
  call(x: Tensor): Tensor {
    x = nn.relu(nn.Dense({ features: this.props.hidden }).call(x));
    x = nn.LayerNorm().call(x);
    return nn.Dense({ features: this.props.out }).call(x);
  }
}

function values(x: unknown): number[][] {
  const out: number[][] = [];
  const visit = (v: unknown): void => {
    if (v !== null && typeof v === 'object' && 'dataSync' in v)
      out.push(Array.from((v as Tensor).dataSync()));
    else if (v !== null && typeof v === 'object')
      for (const k of Object.keys(v).sort()) visit((v as Record<string, unknown>)[k]);
  };
  visit(x);
  return out;
}

test.prop([seed, dim, dim, dim, dim])('init is deterministic given the key', (s, b, i, h, o) => {
  const m = new MLP({ hidden: h, out: o });
  const x = jnp.ones([b, i]);
  expect(values(m.init(random.PRNGKey(s), x))).toEqual(values(m.init(random.PRNGKey(s), x)));
});

test.prop([seed, dim, dim, dim, dim])(
  'parameter shapes are the declared shapes',
  (s, b, i, h, o) => {
    const v = new MLP({ hidden: h, out: o }).init(random.PRNGKey(s), jnp.ones([b, i]));
    expect(shapeTree(v)).toEqual({
      params: {
        Dense_0: { bias: [h], kernel: [i, h] },
        LayerNorm_0: { bias: [h], scale: [h] },
        Dense_1: { bias: [o], kernel: [h, o] },
      },
    });
  },
);

test.prop([seed, dim, dim, dim, fc.integer({ min: 1, max: 3 })])(
  'apply output shape equals the abstractly staged output shape; apply is pure',
  (s, b, i, o, k) => {
    const m = nn.Conv({ features: o, kernelSize: [k] });
    const x = random.normal(random.PRNGKey(s), [b, 5, i]);
    const v = m.init(random.PRNGKey(s), x);
    const y = m.apply(v, x);
    const staged = makeJaxpr((xx: Tensor) => m.apply(v, xx))(x);
    expect(y.shape).toEqual(staged.outAvals[0]?.shape);
    expect(values(m.apply(v, x))).toEqual(values(y));
  },
);
