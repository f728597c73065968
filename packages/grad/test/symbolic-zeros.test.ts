/**
 * Symbolic zeros: inputs that do not influence the output get zero gradients without any per-op
 * zero arrays (the staged programs show it), and primitives whose derivative is zero by
 * definition (stop_gradient, nextafter, rounding) carry no tangent.
 */
import { grad, jvp, linearize, valueAndGrad, vjp } from '@jaxts/grad';
import { type ClosedJaxpr, numpy as jnp, lax, makeJaxpr, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[]): Tensor => jnp.array(x, 'float32');

function primitives(j: ClosedJaxpr): string[] {
  return j.jaxpr.eqns.map((e) => e.primitive);
}

/** A long chain of ops on x only. */
function chain(x: Tensor): Tensor {
  let y = x;
  for (let i = 0; i < 10; i++) y = jnp.tanh(y.mul(1.1).add(0.1));
  return jnp.sum(y);
}

describe('unused inputs', () => {
  it('get zero gradients of their own shape and dtype', () => {
    const f = (x: Tensor, _y: Tensor, z: { a: Tensor; b: Tensor }) => jnp.sum(jnp.sin(x).mul(z.a));
    const [gx, gy, gz] = grad(f, { argnums: [0, 1, 2] })(f32([1, 2]), jnp.ones([2, 3]), {
      a: f32([3, 4]),
      b: jnp.ones([5]),
    }) as [Tensor, Tensor, { a: Tensor; b: Tensor }];
    expect(gx).toBeAllclose(jnp.cos(f32([1, 2])).mul(f32([3, 4])));
    expect(gy.shape).toEqual([2, 3]);
    expect(gy).toBeAllclose(jnp.zeros([2, 3]));
    expect(gz.a).toBeAllclose(jnp.sin(f32([1, 2])));
    expect(gz.b).toBeAllclose(jnp.zeros([5]));
  });

  it('cost one zeros array at the end, no per-op zeros (count of staged equations)', () => {
    const f = (x: Tensor, y: Tensor) =>
      chain(x)
        .add(jnp.sum(y.mul(0)).mul(0))
        .sub(jnp.sum(y.mul(0)));
    const g = (x: Tensor, _y: Tensor) => chain(x);
    const x = f32([0.1, 0.2]);
    const y = jnp.ones([3]);
    // Differentiating with respect to an argument that is never used adds exactly one equation
    // (the zero gradient) to the program; nothing is staged along the chain for it.
    const both = makeJaxpr(grad(g, { argnums: [0, 1] }))(x, y);
    const onlyX = makeJaxpr(grad(g, { argnums: 0 }))(x, y);
    expect(both.jaxpr.eqns.length).toBe(onlyX.jaxpr.eqns.length + 1);
    const extra = both.jaxpr.eqns.at(-1);
    expect(extra?.primitive).toBe('broadcast_in_dim');
    // With respect to y alone: the forward chain (no tangent work at all), the cotangent seed
    // 1.0 and one zeros array.
    const onlyY = makeJaxpr(grad(g, { argnums: 1 }))(x, y);
    const forward = makeJaxpr(g)(x, y);
    const n = forward.jaxpr.eqns.length;
    expect(primitives(onlyY).slice(0, n)).toEqual(primitives(forward));
    expect(primitives(onlyY).slice(n)).toEqual(['broadcast_in_dim', 'broadcast_in_dim']);
    // A used-but-multiplied-by-zero input is differentiated normally (zeros are not symbolic).
    expect(grad(f, { argnums: 1 })(x, y)).toBeAllclose(jnp.zeros([3]));
  });

  it('the linearized program of a function ignoring an input has no equation for it', () => {
    const [, fJvp] = linearize((x: Tensor, _y: Tensor) => jnp.sin(x), f32(1), f32(2));
    const j = makeJaxpr((tx: Tensor, ty: Tensor) => fJvp(tx, ty))(f32(1), f32(2));
    expect(primitives(j)).toEqual(['mul']);
  });

  it('outputs that do not depend on the inputs take no part in the backward pass', () => {
    const f = (x: Tensor) => [jnp.sin(x), f32([7, 8])];
    const j = makeJaxpr((x: Tensor, c0: Tensor, c1: Tensor) => vjp(f, x)[1]([c0, c1]))(
      f32(1),
      f32(1),
      f32([1, 1]),
    );
    expect(primitives(j)).toEqual(['sin', 'cos', 'mul']);
  });
});

describe('non-differentiable paths', () => {
  it('integer intermediates carry no tangent and stage no tangent equations', () => {
    const f = (x: Tensor) => {
      const i = jnp.argmax(x);
      const n = x.astype('int32').add(i);
      return jnp.sum(x.mul(n.astype('float32')));
    };
    const x = f32([1.5, 2.5, -0.5]);
    // d/dx sum(x * n) with n locally constant = n.
    expect(grad(f)(x)).toBeAllclose([2, 3, 1]);
    const prims = primitives(makeJaxpr(grad(f))(x));
    // The backward pass is a single mul by the (integer-derived) n; argmax and the casts run
    // once, forward.
    expect(prims.filter((p) => p === 'argmax')).toHaveLength(1);
    expect(prims.filter((p) => p === 'mul')).toHaveLength(2);
  });

  it('stopGradient cuts the tangent (no derivative of exp is staged)', () => {
    const f = (x: Tensor) => jnp.sum(x.mul(lax.stopGradient(jnp.exp(x))));
    const x = f32([0.5, 1]);
    expect(grad(f)(x)).toBeAllclose(jnp.exp(x));
    const prims = primitives(makeJaxpr(grad(f))(x));
    expect(prims.filter((p) => p === 'exp')).toHaveLength(1);
  });
});

describe('primitives with a zero derivative by definition', () => {
  // Finite differences see a slope of 1 for these (they are the identity numerically), which is
  // why the property tests check them here.
  const cases: [string, (x: Tensor) => Tensor][] = [
    ['stop_gradient', (x) => lax.stopGradient(x)],
    ['nextafter', (x) => lax.nextafter(x, f32(10))],
    ['floor', (x) => jnp.floor(x)],
    ['round', (x) => lax.round(x)],
    ['sign', (x) => jnp.sign(x)],
  ];
  for (const [name, op] of cases) {
    it(`${name}: zero tangent, zero gradient, nothing staged for the tangent`, () => {
      const x = f32([0.3, -1.7, 2.2]);
      const [out, t] = jvp(op, [x], [f32([1, 1, 1])]) as [Tensor, Tensor];
      expect(out).toBeAllclose(op(x));
      expect(t).toBeAllclose([0, 0, 0]);
      expect(grad((y: Tensor) => jnp.sum(op(y)))(x)).toBeAllclose([0, 0, 0]);
      const [v, g] = valueAndGrad((y: Tensor) => jnp.sum(op(y).mul(y)))(x);
      expect(v).toBeAllclose(jnp.sum(op(x).mul(x)));
      expect(g).toBeAllclose(op(x));
      const [, fJvp] = linearize(op, x);
      expect(makeJaxpr((tx: Tensor) => fJvp(tx))(x).jaxpr.eqns).toHaveLength(1);
    });
  }
});
