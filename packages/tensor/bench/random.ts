// Timing of jaxts `random` samplers through the public API on the cpu backend (issue 4: uniform
// of 10^6 float32 values must take well under a second).
// Run: npx tsx --conditions=@jaxts/source packages/tensor/bench/random.ts
import { random } from '@jaxts/tensor';

const N = 1_000_000;
const key = random.PRNGKey(0);

function time(label: string, f: () => { dataSync(): unknown }, reps = 5): void {
  f().dataSync(); // warm-up (JIT of the kernels)
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f().dataSync();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: median ${ms[reps >> 1]?.toFixed(1)} ms, min ${ms[0]?.toFixed(1)} ms`);
}

time('bits(key, [1e6])', () => random.bits(key, [N]));
time('uniform(key, [1e6])', () => random.uniform(key, [N]));
time('uniform(key, [1e6], { minval: -1, maxval: 3 })', () =>
  random.uniform(key, [N], { minval: -1, maxval: 3 }),
);
time('normal(key, [1e6])', () => random.normal(key, [N]));
time('randint(key, [1e6], 0, 10)', () => random.randint(key, [N], 0, 10));
time('permutation(key, 1e5)', () => random.permutation(key, 100_000));
