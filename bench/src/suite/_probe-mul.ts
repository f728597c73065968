import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { jit, numpy as jnp, setBackend, type Tensor, tree } from '@jaxts/tensor';
import * as tf from '@tensorflow/tfjs-core';

await setBackend('wasm');
for (const cfg of tf.getKernelsForBackend('wasm')) {
  if (cfg.kernelName !== 'Multiply') continue;
  const orig = cfg.kernelFunc as (a: unknown) => { dataId: object; shape: number[] };
  (cfg as { kernelFunc: unknown }).kernelFunc = (args: {
    inputs: {
      a: { shape: number[]; dataId: object; dtype: string };
      b: { shape: number[]; dataId: object; dtype: string };
    };
    backend: tf.KernelBackend;
  }) => {
    if (args.inputs.a.shape[0] !== 784) return orig(args);
    const t0 = performance.now();
    const r = orig(args);
    const t1 = performance.now();
    const r2 = orig(args);
    const t2 = performance.now();
    const va = args.backend.readSync(args.inputs.a.dataId) as Float32Array;
    const vb = args.backend.readSync(args.inputs.b.dataId) as Float32Array;
    let den = 0;
    for (const v of va) if (v !== 0 && Math.abs(v) < 1.2e-38) den++;
    const vr = args.backend.readSync(r.dataId) as Float32Array;
    let den2 = 0;
    for (const v of vr) if (v !== 0 && Math.abs(v) < 1.2e-38) den2++;
    console.log(
      'mul',
      (t1 - t0).toFixed(3),
      (t2 - t1).toFixed(3),
      'b',
      args.inputs.b.dtype,
      args.inputs.b.shape,
      vb[0],
      'denormals in a',
      den,
      'in out',
      den2,
    );
    args.backend.disposeData(r2.dataId);
    return r;
  };
}
const B = 128,
  IN = 784,
  OUT = 10,
  h = 512;
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const a = nn.relu(x.matmul(p.w1).add(p.b1));
  const logits = a.matmul(p.w2).add(p.b2);
  return nn
    .logSoftmax(logits)
    .mul(y)
    .sum()
    .mul(-1 / B);
};
const step = (p: Params, x: Tensor, y: Tensor) => {
  const [l, g] = valueAndGrad(loss)(p, x, y);
  return [tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(0.1)), p, g) as Params, l] as const;
};
const js = jit(step);
let p: Params = {
  w1: jnp.ones([IN, h]).mul(0.01),
  b1: jnp.zeros([h]),
  w2: jnp.ones([h, OUT]).mul(0.01),
  b2: jnp.zeros([OUT]),
};
const x = jnp.ones([B, IN]),
  y = jnp.ones([B, OUT]).mul(0.1);
for (let i = 0; i < 4; i++) {
  const [np, l] = js(p, x, y);
  p = np;
  l.dataSync();
}
console.log('eager');
for (let i = 0; i < 3; i++) {
  const [np, l] = step(p, x, y);
  p = np;
  l.dataSync();
}
