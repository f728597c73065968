/**
 * The public differentiation API on pytrees: grad / valueAndGrad (argnums, hasAux), jvp, vjp,
 * linearize, stopGradient. JAX: tests/api_test.py (test_grad_*, test_jvp_*, test_vjp_*,
 * test_linearize*).
 */
import { FrozenDict, freeze } from '@jaxts/frozendict';
import { grad, jvp, linearize, stopGradient, valueAndGrad, vjp } from '@jaxts/grad';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');

describe('grad and valueAndGrad', () => {
  it('differentiate scalar functions of arrays', () => {
    const x = f32([0.5, -1, 2]);
    expect(grad((y: Tensor) => jnp.sum(jnp.sin(y)))(x)).toBeAllclose(jnp.cos(x));
    const [v, g] = valueAndGrad((y: Tensor) => jnp.sum(y.mul(y)))(x);
    expect(v).toBeAllclose(5.25);
    expect(g).toBeAllclose([1, -2, 4]);
  });

  it('differentiate JavaScript numbers as float32 scalars', () => {
    const g = grad((x: Tensor) => x.mul(x).mul(x))(2 as unknown as Tensor);
    expect(g.dtype).toBe('float32');
    expect(g.shape).toEqual([]);
    expect(g).toBeAllclose(12);
  });

  it('argnums selects the argument; a list gives a tuple of gradients', () => {
    const f = (x: Tensor, y: Tensor, z: Tensor) => jnp.sum(x.mul(y).add(z.mul(3)));
    const x = f32([1, 2]);
    const y = f32([3, 4]);
    const z = f32([5, 6]);
    expect(grad(f)(x, y, z)).toBeAllclose(y);
    expect(grad(f, { argnums: 1 })(x, y, z)).toBeAllclose(x);
    const gs = grad(f, { argnums: [2, 0] })(x, y, z) as Tensor[];
    expect(gs).toHaveLength(2);
    expect(gs[0]).toBeAllclose([3, 3]);
    expect(gs[1]).toBeAllclose(y);
    // A one-element list still gives a tuple (JAX: argnums=(0,)).
    const one = grad(f, { argnums: [0] })(x, y, z) as Tensor[];
    expect(one).toHaveLength(1);
    // Negative argnums count from the end.
    expect(grad(f, { argnums: -1 })(x, y, z)).toBeAllclose([3, 3]);
  });

  it('hasAux passes aux through: grad → [g, aux], valueAndGrad → [[value, aux], g]', () => {
    const f = (x: Tensor) => [jnp.sum(x.mul(x)), { n: x.size, doubled: x.mul(2) }] as const;
    const x = f32([1, 2, 3]);
    const [g, aux] = grad(f, { hasAux: true })(x);
    expect(g).toBeAllclose([2, 4, 6]);
    expect(aux.n).toBe(3);
    expect(aux.doubled).toBeAllclose([2, 4, 6]);
    const [[value, aux2], g2] = valueAndGrad(f, { hasAux: true })(x);
    expect(value).toBeAllclose(14);
    expect(aux2.doubled).toBeAllclose([2, 4, 6]);
    expect(g2).toBeAllclose(g);
  });

  it('the seed pattern: valueAndGrad(loss, { hasAux: true })(params) with a state update', () => {
    const loss = (params: { w: Tensor; b: Tensor }, state: { count: Tensor }) => {
      const l = jnp.sum(jnp.square(params.w.mul(2).add(params.b)));
      return [l, { count: state.count.add(1) }] as const;
    };
    const params = { w: f32([1, -1]), b: f32(0.5) };
    const [[l, updated], grads] = valueAndGrad(loss, { hasAux: true })(params, {
      count: jnp.array(0, 'int32'),
    });
    expect(l).toBeAllclose(8.5);
    expect(updated.count).toBeAllclose(1);
    expect(grads.w).toBeAllclose([10, -6]);
    expect(grads.b).toBeAllclose(2);
  });

  it('gradients have the structure of the argument: objects, arrays, FrozenDicts, null leaves', () => {
    const p = { a: f32([1, 2]), b: [f32(3), { c: f32([[1], [2]]) }], skip: null };
    const f = (q: typeof p) =>
      jnp
        .sum(q.a)
        .mul(q.b[0] as Tensor)
        .add(jnp.sum(jnp.square((q.b[1] as { c: Tensor }).c)));
    const g = grad(f)(p);
    expect(Object.keys(g)).toEqual(['a', 'b', 'skip']);
    expect(g.skip).toBeNull();
    expect(g.a).toBeAllclose([3, 3]);
    expect(g.b[0]).toBeAllclose(3);
    expect((g.b[1] as { c: Tensor }).c).toBeAllclose([[2], [4]]);

    const frozen = freeze({ params: { w: f32([1, 2]) } });
    const gf = grad((v: typeof frozen) => jnp.sum(jnp.square(v.params.w)))(frozen);
    expect(gf).toBeInstanceOf(FrozenDict);
    expect(gf.params.w).toBeAllclose([2, 4]);
  });

  it('gradients keep the input dtype and shape, and the value is a float32 scalar', () => {
    const [v, g] = valueAndGrad((x: Tensor) => jnp.mean(x))(jnp.ones([2, 3]));
    expect(v.shape).toEqual([]);
    expect(v.dtype).toBe('float32');
    expect(g.shape).toEqual([2, 3]);
    expect(g).toBeAllclose(jnp.full([2, 3], 1 / 6));
  });

  it('a constant function has zero gradients', () => {
    expect(grad((_x: Tensor) => jnp.array(2, 'float32'))(f32([1, 2]))).toBeAllclose([0, 0]);
    expect(grad((_x: Tensor) => 3)(f32(1))).toBeAllclose(0);
  });

  it('closures over arrays are constants', () => {
    const w = f32([2, 3]);
    expect(grad((x: Tensor) => jnp.sum(x.mul(w)))(f32([1, 1]))).toBeAllclose(w);
  });
});

describe('stopGradient', () => {
  it('JAX: grad(x => stopGradient(x) * x)(3) = 3', () => {
    expect(grad((x: Tensor) => stopGradient(x).mul(x))(f32(3))).toBeAllclose(3);
  });
  it('blocks whole subexpressions', () => {
    const f = (x: Tensor) => jnp.sum(stopGradient(jnp.exp(x)).mul(x).add(jnp.sin(x)));
    const x = f32([0.1, 0.2]);
    expect(grad(f)(x)).toBeAllclose(jnp.exp(x).add(jnp.cos(x)));
  });
});

describe('jvp', () => {
  it('returns [primalsOut, tangentsOut] for pytrees of arrays', () => {
    const f = (p: { x: Tensor; y: Tensor }) => ({ s: jnp.sin(p.x), prod: p.x.mul(p.y) });
    const x = f32([0, 1]);
    const y = f32([2, 3]);
    const [out, tan] = jvp(f, [{ x, y }], [{ x: f32([1, 1]), y: f32([0, 1]) }]) as [
      { s: Tensor; prod: Tensor },
      { s: Tensor; prod: Tensor },
    ];
    expect(out.s).toBeAllclose(jnp.sin(x));
    expect(tan.s).toBeAllclose(jnp.cos(x));
    expect(tan.prod).toBeAllclose([2, 4]);
  });

  it('several primals, numbers as float32', () => {
    const [out, tan] = jvp((a: Tensor, b: Tensor) => a.mul(b), [2, 3], [1, 0]) as [Tensor, Tensor];
    expect(out).toBeAllclose(6);
    expect(tan).toBeAllclose(3);
    expect(tan.dtype).toBe('float32');
  });

  it('hasAux returns [primalsOut, tangentsOut, aux]', () => {
    const r = jvp((x: Tensor) => [x.mul(x), { twice: x.mul(2) }], [3], [1], { hasAux: true });
    expect(r).toHaveLength(3);
    const [out, tan, aux] = r as [Tensor, Tensor, { twice: Tensor }];
    expect(out).toBeAllclose(9);
    expect(tan).toBeAllclose(6);
    expect(aux.twice).toBeAllclose(6);
  });

  it('outputs that do not depend on the inputs get zero tangents', () => {
    const [out, tan] = jvp(
      (_x: Tensor) => [f32([1, 2]), jnp.array([1, 2], 'int32')],
      [f32(1)],
      [f32(1)],
    ) as [Tensor[], Tensor[]];
    expect(out[0]).toBeAllclose([1, 2]);
    expect(tan[0]).toBeAllclose([0, 0]);
    expect(tan[1]).toBeAllclose([0, 0]);
  });
});

describe('linearize', () => {
  it('returns the value and the linear map, reusable for several tangents', () => {
    const f = (x: Tensor) => jnp.sin(x).mul(x);
    const x = f32([0.3, 1.2]);
    const [out, fJvp] = linearize(f, x);
    expect(out).toBeAllclose(f(x));
    const d = jnp.cos(x).mul(x).add(jnp.sin(x));
    expect(fJvp(f32([1, 0]))).toBeAllclose(d.mul(f32([1, 0])));
    expect(fJvp(f32([2, 3]))).toBeAllclose(d.mul(f32([2, 3])));
  });

  it('agrees with jvp on pytrees of several arguments', () => {
    const f = (a: Tensor, b: { c: Tensor }) => [jnp.tanh(a.mul(b.c)), jnp.sum(a)];
    const a = f32([0.1, 0.2]);
    const b = { c: f32([1, -1]) };
    const ta = f32([1, 2]);
    const tb = { c: f32([0.5, 0.5]) };
    const [, fJvp] = linearize(f, a, b);
    const [, viaJvp] = jvp(f, [a, b], [ta, tb]) as [Tensor[], Tensor[]];
    const viaLin = fJvp(ta, tb) as Tensor[];
    expect(viaLin[0]).toBeAllclose(viaJvp[0]);
    expect(viaLin[1]).toBeAllclose(viaJvp[1]);
  });
});

describe('vjp', () => {
  it('vjpFn returns one cotangent per primal', () => {
    const f = (x: Tensor, y: Tensor) => x.mul(y);
    const [out, vjpFn] = vjp(f, f32([1, 2]), f32([3, 4]));
    expect(out).toBeAllclose([3, 8]);
    const cts = vjpFn(f32([1, 10]));
    expect(cts).toHaveLength(2);
    expect(cts[0]).toBeAllclose([3, 40]);
    expect(cts[1]).toBeAllclose([1, 20]);
  });

  it('pytree outputs take pytree cotangents', () => {
    const f = (p: { a: Tensor }) => ({ u: p.a.mul(2), v: [jnp.sum(p.a)] });
    const [, vjpFn] = vjp(f, { a: f32([1, 2]) });
    const [ct] = vjpFn({ u: f32([1, 1]), v: [f32(3)] }) as [{ a: Tensor }];
    expect(ct.a).toBeAllclose([5, 5]);
  });

  it('a trailing { hasAux: true } returns [out, vjpFn, aux]', () => {
    const r = vjp((x: Tensor) => [x.mul(x), 'aux-value'], f32(3), { hasAux: true });
    expect(r).toHaveLength(3);
    const [out, vjpFn, aux] = r as [Tensor, (ct: unknown) => Tensor[], string];
    expect(out).toBeAllclose(9);
    expect(aux).toBe('aux-value');
    expect(vjpFn(f32(1))[0]).toBeAllclose(6);
  });

  it('integer primals get zero cotangents', () => {
    const [, vjpFn] = vjp(
      (x: Tensor, n: Tensor) => x.mul(n.astype('float32')),
      f32(2),
      jnp.array(3, 'int32'),
    );
    const [cx, cn] = vjpFn(f32(1));
    expect(cx).toBeAllclose(3);
    expect(cn).toBeAllclose(0);
    expect((cn as Tensor).dtype).toBe('int32');
  });

  it('the pullback can be applied many times', () => {
    const [, vjpFn] = vjp((x: Tensor) => jnp.exp(x), f32([0, 1]));
    expect(vjpFn(f32([1, 0]))[0]).toBeAllclose([1, 0]);
    expect(vjpFn(f32([0, 2]))[0]).toBeAllclose([0, 2 * Math.E]);
  });
});
