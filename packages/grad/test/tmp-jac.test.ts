import { hessian, jacfwd, jacrev, grad } from '@jaxts/grad';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { it } from 'vitest';
it('x', () => {
  const x = jnp.array([1, 2, 3], "float32");
  console.log(String(jacfwd((x: Tensor) => jnp.outer(x, x))(x)));
  console.log(String(jacrev((x: Tensor) => jnp.outer(x, x))(x)));
  console.log(String(hessian((x: Tensor) => x.pow(3).sum())(jnp.arange(3).astype('float32'))));
  console.log(String(grad((x: Tensor) => x.pow(3).sum())(jnp.arange(3).astype('float32'))));
});
