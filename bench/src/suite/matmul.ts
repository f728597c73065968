/**
 * Issue 11 workload 4: float32 matmul throughput (GFLOP/s) at 512 and 1024, each result read
 * back with dataSync: jaxts, raw tfjs on the same backend, @jax-js/jax (wasm). JAX: jnp.matmul.
 * Usage: matmul.ts <cpu|wasm> [--quick]
 */
import { numpy as jnp } from '@jaxts/tensor';
import { tf } from '../peers.ts';
import {
  type AsyncContender,
  asGflops,
  JAX_XLA,
  lcg,
  QUICK,
  setup,
  suiteRow,
  timeRounds,
} from './common.ts';

async function main(): Promise<void> {
  const { backend, jaxjs } = await setup({ jaxjs: true });
  const jx = jaxjs ? await import('@jax-js/jax') : null;
  // tfjs's cpu matmul runs at ~1 GFLOP/s (a 1024 product takes seconds): --quick skips 1024 there.
  const sizes = QUICK && backend === 'cpu' ? [512] : [512, 1024];
  for (const n of sizes) {
    const xa = lcg(n * n, 3);
    const xb = lcg(n * n, 4);
    const a = jnp.asarray(xa).reshape([n, n]);
    const b = jnp.asarray(xb).reshape([n, n]);
    const ta = tf.tensor2d(xa, [n, n]);
    const tb = tf.tensor2d(xb, [n, n]);
    const ja = jx?.numpy.array(xa).reshape([n, n]);
    const jb = jx?.numpy.array(xb).reshape([n, n]);
    const contenders: AsyncContender[] = [
      { label: 'jaxts', fn: () => void a.matmul(b).dataSync() },
      {
        label: 'tfjs',
        fn: () => {
          const c = tf.matMul(ta, tb);
          c.dataSync();
          c.dispose();
        },
      },
      ...(jx !== null && ja !== undefined && jb !== undefined
        ? [{ label: 'jax-js', fn: () => void jx.numpy.matmul(ja.ref, jb.ref).dataSync() }]
        : []),
    ];
    const cpu = backend === 'cpu';
    const rounds = cpu ? (QUICK ? 3 : n > 512 ? 3 : 7) : QUICK ? 7 : n > 512 ? 11 : 21;
    const ts = await timeRounds(contenders, { rounds, warmupRounds: cpu && n > 512 ? 0 : 1 });
    const flop = 2 * n ** 3;
    const by = new Map(ts.map((t) => [t.label, t]));
    const cell = (l: string) => {
      const t = by.get(l);
      return t === undefined ? undefined : asGflops(t, flop);
    };
    suiteRow({
      workload: `matmul ${n}`,
      backend,
      unit: 'GFLOP/s',
      values: {
        jaxts: cell('jaxts'),
        tfjs: cell('tfjs'),
        'jax-js': cell('jax-js'),
        ...(n === 512 ? { 'JAX/XLA': { value: JAX_XLA.matmul.value } } : {}),
      },
    });
    ta.dispose();
    tb.dispose();
    ja?.dispose();
    jb?.dispose();
  }
}

await main();
