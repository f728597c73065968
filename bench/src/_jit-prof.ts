import { setBackend } from '@jaxts/tensor';
import { seedPart1, seedPart2 } from './jit-seed-steps.ts';
await setBackend((process.argv[2] ?? 'cpu') as 'cpu');
const p = process.argv[3] === '1' ? seedPart1() : seedPart2();
for (let i = 0; i < 3000; i++) p.step();
const t0 = performance.now();
const N = Number(process.argv[4] ?? 20000);
for (let i = 0; i < N; i++) p.step();
console.log(((performance.now() - t0) / N * 1000).toFixed(2), 'us');
