import { ShapedArray } from '@jaxts/tensor/core';
import { dotKernel } from '../../packages/tensor/src/jit/host/matmul.ts';
const cases: [number[], number[], [number[], number[]]][] = [
  [[128, 5], [5, 10], [[1], [0]]],
  [[128, 10], [10, 10], [[1], [0]]],
  [[128, 10], [128, 10], [[0], [0]]],
  [[128, 10], [10, 10], [[1], [1]]],
];
for (const [ls, rs, c] of cases) {
  const l = new ShapedArray(ls, 'float32'); const r = new ShapedArray(rs, 'float32');
  const dn = { contracting: c, batch: [[], []] } as never;
  const a = new Float32Array(l.size).map(() => Math.random()); const b = new Float32Array(r.size).map(() => Math.random());
  for (const cg of [true, false]) {
    const k = dotKernel(l, r, dn, cg);
    const outN = (l.size / ls[c[0][0]!]!) * (r.size / rs[c[1][0]!]!);
    const out = new Float32Array(outN);
    for (let i = 0; i < 2000; i++) k(a, b, out);
    let best = Infinity;
    for (let rr = 0; rr < 10; rr++) { const t0 = performance.now(); for (let i = 0; i < 2000; i++) k(a, b, out); best = Math.min(best, (performance.now() - t0) / 2000 * 1000); }
    const macs = outN * ls[c[0][0]!]!;
    console.log(JSON.stringify([ls, rs, c]), cg ? 'gen ' : 'gen-', best.toFixed(2), 'us', (best * 1000 / macs).toFixed(2), 'ns/mac');
  }
}
