/**
 * Integer, boolean and PRNG values under differentiation: only float32 values carry tangents
 * (JAX gives the others float0 tangents); random sampling inside a differentiated function works,
 * differentiating a sampler's own float parameters is refused. JAX: tests/api_test.py
 * test_jvp_of_int_*, test_vjp_of_int_*, test_grad_of_int.
 */
import { GradTypeError, grad, jacrev, jvp, vjp } from '@jaxts/grad';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { bind, bind1 } from '@jaxts/tensor/core';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[]): Tensor => jnp.array(x, 'float32');

describe('integer and boolean values', () => {
  it('int and bool outputs of intermediate ops carry no tangent', () => {
    const f = (x: Tensor) => {
      const n = jnp.floor(x).astype('int32');
      const positive = x.greater(0);
      return [n, positive, x.mul(n.astype('float32'))];
    };
    const x = f32([1.5, -0.5, 2.25]);
    const [out, t] = jvp(f, [x], [f32([1, 1, 1])]) as [Tensor[], Tensor[]];
    expect(out[0]?.dtype).toBe('int32');
    expect(out[0]).toBeAllclose([1, -1, 2]);
    expect(t[0]?.dtype).toBe('int32');
    expect(t[0]).toBeAllclose([0, 0, 0]);
    expect(t[1]?.dtype).toBe('bool');
    expect(t[1]).toBeAllclose([false, false, false]);
    expect(t[2]).toBeAllclose([1, -1, 2]);
  });

  it('jvp with integer primals ignores their tangents', () => {
    const f = (x: Tensor, n: Tensor) => x.mul(n.astype('float32'));
    const [out, t] = jvp(f, [f32(2), jnp.array(3, 'int32')], [f32(1), jnp.array(5, 'int32')]) as [
      Tensor,
      Tensor,
    ];
    expect(out).toBeAllclose(6);
    expect(t).toBeAllclose(3);
  });

  it('vjp gives integer and boolean primals zero cotangents of their dtype', () => {
    const f = (x: Tensor, n: Tensor, b: Tensor) => jnp.where(b, x.mul(n.astype('float32')), x);
    const [, pullback] = vjp(f, f32([1, 2]), jnp.array([3, 4], 'int32'), jnp.array([true, false]));
    const [cx, cn, cb] = pullback(f32([1, 1])) as Tensor[];
    expect(cx).toBeAllclose([3, 1]);
    expect(cn?.dtype).toBe('int32');
    expect(cn).toBeAllclose([0, 0]);
    expect(cb?.dtype).toBe('bool');
  });

  it('a function with an integer output can be pulled back with an integer cotangent (JAX: float0)', () => {
    const [out, pullback] = vjp((x: Tensor) => jnp.round(x).astype('int32'), f32([1.4, 2.6]));
    expect((out as Tensor).dtype).toBe('int32');
    expect(out).toBeAllclose([1, 3]);
    expect(pullback(jnp.zeros([2], 'int32'))[0]).toBeAllclose([0, 0]);
  });

  it('integer arguments not being differentiated are fine', () => {
    const f = (x: Tensor, idx: Tensor) => jnp.sum(jnp.take(x, idx).pow(2));
    expect(grad(f)(f32([1, 2, 3]), jnp.array([2, 2, 0], 'int32'))).toBeAllclose([2, 0, 12]);
  });

  it('jacrev of integer outputs is refused, jacobians of mixed outputs need float outputs', () => {
    expect(() => jacrev((x: Tensor) => [x, x.astype('int32')])(f32([1]))).toThrow(GradTypeError);
  });
});

describe('PRNG primitives', () => {
  const key = random.key(42);

  it('sampling inside a differentiated function: the noise is a constant', () => {
    const f = (x: Tensor, k: Tensor) => {
      const [k1, k2] = [random.foldIn(k, 1), random.split(k, 2)];
      const u = random.uniform(k1, [3]);
      const bits = random.bits(jnp.getItem(k2, 0), [3]).astype('float32');
      return jnp.sum(x.mul(u).add(x.mul(bits.mul(0))));
    };
    const x = f32([1, 2, 3]);
    expect(grad(f)(x, key)).toBeAllclose(random.uniform(random.foldIn(key, 1), [3]));
    // Normal samples scaled by a parameter (the reparameterization trick).
    const g = (sigma: Tensor) => jnp.sum(random.normal(key, [4]).mul(sigma));
    expect(grad(g)(f32(0.5))).toBeAllclose(jnp.sum(random.normal(key, [4])));
  });

  it('threefry2x32 and the other PRNG primitives have no tangents', () => {
    const u32 = (v: number[]) => jnp.array(v, 'uint32');
    const f = (x: Tensor) => {
      const [a] = bind('threefry2x32', [u32([1]), u32([2]), u32([3]), u32([4])], {}) as [
        Tensor,
        Tensor,
      ];
      const bits = bind1('random_bits', [key], { shape: [2], bit_width: 32 });
      return jnp
        .sum(x.mul(a.astype('float32').mul(0).add(1)))
        .add(jnp.sum(bits.astype('float32').mul(0)));
    };
    expect(grad(f)(f32([1, 2]))).toBeAllclose([1, 1]);
  });

  it('differentiating a sampler with respect to its float parameters is refused', () => {
    const f = (lo: Tensor) => jnp.sum(random.uniform(key, [3], { minval: lo, maxval: 2 }));
    expect(() => grad(f)(f32(0))).toThrow(GradTypeError);
    expect(() => grad(f)(f32(0))).toThrow(
      /random_transform: differentiating a random sampler with respect to its float parameters/,
    );
    // The documented workaround: scale and shift outside the sampler.
    const g = (lo: Tensor) => jnp.sum(lo.add(random.uniform(key, [3]).mul(f32(2).sub(lo))));
    expect(grad(g)(f32(0))).toBeAllclose(jnp.sum(jnp.subtract(1, random.uniform(key, [3]))));
  });
});
