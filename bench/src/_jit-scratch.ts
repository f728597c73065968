import { numpy as jnp, jit, setBackend, type Tensor } from '@jaxts/tensor';
import * as tf from '@tensorflow/tfjs-core';
const backend = (process.argv[2] ?? 'cpu') as 'cpu' | 'wasm';
await setBackend(backend);
function time(name: string, f: () => unknown, n = 20000) {
  for (let i = 0; i < 2000; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  const us = ((performance.now() - t0) / n) * 1000;
  console.log(name.padEnd(30), us.toFixed(2), 'us');
}
const x = jnp.arange(5).astype('float32');
const f1 = jit((a: Tensor) => a.add(a));
time('jit add[5]', () => f1(x));
time('eager add[5]', () => x.add(x));
const chain = (a: Tensor) => { let y = a; for (let i = 0; i < 20; i++) y = i % 2 ? y.mul(1.01) : y.add(0.5); return y; };
const jc = jit(chain);
time('jit chain20[5]', () => jc(x), 5000);
time('eager chain20[5]', () => chain(x), 5000);
await tf.setBackend(backend);
const tx = tf.tensor1d([0,1,2,3,4]);
time('tfjs add[5]', () => { const r = tf.add(tx, tx); r.dispose(); });
