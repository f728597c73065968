/**
 * Issue 11 workload 3: eager dispatch, µs per `add` on shape [5] and [1000]. jaxts drops its
 * results (the collector reclaims them, as users write code); raw tfjs disposes each result by
 * hand; @jax-js/jax is lazy, so its op alone computes nothing: it is shown with the result read
 * back (dataSync), which is where it does the work, beside jaxts and tfjs doing the same.
 * JAX: `x + y` eager. Usage: dispatch.ts <cpu|wasm> [--quick]
 */
import { jit, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { tf } from '../peers.ts';
import {
  type AsyncContender,
  inUnit,
  JAX_XLA,
  lcg,
  QUICK,
  setup,
  suiteRow,
  timeRounds,
} from './common.ts';

const jitAdd = jit((a: Tensor, b: Tensor) => a.add(b));

async function main(): Promise<void> {
  const { backend, jaxjs } = await setup({ jaxjs: true });
  const jx = jaxjs ? await import('@jax-js/jax') : null;
  const inner = QUICK ? 500 : 2000;
  const rounds = QUICK ? 9 : 25;
  for (const n of [5, 1000]) {
    const xa = lcg(n, 1);
    const xb = lcg(n, 2);
    const a = jnp.asarray(xa);
    const b = jnp.asarray(xb);
    const ta = tf.tensor1d(xa);
    const tb = tf.tensor1d(xb);
    const ja = jx?.numpy.array(xa);
    const jb = jx?.numpy.array(xb);
    const contenders: AsyncContender[] = [
      { label: 'jaxts', fn: () => void a.add(b) },
      { label: 'jaxts jit', fn: () => void jitAdd(a, b) },
      { label: 'tfjs', fn: () => tf.add(ta, tb).dispose() },
      { label: 'jaxts read', fn: () => void a.add(b).dataSync() },
      {
        label: 'tfjs read',
        fn: () => {
          const c = tf.add(ta, tb);
          c.dataSync();
          c.dispose();
        },
      },
      ...(ja !== undefined && jb !== undefined
        ? [
            { label: 'jax-js', fn: () => ja.ref.add(jb.ref).dispose() },
            { label: 'jax-js read', fn: () => void ja.ref.add(jb.ref).dataSync() },
          ]
        : []),
    ];
    const ts = await timeRounds(contenders, { rounds, warmupRounds: 3, inner });
    const by = new Map(ts.map((t) => [t.label, t]));
    const cell = (l: string) => {
      const t = by.get(l);
      return t === undefined ? undefined : inUnit(t, 'µs');
    };
    suiteRow({
      workload: `add [${n}] eager`,
      backend,
      unit: 'µs',
      values: {
        jaxts: cell('jaxts'),
        tfjs: cell('tfjs'),
        'jax-js': cell('jax-js'),
        'jaxts jit': cell('jaxts jit'),
        ...(n === 5 ? { 'JAX/XLA': { value: JAX_XLA.add5.value } } : {}),
      },
      note: 'jax-js is lazy: its op alone computes nothing until read',
    });
    suiteRow({
      workload: `add [${n}] eager + dataSync`,
      backend,
      unit: 'µs',
      values: { jaxts: cell('jaxts read'), tfjs: cell('tfjs read'), 'jax-js': cell('jax-js read') },
    });
    ta.dispose();
    tb.dispose();
    ja?.dispose();
    jb?.dispose();
  }
}

await main();
