import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../peers.ts';
import { timeRounds } from './common.ts';

await useBackend((process.argv[2] ?? 'wasm') as 'wasm');
const S = [64, 28, 28, 16];
const x = tf.randomNormal(S),
  y = tf.randomNormal(S);
const s = tf.scalar(0.0);
const c16 = tf.randomNormal([1, 1, 1, 16]);
const bx = tf.greater(x, 0);
const k = (name: string, inputs: Record<string, tf.Tensor>, attrs = {}) => ({
  label:
    name +
    ' ' +
    Object.values(inputs)
      .map((t) => (t.shape.length === 4 && t.size > 16 ? 'X' : JSON.stringify(t.shape)))
      .join(',') +
    ' ' +
    JSON.stringify(attrs),
  fn: () => (tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor).dispose(),
});
const ts = await timeRounds(
  [
    k('Maximum', { a: x, b: y }),
    k('Maximum', { a: x, b: s }),
    k('Equal', { a: x, b: y }),
    k('Equal', { a: x, b: s }),
    k('Add', { a: x, b: y }),
    k('Add', { a: x, b: s }),
    k('Add', { a: x, b: c16 }),
    k('Multiply', { a: x, b: c16 }),
    k('Select', { condition: bx, t: x, e: y }),
    k('Relu', { x }),
    k('Sum', { x }, { axis: [0, 1, 2], keepDims: false }),
    k('Sum', { x }, { axis: [3], keepDims: false }),
    k('Fill', {}, { shape: S, value: 0.5, dtype: 'float32' }),
    k('Step', { x }, { alpha: 0 }),
    k('Cast', { x: bx }, { dtype: 'float32' }),
  ],
  { rounds: 15, warmupRounds: 2, inner: 2 },
);
for (const t of ts) console.log(t.label.padEnd(50), (t.median / 1000).toFixed(3), 'ms');
