/**
 * Issue 11 workload 5: the seed's two jitted update steps, imported from examples/seed (part 1:
 * BiasAdderWithRunningMean on ones[32,5]; part 2: the vmapped MLP 5-10-10-1 with BatchNorm over
 * axisName 'batch' on X[128,5]), beside the same computations hand-written in tfjs (forward and
 * backward by hand) and in @jax-js/jax (jit(valueAndGrad)). JAX: the guide's jitted steps, 11 µs
 * and 82 µs on XLA. Usage: seed.ts <cpu|wasm> [--quick]
 */

import type { FrozenDict } from '@jaxts/frozendict';
import { random, type Tensor } from '@jaxts/tensor';
import { dummyInput, X, Y } from '../../../examples/seed/src/data.ts';
import {
  BiasAdderWithRunningMean,
  tx as tx1,
  updateStep as updateStep1,
} from '../../../examples/seed/src/part1.ts';
import { type ApplyFn, MLP, makeUpdateStep, tx as tx2 } from '../../../examples/seed/src/part2.ts';
import { tf } from '../peers.ts';
import {
  type AsyncContender,
  inUnit,
  JAX_XLA,
  QUICK,
  setup,
  suiteRow,
  timeOnce,
  timeRounds,
} from './common.ts';

type Vars = FrozenDict;
type Apply1 = (variables: unknown, x: Tensor, opts: { mutable: string[] }) => [Tensor, Vars];

/** The guide's part 1 loop body: one call of its jitted update step. */
function jaxtsPart1(): () => void {
  const model = new BiasAdderWithRunningMean({});
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx1.init(params);
  const apply = model.apply as Apply1;
  return () => {
    [optState, params, state] = updateStep1(apply, dummyInput, optState, params, state);
  };
}

function jaxtsPart2(): () => void {
  const updateStep = makeUpdateStep(false);
  const model = new MLP({ hiddenSize: 10, outSize: 1 });
  const variables = model.init(random.PRNGKey(0), dummyInput);
  let [state, params] = variables.pop('params') as [Vars, Vars];
  let optState = tx2.init(params);
  const apply = model.apply as ApplyFn;
  return () => {
    [optState, params, state] = updateStep(apply, X, Y, optState, params, state);
  };
}

/** Part 1 by hand in tfjs: running-mean update, bias gradient of sum((x - y)^2), SGD. */
function tfjsPart1(): () => void {
  const x = tf.ones([32, 5]);
  let mean: tf.Tensor = tf.zeros([1, 5]);
  let bias: tf.Tensor = tf.zeros([5]);
  return () => {
    const [m, b] = tf.tidy(() => {
      const m = tf.add(tf.mul(mean, 0.9), tf.mul(tf.mean(x, 0, true), 0.1));
      const d = tf.sub(x, tf.add(m, bias));
      const g = tf.mul(tf.sum(d, 0), -2);
      return [m, tf.sub(bias, tf.mul(g, 0.02))];
    }) as [tf.Tensor, tf.Tensor];
    mean.dispose();
    bias.dispose();
    mean = m;
    bias = b;
  };
}

const EPS = 1e-5;

/** Deterministic small parameters shared by the tfjs and jax-js versions of part 2. */
function part2Params(): Record<string, Float32Array> {
  const u = (n: number, seed: number): Float32Array => {
    const out = new Float32Array(n);
    let s = seed;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = (s / 2 ** 32 - 0.5) * 0.6;
    }
    return out;
  };
  return { w1: u(50, 1), w2: u(100, 2), w3: u(10, 3) };
}

/**
 * Part 2 by hand in tfjs: Dense-BatchNorm(running averages, as the guide's train=false)-relu
 * twice, then Dense; mean squared error; gradients of all 13 parameters by hand; SGD.
 */
function tfjsPart2(): () => void {
  const init = part2Params();
  const xs = tf.tensor2d(X.dataSync() as Float32Array, [128, 5]);
  const ys = tf.tensor2d(Y.dataSync() as Float32Array, [128, 1]);
  const ones = (n: number) => tf.ones([n]);
  const zeros = (n: number) => tf.zeros([n]);
  let p: tf.Tensor[] = [
    tf.tensor2d(init.w1 as Float32Array, [5, 10]),
    zeros(10),
    ones(10),
    zeros(10),
    tf.tensor2d(init.w2 as Float32Array, [10, 10]),
    zeros(10),
    ones(10),
    zeros(10),
    tf.tensor2d(init.w3 as Float32Array, [10, 1]),
    zeros(1),
  ];
  // Running statistics (not updated when normalizing with them, as in Flax).
  const m1 = zeros(10);
  const v1 = ones(10);
  const m2 = zeros(10);
  const v2 = ones(10);
  return () => {
    const next = tf.tidy(() => {
      const [w1, b1, s1, c1, w2, b2, s2, c2, w3, b3] = p as [
        tf.Tensor2D,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor2D,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor2D,
        tf.Tensor,
      ];
      const r1 = tf.rsqrt(tf.add(v1, EPS));
      const r2 = tf.rsqrt(tf.add(v2, EPS));
      const z1 = tf.add(tf.matMul(xs, w1), b1);
      const h1 = tf.mul(tf.sub(z1, m1), r1);
      const n1 = tf.add(tf.mul(h1, s1), c1);
      const a1 = tf.relu(n1);
      const z2 = tf.add(tf.matMul(a1 as tf.Tensor2D, w2), b2);
      const h2 = tf.mul(tf.sub(z2, m2), r2);
      const n2 = tf.add(tf.mul(h2, s2), c2);
      const a2 = tf.relu(n2);
      const pred = tf.add(tf.matMul(a2 as tf.Tensor2D, w3), b3);
      const dp = tf.mul(tf.sub(pred, ys), 2 / 128) as tf.Tensor2D;
      const dw3 = tf.matMul(tf.transpose(a2 as tf.Tensor2D), dp);
      const db3 = tf.sum(dp, 0);
      const dn2 = tf.mul(tf.matMul(dp, tf.transpose(w3)), tf.step(n2));
      const ds2 = tf.sum(tf.mul(dn2, h2), 0);
      const dc2 = tf.sum(dn2, 0);
      const dz2 = tf.mul(dn2, tf.mul(r2, s2)) as tf.Tensor2D;
      const dw2 = tf.matMul(tf.transpose(a1 as tf.Tensor2D), dz2);
      const db2 = tf.sum(dz2, 0);
      const dn1 = tf.mul(tf.matMul(dz2, tf.transpose(w2)), tf.step(n1));
      const ds1 = tf.sum(tf.mul(dn1, h1), 0);
      const dc1 = tf.sum(dn1, 0);
      const dz1 = tf.mul(dn1, tf.mul(r1, s1)) as tf.Tensor2D;
      const dw1 = tf.matMul(tf.transpose(xs), dz1);
      const db1 = tf.sum(dz1, 0);
      const grads = [dw1, db1, ds1, dc1, dw2, db2, ds2, dc2, dw3, db3];
      return p.map((w, i) => tf.sub(w, tf.mul(grads[i] as tf.Tensor, 0.02)));
    });
    for (const t of p) t.dispose();
    p = next;
  };
}

async function jaxjsParts(): Promise<{ part1: () => Promise<void>; part2: () => Promise<void> }> {
  const jx = await import('@jax-js/jax');
  const { numpy: np, nn: jnn, tree: jtree } = jx;
  // Part 1: the state update is an auxiliary output of the loss, as in the guide.
  const x1 = np.ones([32, 5]);
  let mean = np.zeros([1, 5]);
  let bias = np.zeros([5]);
  const loss1 = (b: typeof bias, m: typeof mean, x: typeof x1): [typeof bias, typeof mean] => {
    const newMean = m.mul(0.9).add(np.mean(x.ref, 0, { keepdims: true }).mul(0.1));
    const d = x.sub(newMean.ref.add(b));
    return [d.ref.mul(d).sum(), newMean];
  };
  const step1 = jx.jit((b: typeof bias, m: typeof mean, x: typeof x1) => {
    const [[, newMean], g] = jx.valueAndGrad(loss1, { hasAux: true })(b.ref, m, x);
    return [b.sub(g.mul(0.02)), newMean] as const;
  });
  // Part 2: the same network as tfjsPart2, batched (its BatchNorm normalizes with constants).
  const init = part2Params();
  const xs = np.array(X.dataSync() as Float32Array).reshape([128, 5]);
  const ys = np.array(Y.dataSync() as Float32Array).reshape([128, 1]);
  type P = Record<string, typeof xs>;
  let params: P = {
    w1: np.array(init.w1 as Float32Array).reshape([5, 10]),
    b1: np.zeros([10]),
    s1: np.ones([10]),
    c1: np.zeros([10]),
    w2: np.array(init.w2 as Float32Array).reshape([10, 10]),
    b2: np.zeros([10]),
    s2: np.ones([10]),
    c2: np.zeros([10]),
    w3: np.array(init.w3 as Float32Array).reshape([10, 1]),
    b3: np.zeros([1]),
  };
  const r = 1 / Math.sqrt(1 + EPS); // running mean 0, running variance 1
  const loss2 = (q: P, x: typeof xs, y: typeof xs) => {
    const bn = (z: typeof xs, s: typeof xs, c: typeof xs) => z.mul(r).mul(s).add(c);
    const a1 = jnn.relu(
      bn(
        np.matmul(x, q.w1 as typeof xs).add(q.b1 as typeof xs),
        q.s1 as typeof xs,
        q.c1 as typeof xs,
      ),
    );
    const a2 = jnn.relu(
      bn(
        np.matmul(a1, q.w2 as typeof xs).add(q.b2 as typeof xs),
        q.s2 as typeof xs,
        q.c2 as typeof xs,
      ),
    );
    const d = np
      .matmul(a2, q.w3 as typeof xs)
      .add(q.b3 as typeof xs)
      .sub(y);
    return d.ref.mul(d).mean();
  };
  const step2 = jx.jit((q: P, x: typeof xs, y: typeof xs) => {
    const g = jx.grad(loss2)(jtree.ref(q), x, y);
    return jtree.map((w: typeof xs, gw: typeof xs) => w.sub(gw.mul(0.02)), q, g) as P;
  });
  await jx.blockUntilReady([x1, mean, bias, xs, ys, params]);
  return {
    part1: async () => {
      [bias, mean] = step1(bias, mean, x1.ref);
      await jx.blockUntilReady([bias, mean]);
    },
    part2: async () => {
      params = step2(params, xs.ref, ys.ref);
      await jx.blockUntilReady(params);
    },
  };
}

async function main(): Promise<void> {
  const { backend, jaxjs } = await setup({ jaxjs: true });
  const p1 = jaxtsPart1();
  const p2 = jaxtsPart2();
  // The first two calls trace (the running mean changes shape from [5] to [1,5] after one).
  const first1 = (await timeOnce(p1)) + (await timeOnce(p1));
  const first2 = await timeOnce(p2);
  const t1 = tfjsPart1();
  const t2 = tfjsPart2();
  const jj = jaxjs ? await jaxjsParts() : null;
  const inner = QUICK ? 200 : 500;
  const rounds = QUICK ? 9 : 25;
  const run = async (parts: AsyncContender[], innerCalls: number) =>
    new Map(
      (await timeRounds(parts, { rounds, warmupRounds: 3, inner: innerCalls })).map((t) => [
        t.label,
        inUnit(t, 'µs'),
      ]),
    );
  const r1 = await run(
    [
      { label: 'jaxts', fn: p1 },
      { label: 'tfjs', fn: t1 },
      ...(jj !== null ? [{ label: 'jax-js', fn: jj.part1 }] : []),
    ],
    inner,
  );
  suiteRow({
    workload: 'seed part 1 jitted step',
    backend,
    unit: 'µs',
    values: {
      jaxts: r1.get('jaxts'),
      tfjs: r1.get('tfjs'),
      'jax-js': r1.get('jax-js'),
      'JAX/XLA': { value: JAX_XLA.seedPart1.value },
    },
    note: `jaxts first two calls (two traces) ${first1.toFixed(0)} ms; tfjs and jax-js: the same math by hand`,
  });
  const r2 = await run(
    [
      { label: 'jaxts', fn: p2 },
      { label: 'tfjs', fn: t2 },
      ...(jj !== null ? [{ label: 'jax-js', fn: jj.part2 }] : []),
    ],
    Math.max(20, inner >> 3),
  );
  suiteRow({
    workload: 'seed part 2 jitted step',
    backend,
    unit: 'µs',
    values: {
      jaxts: r2.get('jaxts'),
      tfjs: r2.get('tfjs'),
      'jax-js': r2.get('jax-js'),
      'JAX/XLA': { value: JAX_XLA.seedPart2.value },
    },
    note: `jaxts first call ${first2.toFixed(0)} ms; tfjs: forward and backward by hand`,
  });
}

await main();
