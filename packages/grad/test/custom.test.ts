/**
 * customJvp / customVjp under grad, jvp, vjp, higher order, jit and vmap. JAX: tests/api_test.py
 * CustomJVPTest / CustomVJPTest (test_basic, test_nondiff_arg, test_jit, test_vmap,
 * test_hessian, test_pytrees).
 */
import {
  customJvp,
  customVjp,
  grad,
  hessian,
  jacrev,
  jvp,
  linearizeFlat,
  valueAndGrad,
  vjp,
} from '@jaxts/grad';
import { jit, numpy as jnp, makeJaxpr, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');

/** log(1 + e^x) with a stable derivative (JAX docs' log1pexp example). */
const log1pexp = customJvp((x: Tensor) => jnp.log1p(jnp.exp(x))).defJvp(([x], [t]) => [
  jnp.log1p(jnp.exp(x)),
  t.mul(jnp.subtract(1, jnp.divide(1, jnp.exp(x).add(1)))),
]);

/** clip(x, -1, 1) with a straight-through (clipped-away) gradient: the rule passes t through. */
const straightThroughClip = customJvp((x: Tensor) => jnp.clip(x, -1, 1)).defJvp(([x], [t]) => [
  jnp.clip(x, -1, 1),
  t,
]);

/** Gradient clipping: the identity forward, the cotangent clipped to [-c, c] backward. */
const clipGradient = customVjp((x: Tensor) => x).defVjp(
  (x) => [x, null],
  (_res, g) => [jnp.clip(g, -1, 1)],
);

describe('customJvp', () => {
  it('its rule is used by grad, jvp, vjp (stable where the plain formula is NaN)', () => {
    const x = f32([0, 2, 100]);
    const g = grad((y: Tensor) => jnp.sum(log1pexp(y)))(x);
    expect(g).toBeAllclose([0.5, 1 / (1 + Math.exp(-2)), 1]);
    const plain = grad((y: Tensor) => jnp.sum(jnp.log1p(jnp.exp(y))))(x);
    expect(Number.isNaN((plain.toArray() as number[])[2])).toBe(true);
    const [out, t] = jvp(log1pexp, [x], [f32([1, 1, 1])]) as [Tensor, Tensor];
    expect(out).toBeAllclose(jnp.log1p(jnp.exp(x)));
    expect(t).toBeAllclose(g);
    const [, pullback] = vjp(log1pexp, x);
    expect(pullback(f32([2, 2, 2]))[0]).toBeAllclose(g.mul(2));
  });

  it('outside any transformation it just runs the function', () => {
    expect(log1pexp(f32(0))).toBeAllclose(Math.log(2));
  });

  it('a straight-through clip: gradient 1 everywhere, including where clip is flat', () => {
    const x = f32([-3, 0.5, 2]);
    expect(straightThroughClip(x)).toBeAllclose([-1, 0.5, 1]);
    expect(
      grad((y: Tensor) => jnp.sum(straightThroughClip(y).mul(f32([1, 2, 3]))))(x),
    ).toBeAllclose([1, 2, 3]);
  });

  it('higher order differentiates the rule itself', () => {
    // d²/dx² log(1 + e^x) = σ(x)(1 - σ(x)).
    const s = 1 / (1 + Math.exp(-0.7));
    expect(grad(grad(log1pexp as (x: Tensor) => Tensor))(f32(0.7))).toBeAllclose(s * (1 - s), {
      rtol: 1e-5,
    });
    expect(hessian((y: Tensor) => jnp.sum(log1pexp(y)))(f32([0.7]))).toBeAllclose([[s * (1 - s)]], {
      rtol: 1e-5,
    });
  });

  it('pytree arguments and outputs', () => {
    const f = customJvp((p: { a: Tensor; b: Tensor }) => ({
      s: p.a.mul(p.b),
      d: p.a.sub(p.b),
    })).defJvp(([p], [t]) => [
      { s: p.a.mul(p.b), d: p.a.sub(p.b) },
      { s: t.a.mul(p.b).add(p.a.mul(t.b)).mul(10), d: t.a.sub(t.b) },
    ]);
    const g = grad((p: { a: Tensor; b: Tensor }) => {
      const o = f(p);
      return jnp.sum(o.s).add(jnp.sum(o.d));
    })({ a: f32([1, 2]), b: f32([3, 4]) });
    expect(g.a).toBeAllclose([31, 41]);
    expect(g.b).toBeAllclose([9, 19]);
  });

  it('nondiffArgnums: the argument reaches the rule undifferentiated (a JavaScript number here)', () => {
    const powN = customJvp((n: number, x: Tensor) => x.pow(n), { nondiffArgnums: [0] }).defJvp(
      ([n, x], [, t]) => [x.pow(n), t.mul(x.pow(n - 1)).mul(n)],
    );
    expect(grad((x: Tensor) => powN(3, x))(f32(2))).toBeAllclose(12);
    expect(grad((x: Tensor) => powN(4, x))(f32(2))).toBeAllclose(32);
  });

  it('composes with jit: grad(jit(f)), jit(grad(f)), a customJvp inside jit inside grad', () => {
    const f = (y: Tensor) => jnp.sum(log1pexp(y));
    // At 100 only the rule gives a number (the plain derivative is inf / inf).
    const x = f32([-1, 0.5, 100]);
    const expected = grad(f)(x);
    expect(expected).toBeAllclose([1 / (1 + Math.E), 1 / (1 + Math.exp(-0.5)), 1]);
    expect(grad(jit(f))(x)).toBeAllclose(expected);
    expect(jit(grad(f))(x)).toBeAllclose(expected);
    expect(grad((y: Tensor) => jit(f)(y).mul(2))(x)).toBeAllclose(expected.mul(2));
    // Staged without differentiation, the function keeps its rule for later.
    expect(makeJaxpr(f)(x).toString()).toContain('custom_jvp_call');
  });

  it('composes with vmap', () => {
    const xs = f32([
      [0, 1],
      [2, 100],
    ]);
    expect(vmap(log1pexp)(xs)).toBeAllclose(jnp.log1p(jnp.exp(xs)));
    const perRow = vmap(grad((y: Tensor) => jnp.sum(log1pexp(y))))(xs);
    expect(perRow).toBeAllclose(grad((y: Tensor) => jnp.sum(log1pexp(y)))(xs));
    expect(grad((y: Tensor) => jnp.sum(vmap(log1pexp)(y)))(xs)).toBeAllclose(perRow);
  });
});

describe('customVjp', () => {
  it('f.defVjp(fwd, bwd): bwd replaces the gradient (gradient clipping)', () => {
    const f = (x: Tensor) => jnp.sum(clipGradient(x.mul(5)));
    expect(grad(f)(f32([1, 2]))).toBeAllclose([5, 5]);
    const g = (x: Tensor) => jnp.sum(clipGradient(x).mul(f32([0.5, 3, -4])));
    expect(grad(g)(f32([1, 2, 3]))).toBeAllclose([0.5, 1, -1]);
    expect(clipGradient(f32([7]))).toBeAllclose([7]);
  });

  it('residuals from fwd reach bwd; fwd runs once per linearization', () => {
    let fwdCalls = 0;
    const mulXY = customVjp((x: Tensor, y: Tensor) => x.mul(y)).defVjp(
      (x, y) => {
        fwdCalls += 1;
        return [x.mul(y), { x, y }];
      },
      (res, g) => [g.mul(res.y), g.mul(res.x)],
    );
    const [v, grads] = valueAndGrad((a: Tensor, b: Tensor) => jnp.sum(mulXY(a, b)), {
      argnums: [0, 1],
    })(f32([1, 2]), f32([3, 4])) as [Tensor, Tensor[]];
    expect(v).toBeAllclose(11);
    expect(grads[0]).toBeAllclose([3, 4]);
    expect(grads[1]).toBeAllclose([1, 2]);
    expect(fwdCalls).toBe(1);
    const [, pullback] = vjp(mulXY, f32(2), f32(5));
    expect(pullback(f32(1))).toHaveLength(2);
    expect(pullback(f32(1))[0]).toBeAllclose(5);
  });

  it('linearizing emits custom_lin, whose transpose is bwd', () => {
    const { linear } = linearizeFlat((x: Tensor) => [clipGradient(x.mul(3))], [f32([1, 2])]);
    expect(linear.jaxpr.eqns.map((e) => e.primitive)).toContain('custom_lin');
  });

  it('higher order: grad(grad(f)) and hessian differentiate through bwd', () => {
    const cube = customVjp((x: Tensor) => x.pow(3)).defVjp(
      (x) => [x.pow(3), x],
      (x, g) => [g.mul(x.pow(2)).mul(3)],
    );
    expect(grad(grad(cube as (x: Tensor) => Tensor))(f32(2))).toBeAllclose(12);
    expect(hessian((x: Tensor) => jnp.sum(cube(x)))(f32([1, 2]))).toBeAllclose([
      [6, 0],
      [0, 12],
    ]);
    expect(jacrev(cube as (x: Tensor) => Tensor)(f32([1, 2]))).toBeAllclose([
      [3, 0],
      [0, 12],
    ]);
  });

  it('composes with jit and vmap', () => {
    const f = (x: Tensor) => jnp.sum(clipGradient(x).mul(f32([0.5, 3])));
    const x = f32([1, 2]);
    expect(grad(jit(f))(x)).toBeAllclose([0.5, 1]);
    expect(jit(grad(f))(x)).toBeAllclose([0.5, 1]);
    const xs = f32([
      [1, 2],
      [3, 4],
    ]);
    expect(vmap(grad(f))(xs)).toBeAllclose([
      [0.5, 1],
      [0.5, 1],
    ]);
    expect(grad((y: Tensor) => jnp.sum(vmap(clipGradient)(y).mul(4)))(xs)).toBeAllclose(
      jnp.ones([2, 2]),
    );
  });
});

describe('customVjp bwd returning null', () => {
  it('null for an argument is a zero cotangent, as None is in JAX', () => {
    const f = customVjp((lo: Tensor, x: Tensor) => x.mul(lo)).defVjp(
      (lo, x) => [x.mul(lo), lo] as const,
      (lo, g) => [null, (g as Tensor).mul(lo as Tensor)],
    );
    const lo = jnp.array(2, 'float32');
    const x = jnp.array(3, 'float32');
    expect(grad(f, { argnums: 1 })(lo, x)).toBeAllclose(2);
    expect(grad(f, { argnums: 0 })(lo, x)).toBeAllclose(0);
  });
});
