import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../peers.ts';
import { timeRounds } from './common.ts';

await useBackend('wasm');
const a = tf.randomNormal([128, 784]);
const w = tf.randomNormal([784, 512]);
const bias = tf.randomNormal([512]);
const a3 = tf.reshape(a, [1, 128, 784]);
const fresh = (t: tf.Tensor, f: (w: tf.Tensor) => tf.Tensor) => () => {
  const w2 = tf.add(t, 0);
  const r = f(w2);
  r.dispose();
  w2.dispose();
};
const fused = (act: string, withBias: boolean) =>
  fresh(w, (w2) => {
    const w3 = tf.reshape(w2, [1, 784, 512]);
    const r = tf
      .engine()
      .runKernel(
        '_FusedMatMul',
        (withBias ? { a: a3, b: w3, bias } : { a: a3, b: w3 }) as never,
        { transposeA: false, transposeB: false, activation: act } as never,
      ) as tf.Tensor;
    w3.dispose();
    return r;
  });
const ts = await timeRounds(
  [
    {
      label: 'matmul + add bias',
      fn: fresh(w, (w2) => {
        const m = tf.matMul(a, w2);
        const r = tf.add(m, bias);
        m.dispose();
        return r;
      }),
    },
    { label: 'matmul', fn: fresh(w, (w2) => tf.matMul(a, w2)) },
    { label: 'fused bias linear', fn: fused('linear', true) },
    { label: 'fused bias relu', fn: fused('relu', true) },
    { label: 'fused nobias', fn: fused('linear', false) },
  ],
  { rounds: 41, warmupRounds: 3, inner: 3 },
);
for (const t of ts)
  console.log(
    t.label.padEnd(34),
    (t.median / 1000).toFixed(3),
    'ms',
    (t.p25 / 1000).toFixed(3),
    (t.p75 / 1000).toFixed(3),
  );
