/**
 * Issue 11 workload 6: one adamw train step of a small CNN, Conv(16, 3x3, SAME)-BatchNorm(batch
 * statistics)-relu-avg_pool(2x2)-Dense(10), on 28x28x1 inputs, batch 64, softmax cross-entropy:
 * jaxts linen + optax-ts, jitted and eager; hand-written tfjs (forward and backward by hand: the
 * wasm backend has no Conv2DBackpropFilter, so the filter gradient is a convolution, as JAX's
 * transpose rule computes it); @jax-js/jax (NCHW, jit(valueAndGrad), adamw by hand).
 * JAX/Flax/Optax: the same model with nn.Conv / nn.BatchNorm / optax.adamw.
 * Usage: cnn.ts <cpu|wasm> [--quick]
 */
import type { FrozenDict } from '@jaxts/frozendict';
import { valueAndGrad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import * as optax from '@jaxts/optax-ts';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { tf } from '../peers.ts';
import {
  type AsyncContender,
  inUnit,
  lcg,
  oneHotData,
  QUICK,
  setup,
  suiteRow,
  timeOnce,
  timeRounds,
} from './common.ts';

const B = 64;
const HW = 28;
const C = 16;
const OUT = 10;
const FLAT = (HW / 2) * (HW / 2) * C;
const LR = 1e-3;
const B1 = 0.9;
const B2 = 0.999;
const ADAM_EPS = 1e-8;
const WD = 1e-4;
const BN_EPS = 1e-5;

const data = {
  x: lcg(B * HW * HW, 31),
  y: oneHotData(B, OUT, 32),
  conv: lcg(9 * C, 33, Math.sqrt(3 / 9)),
  dense: lcg(FLAT * OUT, 34, Math.sqrt(3 / FLAT)),
};

class CNN extends nn.Module<Record<string, never>> {
  call(x: Tensor, train = true): Tensor {
    x = nn.Conv({ features: C, kernelSize: [3, 3] }).call(x);
    x = nn.BatchNorm({ useRunningAverage: !train }).call(x);
    x = nn.relu(x);
    x = nn.avgPool(x, [2, 2], { strides: [2, 2] });
    x = x.reshape([x.shape[0] as number, -1]);
    return nn.Dense({ features: OUT }).call(x);
  }
}

type Vars = FrozenDict;

function jaxts(): { jit: () => void; eager: () => void } {
  const model = new CNN({});
  const x = jnp.asarray(data.x).reshape([B, HW, HW, 1]);
  const y = jnp.asarray(data.y).reshape([B, OUT]);
  const variables = model.init(random.PRNGKey(0), x);
  const tx = optax.adamw(LR, { weightDecay: WD });
  type OptState = ReturnType<typeof tx.init>;
  const apply = model.apply as (
    v: unknown,
    x: Tensor,
    train: boolean,
    opts: { mutable: string[] },
  ) => [Tensor, Vars];
  const step = (params: Vars, stats: Vars, opt: OptState, xb: Tensor, yb: Tensor) => {
    const loss = (p: Vars) => {
      const [logits, updated] = apply({ params: p, batch_stats: stats }, xb, true, {
        mutable: ['batch_stats'],
      });
      return [optax.softmaxCrossEntropy(logits, yb).mean(), updated] as const;
    };
    const [[l, updated], grads] = valueAndGrad(loss, { hasAux: true })(params);
    const [updates, newOpt] = tx.update(grads, opt, params);
    return [
      optax.applyUpdates(params, updates),
      updated.get('batch_stats') as Vars,
      newOpt,
      l,
    ] as const;
  };
  const jstep = jit(step);
  const make = (f: typeof step) => {
    let params = variables.get('params') as Vars;
    let stats = variables.get('batch_stats') as Vars;
    let opt = tx.init(params);
    return () => {
      const [p, s, o, l] = f(params, stats, opt, x, y);
      params = p;
      stats = s;
      opt = o;
      l.dataSync();
    };
  };
  return { jit: make(jstep), eager: make(step) };
}

/** Hand-written tfjs (NHWC): forward, backward and adamw, in tidy. */
function tfjsStep(): () => void {
  const x = tf.tensor4d(data.x, [B, HW, HW, 1]);
  const y = tf.tensor2d(data.y, [B, OUT]);
  // Input padded once for the filter gradient (SAME 3x3 = 1 pixel each side), as [Cin,H,W,N].
  const xPadT = tf.tidy(() =>
    tf.transpose(
      tf.pad(x, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
      [3, 1, 2, 0],
    ),
  );
  let params: tf.Tensor[] = [
    tf.tensor4d(data.conv, [3, 3, 1, C]),
    tf.zeros([C]),
    tf.ones([C]),
    tf.zeros([C]),
    tf.tensor2d(data.dense, [FLAT, OUT]),
    tf.zeros([OUT]),
  ];
  let mu = params.map((p) => tf.zerosLike(p));
  let nu = params.map((p) => tf.zerosLike(p));
  let t = 0;
  return () => {
    t++;
    const out = tf.tidy(() => {
      const [w, b, s, c, wd, bd] = params as [
        tf.Tensor4D,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor2D,
        tf.Tensor,
      ];
      const z = tf.add(tf.conv2d(x, w, 1, 'same'), b) as tf.Tensor4D;
      const mean = tf.mean(z, [0, 1, 2]);
      const zc = tf.sub(z, mean);
      const variance = tf.mean(tf.square(zc), [0, 1, 2]);
      const r = tf.rsqrt(tf.add(variance, BN_EPS));
      const xhat = tf.mul(zc, r);
      const n = tf.add(tf.mul(xhat, s), c);
      const a = tf.relu(n) as tf.Tensor4D;
      const pooled = tf.avgPool(a, 2, 2, 'valid');
      const flat = tf.reshape(pooled, [B, FLAT]) as tf.Tensor2D;
      const logits = tf.add(tf.matMul(flat, wd), bd);
      const logp = tf.logSoftmax(logits);
      const loss = tf.mul(tf.sum(tf.mul(logp, y)), -1 / B);
      // Backward.
      const dlogits = tf.div(tf.sub(tf.exp(logp), y), B) as tf.Tensor2D;
      const gwd = tf.matMul(tf.transpose(flat), dlogits);
      const gbd = tf.sum(dlogits, 0);
      const dflat = tf.matMul(dlogits, tf.transpose(wd));
      const dpooled = tf.reshape(dflat, pooled.shape);
      const da = tf
        .engine()
        .runKernel(
          'AvgPoolGrad',
          { dy: dpooled, input: a },
          { filterSize: 2, strides: 2, pad: 'valid' },
        ) as tf.Tensor;
      const dn = tf.mul(da, tf.step(n));
      const gs = tf.sum(tf.mul(dn, xhat), [0, 1, 2]);
      const gc = tf.sum(dn, [0, 1, 2]);
      const dxhat = tf.mul(dn, s);
      const m = B * HW * HW;
      const dz = tf.mul(
        tf.div(r, m),
        tf.sub(
          tf.sub(tf.mul(dxhat, m), tf.sum(dxhat, [0, 1, 2])),
          tf.mul(xhat, tf.sum(tf.mul(dxhat, xhat), [0, 1, 2])),
        ),
      ) as tf.Tensor4D;
      const gb = tf.sum(dz, [0, 1, 2]);
      // Filter gradient as a convolution: input [Cin,H+2,W+2,N], "filter" dz as [H,W,N,Cout].
      const gw = tf.transpose(
        tf.conv2d(xPadT as tf.Tensor4D, tf.transpose(dz, [1, 2, 0, 3]) as tf.Tensor4D, 1, 'valid'),
        [1, 2, 0, 3],
      );
      const grads = [gw, gb, gs, gc, gwd, gbd];
      // adamw (optax order: Adam scaling, then decoupled weight decay, then -lr).
      const newMu = grads.map((g, i) => tf.add(tf.mul(mu[i] as tf.Tensor, B1), tf.mul(g, 1 - B1)));
      const newNu = grads.map((g, i) =>
        tf.add(tf.mul(nu[i] as tf.Tensor, B2), tf.mul(tf.square(g), 1 - B2)),
      );
      const c1 = 1 - B1 ** t;
      const c2 = 1 - B2 ** t;
      const newP = params.map((p, i) => {
        const u = tf.div(
          tf.div(newMu[i] as tf.Tensor, c1),
          tf.add(tf.sqrt(tf.div(newNu[i] as tf.Tensor, c2)), ADAM_EPS),
        );
        return tf.sub(p, tf.mul(tf.add(u, tf.mul(p, WD)), LR));
      });
      return { loss, newP, newMu, newNu };
    });
    for (const arr of [params, mu, nu]) for (const p of arr) p.dispose();
    params = out.newP;
    mu = out.newMu;
    nu = out.newNu;
    out.loss.dataSync();
    out.loss.dispose();
  };
}

/** @jax-js/jax (NCHW / OIHW as its convGeneralDilated takes them), adamw by hand. */
async function jaxjsStep(): Promise<{ jit: () => Promise<void> }> {
  const jx = await import('@jax-js/jax');
  const { numpy: np, nn: jnn, tree: jtree, lax } = jx;
  type A = ReturnType<typeof np.zeros>;
  type P = { w: A; b: A; s: A; c: A; wd: A; bd: A };
  const x = np.array(data.x).reshape([B, 1, HW, HW]);
  const y = np.array(data.y).reshape([B, OUT]);
  // data.conv is [3,3,1,C] (HWIO): as OIHW.
  const wHWIO = np.array(data.conv).reshape([3, 3, 1, C]);
  let params: P = {
    w: np.transpose(wHWIO, [3, 2, 0, 1]),
    b: np.zeros([C]),
    s: np.ones([C]),
    c: np.zeros([C]),
    wd: np.array(data.dense).reshape([FLAT, OUT]),
    bd: np.zeros([OUT]),
  };
  const loss = (p: P, xb: A, yb: A): A => {
    const z = lax.convGeneralDilated(xb, p.w, [1, 1], 'SAME').add(p.b.reshape([1, C, 1, 1]));
    const mean = np.mean(z.ref, [0, 2, 3], { keepdims: true });
    const zc = z.sub(mean);
    const variance = np.mean(zc.ref.mul(zc.ref), [0, 2, 3], { keepdims: true });
    const n = zc
      .mul(np.reciprocal(np.sqrt(variance.add(BN_EPS))))
      .mul(p.s.reshape([1, C, 1, 1]))
      .add(p.c.reshape([1, C, 1, 1]));
    const a = jnn.relu(n);
    const pooled = np.mean(a.reshape([B, C, HW / 2, 2, HW / 2, 2]), [3, 5]);
    const logits = np.matmul(pooled.reshape([B, FLAT]), p.wd).add(p.bd);
    return jnn
      .logSoftmax(logits)
      .mul(yb)
      .sum()
      .mul(-1 / B);
  };
  const zerosLike = (p: P): P => jtree.map((a: A) => np.zerosLike(a), jtree.ref(p)) as P;
  let mu = zerosLike(params);
  let nu = zerosLike(params);
  const step = jx.jit((p: P, m: P, v: P, xb: A, yb: A, c1: A, c2: A) => {
    const [l, g] = jx.valueAndGrad(loss)(jtree.ref(p), xb, yb);
    const newM = jtree.map((mi: A, gi: A) => mi.mul(B1).add(gi.mul(1 - B1)), m, jtree.ref(g)) as P;
    const newV = jtree.map((vi: A, gi: A) => vi.mul(B2).add(gi.ref.mul(gi).mul(1 - B2)), v, g) as P;
    const newP = jtree.map(
      (pi: A, mi: A, vi: A) => {
        const u = mi.div(c1.ref).div(np.sqrt(vi.div(c2.ref)).add(ADAM_EPS));
        return pi.ref.sub(u.add(pi.mul(WD)).mul(LR));
      },
      p,
      jtree.ref(newM),
      jtree.ref(newV),
    ) as P;
    c1.dispose();
    c2.dispose();
    return [newP, newM, newV, l] as const;
  });
  let t = 0;
  await jx.blockUntilReady([params, mu, nu, x, y]);
  return {
    jit: async () => {
      t++;
      const [p, m, v, l] = step(
        params,
        mu,
        nu,
        x.ref,
        y.ref,
        np.array([1 - B1 ** t]).reshape([]),
        np.array([1 - B2 ** t]).reshape([]),
      );
      params = p;
      mu = m;
      nu = v;
      l.item();
      await jx.blockUntilReady(params);
    },
  };
}

async function main(): Promise<void> {
  const { backend, jaxjs } = await setup({ jaxjs: true });
  const j = jaxts();
  const firstJit = await timeOnce(j.jit);
  const t = tfjsStep();
  let jj: { jit: () => Promise<void> } | null = null;
  let jjNote = '';
  if (jaxjs) {
    try {
      jj = await jaxjsStep();
      await jj.jit();
    } catch (e) {
      jj = null;
      jjNote = `; @jax-js/jax failed: ${String(e).slice(0, 120)}`;
    }
  }
  const contenders: AsyncContender[] = [
    { label: 'jaxts jit', fn: j.jit },
    { label: 'jaxts eager', fn: j.eager },
    { label: 'tfjs', fn: t },
    ...(jj !== null ? [{ label: 'jax-js jit', fn: jj.jit }] : []),
  ];
  const cpu = backend === 'cpu';
  const ts = await timeRounds(contenders, {
    rounds: QUICK ? (cpu ? 3 : 5) : cpu ? 7 : 15,
    warmupRounds: cpu ? 1 : 2,
  });
  const by = new Map(ts.map((x) => [x.label, x]));
  const cell = (l: string) => {
    const x = by.get(l);
    return x === undefined ? undefined : inUnit(x, 'ms');
  };
  suiteRow({
    workload: 'CNN b64 28x28x1 adamw step, jit',
    backend,
    unit: 'ms',
    values: { jaxts: cell('jaxts jit'), tfjs: cell('tfjs'), 'jax-js': cell('jax-js jit') },
    note: `jaxts first call ${firstJit.toFixed(0)} ms; tfjs: backward by hand${jjNote}`,
  });
  suiteRow({
    workload: 'CNN b64 28x28x1 adamw step, eager',
    backend,
    unit: 'ms',
    values: { jaxts: cell('jaxts eager'), tfjs: cell('tfjs') },
  });
}

await main();
