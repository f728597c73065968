import { grad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { jit, numpy as jnp, setBackend, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';

await setBackend((process.argv[2] ?? 'wasm') as 'wasm');
const B = 128,
  IN = 32,
  H = 64;
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const p: Params = {
  w1: jnp.ones([IN, H]).mul(0.1),
  b1: jnp.zeros([H]),
  w2: jnp.ones([H, 1]).mul(0.1),
  b2: jnp.zeros([1]),
};
const X = jnp.ones([B, IN]),
  Y = jnp.ones([B, 1]);
const loss = (q: Params, xi: Tensor, yi: Tensor): Tensor => {
  const h = nn.relu(xi.reshape([1, IN]).matmul(q.w1).add(q.b1));
  const d = h.matmul(q.w2).add(q.b2).reshape([1]).sub(yi);
  return d.mul(d).sum();
};
const f = jit(vmap(grad(loss), { inAxes: [null, 0, 0] }));
const c = f.compile(p, X, Y);
console.log(c.stats);
if (process.argv.includes('show')) console.log(c.optimized.toString());
for (let i = 0; i < 20; i++) f(p, X, Y).w2.dataSync();
const N = Number(process.argv[3] ?? 300);
const t0 = performance.now();
for (let i = 0; i < N; i++) f(p, X, Y).w2.dataSync();
console.log('jit ms/call', ((performance.now() - t0) / N).toFixed(3));
