import { ShapedArray } from '@jaxts/tensor/core';
import { numpy as jnp, lax, setBackend, random } from '@jaxts/tensor';
import { dotKernel } from '../../packages/tensor/src/jit/host/matmul.ts';
await setBackend('cpu');
const cases: [number[], number[], [number[], number[]]][] = [
  [[128, 784], [784, 512], [[1], [0]]],
  [[128, 784], [128, 512], [[0], [0]]],
  [[128, 512], [512, 10], [[1], [0]]],
  [[128, 10], [512, 10], [[1], [1]]],
  [[256, 256], [256, 256], [[1], [0]]],
];
for (const [ls, rs, c] of cases) {
  const l = new ShapedArray(ls, 'float32'); const r = new ShapedArray(rs, 'float32');
  const dn = { contracting: c, batch: [[], []] } as never;
  const A = random.normal(random.PRNGKey(1), ls); const Bt = random.normal(random.PRNGKey(2), rs);
  const a = A.dataSync() as Float32Array; const b = Bt.dataSync() as Float32Array;
  const k = dotKernel(l, r, dn, true);
  const ref = lax.dotGeneral(A, Bt, dn);
  const out = new Float32Array(ref.size);
  k(a, b, out);
  const rv = ref.dataSync(); let same = true; for (let i = 0; i < out.length; i++) if (out[i] !== rv[i]) { same = false; break; }
  const n = Math.max(1, Math.floor(5e6 / ref.size / ls[c[0][0]!]!));
  for (let i = 0; i < 3 * n + 20; i++) k(a, b, out);
  let t0 = performance.now(); for (let i = 0; i < n; i++) k(a, b, out); const th = (performance.now() - t0) / n;
  t0 = performance.now(); for (let i = 0; i < n; i++) lax.dotGeneral(A, Bt, dn).dispose(); const tk = (performance.now() - t0) / n;
  console.log(JSON.stringify([ls, rs, c]), 'host', th.toFixed(2), 'ms  tfjs', tk.toFixed(2), 'ms  identical', same);
}
