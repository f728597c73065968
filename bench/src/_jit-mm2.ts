import { numpy as jnp, setBackend, lax, random } from '@jaxts/tensor';
import { tf, useBackend } from './peers.ts';
await useBackend('wasm');
function best(f: () => void, n: number) { for (let i = 0; i < 3; i++) f(); let b = Infinity; for (let r = 0; r < 5; r++) { const t0 = performance.now(); for (let i = 0; i < n; i++) f(); b = Math.min(b, (performance.now() - t0) / n * 1000); } return b; }
const e = random.uniform(random.PRNGKey(3), [128, 784]); const bz = random.normal(random.PRNGKey(4), [128, 512]).mul(0.01);
const dn = { contracting: [[0], [0]], batch: [[], []] } as const;
const dot = () => lax.dotGeneral(e, bz, dn as never);
console.log('jaxts dot e^T bz', best(() => dot().dispose(), 10).toFixed(0), 'us');
const cb = dot();
console.log('jaxts mul cb 0.1', best(() => lax.mul(cb, jnp.asarray(0.1, 'float32')).dispose(), 20).toFixed(0), 'us');
console.log('jaxts mul ones 0.1', best(() => lax.mul(jnp.ones([784,512]), jnp.asarray(0.1, 'float32')).dispose(), 20).toFixed(0), 'us');
const te = tf.tensor2d(e.dataSync() as Float32Array, [128, 784]); const tbz = tf.tensor2d(bz.dataSync() as Float32Array, [128, 512]);
console.log('tfjs matMul(T(x), dh)', best(() => tf.tidy(() => tf.matMul(tf.transpose(te), tbz)).dispose(), 10).toFixed(0), 'us');
const tcb = tf.tidy(() => tf.matMul(tf.transpose(te), tbz));
console.log('tfjs mul', best(() => tf.mul(tcb, 0.1).dispose(), 20).toFixed(0), 'us');
const v = cb.dataSync() as Float32Array; let den = 0; for (const x of v) if (x !== 0 && Math.abs(x) < 1.2e-38) den++; console.log('denormals', den);
