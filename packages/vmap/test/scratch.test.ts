import { lax, makeJaxpr, numpy as jnp, jit, random, type Tensor } from '@jaxts/tensor';
import { vmap, psum, pmean, axisIndex, allGather, ppermute } from '@jaxts/vmap';
import { expect, it } from 'vitest';

it('smoke', () => {
  const xs = jnp.arange(6).reshape([2, 3]).astype('float32');
  const f = (x: Tensor) => x.sin().add(1).sum();
  console.log(vmap(f)(xs).toString());
  console.log(vmap((x: Tensor) => jnp.matmul(x, jnp.ones([3, 2])))(xs).toString());
  console.log(makeJaxpr(vmap(f))(xs).toString());
  console.log(vmap((x: Tensor) => x.sub(pmean(x, 'b')), { axisName: 'b' })(jnp.arange(3).astype('float32')).toString());
  console.log(vmap((_x: Tensor) => axisIndex('i'), { axisName: 'i' })(jnp.arange(3)).toString());
  console.log(vmap((_x: Tensor) => psum(1, 'i'), { axisName: 'i' })(jnp.arange(3)).toString());
  console.log(vmap((x: Tensor) => allGather(x, 'i'), { axisName: 'i' })(jnp.arange(3)).toString());
  console.log(vmap((x: Tensor) => ppermute(x, 'i', [[0,1],[1,2],[2,0]]), { axisName: 'i' })(jnp.arange(3)).toString());
  console.log(vmap(jit(f))(xs).toString());
  console.log(makeJaxpr(vmap(jit(f)))(xs).toString());
  const keys = random.split(random.PRNGKey(0), 3);
  console.log(vmap((k: Tensor) => random.uniform(k, [2]))(keys).toString());
  for (let i = 0; i < 3; i++) console.log(random.uniform(keys.slice ? jnp.getItem(keys, i) : keys, [2]).toString());
  expect(1).toBe(1);
});
