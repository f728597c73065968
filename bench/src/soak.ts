/**
 * Memory soak (issue 3): an eager training loop of a 32-64-1 relu MLP (batch 32, MSE, SGD) with
 * hand-written gradients, never calling dispose(), awaiting the loss every 10 steps. Reports live
 * arrays, the wasm heap and process RSS at the start, after the warm-up and at the end.
 * One mode per process (scripts/run-bench.mjs runs each), so that modes do not share a heap:
 *   jaxts-wasm | jaxts-cpu | jaxts-wasm-sync (never awaits) | tfjs-wasm-tidy | tfjs-wasm-notidy
 * Usage: node --conditions=@jaxts/source --import tsx bench/src/soak.ts <mode> [--quick]
 */
import { numpy as jnp, memoryStats, type Tensor } from '@jaxts/tensor';
import { emit, lcgData, QUICK } from './harness.ts';
import { tf, useBackend } from './peers.ts';

const MODES = ['jaxts-wasm', 'jaxts-cpu', 'jaxts-wasm-sync', 'tfjs-wasm-tidy', 'tfjs-wasm-notidy'];
const mode = process.argv[2] ?? 'jaxts-wasm';
if (!MODES.includes(mode))
  throw new Error(`soak: unknown mode ${mode}; expected ${MODES.join(' | ')}`);
const STEPS = Number(process.env.SOAK_STEPS ?? (QUICK ? 2000 : 10_000));
const WARMUP = Math.min(1000, STEPS >> 1);
const AWAIT_EVERY = mode === 'jaxts-wasm-sync' ? 0 : 10;
const BATCH = 32;
const LR = 0.01;
const MiB = 1024 * 1024;

interface Snapshot {
  readonly step: number;
  readonly live: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
}

const isTfjs = mode.startsWith('tfjs');
const backend = mode.includes('cpu') ? 'cpu' : 'wasm';

function snapshot(step: number): Snapshot {
  const heap = isTfjs
    ? (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length
    : (memoryStats().wasmHeapBytes ?? 0);
  return {
    step,
    live: isTfjs ? tf.memory().numTensors : memoryStats().liveArrays,
    heapMiB: heap / MiB,
    rssMiB: process.memoryUsage().rss / MiB,
  };
}

/**
 * The jaxts step: the same code as packages/tensor/test/memory.test.ts, on the same data as the
 * tfjs step below (so both print the same losses).
 */
function jaxtsTrainer(): () => Tensor {
  const data = (n: number, seed: number, shape: number[]): Tensor =>
    jnp.asarray(lcgData(n, seed)).reshape(shape);
  const x = data(BATCH * 32, 1, [BATCH, 32]);
  const y = x.matmul(data(32, 2, [32, 1])).mul(0.1);
  let w1 = data(32 * 64, 3, [32, 64]).mul(0.1);
  let b1 = jnp.zeros([64]);
  let w2 = data(64, 4, [64, 1]).mul(0.1);
  let b2 = jnp.zeros([1]);
  return () => {
    const h = x.matmul(w1).add(b1);
    const a = jnp.maximum(h, 0);
    const d = a.matmul(w2).add(b2).sub(y);
    const loss = d.square().mean();
    const dOut = d.mul(2 / BATCH);
    const dw2 = a.T.matmul(dOut);
    const db2 = dOut.sum({ axis: 0 });
    const dh = dOut.matmul(w2.T).mul(h.greater(0).astype('float32'));
    const dw1 = x.T.matmul(dh);
    const db1 = dh.sum({ axis: 0 });
    w1 = w1.sub(dw1.mul(LR));
    b1 = b1.sub(db1.mul(LR));
    w2 = w2.sub(dw2.mul(LR));
    b2 = b2.sub(db2.mul(LR));
    return loss;
  };
}

/** The same step in raw tfjs (functional ops: tfjs-core's Node entry has no chained ops). */
function tfjsTrainer(tidy: boolean): () => tf.Tensor {
  const x = tf.tensor2d(lcgData(BATCH * 32, 1), [BATCH, 32]);
  const y = tf.mul(tf.matMul(x, tf.tensor2d(lcgData(32, 2), [32, 1])), 0.1);
  let w1 = tf.mul(tf.tensor2d(lcgData(32 * 64, 3), [32, 64]), 0.1);
  let b1 = tf.zeros([64]);
  let w2 = tf.mul(tf.tensor2d(lcgData(64, 4), [64, 1]), 0.1);
  let b2 = tf.zeros([1]);
  const compute = (): tf.Tensor[] => {
    const h = tf.add(tf.matMul(x, w1), b1);
    const a = tf.relu(h);
    const d = tf.sub(tf.add(tf.matMul(a, w2), b2), y);
    const loss = tf.mean(tf.square(d));
    const dOut = tf.mul(d, 2 / BATCH);
    const dw2 = tf.matMul(tf.transpose(a), dOut);
    const db2 = tf.sum(dOut, 0);
    const dh = tf.mul(tf.matMul(dOut, tf.transpose(w2)), tf.cast(tf.greater(h, 0), 'float32'));
    const dw1 = tf.matMul(tf.transpose(x), dh);
    const db1 = tf.sum(dh, 0);
    return [
      loss,
      tf.sub(w1, tf.mul(dw1, LR)),
      tf.sub(b1, tf.mul(db1, LR)),
      tf.sub(w2, tf.mul(dw2, LR)),
      tf.sub(b2, tf.mul(db2, LR)),
    ];
  };
  return () => {
    const out = tidy ? tf.tidy(compute) : compute();
    // With tidy the old parameters are disposed by hand (tidy only frees what it created).
    if (tidy) for (const t of [w1, b1, w2, b2]) t.dispose();
    const [loss, ...params] = out as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    [w1, b1, w2, b2] = params as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    return loss;
  };
}

async function run(): Promise<void> {
  await useBackend(backend);
  const step: () => Tensor | tf.Tensor = isTfjs
    ? tfjsTrainer(mode === 'tfjs-wasm-tidy')
    : jaxtsTrainer();
  const start = snapshot(0);
  let warm = start;
  let maxLive = start.live;
  let firstLoss = Number.NaN;
  let lastLoss = Number.NaN;
  let failure: string | null = null;
  let done = 0;
  let last: Tensor | tf.Tensor | null = null;
  const t0 = performance.now();
  let tWarm = t0;
  try {
    for (let i = 1; i <= STEPS; i++) {
      const loss = step();
      last = loss;
      if (AWAIT_EVERY > 0 && i % AWAIT_EVERY === 0)
        lastLoss = ((await loss.data()) as Float32Array)[0] ?? Number.NaN;
      if (i === 1) firstLoss = (loss.dataSync() as Float32Array)[0] ?? Number.NaN;
      if (isTfjs && mode === 'tfjs-wasm-tidy') (loss as tf.Tensor).dispose();
      if (i % 100 === 0) {
        const s = snapshot(i);
        maxLive = Math.max(maxLive, s.live);
        if (i % 1000 === 0) {
          console.log(
            `step ${i}: live ${s.live}, wasm heap ${s.heapMiB.toFixed(1)} MiB, RSS ${s.rssMiB.toFixed(1)} MiB`,
          );
        }
      }
      if (i === WARMUP) {
        warm = snapshot(i);
        tWarm = performance.now();
      }
      done = i;
    }
  } catch (e) {
    failure = `failed at step ${done + 1}: ${String(e)}`;
    console.log(failure);
  }
  if (last !== null && !(isTfjs && mode === 'tfjs-wasm-tidy')) {
    lastLoss = (last.dataSync() as Float32Array)[0] ?? Number.NaN;
  }
  const end = snapshot(done);
  const msPerStep = (performance.now() - tWarm) / Math.max(1, done - WARMUP);
  console.log(`loss ${firstLoss} -> ${lastLoss}`);
  emit({
    bench: 'soak',
    workload: `MLP 32-64-1 b32, ${done} steps`,
    backend: mode,
    unit: 'mixed',
    values: {
      steps: { value: done },
      'ms/step': { value: msPerStep },
      'live (start)': { value: start.live },
      'live (max)': { value: maxLive },
      'live (end)': { value: end.live },
      'heap MiB (start)': { value: start.heapMiB },
      'heap MiB (warm)': { value: warm.heapMiB },
      'heap MiB (end)': { value: end.heapMiB },
      'RSS MiB (start)': { value: start.rssMiB },
      'RSS MiB (warm)': { value: warm.rssMiB },
      'RSS MiB (end)': { value: end.rssMiB },
    },
    ...(failure !== null ? { note: failure } : {}),
  });
}

await run();
