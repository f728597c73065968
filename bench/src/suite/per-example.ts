/**
 * Issue 11 workload 2: per-example gradients of an MLP 32-64-1 (relu, squared error) over a batch
 * of 128: jaxts jit(vmap(grad)) and eager vmap(grad) against a loop of 128 grads (stacked);
 * hand-written tfjs (the per-example gradients vectorized by hand: outer products as batched
 * matmuls); @jax-js/jax jit(vmap(grad)) and vmap(grad). JAX: jax.vmap(jax.grad(loss)).
 * Usage: per-example.ts <cpu|wasm> [--quick]
 */
import type { Array as JxArray } from '@jax-js/jax';
import { grad } from '@jaxts/grad';
import * as nn from '@jaxts/linen';
import { jit, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { tf } from '../peers.ts';
import {
  type AsyncContender,
  inUnit,
  JAX_XLA,
  lcg,
  QUICK,
  setup,
  suiteRow,
  timeOnce,
  timeRounds,
} from './common.ts';

const B = 128;
const IN = 32;
const H = 64;

const data = {
  w1: lcg(IN * H, 21, Math.sqrt(6 / IN)),
  w2: lcg(H, 22, Math.sqrt(3 / H)),
  x: lcg(B * IN, 23),
  y: lcg(B, 24),
};

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

function jaxts(): { jit: () => void; eager: () => void; loop: () => void; check: () => number } {
  const p: Params = {
    w1: jnp.asarray(data.w1).reshape([IN, H]),
    b1: jnp.zeros([H]),
    w2: jnp.asarray(data.w2).reshape([H, 1]),
    b2: jnp.zeros([1]),
  };
  const X = jnp.asarray(data.x).reshape([B, IN]);
  const Y = jnp.asarray(data.y).reshape([B, 1]);
  const loss = (q: Params, xi: Tensor, yi: Tensor): Tensor => {
    const h = nn.relu(xi.reshape([1, IN]).matmul(q.w1).add(q.b1));
    const d = h.matmul(q.w2).add(q.b2).reshape([1]).sub(yi);
    return d.mul(d).sum();
  };
  const g = grad(loss);
  const perEx = vmap(g, { inAxes: [null, 0, 0] });
  const perExJit = jit(perEx);
  const read = (r: Params) => void r.w2.dataSync();
  const loop = (): Params => {
    const gs: Params[] = [];
    for (let i = 0; i < B; i++) gs.push(g(p, X.get(i), Y.get(i)));
    return {
      w1: jnp.stack(gs.map((q) => q.w1)),
      b1: jnp.stack(gs.map((q) => q.b1)),
      w2: jnp.stack(gs.map((q) => q.w2)),
      b2: jnp.stack(gs.map((q) => q.b2)),
    };
  };
  // Agreement of the three forms (largest difference on the w1 gradients).
  const check = (): number => {
    const a = perExJit(p, X, Y).w1.dataSync();
    const b = perEx(p, X, Y).w1.dataSync();
    const c = loop().w1.dataSync();
    let err = 0;
    for (let i = 0; i < a.length; i++) {
      err = Math.max(err, Math.abs((a[i] as number) - (c[i] as number)));
      err = Math.max(err, Math.abs((b[i] as number) - (c[i] as number)));
    }
    return err;
  };
  return {
    jit: () => read(perExJit(p, X, Y)),
    eager: () => read(perEx(p, X, Y)),
    loop: () => read(loop()),
    check,
  };
}

/**
 * Hand-written tfjs: the per-example gradients of the summed loss, vectorized by hand
 * (dW1[i] = x_i ⊗ dh_i as a batched matmul), in tidy.
 */
function tfjsPerExample(): () => void {
  const w1 = tf.tensor2d(data.w1, [IN, H]);
  const b1 = tf.zeros([H]);
  const w2 = tf.tensor2d(data.w2, [H, 1]);
  const b2 = tf.zeros([1]);
  const X = tf.tensor2d(data.x, [B, IN]);
  const Y = tf.tensor2d(data.y, [B, 1]);
  return () => {
    const out = tf.tidy(() => {
      const z = tf.add(tf.matMul(X, w1), b1);
      const h = tf.relu(z);
      const d = tf.sub(tf.add(tf.matMul(h, w2), b2), Y); // [B,1]
      const dout = tf.mul(d, 2); // [B,1]: per-example d loss / d out
      const dw2 = tf.reshape(tf.mul(h, dout), [B, H, 1]);
      const db2 = dout; // [B,1]
      const dz = tf.mul(tf.matMul(dout, tf.reshape(w2, [1, H])), tf.step(z)); // [B,H]
      const dw1 = tf.matMul(tf.reshape(X, [B, IN, 1]), tf.reshape(dz, [B, 1, H])); // [B,IN,H]
      return [dw1, dz, dw2, db2];
    });
    (out[2] as tf.Tensor).dataSync();
    for (const t of out) t.dispose();
  };
}

async function jaxjs(): Promise<{ jit: () => Promise<void>; eager: () => Promise<void> }> {
  const jx = await import('@jax-js/jax');
  const { numpy: np, nn: jnn, tree: jtree } = jx;
  type P = { w1: JxArray; b1: JxArray; w2: JxArray; b2: JxArray };
  const p: P = {
    w1: np.array(data.w1).reshape([IN, H]),
    b1: np.zeros([H]),
    w2: np.array(data.w2).reshape([H, 1]),
    b2: np.zeros([1]),
  };
  const X = np.array(data.x).reshape([B, IN]);
  const Y = np.array(data.y).reshape([B, 1]);
  // As the jax-js anchor writes it: each use of a value beyond the last takes a `.ref`.
  const loss = (q: P, xi: JxArray, yi: JxArray): JxArray => {
    const h = jnn.relu(np.matmul(xi.reshape([1, IN]), q.w1).add(q.b1));
    const d = np.matmul(h, q.w2).add(q.b2).reshape([1]).sub(yi);
    return d.ref.mul(d).sum();
  };
  const perEx = jx.vmap(jx.grad(loss), [null, 0, 0]);
  const perExJit = jx.jit(perEx);
  await jx.blockUntilReady([p, X, Y]);
  const run = async (f: typeof perEx): Promise<void> => {
    const g = f(jtree.ref(p), X.ref, Y.ref);
    await jx.blockUntilReady(g);
    jtree.dispose(g);
  };
  return { jit: () => run(perExJit), eager: () => run(perEx) };
}

async function main(): Promise<void> {
  const { backend, jaxjs: withJaxJs } = await setup({ jaxjs: true });
  const j = jaxts();
  const firstJit = await timeOnce(j.jit);
  const err = j.check();
  const t = tfjsPerExample();
  const jj = withJaxJs ? await jaxjs() : null;
  const contenders: AsyncContender[] = [
    { label: 'jaxts jit', fn: j.jit },
    { label: 'jaxts eager', fn: j.eager },
    { label: 'jaxts loop', fn: j.loop },
    { label: 'tfjs', fn: t },
    ...(jj !== null
      ? [
          { label: 'jax-js jit', fn: jj.jit },
          { label: 'jax-js eager', fn: jj.eager },
        ]
      : []),
  ];
  const ts = await timeRounds(contenders, {
    rounds: QUICK ? 9 : 31,
    warmupRounds: 3,
    inner: 3,
  });
  const by = new Map(ts.map((x) => [x.label, x]));
  const cell = (l: string) => {
    const x = by.get(l);
    return x === undefined ? undefined : inUnit(x, 'ms');
  };
  suiteRow({
    workload: 'per-example grads 32-64-1 b128, jit(vmap(grad))',
    backend,
    unit: 'ms',
    values: {
      jaxts: cell('jaxts jit'),
      'jaxts loop': cell('jaxts loop'),
      tfjs: cell('tfjs'),
      'jax-js': cell('jax-js jit'),
      'JAX/XLA': { value: JAX_XLA.perExample.value },
    },
    note:
      `jaxts first call ${firstJit.toFixed(0)} ms; max |jit - loop|, |eager - loop| on w1 grads ` +
      `${err.toExponential(1)}; tfjs: per-example gradients vectorized by hand`,
  });
  suiteRow({
    workload: 'per-example grads 32-64-1 b128, eager vmap(grad)',
    backend,
    unit: 'ms',
    values: {
      jaxts: cell('jaxts eager'),
      'jaxts loop': cell('jaxts loop'),
      tfjs: cell('tfjs'),
      'jax-js': cell('jax-js eager'),
    },
  });
}

await main();
