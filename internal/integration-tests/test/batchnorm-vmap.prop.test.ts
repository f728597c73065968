/**
 * BatchNorm with an axis name: applied inside vmap to single examples it gives the same outputs
 * and the same updated batch_stats as BatchNorm applied to the whole batch without vmap (the
 * statistics come from pmean over the named axis). Flax: test_vmap_batchnorm.
 */
import { fc, test } from '@fast-check/vitest';
import type { FrozenDict } from '@jaxts/frozendict';
import * as nn from '@jaxts/linen';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { expect } from 'vitest';

type Vars = FrozenDict;

const batchArb = fc
  .record({
    n: fc.integer({ min: 2, max: 6 }),
    f: fc.integer({ min: 1, max: 4 }),
    seed: fc.nat(1000),
    momentum: fc.constantFrom(0.9, 0.99, 0.5),
  })
  .chain(({ n, f, seed, momentum }) =>
    fc
      .array(fc.float({ min: -3, max: 3, noNaN: true }), { minLength: n * f, maxLength: n * f })
      .map((values) => ({ n, f, seed, momentum, values })),
  );

test.prop([batchArb])(
  'BatchNorm under vmap(axisName) equals BatchNorm over the batch',
  ({ n, f, seed, momentum, values }) => {
    const x = jnp.fromValues(values, [n, f], 'float32');
    const whole = nn.BatchNorm({ useRunningAverage: false, momentum, epsilon: 1e-5 });
    const named = nn.BatchNorm({
      useRunningAverage: false,
      momentum,
      epsilon: 1e-5,
      axisName: 'b',
    });
    const variables = whole.init(random.PRNGKey(seed), x);
    const [state, params] = variables.pop('params') as [Vars, Vars];
    // Perturb the parameters so scale and bias matter.
    const scale = jnp.linspace(0.5, 1.5, f);
    const p = { ...params.unfreeze(), scale, bias: scale.sub(1) };

    const [yWhole, statsWhole] = whole.apply({ params: p, ...state }, x, {
      mutable: ['batch_stats'],
    }) as [Tensor, Vars];
    const perExample = (xi: Tensor) =>
      named.apply({ params: p, ...state }, xi, { mutable: ['batch_stats'] });
    const [yVmap, statsVmap] = vmap(perExample, { outAxes: [0, null], axisName: 'b' })(
      x,
    ) as unknown as [Tensor, Vars];

    expect(yVmap).toBeAllclose(yWhole, { rtol: 1e-5, atol: 1e-5 });
    const a = statsWhole.get('batch_stats') as { get(k: string): Tensor };
    const b = statsVmap.get('batch_stats') as { get(k: string): Tensor };
    expect(b.get('mean')).toBeAllclose(a.get('mean'), { rtol: 1e-5, atol: 1e-6 });
    expect(b.get('var')).toBeAllclose(a.get('var'), { rtol: 1e-5, atol: 1e-6 });
  },
);
