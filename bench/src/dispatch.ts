/**
 * Eager dispatch overhead (issue 3): µs per `add` on shape [5] and [1000], jaxts beside raw
 * tfjs on the same backend in the same process. Target: jaxts ≤ 2.5x raw tfjs.
 * jaxts drops its results (the collector reclaims them, as users write code); tfjs disposes
 * each result by hand, which is the cheapest correct tfjs code.
 */
import { jit, numpy as jnp, type Tensor } from '@jaxts/tensor';
import { emit, lcgData, QUICK, type Timing, timeInterleaved, timingValue } from './harness.ts';
import { loadJaxJs, tf, useBackend } from './peers.ts';

const ROUNDS = QUICK ? 7 : 21;
const INNER = QUICK ? 500 : 2000;
const jitAdd = jit((a: Tensor, b: Tensor) => a.add(b));

async function run(): Promise<void> {
  const jaxjs = await loadJaxJs();
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    for (const n of [5, 1000]) {
      const xa = lcgData(n, 1);
      const xb = lcgData(n, 2);
      const a = jnp.asarray(xa);
      const b = jnp.asarray(xb);
      const ta = tf.tensor1d(xa);
      const tb = tf.tensor1d(xb);
      const opOnly = timeInterleaved(
        [
          { label: 'jaxts', fn: () => void a.add(b) },
          { label: 'jaxts+dispose', fn: () => a.add(b).dispose() },
          { label: 'jaxts jit', fn: () => void jitAdd(a, b) },
          { label: 'tfjs', fn: () => tf.add(ta, tb).dispose() },
        ],
        { inner: INNER, rounds: ROUNDS, warmupRounds: 3 },
      );
      const [jx, jxd, jj, tj] = opOnly as [Timing, Timing, Timing, Timing];
      emit({
        bench: 'dispatch',
        workload: `add [${n}]`,
        backend,
        unit: 'µs/op',
        values: {
          jaxts: timingValue(jx),
          'jaxts+dispose': timingValue(jxd),
          'jaxts jit': timingValue(jj),
          tfjs: timingValue(tj),
        },
        ratio: { of: 'jaxts', to: 'tfjs', value: jx.median / tj.median, target: '≤ 2.5' },
      });

      // With the result read back: the only form in which jax-js (lazy) does the work eagerly.
      const ja = jaxjs?.np.array(xa);
      const jb = jaxjs?.np.array(xb);
      const withRead = timeInterleaved(
        [
          { label: 'jaxts', fn: () => void a.add(b).dataSync() },
          {
            label: 'tfjs',
            fn: () => {
              const c = tf.add(ta, tb);
              c.dataSync();
              c.dispose();
            },
          },
          ...(backend === 'wasm' && ja !== undefined && jb !== undefined
            ? [{ label: 'jax-js', fn: () => void ja.ref.add(jb.ref).dataSync() }]
            : []),
        ],
        { inner: Math.max(100, INNER >> 2), rounds: ROUNDS, warmupRounds: 3 },
      );
      const values: Record<string, { value: number; spread: [number, number] }> = {};
      for (const t of withRead) values[t.label] = timingValue(t);
      emit({
        bench: 'dispatch',
        workload: `add [${n}] + dataSync`,
        backend,
        unit: 'µs/op',
        values,
        ratio: {
          of: 'jaxts',
          to: 'tfjs',
          value: (withRead[0] as Timing).median / (withRead[1] as Timing).median,
        },
        ...(backend === 'wasm' ? { note: 'jax-js: its wasm device' } : {}),
      });
      ta.dispose();
      tb.dispose();
      ja?.dispose();
      jb?.dispose();
    }
  }
}

await run();
