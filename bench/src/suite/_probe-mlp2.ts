import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { jit, numpy as jnp, setBackend, type Tensor, tree } from '@jaxts/tensor';
import { instrument, report } from './_kprof.ts';

const be = (process.argv[2] ?? 'wasm') as 'wasm';
await setBackend(be);
instrument(be);
const B = 128,
  IN = 784,
  OUT = 10,
  h = Number(process.argv[3] ?? 512);
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const a = nn.relu(x.matmul(p.w1).add(p.b1));
  const logits = a.matmul(p.w2).add(p.b2);
  return nn
    .logSoftmax(logits)
    .mul(y)
    .sum()
    .mul(-1 / B);
};
const step = (p: Params, x: Tensor, y: Tensor) => {
  const [l, g] = valueAndGrad(loss)(p, x, y);
  return [tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(0.1)), p, g) as Params, l] as const;
};
const js = jit(step);
let p: Params = {
  w1: jnp.ones([IN, h]).mul(0.01),
  b1: jnp.zeros([h]),
  w2: jnp.ones([h, OUT]).mul(0.01),
  b2: jnp.zeros([OUT]),
};
const x = jnp.ones([B, IN]),
  y = jnp.ones([B, OUT]).mul(0.1);
for (let i = 0; i < 5; i++) {
  const [np, l] = js(p, x, y);
  p = np;
  l.dataSync();
}
report(1e9);
const N = 20;
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  const [np, l] = js(p, x, y);
  p = np;
  l.dataSync();
}
console.log('jit ms/step', ((performance.now() - t0) / N).toFixed(2));
report(N);
let pe = p;
for (let i = 0; i < 3; i++) {
  const [np, l] = step(pe, x, y);
  pe = np;
  l.dataSync();
}
report(1e9);
t0 = performance.now();
for (let i = 0; i < N; i++) {
  const [np, l] = step(pe, x, y);
  pe = np;
  l.dataSync();
}
console.log('eager ms/step', ((performance.now() - t0) / N).toFixed(2));
report(N);
