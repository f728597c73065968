/**
 * Issue 11 workload 7: memory soak. 10,000 train steps (2,000 with --quick) of an MLP 32-64-1
 * (batch 128, squared error, SGD) as written by users: jaxts jit(valueAndGrad) step, jaxts eager
 * step (no dispose anywhere, the collector reclaims), hand-written tfjs in tidy, @jax-js/jax jit
 * (its reference counting by hand). Reports live arrays (jaxts: after a forced collection, i.e.
 * the reachable ones), the wasm heap and RSS at the start, after the warm-up and at the end.
 * "Flat": the live count ends where it started and nothing grows after the warm-up.
 * One mode per process. Usage: soak.ts <cpu|wasm> <jaxts-jit|jaxts-eager|tfjs|jax-js> [--quick]
 */
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { collectGarbage, jit, numpy as jnp, memoryStats, type Tensor, tree } from '@jaxts/tensor';
import { tf } from '../peers.ts';
import { lcg, QUICK, setup, suiteRow } from './common.ts';

const MODES = ['jaxts-jit', 'jaxts-eager', 'tfjs', 'jax-js'] as const;
type Mode = (typeof MODES)[number];
const mode = process.argv[3] as Mode;
if (!MODES.includes(mode)) {
  throw new Error(`soak: unknown mode ${String(mode)}; expected ${MODES.join(' | ')}.`);
}
const STEPS = Number(process.env.SOAK_STEPS ?? (QUICK ? 2000 : 10_000));
const WARMUP = Math.min(1000, STEPS / 5);
const B = 128;
const IN = 32;
const H = 64;
const LR = 0.01;
const MiB = 1024 * 1024;

const data = {
  w1: lcg(IN * H, 41, Math.sqrt(6 / IN)),
  w2: lcg(H, 42, Math.sqrt(3 / H)),
  x: lcg(B * IN, 43),
  y: lcg(B, 44),
};

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

function jaxtsTrainer(jitted: boolean): () => () => number {
  const x = jnp.asarray(data.x).reshape([B, IN]);
  const y = jnp.asarray(data.y).reshape([B, 1]);
  let p: Params = {
    w1: jnp.asarray(data.w1).reshape([IN, H]),
    b1: jnp.zeros([H]),
    w2: jnp.asarray(data.w2).reshape([H, 1]),
    b2: jnp.zeros([1]),
  };
  const loss = (q: Params, xb: Tensor, yb: Tensor): Tensor =>
    nn.relu(xb.matmul(q.w1).add(q.b1)).matmul(q.w2).add(q.b2).sub(yb).square().mean();
  const step = (q: Params, xb: Tensor, yb: Tensor): [Params, Tensor] => {
    const [l, g] = valueAndGrad(loss)(q, xb, yb);
    return [tree.map((a: Tensor, d: Tensor) => a.sub(d.mul(LR)), q, g) as Params, l];
  };
  const f = jitted ? jit(step) : step;
  return () => () => {
    const [np, l] = f(p, x, y);
    p = np;
    return l.item() as number;
  };
}

function tfjsTrainer(): () => () => number {
  const x = tf.tensor2d(data.x, [B, IN]);
  const y = tf.tensor2d(data.y, [B, 1]);
  let p = [
    tf.tensor2d(data.w1, [IN, H]),
    tf.zeros([H]),
    tf.tensor2d(data.w2, [H, 1]),
    tf.zeros([1]),
  ];
  return () => () => {
    const [w1, b1, w2, b2] = p as [tf.Tensor2D, tf.Tensor, tf.Tensor2D, tf.Tensor];
    const out = tf.tidy(() => {
      const z = tf.add(tf.matMul(x, w1), b1);
      const a = tf.relu(z) as tf.Tensor2D;
      const d = tf.sub(tf.add(tf.matMul(a, w2), b2), y);
      const loss = tf.mean(tf.square(d));
      const dd = tf.mul(d, 2 / B) as tf.Tensor2D;
      const dz = tf.mul(tf.matMul(dd, tf.transpose(w2)), tf.step(z)) as tf.Tensor2D;
      const g = [
        tf.matMul(tf.transpose(x), dz),
        tf.sum(dz, 0),
        tf.matMul(tf.transpose(a), dd),
        tf.sum(dd, 0),
      ];
      return [loss, ...p.map((w, i) => tf.sub(w, tf.mul(g[i] as tf.Tensor, LR)))];
    });
    for (const t of p) t.dispose();
    const [loss, ...rest] = out as [tf.Tensor, ...tf.Tensor[]];
    p = rest;
    const v = loss.dataSync()[0] as number;
    loss.dispose();
    return v;
  };
}

async function jaxjsTrainer(): Promise<() => () => Promise<number>> {
  const jx = await import('@jax-js/jax');
  const { numpy: np, nn: jnn, tree: jtree } = jx;
  type A = ReturnType<typeof np.zeros>;
  type P = { w1: A; b1: A; w2: A; b2: A };
  const x = np.array(data.x).reshape([B, IN]);
  const y = np.array(data.y).reshape([B, 1]);
  let p: P = {
    w1: np.array(data.w1).reshape([IN, H]),
    b1: np.zeros([H]),
    w2: np.array(data.w2).reshape([H, 1]),
    b2: np.zeros([1]),
  };
  const loss = (q: P, xb: A, yb: A): A => {
    const d = np
      .matmul(jnn.relu(np.matmul(xb, q.w1).add(q.b1)), q.w2)
      .add(q.b2)
      .sub(yb);
    return d.ref.mul(d).mean();
  };
  const step = jx.jit((q: P, xb: A, yb: A) => {
    const [l, g] = jx.valueAndGrad(loss)(jtree.ref(q), xb, yb);
    return [jtree.map((w: A, gw: A) => w.sub(gw.mul(LR)), q, g) as P, l] as const;
  });
  return () => async () => {
    const [np2, l] = step(p, x.ref, y.ref);
    p = np2;
    return l.item() as number;
  };
}

interface Snap {
  live: number;
  heapMiB: number;
  rssMiB: number;
}

/** Live arrays (jaxts: after a forced collection; tfjs: numTensors), wasm heap and RSS. */
function snapshot(isJaxts: boolean, collect: boolean): Snap {
  let live: number;
  let heap: number;
  if (isJaxts) {
    if (collect) collectGarbage();
    const m = memoryStats();
    live = m.liveArrays;
    heap = m.wasmHeapBytes ?? 0;
  } else {
    live = mode === 'tfjs' ? tf.memory().numTensors : Number.NaN;
    const b = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
    heap = b.wasm?.HEAPU8.length ?? 0;
  }
  return { live, heapMiB: heap / MiB, rssMiB: process.memoryUsage().rss / MiB };
}

async function main(): Promise<void> {
  const { backend } = await setup({ jaxjs: mode === 'jax-js' });
  if (mode === 'jax-js' && backend !== 'wasm') throw new Error('soak: jax-js runs on wasm only.');
  const isJaxts = mode.startsWith('jaxts');
  const make =
    mode === 'jaxts-jit'
      ? jaxtsTrainer(true)
      : mode === 'jaxts-eager'
        ? jaxtsTrainer(false)
        : mode === 'tfjs'
          ? tfjsTrainer()
          : await jaxjsTrainer();
  const step = make();
  const start = snapshot(isJaxts, true);
  const collections0 = memoryStats().collections;
  let warm = start;
  // The heap right after jaxts's collector first ran by itself: it must not grow past it.
  let plateau: Snap | null = null;
  let maxHeap = start.heapMiB;
  let first = Number.NaN;
  let last = Number.NaN;
  let failure: string | null = null;
  let done = 0;
  const t0 = performance.now();
  let tWarm = t0;
  try {
    for (let i = 1; i <= STEPS; i++) {
      const v = step();
      last = v instanceof Promise ? await v : v;
      if (i === 1) first = last;
      if (i === WARMUP) {
        warm = snapshot(isJaxts, true);
        tWarm = performance.now();
      }
      if (i % 100 === 0) {
        const s = snapshot(isJaxts, false);
        maxHeap = Math.max(maxHeap, s.heapMiB);
        if (
          isJaxts &&
          plateau === null &&
          i > WARMUP &&
          memoryStats().collections > collections0 + 1
        )
          plateau = s;
      }
      done = i;
    }
  } catch (e) {
    failure = `failed at step ${done + 1}: ${String(e).slice(0, 200)}`;
  }
  const msPerStep = (performance.now() - tWarm) / Math.max(1, done - WARMUP);
  const end = snapshot(isJaxts, true);
  // Flat: the reachable arrays after the run are those after the warm-up (the loss just read
  // aside), and the heap stops growing: jaxts's collector runs after 64 MiB of allocations, so
  // its heap may grow by up to that before the first collection, and never after it.
  const flatLive = Number.isNaN(end.live) || end.live <= warm.live + 2;
  const bound = isJaxts ? (plateau?.heapMiB ?? start.heapMiB + 64 + 1) : warm.heapMiB;
  const flatHeap = maxHeap <= bound + 1 && end.heapMiB <= bound + 1;
  const flat = failure === null && flatLive && flatHeap;
  suiteRow({
    workload: `soak ${mode}, ${done} steps`,
    backend,
    unit: 'ms',
    values: {
      'ms/step': { value: msPerStep },
      'live start': { value: start.live },
      'live warm': { value: warm.live },
      'live end': { value: end.live },
      'heap MiB start': { value: start.heapMiB },
      'heap MiB warm': { value: warm.heapMiB },
      'heap MiB max': { value: maxHeap },
      'heap MiB end': { value: end.heapMiB },
      'RSS MiB warm': { value: warm.rssMiB },
      'RSS MiB end': { value: end.rssMiB },
      flat: { value: flat ? 1 : 0 },
    },
    note:
      `loss ${first.toFixed(4)} -> ${last.toFixed(4)}` +
      (isJaxts
        ? `; live = reachable arrays (counted after a forced collection); collector runs ${memoryStats().collections - collections0 - 2}` +
          (plateau !== null ? `; heap after its first run ${plateau.heapMiB.toFixed(1)} MiB` : '')
        : '') +
      (mode === 'jax-js' ? '; jax-js exposes no live-array count' : '') +
      (failure !== null ? `; ${failure}` : ''),
  });
}

await main();
