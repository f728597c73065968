/** The README's examples, run as written. */
import { numpy as jnp, makeJaxpr, random, type Tensor } from '@jaxts/tensor';
import { pmean, vmap } from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';

const W = random.normal(random.PRNGKey(0), [5, 3]);
const predict = (w: Tensor, x: Tensor) => jnp.tanh(jnp.matmul(x, w));

describe('README examples', () => {
  it('per-example predictions', () => {
    const xs = random.normal(random.PRNGKey(1), [128, 5]);
    const ys = vmap(predict, { inAxes: [null, 0] })(W, xs);
    expect(ys.shape).toEqual([128, 3]);
    expect(ys).toBeAllclose(jnp.tanh(jnp.matmul(xs, W)), { atol: 1e-6 });
  });

  it('inAxes / outAxes / axisSize / nesting', () => {
    const lossAndStats = vmap(
      (w: Tensor, x: Tensor, y: Tensor) => [predict(w, x).sub(y).square().sum(), pmean(x, 'batch')],
      { inAxes: [null, 0, 0], outAxes: [0, null], axisName: 'batch' },
    );
    const [loss, stats] = lossAndStats(W, jnp.ones([4, 5]), jnp.zeros([4, 3]));
    expect(loss?.shape).toEqual([4]);
    expect(stats?.toArray()).toEqual([1, 1, 1, 1, 1]);
    const cs = vmap((col: Tensor) => col.cumsum(), { inAxes: 1, outAxes: -1 })(jnp.ones([3, 4]));
    expect(cs.toArray()).toEqual([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
      [3, 3, 3, 3],
    ]);
    expect(vmap(() => random.normal(random.PRNGKey(0), [2]), { axisSize: 4 })().shape).toEqual([
      4, 2,
    ]);
    expect(
      vmap(vmap(predict, { inAxes: [null, 0] }), { inAxes: [null, 0] })(W, jnp.ones([2, 7, 5]))
        .shape,
    ).toEqual([2, 7, 3]);
  });

  it('BatchNorm-style normalization and random keys', () => {
    const normalize = vmap(
      (x: Tensor) => {
        const mean = pmean(x, 'b');
        const variance = pmean(x.sub(mean).square(), 'b');
        return x.sub(mean).div(variance.add(1e-5).sqrt());
      },
      { axisName: 'b' },
    );
    const out = normalize(random.normal(random.PRNGKey(2), [16, 3]));
    expect(jnp.mean(out, { axis: 0 })).toBeAllclose([0, 0, 0], { atol: 1e-5 });
    const keys = random.split(random.PRNGKey(0), 8);
    expect(vmap((k: Tensor) => random.normal(k, [3]))(keys).shape).toEqual([8, 3]);
  });

  it('makeJaxpr(vmap(matmul))', () => {
    const text = makeJaxpr(vmap(jnp.matmul))(jnp.ones([5, 2, 3]), jnp.ones([5, 3, 4])).toString();
    expect(text).toContain('dimension_numbers=(([2], [1]), ([0], [0]))');
  });
});
