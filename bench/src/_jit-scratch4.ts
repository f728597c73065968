import { setBackend } from '@jaxts/tensor';
import { seedPart1, seedPart2 } from './jit-seed-steps.ts';
await setBackend((process.argv[2] ?? 'cpu') as 'cpu');
function time(name: string, f: () => unknown, n = 20000) {
  for (let i = 0; i < 2000; i++) f();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, ((performance.now() - t0) / n) * 1000);
  }
  console.log(name.padEnd(30), best.toFixed(2), 'us');
}
const p1 = seedPart1();
time('seed part1 jit', p1.step);
const p2 = seedPart2();
time('seed part2 jit', p2.step, 2000);
const c = (p2.jitted.compile as (...a: unknown[]) => { stats: unknown; optimized: { toString(): string } })(...p2.args());
console.log(c.stats);
if (process.argv[3] === 'show') console.log(c.optimized.toString());
const c1 = (p1.jitted.compile as (...a: unknown[]) => { stats: unknown; optimized: { toString(): string } })(...p1.args());
console.log(c1.stats);
if (process.argv[3] === 'show') console.log(c1.optimized.toString());
