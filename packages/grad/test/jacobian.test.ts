/**
 * jacfwd / jacrev / hessian: JAX's layout (out.shape + in.shape, output structure outside, input
 * structure inside), argnums, hasAux, ranks 0-3, empty arrays. JAX: tests/api_test.py
 * test_jacobian, test_jacobian_on_pytrees, test_hessian_on_pytrees, test_jacfwd_and_aux_*.
 */
import { grad, hessian, jacfwd, jacobian, jacrev } from '@jaxts/grad';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from './check.ts';
import { arr } from './primitive-cases.ts';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');

describe('layout', () => {
  it('outer(x, x): shape [3, 3, 3], forward equals reverse', () => {
    const f = (x: Tensor) => jnp.outer(x, x);
    const x = f32([1, 2, 3]);
    const jf = jacfwd(f)(x) as Tensor;
    expect(jf.shape).toEqual([3, 3, 3]);
    expect(jacrev(f)(x)).toBeAllclose(jf);
    expect(jacobian(f)(x)).toBeAllclose(jf);
    // d(x_i x_j)/dx_k = δik x_j + x_i δjk.
    expect(jnp.getItem(jf, [0, 1])).toBeAllclose([2, 1, 0]);
  });

  it('every rank pair: out.shape + in.shape, equal to the finite-difference Jacobian', () => {
    const shapes: [number[], number[]][] = [
      [[], []],
      [[2], []],
      [[], [3]],
      [[2, 1], [3]],
      [[2], [2, 2, 1]],
    ];
    for (const [sIn, sOut] of shapes) {
      const n = sOut.reduce((a, b) => a * b, 1);
      const m = sIn.reduce((a, b) => a * b, 1);
      const mat = jnp.reshape(jnp.arange(n * m, undefined, undefined, 'float32').mul(0.1), [n, m]);
      const f = (x: Tensor) => jnp.reshape(jnp.sin(jnp.matmul(mat, jnp.reshape(x, [m]))), sOut);
      const x = jnp.reshape(jnp.linspace(-1, 1, m), sIn);
      const jf = jacfwd(f)(x) as Tensor;
      const jr = jacrev(f)(x) as Tensor;
      expect(jf.shape).toEqual([...sOut, ...sIn]);
      expect(jr.shape).toEqual([...sOut, ...sIn]);
      expect(jr).toBeAllclose(jf, { atol: 1e-6 });
      // Chain rule by hand: cos(Mx)_i M_ij.
      const c = jnp.cos(jnp.matmul(mat, jnp.reshape(x, [m])));
      const manual = jnp.reshape(jnp.getItem(c, [jnp.slice(), null]).mul(mat), [...sOut, ...sIn]);
      expect(jf).toBeAllclose(manual, { atol: 1e-6 });
    }
  });

  it('pytree inputs and outputs: output structure outside, input structure inside', () => {
    const f = (p: { a: Tensor; b: Tensor }) => ({ sum: jnp.sum(p.a).mul(p.b), prod: [p.a.mul(2)] });
    const p = { a: f32([1, 2]), b: f32(3) };
    for (const jac of [jacfwd(f)(p), jacrev(f)(p)] as {
      sum: { a: Tensor; b: Tensor };
      prod: [{ a: Tensor; b: Tensor }];
    }[]) {
      // Dict keys come back sorted, as pytree flattening orders them (JAX does the same).
      expect(Object.keys(jac)).toEqual(['prod', 'sum']);
      expect(jac.sum.a.shape).toEqual([2]);
      expect(jac.sum.a).toBeAllclose([3, 3]);
      expect(jac.sum.b.shape).toEqual([]);
      expect(jac.sum.b).toBeAllclose(3);
      expect(jac.prod[0].a).toBeAllclose([
        [2, 0],
        [0, 2],
      ]);
      expect(jac.prod[0].b.shape).toEqual([2]);
      expect(jac.prod[0].b).toBeAllclose([0, 0]);
    }
  });

  it('argnums: a number gives the argument structure, a list a tuple per output leaf', () => {
    const f = (x: Tensor, y: Tensor) => x.mul(y);
    const x = f32([1, 2]);
    const y = f32([3, 4]);
    expect(jacfwd(f, { argnums: 1 })(x, y)).toBeAllclose([
      [1, 0],
      [0, 2],
    ]);
    const both = jacrev(f, { argnums: [0, 1] })(x, y) as [Tensor, Tensor];
    expect(both).toHaveLength(2);
    expect(both[0]).toBeAllclose([
      [3, 0],
      [0, 4],
    ]);
    expect(both[1]).toBeAllclose([
      [1, 0],
      [0, 2],
    ]);
    const h = hessian((a: Tensor, b: Tensor) => jnp.sum(a.mul(a).mul(b)), { argnums: [0, 1] })(
      x,
      y,
    ) as Tensor[][];
    // [[d²/da², d²/dadb], [d²/dbda, d²/db²]].
    expect(h[0]?.[0]).toBeAllclose([
      [6, 0],
      [0, 8],
    ]);
    expect(h[0]?.[1]).toBeAllclose([
      [2, 0],
      [0, 4],
    ]);
    expect(h[1]?.[0]).toBeAllclose([
      [2, 0],
      [0, 4],
    ]);
    expect(h[1]?.[1]).toBeAllclose([
      [0, 0],
      [0, 0],
    ]);
  });

  it('numbers are float32 scalars; empty arrays give empty Jacobians', () => {
    expect(jacfwd((x: Tensor) => x.mul(x))(3)).toBeAllclose(6);
    expect(jacrev((x: Tensor) => x.mul(x))(3)).toBeAllclose(6);
    const e = jacfwd((x: Tensor) => jnp.sin(x))(jnp.zeros([0])) as Tensor;
    expect(e.shape).toEqual([0, 0]);
    const e2 = jacrev((x: Tensor) => jnp.concatenate([jnp.sin(x), f32([1])]))(
      jnp.zeros([0]),
    ) as Tensor;
    expect(e2.shape).toEqual([1, 0]);
    const e3 = jacrev((x: Tensor) => jnp.getItem(x, jnp.slice(0, 0)))(f32([1, 2])) as Tensor;
    expect(e3.shape).toEqual([0, 2]);
  });
});

describe('hasAux', () => {
  const f = (x: Tensor) => [jnp.sin(x), { mean: jnp.mean(x), label: 'aux' }] as const;
  const x = f32([0.1, 0.5]);

  it('jacfwd / jacrev return [jacobian, aux] with aux as values, not tracers', () => {
    for (const jac of [jacfwd, jacrev]) {
      const [j, aux] = jac(f, { hasAux: true })(x) as [Tensor, { mean: Tensor; label: string }];
      expect(j).toBeAllclose(jnp.multiply(jnp.eye(2), jnp.cos(x)));
      expect(aux.label).toBe('aux');
      expect(aux.mean).toBeAllclose(0.3);
      expect(aux.mean.toArray()).toBeCloseTo(0.3);
    }
  });

  it('hessian with hasAux', () => {
    const g = (v: Tensor) => [jnp.sum(v.pow(3)), v.mul(2)] as const;
    const [h, aux] = hessian(g, { hasAux: true })(f32([1, 2])) as [Tensor, Tensor];
    expect(h).toBeAllclose([
      [6, 0],
      [0, 12],
    ]);
    expect(aux).toBeAllclose([2, 4]);
  });

  it('grad with hasAux returns aux values after the trace ended', () => {
    const [g, aux] = grad((v: Tensor) => [jnp.sum(v.mul(v)), { sq: v.mul(v) }] as const, {
      hasAux: true,
    })(f32([1, 3]));
    expect(g).toBeAllclose([2, 6]);
    expect(aux.sq.toArray()).toEqual([1, 9]);
  });
});

describe('properties', () => {
  const gen = fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
      fc.integer({ min: 1, max: 3 }),
    )
    .chain(([s, k]) => fc.tuple(arr(s, -2, 2), fc.constant(k)));
  const mapOf = (k: number, size: number) => {
    const w = jnp.reshape(jnp.linspace(-1, 1, k * size), [k, size]);
    return (v: Tensor) => {
      const flat = jnp.reshape(v, [size]);
      return jnp.tanh(jnp.matmul(w, flat)).mul(jnp.sum(flat));
    };
  };

  it('jacfwd = jacrev on random shapes', () => {
    fc.assert(
      fc.property(gen, ([a, k]) => {
        const x = jnp.fromValues([...a.data], [...a.shape], 'float32');
        const f = mapOf(k, x.size);
        const jf = jacfwd(f)(x) as Tensor;
        expect(jf.shape).toEqual([k, ...x.shape]);
        expect(jacrev(f)(x)).toBeAllclose(jf, { atol: 1e-5 });
      }),
    );
  });

  it('the Jacobians are themselves differentiable like a primitive (JVP vs finite differences, transpose)', () => {
    const samples = gen.map(([a, k]) => ({
      note: `jacobians of a map [${a.shape}] → [${k}]`,
      args: [a],
      f: (x: Tensor) => {
        const f = mapOf(k, x.size);
        return [f(x), jacfwd(f)(x) as Tensor, jacrev(f)(x) as Tensor];
      },
    }));
    checkProperty(samples, { numRuns: 10 });
  });
});
