/**
 * The staged programs of grad and linearize: the forward (primal) equations, then the linear
 * backward equations (transposes of the tangent equations), as JAX's make_jaxpr(grad(f)) shows.
 */
import { grad, linearize, valueAndGrad } from '@jaxts/grad';
import { makeJaxpr, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const f32 = (x: number | number[] | number[][]): Tensor => jnp.array(x, 'float32');

describe('makeJaxpr(grad(f))', () => {
  it('sin(x) * x: the tangent rule cos(x) is computed forward, then two muls and an add backward', () => {
    const f = (x: Tensor) => jnp.sin(x).mul(x);
    expect(makeJaxpr(grad(f))(f32(1)).toString()).toMatchInlineSnapshot();
  });

  it('sum(x²): the broadcast of the scalar cotangent is the transpose of reduce_sum', () => {
    const f = (x: Tensor) => jnp.sum(jnp.square(x));
    expect(makeJaxpr(grad(f))(f32([1, 2, 3])).toString()).toMatchInlineSnapshot();
  });

  it('a dense layer: dot_general transposes to dot_general + transpose', () => {
    const f = (w: Tensor, x: Tensor) => jnp.sum(jnp.tanh(jnp.matmul(x, w)));
    expect(makeJaxpr(valueAndGrad(f))(f32([[1, 2], [3, 4], [5, 6]]), f32([[0.1, 0.2, 0.3]])).toString()).toMatchInlineSnapshot();
  });
});

describe('the linear map of linearize', () => {
  it('holds only linear equations on the tangent (residuals are constants)', () => {
    const [, fJvp] = linearize((x: Tensor) => jnp.exp(jnp.sin(x)), f32([0.5, 1]));
    expect(makeJaxpr((t: Tensor) => fJvp(t))(f32([1, 1])).toString()).toMatchInlineSnapshot();
  });
});
