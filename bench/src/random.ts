/**
 * random.uniform of 10^6 float32 values: jaxts (JAX's threefry, bit-exact) on cpu and wasm,
 * beside tfjs's randomUniform (a different, non-JAX generator) and @jax-js/jax's uniform
 * (threefry too) as reference points.
 */
import { random } from '@jaxts/tensor';
import { emit, QUICK, timeInterleaved, timingValue } from './harness.ts';
import { loadJaxJs, tf, useBackend } from './peers.ts';

const N = 1_000_000;

async function run(): Promise<void> {
  const jaxjs = await loadJaxJs();
  const key = random.PRNGKey(0);
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    let seed = 0;
    const ts = timeInterleaved(
      [
        {
          label: 'jaxts',
          fn: () => void random.uniform(random.foldIn(key, seed++), [N]).dataSync(),
        },
        {
          label: 'tfjs',
          fn: () => {
            const u = tf.randomUniform([N], 0, 1, 'float32', seed++);
            u.dataSync();
            u.dispose();
          },
        },
        ...(backend === 'wasm' && jaxjs
          ? [
              {
                label: 'jax-js',
                fn: () => void jaxjs.random.uniform(jaxjs.random.key(seed++), [N]).dataSync(),
              },
            ]
          : []),
      ],
      { inner: 1, rounds: QUICK ? 5 : 15, warmupRounds: 2 },
    );
    const values: Record<string, { value: number; spread: [number, number] }> = {};
    for (const t of ts) {
      const v = timingValue(t);
      values[t.label] = { value: v.value / 1000, spread: [v.spread[0] / 1000, v.spread[1] / 1000] };
    }
    emit({
      bench: 'random',
      workload: 'uniform [1e6] + dataSync',
      backend,
      unit: 'ms',
      values,
      ratio: {
        of: 'jaxts',
        to: 'tfjs',
        value: (values.jaxts?.value ?? 0) / (values.tfjs?.value ?? 1),
      },
      note: 'tfjs uses its own (non-JAX) generator',
    });
  }
}

await run();
