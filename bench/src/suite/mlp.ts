/**
 * Issue 11 workload 1: one SGD train step of an MLP 784-H-10 (relu, softmax cross-entropy,
 * batch 128, H = 512 and 2048): jaxts jit(valueAndGrad) and eager, hand-written tfjs (forward and
 * backward with explicit transposes, in tidy: the fastest tfjs code), @jax-js/jax jit and eager.
 * JAX: the same step under jax.jit. Usage: mlp.ts <cpu|wasm> [--quick]
 */
import type { Array as JxArray } from '@jax-js/jax';
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { collectGarbage, jit, numpy as jnp, memoryStats, type Tensor, tree } from '@jaxts/tensor';
import { tf } from '../peers.ts';
import {
  type AsyncContender,
  inUnit,
  JAX_XLA,
  lcg,
  oneHotData,
  QUICK,
  setup,
  suiteRow,
  timeOnce,
  timeRounds,
} from './common.ts';

const B = 128;
const IN = 784;
const OUT = 10;
const LR = 0.1;

interface Data {
  readonly w1: Float32Array;
  readonly w2: Float32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

function data(h: number): Data {
  return {
    w1: lcg(IN * h, 11, Math.sqrt(6 / IN)),
    w2: lcg(h * OUT, 12, Math.sqrt(3 / h)),
    x: lcg(B * IN, 13),
    y: oneHotData(B, OUT, 14),
  };
}

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

function jaxtsStep(): (p: Params, x: Tensor, y: Tensor) => [Params, Tensor] {
  const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
    const h = nn.relu(x.matmul(p.w1).add(p.b1));
    const logits = h.matmul(p.w2).add(p.b2);
    return nn
      .logSoftmax(logits)
      .mul(y)
      .sum()
      .mul(-1 / B);
  };
  return (p, x, y) => {
    const [l, g] = valueAndGrad(loss)(p, x, y);
    const np = tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(LR)), p, g) as Params;
    return [np, l];
  };
}

function jaxtsContenders(d: Data, h: number): { jit: () => void; eager: () => void } {
  const x = jnp.asarray(d.x).reshape([B, IN]);
  const y = jnp.asarray(d.y).reshape([B, OUT]);
  const init = (): Params => ({
    w1: jnp.asarray(d.w1).reshape([IN, h]),
    b1: jnp.zeros([h]),
    w2: jnp.asarray(d.w2).reshape([h, OUT]),
    b2: jnp.zeros([OUT]),
  });
  const step = jaxtsStep();
  const jstep = jit(step);
  let pj = init();
  let pe = init();
  return {
    jit: () => {
      const [np, l] = jstep(pj, x, y);
      pj = np;
      l.dataSync();
    },
    eager: () => {
      const [np, l] = step(pe, x, y);
      pe = np;
      l.dataSync();
    },
  };
}

/** Hand-written tfjs: forward, backward with explicit transposes, SGD; all inside tidy. */
function tfjsContender(d: Data, h: number): () => void {
  const x = tf.tensor2d(d.x, [B, IN]);
  const y = tf.tensor2d(d.y, [B, OUT]);
  let p = [tf.tensor2d(d.w1, [IN, h]), tf.zeros([h]), tf.tensor2d(d.w2, [h, OUT]), tf.zeros([OUT])];
  return () => {
    const [w1, b1, w2, b2] = p as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    const out = tf.tidy(() => {
      const z1 = tf.add(tf.matMul(x, w1), b1);
      const a1 = tf.relu(z1);
      const z2 = tf.add(tf.matMul(a1, w2), b2);
      const logp = tf.logSoftmax(z2);
      const loss = tf.mul(tf.sum(tf.mul(logp, y)), -1 / B);
      const dz2 = tf.div(tf.sub(tf.exp(logp), y), B);
      const dw2 = tf.matMul(tf.transpose(a1), dz2);
      const db2 = tf.sum(dz2, 0);
      const dz1 = tf.mul(tf.matMul(dz2, tf.transpose(w2)), tf.step(z1));
      const dw1 = tf.matMul(tf.transpose(x), dz1);
      const db1 = tf.sum(dz1, 0);
      return [
        loss,
        tf.sub(w1, tf.mul(dw1, LR)),
        tf.sub(b1, tf.mul(db1, LR)),
        tf.sub(w2, tf.mul(dw2, LR)),
        tf.sub(b2, tf.mul(db2, LR)),
      ];
    });
    for (const t of p) t.dispose();
    const [loss, ...rest] = out as [tf.Tensor, ...tf.Tensor[]];
    p = rest;
    loss.dataSync();
    loss.dispose();
  };
}

/**
 * The floor of a step on tfjs's kernels: its five matmuls alone (forward x@W1, h@W2; backward
 * x^T@dz1, h^T@dz2, dz2@W2^T, with the transposed operands prepared once), W1 refreshed by one
 * Add per step so that tfjs cannot reuse its packed weights, as in training.
 */
function matmulFloor(d: Data, h: number): () => void {
  const x = tf.tensor2d(d.x, [B, IN]);
  const xT = tf.transpose(x);
  let w1 = tf.tensor2d(d.w1, [IN, h]);
  const w2 = tf.tensor2d(d.w2, [h, OUT]);
  const w2T = tf.transpose(w2);
  const dz1 = tf.tensor2d(lcg(B * h, 15), [B, h]);
  const dz2 = tf.tensor2d(lcg(B * OUT, 16), [B, OUT]);
  const a1T = tf.tensor2d(lcg(B * h, 17), [h, B]);
  return () => {
    const next = tf.add(w1, 0);
    w1.dispose();
    w1 = next as tf.Tensor2D;
    const a1 = tf.matMul(x, w1);
    const outs = [
      a1,
      tf.matMul(a1, w2),
      tf.matMul(xT, dz1),
      tf.matMul(a1T, dz2),
      tf.matMul(dz2, w2T),
    ];
    for (const o of outs) o.dispose();
  };
}

/** @jax-js/jax, written as its anchor script writes it (reference-counted arrays: `.ref`). */
async function jaxjsContenders(
  d: Data,
  h: number,
): Promise<{ jit: () => Promise<void>; eager: () => Promise<void> }> {
  const jx = await import('@jax-js/jax');
  const { numpy: np, nn: jnn, tree: jtree } = jx;
  type P = { w1: JxArray; b1: JxArray; w2: JxArray; b2: JxArray };
  const x = np.array(d.x).reshape([B, IN]);
  const y = np.array(d.y).reshape([B, OUT]);
  const init = (): P => ({
    w1: np.array(d.w1).reshape([IN, h]),
    b1: np.zeros([h]),
    w2: np.array(d.w2).reshape([h, OUT]),
    b2: np.zeros([OUT]),
  });
  const lossFn = (p: P, xb: JxArray, yb: JxArray): JxArray => {
    const a = jnn.relu(np.matmul(xb, p.w1).add(p.b1));
    const logits = np.matmul(a, p.w2).add(p.b2);
    return jnn
      .logSoftmax(logits)
      .mul(yb)
      .sum()
      .mul(-1 / B);
  };
  const step = (p: P, xb: JxArray, yb: JxArray): [P, JxArray] => {
    const [loss, grads] = jx.valueAndGrad(lossFn)(jtree.ref(p), xb, yb);
    const newP = jtree.map((w: JxArray, g: JxArray) => w.sub(g.mul(LR)), p, grads) as P;
    return [newP, loss];
  };
  const jstep = jx.jit(step);
  let pj = init();
  let pe = init();
  await jx.blockUntilReady([pj, pe, x, y]);
  const run = async (f: typeof step, which: 'j' | 'e'): Promise<void> => {
    const [np2, loss] = f(which === 'j' ? pj : pe, x.ref, y.ref);
    if (which === 'j') pj = np2;
    else pe = np2;
    loss.item();
    await jx.blockUntilReady(np2);
  };
  return { jit: () => run(jstep, 'j'), eager: () => run(step, 'e') };
}

async function main(): Promise<void> {
  const { backend, jaxjs } = await setup({ jaxjs: true });
  const sizes = QUICK && backend === 'cpu' ? [512] : [512, 2048];
  for (const h of sizes) {
    const d = data(h);
    const jx = jaxtsContenders(d, h);
    const firstJit = await timeOnce(jx.jit);
    const t = tfjsContender(d, h);
    const jj = jaxjs ? await jaxjsContenders(d, h) : null;
    const contenders: AsyncContender[] = [
      { label: 'jaxts jit', fn: jx.jit },
      { label: 'jaxts eager', fn: jx.eager },
      { label: 'tfjs', fn: t },
      { label: 'matmul floor', fn: matmulFloor(d, h) },
      ...(jj !== null
        ? [
            { label: 'jax-js jit', fn: jj.jit },
            { label: 'jax-js eager', fn: jj.eager },
          ]
        : []),
    ];
    const slow = backend === 'cpu';
    const rounds = slow ? (QUICK ? 3 : h > 512 ? 5 : 9) : QUICK ? 7 : h > 512 ? 11 : 21;
    const gc0 = memoryStats().collections;
    const ts = await timeRounds(contenders, { rounds, warmupRounds: slow ? 1 : 3 });
    const gcs = memoryStats().collections - gc0;
    // What one of jaxts's forced collections (a full V8 GC) costs in this process.
    const gcMs = await timeOnce(() => collectGarbage());
    const by = new Map(ts.map((x) => [x.label, x]));
    const cell = (l: string) => {
      const x = by.get(l);
      return x === undefined ? undefined : inUnit(x, 'ms');
    };
    const ref = h === 512 ? { value: JAX_XLA.mlpStep.value } : undefined;
    suiteRow({
      workload: `MLP 784-${h}-10 b128 step, jit`,
      backend,
      unit: 'ms',
      values: {
        jaxts: cell('jaxts jit'),
        tfjs: cell('tfjs'),
        'jax-js': cell('jax-js jit'),
        'JAX/XLA': ref,
        'matmul floor': cell('matmul floor'),
      },
      note:
        `jaxts first call (trace + compile + run) ${firstJit.toFixed(0)} ms; ` +
        `jaxts's collector ran ${gcs} times during the rounds (~${gcMs.toFixed(0)} ms each); ` +
        'matmul floor: the five matmuls of the step alone on tfjs kernels',
    });
    suiteRow({
      workload: `MLP 784-${h}-10 b128 step, eager`,
      backend,
      unit: 'ms',
      values: { jaxts: cell('jaxts eager'), tfjs: cell('tfjs'), 'jax-js': cell('jax-js eager') },
    });
  }
}

await main();
