/**
 * The staged programs of grad and linearize: the forward (primal) equations, then the linear
 * backward equations (transposes of the tangent equations), as JAX's make_jaxpr(grad(f)) shows.
 */
import { grad, linearize, valueAndGrad } from '@jaxts/grad';
import { numpy as jnp, makeJaxpr, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');

describe('makeJaxpr(grad(f))', () => {
  it('sin(x) * x: the tangent rule cos(x) is computed forward, then two muls and an add backward', () => {
    const f = (x: Tensor) => jnp.sin(x).mul(x);
    expect(makeJaxpr(grad(f))(f32(1)).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[]. let
          b:f32[] = sin a
          c:f32[] = cos a
          d:f32[] = mul b a
          e:f32[] = broadcast_in_dim[shape=() broadcast_dimensions=()] 1.0:f32[]
          f:f32[] = mul e b
          g:f32[] = mul e a
          h:f32[] = mul g c
          i:f32[] = add f h
        in (i,) }"
    `);
  });

  it('sum(x²): the broadcast of the scalar cotangent is the transpose of reduce_sum', () => {
    const f = (x: Tensor) => jnp.sum(jnp.square(x));
    expect(makeJaxpr(grad(f))(f32([1, 2, 3])).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[3]. let
          b:f32[3] = square a
          c:f32[3] = mul a 2.0:f32[]
          d:f32[] = reduce_sum[axes=(0,)] b
          e:f32[] = broadcast_in_dim[shape=() broadcast_dimensions=()] 1.0:f32[]
          f:f32[3] = broadcast_in_dim[shape=(3,) broadcast_dimensions=()] e
          g:f32[3] = mul f c
        in (g,) }"
    `);
  });

  it('a dense layer: dot_general transposes to dot_general + transpose', () => {
    const f = (w: Tensor, x: Tensor) => jnp.sum(jnp.tanh(jnp.matmul(x, w)));
    expect(
      makeJaxpr(valueAndGrad(f))(
        f32([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
        f32([[0.1, 0.2, 0.3]]),
      ).toString(),
    ).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[3,2] b:f32[1,3]. let
          c:f32[1,2] = dot_general[
            dimension_numbers=(([1], [0]), ([], []))
            precision=None
            preferred_element_type=float32
          ] b a
          d:f32[1,2] = tanh c
          e:f32[1,2] = square d
          f:f32[1,2] = sub 1.0:f32[] e
          g:f32[] = reduce_sum[axes=(0, 1)] d
          h:f32[] = broadcast_in_dim[shape=() broadcast_dimensions=()] 1.0:f32[]
          i:f32[1,2] = broadcast_in_dim[shape=(1, 2) broadcast_dimensions=()] h
          j:f32[1,2] = mul i f
          k:f32[3,2] = dot_general[
            dimension_numbers=(([0], [0]), ([], []))
            precision=None
            preferred_element_type=float32
          ] b j
        in (g, k) }"
    `);
  });
});

describe('the linear map of linearize', () => {
  it('holds only linear equations on the tangent (residuals are constants)', () => {
    const [, fJvp] = linearize((x: Tensor) => jnp.exp(jnp.sin(x)), f32([0.5, 1]));
    expect(makeJaxpr((t: Tensor) => fJvp(t))(f32([1, 1])).toString()).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] b:f32[2]; c:f32[2]. let
          d:f32[2] = mul c a
          e:f32[2] = mul d b
        in (e,) }"
    `);
  });
});
