/**
 * Linen's apply composes with jit, grad and vmap: jitted apply equals apply, per-example
 * gradients with vmap(grad) equal a loop of grad, and a linen + optax training loop under jit
 * lowers the loss.
 */
import type { FrozenDict } from '@jaxts/frozendict';
import { grad, valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, random, type Tensor, tree } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';

type Vars = FrozenDict;

class MLP extends nn.Module<{ hidden: number }> {
  call(x: Tensor): Tensor {
    const h = nn.tanh(nn.Dense({ features: this.props.hidden }).call(x));
    return nn.Dense({ features: 1 }).call(h);
  }
}

const model = new MLP({ hidden: 8 });
const x = random.normal(random.PRNGKey(1), [6, 3]);
const y = random.normal(random.PRNGKey(2), [6, 1]);
const variables = model.init(random.PRNGKey(0), x);

const loss = (params: unknown, xb: Tensor, yb: Tensor): Tensor =>
  jnp.mean((model.apply({ params }, xb) as Tensor).sub(yb).square());

describe('linen under transformations', () => {
  it('jit(apply) equals apply, and the cache is hit on the second call', () => {
    const f = jit((v: Vars, xb: Tensor) => model.apply(v, xb) as Tensor);
    expect(f(variables, x)).toBeAllclose(model.apply(variables, x) as Tensor);
    f(variables, x);
    expect(f.traceCount).toBe(1);
  });

  it('vmap(grad(loss)) over examples equals a loop of grad', () => {
    const params = variables.get('params');
    const perExample = vmap(
      (xi: Tensor, yi: Tensor) => grad(loss)(params, xi.reshape([1, 3]), yi.reshape([1, 1])),
      { inAxes: [0, 0] },
    )(x, y);
    for (let i = 0; i < 6; i++) {
      const gi = grad(loss)(params, x.get(i).reshape([1, 3]), y.get(i).reshape([1, 1]));
      const batched = tree.map((g: Tensor) => g.get(i), perExample);
      tree.map(
        (a: Tensor, b: Tensor) => expect(a).toBeAllclose(b, { rtol: 1e-5, atol: 1e-6 }),
        batched,
        gi,
      );
    }
  });

  it('a jitted linen + optax training loop lowers the loss', () => {
    const tx = optax.adam(0.05);
    const step = jit((params: unknown, optState: ReturnType<typeof tx.init>) => {
      const [l, g] = valueAndGrad(loss)(params, x, y);
      const [updates, next] = tx.update(g, optState, params);
      return [optax.applyUpdates(params, updates), next, l] as const;
    });
    let params: unknown = variables.get('params');
    let optState = tx.init(params);
    let first = Number.NaN;
    let last = Number.NaN;
    for (let i = 0; i < 30; i++) {
      let l: Tensor;
      [params, optState, l] = step(params, optState);
      if (i === 0) first = l.item() as number;
      last = l.item() as number;
    }
    expect(last).toBeLessThan(first * 0.5);
  });
});
