import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../peers.ts';
import { timeRounds } from './common.ts';

await useBackend('wasm');
const a = tf.randomNormal([128, 784]);
const w = tf.randomNormal([784, 512]);
const bias = tf.randomNormal([512]);
const a3 = tf.reshape(a, [1, 128, 784]);
const w3 = tf.reshape(w, [1, 784, 512]);
const xt = tf.randomNormal([784, 128]);
const dz = tf.randomNormal([128, 512]);
const run =
  (name: string, attrs: Record<string, unknown>, inputs: Record<string, tf.Tensor>) => () => {
    const r = tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor;
    r.dispose();
  };
const fresh = (f: (w: tf.Tensor) => tf.Tensor) => () => {
  const w2 = tf.add(w, 0);
  const r = f(w2);
  r.dispose();
  w2.dispose();
};
const ts = await timeRounds(
  [
    {
      label: 'BatchMatMul same w',
      fn: run('BatchMatMul', { transposeA: false, transposeB: false }, { a, b: w }),
    },
    {
      label: 'Fused same w',
      fn: run(
        '_FusedMatMul',
        { transposeA: false, transposeB: false, activation: 'linear' },
        { a: a3, b: w3, bias },
      ),
    },
    { label: 'BatchMatMul fresh w (+add)', fn: fresh((w2) => tf.matMul(a, w2)) },
    { label: 'add only', fn: fresh((w2) => tf.add(w2, 0)) },
    {
      label: 'dW1 xt@dz',
      fn: run('BatchMatMul', { transposeA: false, transposeB: false }, { a: xt, b: dz }),
    },
    {
      label: 'dW1 fresh dz',
      fn: () => {
        const d2 = tf.add(dz, 0);
        const r = tf.matMul(xt, d2);
        r.dispose();
        d2.dispose();
      },
    },
  ],
  { rounds: 31, warmupRounds: 3, inner: 3 },
);
for (const t of ts)
  console.log(
    t.label.padEnd(30),
    (t.median / 1000).toFixed(3),
    'ms',
    ((2 * 128 * 784 * 512) / (t.median * 1e3)).toFixed(1),
    'GFLOP/s',
  );
