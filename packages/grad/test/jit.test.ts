/**
 * grad / jvp / vjp / jacobians compose with jit in every order and give the unjitted numbers.
 * JAX: tests/api_test.py test_grad_of_jit, test_jit_of_grad, test_jit_hessian.
 */
import { grad, hessian, jacfwd, jacrev, jvp, linearize, valueAndGrad, vjp } from '@jaxts/grad';
import { jit, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';
import { logSoftmax } from './golden-functions.ts';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');

const loss = (w: Tensor, x: Tensor) => jnp.mean(jnp.square(jnp.tanh(jnp.matmul(x, w))));
const w = f32([
  [0.1, -0.2],
  [0.3, 0.4],
  [-0.5, 0.6],
]);
const x = f32([
  [1, 2, 3],
  [-1, 0.5, 0],
  [0.2, 0.1, -0.3],
  [2, -2, 1],
]);

describe('grad and jit', () => {
  const expected = grad(loss)(w, x);

  it('grad(jit(f)) = jit(grad(f)) = grad(f)', () => {
    expect(grad(jit(loss))(w, x)).toBeAllclose(expected, { atol: 1e-7 });
    expect(jit(grad(loss))(w, x)).toBeAllclose(expected, { atol: 1e-7 });
    const [v, g] = jit(valueAndGrad(loss))(w, x);
    expect(v).toBeAllclose(loss(w, x));
    expect(g).toBeAllclose(expected, { atol: 1e-7 });
  });

  it('nested jits, jit inside the differentiated function, argnums through jit', () => {
    expect(jit(grad(jit(loss)))(w, x)).toBeAllclose(expected, { atol: 1e-7 });
    expect(jit(jit(grad(loss)))(w, x)).toBeAllclose(expected, { atol: 1e-7 });
    const inner = jit((a: Tensor) => jnp.tanh(a));
    const f = (ww: Tensor, xx: Tensor) => jnp.mean(jnp.square(inner(jnp.matmul(xx, ww))));
    expect(grad(f)(w, x)).toBeAllclose(expected, { atol: 1e-7 });
    const gx = grad(loss, { argnums: 1 });
    expect(jit(gx)(w, x)).toBeAllclose(gx(w, x), { atol: 1e-7 });
  });

  it('second order through jit', () => {
    const f = (v: Tensor) => jnp.sum(logSoftmax(v).mul(f32([1, -2, 0.5])));
    const v = f32([0.3, -0.1, 2]);
    const h = hessian(f)(v);
    expect(hessian(jit(f))(v)).toBeAllclose(h, { atol: 1e-6 });
    expect(jit(hessian(f))(v)).toBeAllclose(h, { atol: 1e-6 });
    expect(grad(jit(grad((s: Tensor) => jnp.sin(s).mul(s))))(f32(0.4))).toBeAllclose(
      2 * Math.cos(0.4) - 0.4 * Math.sin(0.4),
      { atol: 1e-6 },
    );
  });

  it('jvp, vjp, linearize and jacobians of jitted functions', () => {
    const f = jit((a: Tensor) => jnp.exp(a).mul(jnp.sum(a)));
    const g = (a: Tensor) => jnp.exp(a).mul(jnp.sum(a));
    const a = f32([0.1, 0.2, 0.3]);
    const t = f32([1, 0, -1]);
    expect((jvp(f, [a], [t]) as Tensor[])[1]).toBeAllclose((jvp(g, [a], [t]) as Tensor[])[1]);
    expect(vjp(f, a)[1](t)[0]).toBeAllclose(vjp(g, a)[1](t)[0]);
    expect(linearize(f, a)[1](t)).toBeAllclose(linearize(g, a)[1](t));
    expect(jacfwd(f)(a)).toBeAllclose(jacrev(g)(a), { atol: 1e-6 });
    expect(jit(jacrev(g))(a)).toBeAllclose(jacfwd(g)(a), { atol: 1e-6 });
  });

  it('jit(grad(f)) traces once per signature', () => {
    const jg = jit(grad(loss));
    jg(w, x);
    jg(w.mul(2), x.add(1));
    expect(jg.traceCount).toBe(1);
    jg(w, jnp.getItem(x, jnp.slice(0, 2)));
    expect(jg.traceCount).toBe(2);
  });

  it('jit(vmap(grad(f))) and vmap(jit(grad(f)))', () => {
    const per = (ww: Tensor, row: Tensor) => jnp.square(jnp.sum(jnp.tanh(jnp.matmul(row, ww))));
    const expectedRows = vmap(grad(per), { inAxes: [null, 0] })(w, x);
    expect(jit(vmap(grad(per), { inAxes: [null, 0] }))(w, x)).toBeAllclose(expectedRows, {
      atol: 1e-7,
    });
    expect(vmap(jit(grad(per)), { inAxes: [null, 0] })(w, x)).toBeAllclose(expectedRows, {
      atol: 1e-7,
    });
    expect(jnp.getItem(expectedRows, 1)).toBeAllclose(grad(per)(w, jnp.getItem(x, 1)), {
      atol: 1e-7,
    });
  });
});
