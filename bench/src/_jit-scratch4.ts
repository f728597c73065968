import { setBackend } from '@jaxts/tensor';
import { seedPart1, seedPart2 } from './jit-seed-steps.ts';
await setBackend((process.argv[2] ?? 'cpu') as 'cpu');
function time(name: string, f: () => unknown, n = 20000) {
  for (let i = 0; i < 2000; i++) f();
  let best = Infinity; let bestCpu = Infinity;
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage(); const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, ((performance.now() - t0) / n) * 1000);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / n);
  }
  console.log(name.padEnd(30), 'wall', best.toFixed(2), 'us  cpu', bestCpu.toFixed(2), 'us');
}
const p1 = seedPart1();
time('seed part1 jit', p1.step);
const p2 = seedPart2();
time('seed part2 jit', p2.step, 2000);
if (process.argv[3] === 'show') {
const c = (p2.jitted.compile as (...a: unknown[]) => { stats: unknown; optimized: { toString(): string } })(...p2.args());
console.log(c.stats);
}
