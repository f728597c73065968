import { grad, jvp, valueAndGrad } from '@jaxts/grad';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

describe('grad smoke', () => {
  it('sin', () => {
    const x = jnp.array([0.1, 0.5, 1.0]);
    const g = grad((y: Tensor) => jnp.sin(y).sum())(x);
    expect(g).toBeAllclose(jnp.cos(x));
    const g3 = grad(grad(grad((y: Tensor) => jnp.sin(y))))(jnp.array(0.7));
    expect(g3).toBeAllclose(-Math.cos(0.7));
  });
  it('matmul mlp', () => {
    const w = jnp
      .array([
        [1, 2],
        [3, 4],
        [5, 6],
      ])
      .astype('float32');
    const x = jnp.array([[0.1, 0.2, 0.3]]);
    const f = (w: Tensor) => jnp.tanh(jnp.matmul(x, w)).sum();
    const [v, g] = valueAndGrad(f)(w);
    expect(v).toBeAllclose(f(w));
    const [, t] = jvp(f, [w], [jnp.onesLike(w)]) as [Tensor, Tensor];
    expect(t).toBeAllclose((g as Tensor).sum());
  });
});
