/**
 * 512x512 float32 matmul throughput (issue 3): jaxts beside raw tfjs on each backend, in the same
 * process, each result read back with dataSync (compute is synchronous on cpu and wasm, as in
 * the tfjs anchors). Target: jaxts within 10% of raw tfjs. Also x.T @ y, where tfjs's
 * transposeA flag is ~20x slower on wasm than the explicit transpose jaxts's dot_general uses.
 */
import { numpy as jnp, lax } from '@jaxts/tensor';
import { emit, lcgData, QUICK, type Timing, timeInterleaved } from './harness.ts';
import { loadJaxJs, tf, useBackend } from './peers.ts';

const N = 512;
const FLOP = 2 * N ** 3;
const gflops = (t: Timing): { value: number; spread: [number, number] } => ({
  value: FLOP / (t.median * 1e3),
  // A slower sample is a lower rate: the spread flips.
  spread: [FLOP / (t.p75 * 1e3), FLOP / (t.p25 * 1e3)],
});

async function run(): Promise<void> {
  const jaxjs = await loadJaxJs();
  const xa = lcgData(N * N, 3);
  const xb = lcgData(N * N, 4);
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    const rounds = backend === 'cpu' ? (QUICK ? 3 : 11) : QUICK ? 7 : 31;
    const a = jnp.asarray(xa).reshape([N, N]);
    const b = jnp.asarray(xb).reshape([N, N]);
    const ta = tf.tensor2d(xa, [N, N]);
    const tb = tf.tensor2d(xb, [N, N]);
    const ja = backend === 'wasm' ? jaxjs?.np.reshape(jaxjs.np.array(xa), [N, N]) : undefined;
    const jb = backend === 'wasm' ? jaxjs?.np.reshape(jaxjs.np.array(xb), [N, N]) : undefined;
    const plain = timeInterleaved(
      [
        { label: 'jaxts', fn: () => void a.matmul(b).dataSync() },
        {
          label: 'tfjs',
          fn: () => {
            const c = tf.matMul(ta, tb);
            c.dataSync();
            c.dispose();
          },
        },
        ...(ja !== undefined && jb !== undefined && jaxjs
          ? [{ label: 'jax-js', fn: () => void jaxjs.np.matmul(ja.ref, jb.ref).dataSync() }]
          : []),
      ],
      { inner: 1, rounds, warmupRounds: 2 },
    );
    const values: Record<string, { value: number; spread: [number, number] }> = {};
    for (const t of plain) values[t.label] = gflops(t);
    emit({
      bench: 'matmul',
      workload: `matmul ${N}x${N}`,
      backend,
      unit: 'GFLOP/s',
      values,
      ratio: {
        of: 'jaxts',
        to: 'tfjs',
        value: (values.jaxts?.value ?? 0) / (values.tfjs?.value ?? 1),
        target: '≥ 0.9',
      },
    });

    const transposed = timeInterleaved(
      [
        {
          label: 'jaxts',
          fn: () =>
            void lax
              .dotGeneral(a, b, [
                [[0], [0]],
                [[], []],
              ])
              .dataSync(),
        },
        {
          label: 'tfjs transposeA',
          fn: () => {
            const c = tf.matMul(ta, tb, true, false);
            c.dataSync();
            c.dispose();
          },
        },
        {
          label: 'tfjs explicit',
          fn: () => {
            const t = tf.transpose(ta);
            const c = tf.matMul(t, tb);
            c.dataSync();
            c.dispose();
            t.dispose();
          },
        },
      ],
      { inner: 1, rounds: Math.max(3, rounds >> 1), warmupRounds: 1 },
    );
    const tv: Record<string, { value: number; spread: [number, number] }> = {};
    for (const t of transposed) tv[t.label] = gflops(t);
    emit({
      bench: 'matmul',
      workload: `x.T @ y ${N}x${N}`,
      backend,
      unit: 'GFLOP/s',
      values: tv,
      ratio: {
        of: 'jaxts',
        to: 'tfjs explicit',
        value: (tv.jaxts?.value ?? 0) / (tv['tfjs explicit']?.value ?? 1),
      },
    });
    ta.dispose();
    tb.dispose();
    ja?.dispose();
    jb?.dispose();
  }
}

await run();
