/**
 * jit bench (issue 7, issue 11 item 5): call overhead of a jitted 1-op function beside the raw
 * tfjs op; a chain of 20 elementwise ops on [5] and [10^5], jit vs eager; the seed's two jitted
 * update steps; and the win of each optimization inside compiled programs, each measured by
 * turning that one optimization off (compilerOptions) in the same run. Ratios < 1 mean jaxts (or
 * the optimization) is faster.
 * Usage: node --conditions=@jaxts/source --import tsx bench/src/jit-bench.ts [--quick]
 *          [--only overhead,chains,seed,passes,crossover]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { valueAndGrad } from '@jaxts/grad';
import { type JitOptions, jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { emit, fmt, lcgData, QUICK, type Timing, timeInterleaved, timingValue } from './harness.ts';
import { seedPart1, seedPart2 } from './jit-seed-steps.ts';
import { tf, useBackend } from './peers.ts';

const ROUNDS = QUICK ? 7 : 21;

type Opts = NonNullable<JitOptions['compilerOptions']>;

/** µs per call for a few contenders, interleaved. */
function time(
  contenders: readonly { label: string; fn: () => void }[],
  inner: number,
  rounds = ROUNDS,
): Timing[] {
  return timeInterleaved(contenders, { inner, rounds, warmupRounds: 3 });
}

function values(
  ts: readonly Timing[],
): Record<string, { value: number; spread: [number, number] }> {
  const out: Record<string, { value: number; spread: [number, number] }> = {};
  for (const t of ts) out[t.label] = timingValue(t);
  return out;
}

function chain(n: number): (x: Tensor) => Tensor {
  return (x) => {
    let y = x;
    for (let i = 0; i < n; i++) y = i % 2 === 0 ? y.mul(1.0001) : y.add(0.5);
    return y;
  };
}

async function overhead(backend: 'cpu' | 'wasm'): Promise<void> {
  const xa = lcgData(5, 1);
  const a = jnp.asarray(xa);
  const b = jnp.asarray(lcgData(5, 2));
  const ta = tf.tensor1d(xa);
  const tb = tf.tensor1d(lcgData(5, 2));
  const add = jit((u: Tensor, v: Tensor) => u.add(v));
  const ts = time(
    [
      { label: 'jaxts jit', fn: () => void add(a, b) },
      { label: 'jaxts eager', fn: () => void a.add(b) },
      { label: 'tfjs', fn: () => tf.add(ta, tb).dispose() },
    ],
    QUICK ? 1000 : 4000,
  );
  emit({
    bench: 'jit',
    workload: 'call overhead: jitted add on [5]',
    backend,
    unit: 'µs/call',
    values: values(ts),
    ratio: {
      of: 'jaxts jit',
      to: 'tfjs',
      value: (ts[0] as Timing).median / (ts[2] as Timing).median,
    },
    note: 'jaxts results are dropped (reclaimed by the collector); tfjs disposes each result',
  });
  ta.dispose();
  tb.dispose();
}

async function chains(backend: 'cpu' | 'wasm'): Promise<void> {
  for (const n of [5, 100_000]) {
    const x = jnp.asarray(lcgData(n, 3));
    const f = chain(20);
    const fused = jit(f);
    const kernels = jit(f, { compilerOptions: { host: false } });
    const unfused = jit(f, { compilerOptions: { fuseElementwise: false, host: true } });
    const interp = jit(f, { compilerOptions: { codegen: false } });
    const forcedHost = jit(f, {
      compilerOptions: { host: { elementwise: Number.POSITIVE_INFINITY } },
    });
    const contenders = [
      { label: 'jit', fn: () => void fused(x) },
      { label: 'eager', fn: () => void f(x) },
      { label: 'jit, kernels only', fn: () => void kernels(x) },
      { label: 'jit, host, one loop per op', fn: () => void unfused(x) },
      { label: 'jit, host loop interpreted', fn: () => void interp(x) },
      ...(backend === 'wasm' ? [{ label: 'jit, host forced', fn: () => void forcedHost(x) }] : []),
    ];
    const ts = time(contenders, n === 5 ? (QUICK ? 500 : 2000) : QUICK ? 5 : 20);
    const stats = fused.compile(x).stats;
    emit({
      bench: 'jit',
      workload: `chain of 20 elementwise ops on [${n}]`,
      backend,
      unit: 'µs/call',
      values: values(ts),
      ratio: { of: 'jit', to: 'eager', value: (ts[0] as Timing).median / (ts[1] as Timing).median },
      note: `jit runs it as ${stats.hostLoops} host loop(s) and ${stats.kernelSteps} kernel call(s)`,
    });
  }
}

/**
 * JAX's times for the same two steps, measured now on this machine (bench/jax/jit_seed_steps.py)
 * when a Python with jax, flax and optax is available (JAX_PYTHON, default /work/.venv-ref).
 */
let jaxNow: [number, number] | null | undefined;
function jaxSeedTimes(): [number, number] | null {
  if (jaxNow !== undefined) return jaxNow;
  jaxNow = null;
  const py = process.env.JAX_PYTHON ?? '/work/.venv-ref/bin/python';
  if (!existsSync(py)) return null;
  const r = spawnSync(py, ['bench/jax/jit_seed_steps.py'], { encoding: 'utf8', timeout: 600_000 });
  const m1 = /part 1 jitted step: ([\d.]+) us/.exec(r.stdout ?? '');
  const m2 = /part 2 jitted step: ([\d.]+) us/.exec(r.stdout ?? '');
  if (m1?.[1] !== undefined && m2?.[1] !== undefined) jaxNow = [Number(m1[1]), Number(m2[1])];
  return jaxNow;
}

async function seed(backend: 'cpu' | 'wasm'): Promise<void> {
  const now = jaxSeedTimes();
  const parts = [
    {
      name: 'seed part 1 jitted update step (BiasAdderWithRunningMean)',
      make: seedPart1,
      jax: 11,
      jaxNow: now?.[0],
    },
    {
      name: 'seed part 2 jitted update step (vmapped MLP + BatchNorm)',
      make: seedPart2,
      jax: 82,
      jaxNow: now?.[1],
    },
  ];
  for (const p of parts) {
    const s = p.make();
    // The same step compiled without jit's optimizations: no passes, no host execution.
    const plain = p.make({
      passes: { inline: false, simplify: false, fold: false, cse: false, dce: false },
      host: false,
      fuseMatmul: false,
    });
    const ts = time(
      [
        { label: 'jaxts jit', fn: s.step },
        { label: 'jaxts jit, unoptimized (kernels only)', fn: plain.step },
        { label: 'jaxts eager', fn: s.eager },
      ],
      p.jax < 50 ? (QUICK ? 200 : 1000) : QUICK ? 20 : 100,
    );
    const [j] = ts as [Timing];
    emit({
      bench: 'jit',
      workload: p.name,
      backend,
      unit: 'µs/step',
      values: {
        ...values(ts),
        'JAX 0.10.2 XLA cpu (issue 11)': { value: p.jax },
        ...(p.jaxNow !== undefined ? { 'JAX, this run': { value: p.jaxNow } } : {}),
      },
      ratio:
        p.jaxNow !== undefined
          ? { of: 'jaxts jit', to: 'JAX, this run', value: j.median / p.jaxNow, target: '< 1' }
          : { of: 'jaxts jit', to: 'JAX (issue 11)', value: j.median / p.jax, target: '< 1' },
    });
  }
}

/** One row per optimization: the same program with and without it. */
async function passes(backend: 'cpu' | 'wasm'): Promise<void> {
  const k = random.split(random.PRNGKey(7), 4);
  const rows: {
    name: string;
    f: (...xs: Tensor[]) => unknown;
    args: Tensor[];
    off: Opts;
    inner: number;
    only?: 'wasm';
  }[] = [];
  // DCE: a grad program computes the primal loss value it never returns.
  const ce = (w: Tensor, x: Tensor, y: Tensor): Tensor => {
    const logits = jnp.tanh(x.matmul(w));
    const m = logits.max({ axis: -1, keepdims: true });
    const lse = jnp.log(jnp.exp(logits.sub(m)).sum({ axis: -1, keepdims: true })).add(m);
    return logits.sub(lse).mul(y).sum().neg();
  };
  const gradCe = (w: Tensor, x: Tensor, y: Tensor) => valueAndGrad(ce)(w, x, y)[1];
  rows.push({
    name: 'DCE: grad of softmax CE, [64,32]x[32,10] (unused primal loss)',
    f: gradCe,
    args: [
      random.normal(k.get(0), [32, 10]),
      random.normal(k.get(1), [64, 32]),
      jnp.eye(10).get(jnp.arange(64).mod(10)),
    ],
    off: { passes: { dce: false } },
    inner: QUICK ? 50 : 200,
  });
  // CSE: a softmax written with its exponentials twice, and a repeated normalization.
  const twice = (x: Tensor): Tensor => {
    const e1 = jnp.exp(x.sub(x.max({ axis: -1, keepdims: true })));
    const e2 = jnp.exp(x.sub(x.max({ axis: -1, keepdims: true })));
    const norm = x
      .sub(x.mean({ axis: -1, keepdims: true }))
      .div(x.std({ axis: -1, keepdims: true }).add(1e-5));
    const norm2 = x
      .sub(x.mean({ axis: -1, keepdims: true }))
      .div(x.std({ axis: -1, keepdims: true }).add(1e-5));
    return e1.div(e2.sum({ axis: -1, keepdims: true })).add(norm.mul(norm2));
  };
  rows.push({
    name: 'CSE: duplicated softmax/normalization on [256,64]',
    f: twice,
    args: [random.normal(k.get(2), [256, 64])],
    off: { passes: { cse: false } },
    inner: QUICK ? 50 : 200,
  });
  // Constant folding: a positional-encoding table built from iota and sin in the function.
  const pe = (x: Tensor): Tensor => {
    const pos = jnp.arange(64).astype('float32').reshape([64, 1]);
    const freq = jnp.exp(
      jnp
        .arange(32)
        .astype('float32')
        .mul(-Math.log(10000) / 32),
    );
    const table = jnp.concatenate([jnp.sin(pos.mul(freq)), jnp.cos(pos.mul(freq))], 1);
    return x.add(table);
  };
  rows.push({
    name: 'constant folding: positional encoding table [64,64] + x',
    f: pe,
    args: [random.normal(k.get(3), [64, 64])],
    off: { passes: { fold: false } },
    inner: QUICK ? 200 : 1000,
  });
  // Elementwise fusion: a softmax's elementwise chain and its reductions in one loop.
  const softmax = (x: Tensor): Tensor => {
    const e = jnp.exp(x.sub(x.max({ axis: -1, keepdims: true })));
    return e.div(e.sum({ axis: -1, keepdims: true }));
  };
  rows.push({
    name: 'elementwise fusion: softmax on [128,10]',
    f: softmax,
    args: [random.normal(k.get(0), [128, 10])],
    off: { fuseElementwise: false },
    inner: QUICK ? 200 : 1000,
  });
  rows.push({
    name: 'host execution: softmax on [128,10] (vs kernels only)',
    f: softmax,
    args: [random.normal(k.get(0), [128, 10])],
    off: { host: false },
    inner: QUICK ? 200 : 1000,
  });
  // Matmul fusion (kernels only, so both sides use tfjs matmul kernels).
  const layer = (x: Tensor, w: Tensor, b: Tensor): Tensor => jnp.maximum(x.matmul(w).add(b), 0);
  rows.push({
    name: 'matmul fusion: relu(x@W+b), [128,784]x[784,512] (kernels only)',
    f: layer,
    args: [
      random.uniform(k.get(1), [128, 784]),
      random.normal(k.get(2), [784, 512]).mul(0.05),
      jnp.zeros([512]),
    ],
    off: { host: false, fuseMatmul: false },
    inner: QUICK ? 2 : 5,
    only: 'wasm',
  });
  for (const r of rows) {
    if (r.only !== undefined && r.only !== backend) continue;
    const on = jit(
      r.f,
      r.name.startsWith('matmul fusion') ? { compilerOptions: { host: false } } : {},
    );
    const off = jit(r.f, { compilerOptions: r.off });
    const ts = time(
      [
        { label: 'on', fn: () => void on(...r.args) },
        { label: 'off', fn: () => void off(...r.args) },
      ],
      r.inner,
    );
    const sOn = on.compile(...r.args).stats;
    const sOff = off.compile(...r.args).stats;
    emit({
      bench: 'jit',
      workload: r.name,
      backend,
      unit: 'µs/call',
      values: values(ts),
      ratio: { of: 'on', to: 'off', value: (ts[0] as Timing).median / (ts[1] as Timing).median },
      note: `equations ${sOff.equations} -> ${sOn.equations}; kernel calls ${sOff.kernelSteps + sOff.fusedMatmuls} -> ${sOn.kernelSteps + sOn.fusedMatmuls}; host loops ${sOff.hostLoops} -> ${sOn.hostLoops}`,
    });
  }
}

/** Where host loops stop paying off on wasm: chains of k ops on n elements, host vs kernels. */
async function crossover(): Promise<void> {
  for (const k of [1, 5, 20]) {
    const vals: Record<string, { value: number }> = {};
    for (const n of [256, 1024, 2048, 4096, 16384, 65536]) {
      const x = jnp.asarray(lcgData(n, 5));
      const host = jit(chain(k), {
        compilerOptions: { host: { elementwise: Number.POSITIVE_INFINITY } },
      });
      const kern = jit(chain(k), { compilerOptions: { host: false } });
      const ts = time(
        [
          { label: 'host', fn: () => void host(x) },
          { label: 'kernels', fn: () => void kern(x) },
        ],
        Math.max(5, Math.floor((QUICK ? 2e5 : 1e6) / n / k)),
        QUICK ? 5 : 11,
      );
      vals[`n=${n}`] = { value: (ts[0] as Timing).median / (ts[1] as Timing).median };
    }
    emit({
      bench: 'jit',
      workload: `crossover: chain of ${k} op(s), host-loop time / kernel time`,
      backend: 'wasm',
      unit: 'ratio',
      values: vals,
      note: 'jit picks the cheaper side with a per-op cost model (packages/tensor/src/jit/host/placement.ts)',
    });
  }
}

const onlyArg = process.argv.find((_a, i) => process.argv[i - 1] === '--only');
const ONLY = onlyArg === undefined ? null : new Set(onlyArg.split(','));
const want = (part: string): boolean => ONLY === null || ONLY.has(part);

async function run(): Promise<void> {
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    if (want('overhead')) await overhead(backend);
    if (want('chains')) await chains(backend);
    if (want('seed')) await seed(backend);
    if (want('passes')) await passes(backend);
  }
  await useBackend('wasm');
  if (want('crossover')) await crossover();
  console.log(`# done (${fmt(performance.now() / 1000)} s)`);
}

await run();
