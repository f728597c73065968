/**
 * jit bench (issue 7): an MLP 784-512-10 training step (batch 128, softmax cross-entropy, SGD),
 * written with jnp ops and @jaxts/grad's valueAndGrad, jitted, on cpu and wasm; beside the same
 * step unjitted, the hand-written tfjs step (forward and backward by hand, tf.tidy) on the same
 * backend, and @jax-js/jax's jitted step on its wasm device (as
 * /work/shared/bench-anchors/jaxjs/04_mlp_train.mjs measured it: 7.1 ms). Every contender reads
 * its loss back each step. Also: 10,000 jitted steps of a small training loop with the live
 * array count before and after.
 * Usage: node --conditions=@jaxts/source --import tsx bench/src/jit-mlp.ts [--quick]
 */
import type { Array as JxArray } from '@jax-js/jax';
import { valueAndGrad } from '@jaxts/grad';
import {
  collectGarbage,
  jit,
  numpy as jnp,
  memoryStats,
  random,
  type Tensor,
  tree,
} from '@jaxts/tensor';
import { emit, lcgData, QUICK, type Timing, timeInterleaved } from './harness.ts';
import { tf, useBackend } from './peers.ts';

const B = 128;
const IN = 784;
const H = 512;
const OUT = 10;
const LR = 0.1;
const ROUNDS = QUICK ? 5 : 11;
const INNER = QUICK ? 2 : 4;

interface Params {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
}

function lossFn(p: Params, x: Tensor, y: Tensor): Tensor {
  const h = jnp.maximum(x.matmul(p.w1).add(p.b1), 0);
  const logits = h.matmul(p.w2).add(p.b2);
  const shifted = logits.sub(logits.max({ axis: -1, keepdims: true }));
  const logp = shifted.sub(jnp.log(jnp.exp(shifted).sum({ axis: -1, keepdims: true })));
  return logp
    .mul(y)
    .sum()
    .mul(-1 / B);
}

function step(p: Params, x: Tensor, y: Tensor): [Params, Tensor] {
  const [loss, g] = valueAndGrad(lossFn)(p, x, y) as [Tensor, Params];
  return [tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(LR)), p, g) as unknown as Params, loss];
}

function data(): { x: Float32Array; y: Float32Array } {
  const x = lcgData(B * IN, 11).map((v) => (v + 1) / 2);
  const y = new Float32Array(B * OUT);
  for (let i = 0; i < B; i++) y[i * OUT + ((i * 7) % OUT)] = 1;
  return { x, y };
}

function initParams(): Params {
  const [k1, k2] = [random.PRNGKey(1), random.PRNGKey(2)];
  return {
    w1: random.normal(k1, [IN, H]).mul(Math.sqrt(2 / IN)),
    b1: jnp.zeros([H]),
    w2: random.normal(k2, [H, OUT]).mul(Math.sqrt(1 / H)),
    b2: jnp.zeros([OUT]),
  };
}

/** The hand-written tfjs step: forward, backward by hand (explicit transposes), SGD, in tidy. */
function tfjsStep(xd: Float32Array, yd: Float32Array): () => number {
  const x = tf.tensor2d(xd, [B, IN]);
  const y = tf.tensor2d(yd, [B, OUT]);
  let w1 = tf.mul(tf.randomNormal([IN, H], 0, 1, 'float32', 1), Math.sqrt(2 / IN));
  let b1 = tf.zeros([H]);
  let w2 = tf.mul(tf.randomNormal([H, OUT], 0, 1, 'float32', 2), Math.sqrt(1 / H));
  let b2 = tf.zeros([OUT]);
  return () => {
    const out = tf.tidy(() => {
      const pre = tf.add(tf.matMul(x, w1), b1);
      const h = tf.relu(pre);
      const logits = tf.add(tf.matMul(h, w2), b2);
      const logp = tf.logSoftmax(logits);
      const loss = tf.mul(tf.sum(tf.mul(logp, y)), -1 / B);
      const dlogits = tf.div(tf.sub(tf.softmax(logits), y), B);
      const dw2 = tf.matMul(tf.transpose(h), dlogits);
      const db2 = tf.sum(dlogits, 0);
      const dh = tf.mul(
        tf.matMul(dlogits, tf.transpose(w2)),
        tf.cast(tf.greater(pre, 0), 'float32'),
      );
      const dw1 = tf.matMul(tf.transpose(x), dh);
      const db1 = tf.sum(dh, 0);
      return [
        loss,
        tf.sub(w1, tf.mul(dw1, LR)),
        tf.sub(b1, tf.mul(db1, LR)),
        tf.sub(w2, tf.mul(dw2, LR)),
        tf.sub(b2, tf.mul(db2, LR)),
      ];
    });
    for (const t of [w1, b1, w2, b2]) t.dispose();
    const [loss, ...ps] = out as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    [w1, b1, w2, b2] = ps as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const v = loss.dataSync()[0] as number;
    loss.dispose();
    return v;
  };
}

interface JaxJsMlp {
  readonly step: () => number;
}

/** @jax-js/jax's jitted step, as in the bench anchor 04_mlp_train.mjs (its wasm device). */
async function jaxjsStep(xd: Float32Array, yd: Float32Array): Promise<JaxJsMlp | null> {
  try {
    const jx = await import('@jax-js/jax');
    const avail: string[] = await jx.init('cpu', 'wasm');
    if (!avail.includes('wasm')) return null;
    jx.defaultDevice('wasm');
    const { numpy: np, nn, random: jr, tree: jt, jit: jjit, valueAndGrad: vg } = jx;
    type P = { w1: JxArray; b1: JxArray; w2: JxArray; b2: JxArray };
    const [k1, k2] = jr.split(jr.key(0), 2) as unknown as [JxArray, JxArray];
    let params: P = {
      w1: jr.normal(k1, [IN, H]).mul(Math.sqrt(2 / IN)),
      b1: np.zeros([H]),
      w2: jr.normal(k2, [H, OUT]).mul(Math.sqrt(1 / H)),
      b2: np.zeros([OUT]),
    };
    const x = np.array(xd).reshape([B, IN]);
    const y = np.array(yd).reshape([B, OUT]);
    const loss = (p: P, xx: JxArray, yy: JxArray): JxArray => {
      const h = nn.relu(np.matmul(xx, p.w1).add(p.b1));
      const logits = np.matmul(h, p.w2).add(p.b2);
      return nn
        .logSoftmax(logits)
        .mul(yy)
        .sum()
        .mul(-1 / B);
    };
    const body = (p: P, xx: JxArray, yy: JxArray): [P, JxArray] => {
      const [l, g] = vg(loss)(jt.ref(p), xx, yy);
      return [jt.map((a: JxArray, d: JxArray) => a.sub(d.mul(LR)), p, g) as P, l];
    };
    const jstep = jjit(body);
    return {
      step: () => {
        const [np_, l] = jstep(params, x.ref, y.ref);
        params = np_;
        return l.item() as number;
      },
    };
  } catch (e) {
    console.log(`# @jax-js/jax not measured: ${String(e)}`);
    return null;
  }
}

async function mlp(): Promise<void> {
  const { x: xd, y: yd } = data();
  const jaxjs = await jaxjsStep(xd, yd);
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    const x = jnp.asarray(xd).reshape([B, IN]);
    const y = jnp.asarray(yd).reshape([B, OUT]);
    const jstep = jit(step);
    // JAX's donate_argnums: the old parameters are freed by the call, not by the collector.
    const dstep = jit(step, { donateArgnums: 0 });
    let pj = initParams();
    let pd = initParams();
    let pe = initParams();
    const tstep = tfjsStep(xd, yd);
    const losses: number[] = [];
    const contenders = [
      {
        label: 'jaxts jit',
        fn: () => {
          const [p, l] = jstep(pj, x, y);
          pj = p;
          losses.push(l.item() as number);
        },
      },
      {
        label: 'jaxts jit, donated params',
        fn: () => {
          const [p, l] = dstep(pd, x, y);
          pd = p;
          l.item();
        },
      },
      {
        label: 'jaxts eager',
        fn: () => {
          const [p, l] = step(pe, x, y);
          pe = p;
          l.item();
        },
      },
      { label: 'tfjs', fn: () => void tstep() },
      ...(backend === 'wasm' && jaxjs !== null
        ? [{ label: 'jax-js jit', fn: () => void jaxjs.step() }]
        : []),
    ];
    // Eager and cpu are slow: fewer steps per sample there.
    const inner = backend === 'cpu' ? 1 : INNER;
    // Warm-up covers the wasm heap's growth to its working size (first touches of new pages).
    const ts = timeInterleaved(contenders, { inner, rounds: ROUNDS, warmupRounds: 4 });
    const values: Record<string, { value: number; spread: [number, number] }> = {};
    for (const t of ts)
      values[t.label] = { value: t.median / 1000, spread: [t.p25 / 1000, t.p75 / 1000] };
    const jt = ts[0] as Timing;
    const peer = ts.find((t) => t.label === 'jax-js jit') ?? (ts[3] as Timing);
    emit({
      bench: 'jit',
      workload: 'MLP 784-512-10 b128 train step',
      backend,
      unit: 'ms/step',
      values,
      ratio: {
        of: 'jaxts jit',
        to: peer.label,
        value: jt.median / peer.median,
        ...(peer.label === 'jax-js jit' ? { target: '≤ 0.7' } : {}),
      },
      note: `loss ${losses[0]?.toFixed(4)} -> ${losses[losses.length - 1]?.toFixed(4)} over ${losses.length} jitted steps; ${jstep.traceCount} trace(s)`,
    });
  }
}

/**
 * The limit on wasm: tfjs's XNNPACK matmul packs its right operand once per new tensor, and a
 * training step's weights are new every step. Raw tfjs, same shapes as the MLP's first layer.
 */
async function packing(): Promise<void> {
  await useBackend('wasm');
  const x = tf.tensor2d(lcgData(B * IN, 3), [B, IN]);
  const w = tf.tensor2d(lcgData(IN * H, 4), [IN, H]);
  const ts = timeInterleaved(
    [
      { label: 'same W', fn: () => tf.matMul(x, w).dispose() },
      {
        label: 'new W each call',
        fn: () => {
          const w2 = tf.add(w, 0);
          tf.matMul(x, w2).dispose();
          w2.dispose();
        },
      },
      { label: 'copy of W only', fn: () => tf.add(w, 0).dispose() },
    ],
    { inner: INNER, rounds: ROUNDS, warmupRounds: 2 },
  );
  const values: Record<string, { value: number; spread: [number, number] }> = {};
  for (const t of ts)
    values[t.label] = { value: t.median / 1000, spread: [t.p25 / 1000, t.p75 / 1000] };
  emit({
    bench: 'jit',
    workload: 'tfjs wasm matmul [128,784]x[784,512] (the MLP first layer)',
    backend: 'wasm',
    unit: 'ms/call',
    values,
    note: 'a training step always has new weights: XNNPACK repacks them on every call',
  });
  x.dispose();
  w.dispose();
}

/** 10,000 jitted steps of a 32-64-1 MLP: the live array count stays flat. */
async function soak(): Promise<void> {
  const steps = QUICK ? 2000 : 10_000;
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    const k = random.split(random.PRNGKey(0), 4);
    const x = random.normal(k.get(0), [32, 32]);
    const y = x.matmul(random.normal(k.get(1), [32, 1])).mul(0.1);
    const loss = (p: { w1: Tensor; w2: Tensor }) =>
      jnp.maximum(x.matmul(p.w1), 0).matmul(p.w2).sub(y).square().mean();
    const s = jit((p: { w1: Tensor; w2: Tensor }) => {
      const [l, g] = valueAndGrad(loss)(p) as [Tensor, { w1: Tensor; w2: Tensor }];
      return [{ w1: p.w1.sub(g.w1.mul(0.01)), w2: p.w2.sub(g.w2.mul(0.01)) }, l] as const;
    });
    let p = {
      w1: random.normal(k.get(2), [32, 64]).mul(0.1),
      w2: random.normal(k.get(3), [64, 1]).mul(0.1),
    };
    [p] = s(p);
    collectGarbage();
    const start = memoryStats();
    let maxLive = start.liveArrays;
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      [p] = s(p);
      if (i % 100 === 0) maxLive = Math.max(maxLive, memoryStats().liveArrays);
    }
    const ms = (performance.now() - t0) / steps;
    collectGarbage();
    const end = memoryStats();
    emit({
      bench: 'jit',
      workload: `jitted MLP 32-64-1 step, ${steps} steps (soak)`,
      backend,
      unit: 'mixed',
      values: {
        'µs/step': { value: ms * 1000 },
        'live (start)': { value: start.liveArrays },
        'live (max)': { value: maxLive },
        'live (end)': { value: end.liveArrays },
        'wasm heap MiB (end)': { value: (end.wasmHeapBytes ?? 0) / 2 ** 20 },
      },
    });
  }
}

await mlp();
await packing();
await soak();
