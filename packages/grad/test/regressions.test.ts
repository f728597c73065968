/**
 * Regression tests for rule bugs the property and golden tests found (each was wrong before the
 * fix noted in its title).
 */
import { grad, jvp, valueAndGrad, vjp } from '@jaxts/grad';
import { numpy as jnp, lax, makeJaxpr, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');
const i32 = (x: number[]): Tensor => jnp.array(x, 'int32');

describe('rule fixes', () => {
  it('rem: d/dx rem(x, y) = 1 (the x tangent was dropped)', () => {
    const [, t] = jvp(
      (x: Tensor) => lax.rem(x, f32(0.7)),
      [f32([0.595, 2.1, -1.5])],
      [f32([1, 1, 1])],
    ) as [Tensor, Tensor];
    expect(t).toBeAllclose([1, 1, 1]);
    const [gx, gy] = grad((x: Tensor, y: Tensor) => jnp.sum(lax.rem(x, y)), { argnums: [0, 1] })(
      f32([5.5, -5.5]),
      f32([2, 2]),
    ) as [Tensor, Tensor];
    expect(gx).toBeAllclose([1, 1]);
    // d/dy = -trunc(x / y): -2 and 2.
    expect(gy).toBeAllclose([-2, 2]);
  });

  it('clamp: strict comparisons at the bounds, as JAX (x got the tangent at x == bound)', () => {
    const g = grad((x: Tensor) => jnp.sum(lax.clamp(-1, x, 1)))(f32([-1, 0, 1, 2]));
    expect(g).toBeAllclose([0, 1, 0, 0]);
    const [gLo, gHi] = grad(
      (lo: Tensor, hi: Tensor) => jnp.sum(lax.clamp(lo, f32([-2, 0, 3]), hi)),
      {
        argnums: [0, 1],
      },
    )(f32(-1), f32(1)) as [Tensor, Tensor];
    expect(gLo).toBeAllclose(1);
    expect(gHi).toBeAllclose(1);
  });

  it("gather in 'clip' mode with out-of-range indices: the cotangent goes to the clamped position (it was dropped)", () => {
    const x = f32([1, 2, 3]);
    const f = (v: Tensor) =>
      jnp.sum(lax.gather(v, i32([5, -3, 1]), { axis: 0, mode: 'clip' }).mul(f32([10, 20, 30])));
    expect(f(x)).toBeAllclose(10 * 3 + 20 * 1 + 30 * 2);
    expect(grad(f)(x)).toBeAllclose([20, 30, 10]);
  });

  it("gather in 'fill' mode: zero tangent where the index is out of range (it was NaN)", () => {
    const x = f32([1, 2, 3]);
    const idx = i32([1, 7, -1]);
    const [out, t] = jvp((v: Tensor) => lax.gather(v, idx, { axis: 0 }), [x], [f32([1, 1, 1])]) as [
      Tensor,
      Tensor,
    ];
    expect((out.toArray() as number[]).slice(1).every(Number.isNaN)).toBe(true);
    expect(t).toBeAllclose([1, 0, 0]);
    const g = grad((v: Tensor) => jnp.sum(jnp.nanToNum(lax.gather(v, idx, { axis: 0 }))))(x);
    expect(g).toBeAllclose([0, 1, 0]);
    // jnp.take's default mode is 'fill'.
    const [, tt] = jvp((v: Tensor) => jnp.take(v, i32([0, 9])), [x], [f32([1, 1, 1])]) as [
      Tensor,
      Tensor,
    ];
    expect(tt).toBeAllclose([1, 0]);
  });

  it('scatter_add: updates at out-of-range indices were dropped, so their cotangent is zero (it was clipped)', () => {
    const updates = f32([1, 2, 3]);
    const f = (u: Tensor) =>
      jnp.sum(
        lax.scatterAdd(u, i32([0, 4, 2]), { axis: 0, operandShape: [3] }).mul(f32([10, 20, 30])),
      );
    expect(f(updates)).toBeAllclose(10 * 1 + 30 * 3);
    expect(grad(f)(updates)).toBeAllclose([10, 0, 30]);
  });

  it('zero-derivative primitives bind once (their rule ran the primitive twice)', () => {
    const j = makeJaxpr((x: Tensor, t: Tensor) => jvp((v: Tensor) => jnp.floor(v), [x], [t]))(
      f32([1.5]),
      f32([1]),
    );
    expect(j.jaxpr.eqns.filter((e) => e.primitive === 'floor')).toHaveLength(1);
  });
});

describe('API fixes', () => {
  it('hasAux values are returned as values (they were tracers of the finished trace)', () => {
    const f = (x: Tensor) => [jnp.sum(x.mul(x)), { y: x.mul(3), n: 7 }] as const;
    const [[, aux], g] = valueAndGrad(f, { hasAux: true })(f32([1, 2]));
    expect(aux.y.toArray()).toEqual([3, 6]);
    expect(aux.n).toBe(7);
    expect(g).toBeAllclose([2, 4]);
    const [, , jAux] = jvp(f, [f32([1, 2])], [f32([1, 1])], { hasAux: true }) as [
      Tensor,
      Tensor,
      { y: Tensor },
    ];
    expect(jAux.y.toArray()).toEqual([3, 6]);
    const [, , vAux] = vjp(f, f32([1, 2]), { hasAux: true }) as [Tensor, unknown, { y: Tensor }];
    expect(vAux.y.toArray()).toEqual([3, 6]);
  });

  it('jvp / vjp differentiate JavaScript numbers as float32, like grad (integers were int32: no tangent)', () => {
    const [, t] = jvp((x: Tensor) => x.mul(x), [3], [1]) as [Tensor, Tensor];
    expect(t).toBeAllclose(6);
    const [, pullback] = vjp((x: Tensor) => x.mul(x), 3);
    expect(pullback(1)[0]).toBeAllclose(6);
  });
});
