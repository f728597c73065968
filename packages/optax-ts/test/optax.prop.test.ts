// Laws of the protocol on random small parameter trees (fast-check): one sgd step is
// `p - lr * g`, `chain(identity(), t)` behaves like `t`, `scale(1)` is a no-op, applying zero
// updates keeps the params, and clipByGlobalNorm bounds the global norm.

import { fc, test } from '@fast-check/vitest';
import * as optax from '@jaxts/optax-ts';
import { numpy as jnp, type Tensor, tree } from '@jaxts/tensor';
import { expect } from 'vitest';

type Params = Record<string, Tensor>;

const value = fc.float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
const leaf = fc.oneof(
  value.map((v) => [v] as number[]),
  fc.array(value, { minLength: 1, maxLength: 4 }),
);
// A params tree and a gradient tree of the same shapes.
const problem = fc
  .dictionary(fc.stringMatching(/^[a-z]{1,3}$/), leaf, { minKeys: 1, maxKeys: 3 })
  .chain((spec) =>
    fc
      .tuple(
        ...Object.values(spec).map((v) =>
          fc.array(value, { minLength: v.length, maxLength: v.length }),
        ),
      )
      .map((gs) => {
        const keys = Object.keys(spec);
        const params: Params = {};
        const grads: Params = {};
        keys.forEach((k, i) => {
          params[k] = jnp.array(spec[k] as number[], 'float32');
          grads[k] = jnp.array(gs[i] as number[], 'float32');
        });
        return { params, grads };
      }),
  );
const lr = fc.float({ min: Math.fround(-1), max: 1, noNaN: true });

const arrays = (t: unknown) => tree.leaves(t).map((x) => (x as Tensor).toArray());

test.prop([problem, lr])('one sgd step is p - lr * g', ({ params, grads }, rate) => {
  const opt = optax.sgd(rate);
  const [updates] = opt.update(grads, opt.init(params), params);
  const next = optax.applyUpdates(params, updates);
  for (const k of Object.keys(params)) {
    const expected = (params[k] as Tensor).sub((grads[k] as Tensor).mul(rate));
    expect(next[k]).toBeAllclose(expected);
  }
});

test.prop([problem])('chain(identity(), t) behaves like t', ({ params, grads }) => {
  const t = optax.scaleByAdam();
  const c = optax.chain(optax.identity(), optax.scaleByAdam());
  let s1 = t.init(params);
  let s2 = c.init(params);
  for (let i = 0; i < 2; i++) {
    const [u1, n1] = t.update(grads, s1, params);
    const [u2, n2] = c.update(grads, s2, params);
    expect(arrays(u2)).toEqual(arrays(u1));
    s1 = n1;
    s2 = n2;
  }
});

test.prop([problem])(
  'scale(1) is a no-op and zero updates keep the params',
  ({ params, grads }) => {
    const [u] = optax.scale(1).update(grads, {});
    expect(arrays(u)).toEqual(arrays(grads));
    // p + 0 is p, except that IEEE addition turns -0 into +0 (as in JAX): compare with ==.
    const flatValues = (t: unknown): number[] =>
      tree.leaves(t).flatMap((x) => Array.from((x as Tensor).dataSync()));
    const kept = flatValues(optax.applyUpdates(params, optax.tree.zerosLike(params)));
    const before = flatValues(params);
    expect(kept.length).toBe(before.length);
    kept.forEach((v, i) => {
      expect(v === before[i]).toBe(true);
    });
  },
);

test.prop([problem, fc.float({ min: Math.fround(0.1), max: 5, noNaN: true })])(
  'clipByGlobalNorm bounds the global norm',
  ({ grads }, maxNorm) => {
    const [u] = optax.clipByGlobalNorm(maxNorm).update(grads, {});
    const norm = optax.globalNorm(u).item() as number;
    expect(norm).toBeLessThanOrEqual(maxNorm * (1 + 1e-5) + 1e-6);
    if ((optax.globalNorm(grads).item() as number) < maxNorm)
      expect(arrays(u)).toEqual(arrays(grads));
  },
);
