import { numpy as jnp, random, setBackend, memoryStats, getBackend, type Tensor } from '@jaxts/tensor';
import * as tf from '@tensorflow/tfjs-core';
const backend = (process.argv[2] ?? 'wasm') as 'cpu' | 'wasm';
const STEPS = Number(process.argv[3] ?? 2000);
const AWAIT_EVERY = Number(process.argv[4] ?? 10);
await setBackend(backend);
const k = random.split(random.PRNGKey(0), 4);
const x = random.normal(k.get(0), [32, 32]);
const y = random.normal(k.get(1), [32, 1]);
let W1 = random.normal(k.get(2), [32, 64]).mul(0.1);
let b1 = jnp.zeros([64]);
let W2 = random.normal(k.get(3), [64, 1]).mul(0.1);
let b2 = jnp.zeros([1]);
const lr = 0.01;
function step(): Tensor {
  const h = x.matmul(W1).add(b1);
  const a = jnp.maximum(h, 0);
  const p = a.matmul(W2).add(b2);
  const d = p.sub(y);
  const loss = d.square().mean();
  const dp = d.mul(2 / 32);
  const dW2 = a.T.matmul(dp);
  const db2 = dp.sum({ axis: 0 });
  const da = dp.matmul(W2.T);
  const dh = da.mul(h.greater(0).astype('float32'));
  const dW1 = x.T.matmul(dh);
  const db1 = dh.sum({ axis: 0 });
  W1 = W1.sub(dW1.mul(lr)); b1 = b1.sub(db1.mul(lr));
  W2 = W2.sub(dW2.mul(lr)); b2 = b2.sub(db2.mul(lr));
  return loss;
}
const heap = () => backend === 'wasm' ? (tf.findBackend('wasm') as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length : 0;
const MB = (b: number) => (b / 2 ** 20).toFixed(1);
const snap = (i: number) => { const m = memoryStats(); console.log(`step ${i}: live ${m.liveArrays} liveMB ${MB(m.liveBytes)} heap ${MB(heap())} rss ${MB(process.memoryUsage().rss)} heapUsed ${MB(process.memoryUsage().heapUsed)} coll ${m.collections} wasm ${m.wasmHeapBytes}`); };
snap(0);
const t0 = performance.now();
for (let i = 1; i <= STEPS; i++) {
  const loss = step();
  if (AWAIT_EVERY > 0 && i % AWAIT_EVERY === 0) { await loss.data(); if (process.env.TICK) await new Promise((r) => setImmediate(r)); }
  if (i % (STEPS / 10) === 0) snap(i);
}
console.log(`${((performance.now() - t0) / STEPS).toFixed(3)} ms/step, backend ${getBackend()}`);
console.log('loss', step().item());
