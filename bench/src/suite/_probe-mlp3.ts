import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { numpy as jnp, jit, type Tensor, tree, setBackend } from '@jaxts/tensor';
import { timeRounds, lcg } from './common.ts';
await setBackend('wasm');
const B = 128, IN = 784, OUT = 10, h = 512;
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const a = nn.relu(x.matmul(p.w1).add(p.b1));
  const logits = a.matmul(p.w2).add(p.b2);
  return nn.logSoftmax(logits).mul(y).sum().mul(-1 / B);
};
const step = (p: Params, x: Tensor, y: Tensor) => {
  const [l, g] = valueAndGrad(loss)(p, x, y);
  return [tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(0.1)), p, g) as Params, l] as const;
};
const js = jit(step);
const init = (): Params => ({ w1: jnp.asarray(lcg(IN * h, 1, 0.05)).reshape([IN, h]), b1: jnp.zeros([h]), w2: jnp.asarray(lcg(h * OUT, 2, 0.1)).reshape([h, OUT]), b2: jnp.zeros([OUT]) });
const x = jnp.asarray(lcg(B * IN, 3)).reshape([B, IN]), y = jnp.ones([B, OUT]).mul(0.1);
let p1 = init(), p2 = init();
const ts = await timeRounds([
  { label: 'jit (GC frees)', fn: () => { const [np, l] = js(p1, x, y); p1 = np; l.dataSync(); } },
  { label: 'jit + dispose old', fn: () => { const [np, l] = js(p2, x, y); for (const t of Object.values(p2)) t.dispose(); p2 = np; l.dataSync(); l.dispose(); } },
], { rounds: 41, warmupRounds: 3, inner: 2 });
for (const t of ts) console.log(t.label.padEnd(20), (t.median / 1000).toFixed(3), (t.p25 / 1000).toFixed(3), (t.p75 / 1000).toFixed(3));
