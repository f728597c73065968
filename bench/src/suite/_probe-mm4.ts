import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../peers.ts';
import { timeRounds } from './common.ts';
await useBackend('wasm');
const x = tf.randomNormal([128, 784]);
const xT = tf.transpose(x);
let w = tf.randomNormal([784, 512]);
let wT = tf.transpose(w);
const ts = await timeRounds([
  { label: 'x@w fresh', fn: () => { const n = tf.add(w, 0); w.dispose(); w = n; tf.matMul(x, w).dispose(); } },
  { label: 'wT@xT fresh', fn: () => { const n = tf.add(wT, 0); wT.dispose(); wT = n; tf.matMul(wT, xT).dispose(); } },
  { label: 'add only', fn: () => { const n = tf.add(w, 0); w.dispose(); w = n; } },
  { label: 'x@w same', fn: () => { tf.matMul(x, w).dispose(); } },
  { label: 'wT@xT same', fn: () => { tf.matMul(wT, xT).dispose(); } },
], { rounds: 41, warmupRounds: 3, inner: 2 });
for (const t of ts) console.log(t.label.padEnd(20), (t.median / 1000).toFixed(3), (t.p25 / 1000).toFixed(3), (t.p75 / 1000).toFixed(3));
