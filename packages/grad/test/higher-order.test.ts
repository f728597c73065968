/**
 * Higher-order derivatives: nested grad, forward-over-reverse and reverse-over-forward, Hessians
 * through softmax / logSoftmax. JAX: tests/api_test.py (test_grad_of_grad, test_hessian),
 * lax_autodiff_test.py (check_grads order 2-3).
 */
import { grad, hessian, jacfwd, jacrev, jvp, valueAndGrad, vjp } from '@jaxts/grad';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { logSoftmax, softmax } from './golden-functions.ts';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');
type Fn = (x: Tensor) => Tensor;

describe('nested grad', () => {
  it('grad(grad(grad(sin))) = -cos', () => {
    const d3 = grad(grad(grad(jnp.sin as Fn)));
    for (const x of [-2, -0.3, 0, 0.7, 2.5])
      expect(d3(f32(x))).toBeAllclose(-Math.cos(x), { atol: 1e-6 });
  });

  it('grad(grad(tanh)) = -2 tanh (1 - tanh²)', () => {
    const d2 = grad(grad(jnp.tanh as Fn));
    for (const x of [-1.5, -0.2, 0, 0.4, 3]) {
      const t = Math.tanh(x);
      expect(d2(f32(x))).toBeAllclose(-2 * t * (1 - t * t), { atol: 1e-6 });
    }
  });

  it('fourth derivative of exp(2x) = 16 exp(2x)', () => {
    const d4 = grad(grad(grad(grad((x: Tensor) => jnp.exp(x.mul(2))))));
    expect(d4(f32(0.3))).toBeAllclose(16 * Math.exp(0.6), { rtol: 1e-5 });
  });

  it('derivatives of x^n by repeated grad', () => {
    let d: Fn = (x) => x.pow(5);
    const coeff = [5, 20, 60, 120, 120];
    const x = 1.3;
    for (let k = 0; k < 5; k++) {
      d = grad(d);
      expect(d(f32(x))).toBeAllclose((coeff[k] as number) * x ** (4 - k), { rtol: 1e-5 });
    }
    expect(grad(d)(f32(x))).toBeAllclose(0);
  });

  it('grad of valueAndGrad and of a function that calls grad inside', () => {
    // d/dx [x * f'(x)] with f = sin: f'(x) + x f''(x).
    const inner = grad(jnp.sin as Fn);
    const g = grad((x: Tensor) => x.mul(inner(x)));
    expect(g(f32(0.8))).toBeAllclose(Math.cos(0.8) - 0.8 * Math.sin(0.8), { atol: 1e-6 });
    const vg = grad((x: Tensor) => {
      const [v, d] = valueAndGrad((y: Tensor) => jnp.exp(y).mul(y))(x);
      return v.add(d);
    });
    // v = x e^x, d = (x+1) e^x, sum' = (x+1)e^x + (x+2)e^x.
    expect(vg(f32(0.5))).toBeAllclose((2 * 0.5 + 3) * Math.exp(0.5), { rtol: 1e-5 });
  });

  it('a closure over an outer tracer (perturbation confusion does not happen)', () => {
    // d/dx [ x * d/dy (x + y) ]_{y=1} = d/dx [x * 1] = 1 (Siskind & Pearlmutter).
    const f = (x: Tensor) => x.mul(grad((y: Tensor) => x.add(y))(f32(1)));
    expect(grad(f)(f32(3))).toBeAllclose(1);
  });
});

describe('forward and reverse compositions', () => {
  const f = (x: Tensor) => jnp.sum(jnp.sin(x).mul(x.pow(2)));
  const x = f32([0.3, -1.1, 2]);
  const expected = (() => {
    // Hessian of sum(sin(x) x²) is diagonal: (2 - x²) sin x + 4x cos x.
    const v = [0.3, -1.1, 2].map((t) => (2 - t * t) * Math.sin(t) + 4 * t * Math.cos(t));
    return [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? (v[i] as number) : 0)));
  })();

  it('hessian = jacfwd(jacrev) = jacrev(jacrev) = jacfwd(jacfwd) = jacrev(jacfwd)', () => {
    expect(hessian(f)(x)).toBeAllclose(expected, { atol: 1e-5 });
    expect(jacrev(jacrev(f))(x)).toBeAllclose(expected, { atol: 1e-5 });
    expect(jacfwd(jacfwd(f))(x)).toBeAllclose(expected, { atol: 1e-5 });
    expect(jacrev(jacfwd(f))(x)).toBeAllclose(expected, { atol: 1e-5 });
  });

  it('Hessian-vector products: forward-over-reverse, reverse-over-forward, reverse-over-reverse', () => {
    const v = f32([1, 2, -1]);
    const hv = jnp.matmul(f32(expected), v);
    const fwdRev = jvp(grad(f), [x], [v])[1] as Tensor;
    expect(fwdRev).toBeAllclose(hv, { atol: 1e-5 });
    const revFwd = grad((y: Tensor) => jvp(f, [y], [v])[1] as Tensor)(x);
    expect(revFwd).toBeAllclose(hv, { atol: 1e-5 });
    const revRev = grad((y: Tensor) => jnp.sum(grad(f)(y).mul(v)))(x);
    expect(revRev).toBeAllclose(hv, { atol: 1e-5 });
    const [, pullback] = vjp(grad(f), x);
    expect(pullback(v)[0]).toBeAllclose(hv, { atol: 1e-5 });
  });
});

describe('Hessians', () => {
  it('hessian of sum(x³) = diag(6x) (JAX: diag(0, 6, 12) at arange(3))', () => {
    const h = hessian((x: Tensor) => jnp.sum(x.pow(3)));
    expect(h(jnp.arange(3, undefined, undefined, 'float32'))).toBeAllclose([
      [0, 0, 0],
      [0, 6, 0],
      [0, 0, 12],
    ]);
    const x = f32([
      [1, -2],
      [0.5, 3],
    ]);
    const hx = h(x) as Tensor;
    expect(hx.shape).toEqual([2, 2, 2, 2]);
    const diag = jnp.reshape(hx, [4, 4]);
    const flat = x.reshape([4]).mul(6).toArray() as number[];
    expect(diag).toBeAllclose(
      [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? (flat[i] as number) : 0))),
    );
  });

  // Analytic second derivatives: with s = softmax(x),
  // d²(w·s)/dx_i dx_j = s_i (w_i - w·s)(δij - s_j) - s_i s_j (w_j - w·s),
  // d²(w·logSoftmax(x))/dx_i dx_j = -W (δij s_i - s_i s_j) with W = Σw.
  const xs = [0.2, -1.3, 2.1, 0.5];
  const ws = [1, -2, 0.5, 3];
  const s = (() => {
    const m = Math.max(...xs);
    const e = xs.map((v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / z);
  })();
  const ws_ = ws.reduce((a, w, i) => a + w * (s[i] as number), 0);

  it('second derivatives through softmax (composed from exp and logsumexp)', () => {
    const expected = xs.map((_, i) =>
      xs.map((__, j) => {
        const si = s[i] as number;
        const sj = s[j] as number;
        const d = i === j ? 1 : 0;
        return si * ((ws[i] as number) - ws_) * (d - sj) - si * sj * ((ws[j] as number) - ws_);
      }),
    );
    const f = (x: Tensor) => jnp.sum(softmax(x).mul(f32(ws)));
    expect(hessian(f)(f32(xs))).toBeAllclose(expected, { atol: 1e-5 });
    expect(jacrev(grad(f))(f32(xs))).toBeAllclose(expected, { atol: 1e-5 });
  });

  it('second derivatives through logSoftmax', () => {
    const wsum = ws.reduce((a, b) => a + b, 0);
    const expected = xs.map((_, i) =>
      xs.map(
        (__, j) => -wsum * ((i === j ? (s[i] as number) : 0) - (s[i] as number) * (s[j] as number)),
      ),
    );
    const f = (x: Tensor) => jnp.sum(logSoftmax(x).mul(f32(ws)));
    expect(hessian(f)(f32(xs))).toBeAllclose(expected, { atol: 1e-5 });
  });

  it('Hessians are symmetric for a function of a matrix', () => {
    const f = (m: Tensor) => jnp.sum(jnp.tanh(jnp.matmul(m, m)));
    const h = jnp.reshape(
      hessian(f)(
        f32([
          [0.1, 0.2],
          [-0.3, 0.4],
        ]),
      ) as Tensor,
      [4, 4],
    );
    expect(h).toBeAllclose(h.T, { atol: 1e-6 });
  });
});
