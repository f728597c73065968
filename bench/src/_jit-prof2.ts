import { setBackend } from '@jaxts/tensor';
import { seedPart1, seedPart2 } from './jit-seed-steps.ts';
await setBackend((process.argv[2] ?? 'cpu') as 'cpu');
const p = process.argv[3] === '1' ? seedPart1() : seedPart2();
for (let i = 0; i < 3000; i++) p.step();
const g = globalThis as unknown as { __prof?: Map<string, number> };
const N = 500;
const best = new Map<string, number>();
let bestTotal = Infinity;
for (let r = 0; r < 15; r++) {
  const prof = new Map<string, number>();
  g.__prof = prof;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) p.step();
  bestTotal = Math.min(bestTotal, (performance.now() - t0) / N * 1000);
  for (const [k, v] of prof) best.set(k, Math.min(best.get(k) ?? Infinity, v / N * 1000));
}
let inSteps = 0;
for (const [k, v] of best) { console.log(k.padEnd(14), v.toFixed(2), 'us'); inSteps += v; }
console.log('total', bestTotal.toFixed(2), 'in steps', inSteps.toFixed(2));
