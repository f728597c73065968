import { setBackend } from '@jaxts/tensor';
import { instrument, report } from './_kprof.ts';

const be = (process.argv[2] ?? 'wasm') as 'wasm';
await setBackend(be);
instrument(be);
process.argv[2] = be;
const mod = await import('./_cnn-lib.ts');
const j = mod.jaxts();
const which = process.argv[3] ?? 'jit';
const f = which === 'jit' ? j.jit : j.eager;
for (let i = 0; i < 3; i++) f();
report(1e9);
const N = 10;
const t0 = performance.now();
for (let i = 0; i < N; i++) f();
console.log(which, 'ms/step', ((performance.now() - t0) / N).toFixed(2));
report(N);
