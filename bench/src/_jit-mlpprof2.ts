import { valueAndGrad } from '@jaxts/grad';
import { jit, numpy as jnp, random, setBackend, type Tensor, tree } from '@jaxts/tensor';
await setBackend('wasm');
const B = 128, IN = 784, H = 512, OUT = 10;
type P = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
function lossFn(p: P, x: Tensor, y: Tensor): Tensor {
  const h = jnp.maximum(x.matmul(p.w1).add(p.b1), 0);
  const logits = h.matmul(p.w2).add(p.b2);
  const shifted = logits.sub(logits.max({ axis: -1, keepdims: true }));
  const logp = shifted.sub(jnp.log(jnp.exp(shifted).sum({ axis: -1, keepdims: true })));
  return logp.mul(y).sum().mul(-1 / B);
}
const step = jit((p: P, x: Tensor, y: Tensor) => { const [l, g] = valueAndGrad(lossFn)(p, x, y) as [Tensor, P]; return [tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(0.1)), p, g), l] as const; });
let p: P = { w1: random.normal(random.PRNGKey(1), [IN, H]).mul(0.05), b1: jnp.zeros([H]), w2: random.normal(random.PRNGKey(2), [H, OUT]).mul(0.05), b2: jnp.zeros([OUT]) };
const x = random.uniform(random.PRNGKey(3), [B, IN]); const y = jnp.eye(OUT).get(jnp.arange(B).mod(OUT));
for (let i = 0; i < 5; i++) { const [q] = step(p, x, y); p = q as P; }
const g = globalThis as unknown as { __trace?: string[] };
for (let i = 0; i < 8; i++) { g.__trace = []; const t0 = performance.now(); const [q, l] = step(p, x, y); p = q as P; (l as Tensor).item(); console.log((performance.now() - t0).toFixed(2), g.__trace.join(' | ')); }
