import { numpy as jnp, jit, tree, lax } from '@jaxts/tensor';
import { test } from 'vitest';
test('x', () => {
  const x = jnp.array([1, -2, 3]);
  console.log(x.add(1).toString(), x.dtype, jnp.sqrt(x.abs()).toString());
  const f = jit((a: any, c: any) => ({ y: a.mul(c.astype('float32')), c: c.add(1) }));
  let c = jnp.array(0, 'int32');
  let t0 = performance.now();
  let y: any;
  for (let i = 0; i < 1000; i++) { const r = f(x, c); c = r.c; y = r.y; }
  console.log('1000 jit calls ms', performance.now() - t0, c.toString(), y.toString());
  t0 = performance.now();
  for (let i = 0; i < 1000; i++) { y = x.mul(2).add(x.sqrt()).mul(0.5); }
  console.log('1000 eager x3 ms', performance.now() - t0);
});
