import { valueAndGrad } from '@jaxts/grad';
import { jit, numpy as jnp, random, setBackend, type Tensor, tree } from '@jaxts/tensor';
await setBackend((process.argv[2] ?? 'wasm') as 'wasm');
const B = 128, IN = 784, H = Number(process.argv[3] ?? 512), OUT = 10;
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
console.log(step.compile(p, x, y).optimized.toString());
console.log(step.compile(p, x, y).stats);
const g = globalThis as unknown as { __prof?: Map<string, number> };
const prof = new Map<string, number>(); g.__prof = prof;
const N = 20; const t0 = performance.now();
for (let i = 0; i < N; i++) { const [q, l] = step(p, x, y); p = q as P; (l as Tensor).item(); }
console.log('ms/step', ((performance.now() - t0) / N).toFixed(2));
for (const [k, v] of [...prof].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(k.padEnd(14), (v / N).toFixed(3), 'ms');
