import { tf, useBackend } from '../peers.ts';

await useBackend((process.argv[2] ?? 'wasm') as 'wasm');
function time(name: string, f: () => tf.Tensor, n = 100) {
  for (let i = 0; i < 10; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f().dispose();
  console.log(name.padEnd(40), (((performance.now() - t0) / n) * 1000).toFixed(1), 'us');
}
for (const [r, c] of [
  [128, 784],
  [784, 128],
  [128, 512],
  [512, 512],
  [128, 10],
  [64, 32],
]) {
  const x = tf.ones([r, c]);
  time(`transpose [${r},${c}]`, () => tf.transpose(x));
  time(`copy-ish add [${r},${c}]`, () => tf.add(x, x));
}
const x3 = tf.ones([128, 64, 32]);
time('transpose [128,64,32] 0,2,1', () => tf.transpose(x3, [0, 2, 1]));
const a = tf.ones([128, 784]),
  b = tf.ones([784, 512]);
time('matmul 128x784x512', () => tf.matMul(a, b), 30);
const at = tf.ones([784, 128]),
  d = tf.ones([128, 512]);
time('matmul 784x128x512', () => tf.matMul(at, d), 30);
