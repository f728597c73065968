/**
 * Issue 11 workload 7: memory soak. 10,000 train steps (2,000 with --quick) of an MLP 32-64-1
 * (batch 128, squared error, SGD) as written by users: jaxts jit(valueAndGrad) step, jaxts eager
 * step (no dispose anywhere, the collector reclaims), hand-written tfjs in tidy, @jax-js/jax jit
 * (its reference counting by hand). Reports live arrays (jaxts: after a forced collection, i.e.
 * the reachable ones), the buffers (wasm heap, or cpu ArrayBuffers) and RSS after the warm-up
 * and at the end. "Flat": the live count ends where the warm-up left it and the buffers stop
 * growing (jaxts on wasm: the run goes on until its collector has run 3 times).
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
if (!(STEPS >= 1000 && STEPS % 1000 === 0)) {
  throw new Error(`soak: SOAK_STEPS must be a multiple of 1000; got ${STEPS}.`);
}
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
  /** wasm: the wasm heap (it never shrinks); cpu: the process's ArrayBuffers (the buffers). */
  buffersMiB: number;
  rssMiB: number;
}

/**
 * Live arrays (jaxts: its count of held buffers; tfjs: numTensors), buffers and RSS; with
 * `collect`, after a forced full collection, so that jaxts's count is the reachable arrays.
 */
function snapshot(backend: string, collect: boolean): Snap {
  // Twice: the first collection's finalizers release buffers that only the second one frees.
  if (collect) {
    collectGarbage();
    collectGarbage();
  }
  const live = mode.startsWith('jaxts')
    ? memoryStats().liveArrays
    : mode === 'tfjs'
      ? tf.memory().numTensors
      : Number.NaN;
  const mem = process.memoryUsage();
  const heap =
    backend === 'wasm'
      ? (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length
      : mem.arrayBuffers;
  return { live, buffersMiB: heap / MiB, rssMiB: mem.rss / MiB };
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
  const start = snapshot(backend, true);
  let forced = 2;
  const collections0 = memoryStats().collections;
  // jaxts's collector runs by itself after 64 MiB of allocations: on wasm the run goes on past
  // STEPS until it has run 3 times, so that the heap's steady state is seen (the wasm heap grows
  // until the first runs, by up to that much plus fragmentation, and must not grow after).
  const naturalRuns = () => memoryStats().collections - collections0 - (forced - 2);
  const needRuns = isJaxts && backend === 'wasm' ? 3 : 0;
  const cap = Math.max(STEPS * 6, 40_000);
  let warm = start;
  let plateau: Snap | null = null;
  let maxBuffers = start.buffersMiB;
  let first = Number.NaN;
  let last = Number.NaN;
  let failure: string | null = null;
  let done = 0;
  const t0 = performance.now();
  let tWarm = t0;
  try {
    for (let i = 1; i <= cap; i++) {
      const v = step();
      last = v instanceof Promise ? await v : v;
      if (i === 1) first = last;
      if (i === WARMUP) {
        warm = snapshot(backend, true);
        forced += 2;
        tWarm = performance.now();
      }
      done = i;
      if (i % 100 === 0) {
        const s = snapshot(backend, false);
        maxBuffers = Math.max(maxBuffers, s.buffersMiB);
        if (plateau === null && needRuns > 0 && naturalRuns() >= 2) plateau = s;
        if (i % (STEPS / 10) === 0) {
          const runs = isJaxts ? `, collector runs ${naturalRuns()}` : '';
          console.log(
            `step ${i}: buffers ${s.buffersMiB.toFixed(1)} MiB, RSS ${s.rssMiB.toFixed(0)} MiB${runs}`,
          );
        }
        if (i >= STEPS && naturalRuns() >= needRuns) break;
      }
    }
  } catch (e) {
    failure = `failed at step ${done + 1}: ${String(e).slice(0, 200)}`;
  }
  const msPerStep = (performance.now() - tWarm) / Math.max(1, done - WARMUP);
  const runs = naturalRuns();
  const end = snapshot(backend, true);
  // Flat: the reachable arrays at the end are those after the warm-up (give or take the loss
  // just read), and the buffers do not grow: on wasm from the collector's second run on (jaxts)
  // or from the warm-up on (peers); on cpu, after a collection, back to the warm-up's.
  const flatLive = Number.isNaN(end.live) || end.live <= warm.live + 2;
  const bound =
    backend === 'wasm' && isJaxts ? (plateau?.buffersMiB ?? Number.NaN) : warm.buffersMiB;
  const flatBuffers =
    backend === 'wasm'
      ? maxBuffers <= bound + 1 && end.buffersMiB <= bound + 1
      : end.buffersMiB <= bound + 1;
  const flat = failure === null && flatLive && flatBuffers;
  suiteRow({
    workload: `soak ${mode}, ${done} steps`,
    backend,
    unit: 'ms',
    values: {
      'ms/step': { value: msPerStep },
      'live start': { value: start.live },
      'live warm': { value: warm.live },
      'live end': { value: end.live },
      'buffers MiB warm': { value: warm.buffersMiB },
      ...(plateau !== null ? { 'buffers MiB steady': { value: plateau.buffersMiB } } : {}),
      'buffers MiB max': { value: maxBuffers },
      'buffers MiB end': { value: end.buffersMiB },
      'RSS MiB warm': { value: warm.rssMiB },
      'RSS MiB end': { value: end.rssMiB },
      flat: { value: flat ? 1 : 0 },
    },
    note:
      `loss ${first.toFixed(4)} -> ${last.toFixed(4)}` +
      (isJaxts
        ? `; live = reachable arrays (counted after a forced collection); collector runs on its own: ${runs}`
        : '') +
      (mode === 'jax-js' ? '; jax-js exposes no live-array count' : '') +
      '; buffers: the wasm heap (wasm), the ArrayBuffers after a collection (cpu)' +
      (failure !== null ? `; ${failure}` : ''),
  });
}

await main();
