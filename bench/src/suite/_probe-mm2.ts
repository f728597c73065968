import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../peers.ts';
import { timeRounds } from './common.ts';

await useBackend('wasm');
const a = tf.randomNormal([128, 784]);
const w = tf.randomNormal([784, 512]);
const wT = tf.transpose(w);
const xt = tf.randomNormal([784, 128]);
const x = tf.transpose(xt);
const dz = tf.randomNormal([128, 512]);
const dzT = tf.transpose(dz);
const fresh = (t: tf.Tensor, f: (w: tf.Tensor) => tf.Tensor) => () => {
  const w2 = tf.add(t, 0);
  const r = f(w2);
  r.dispose();
  w2.dispose();
};
const ts = await timeRounds(
  [
    { label: 'a@w fresh w', fn: fresh(w, (w2) => tf.matMul(a, w2)) },
    { label: 'a@wT^T fresh (transposeB)', fn: fresh(wT, (w2) => tf.matMul(a, w2, false, true)) },
    { label: 'xt@dz fresh dz', fn: fresh(dz, (d) => tf.matMul(xt, d)) },
    { label: 'xt@dzT^T fresh (transposeB)', fn: fresh(dzT, (d) => tf.matMul(xt, d, false, true)) },
    { label: '(dzT@x)  fresh dzT -> [512,784]', fn: fresh(dzT, (d) => tf.matMul(d, x)) },
    { label: 'add only 400k', fn: fresh(w, (w2) => tf.add(w2, 0)) },
  ],
  { rounds: 31, warmupRounds: 3, inner: 3 },
);
for (const t of ts)
  console.log(
    t.label.padEnd(34),
    (t.median / 1000).toFixed(3),
    'ms',
    ((2 * 128 * 784 * 512) / (t.median * 1e3)).toFixed(1),
    'GFLOP/s',
  );
