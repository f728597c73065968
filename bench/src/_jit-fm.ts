import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { tf, useBackend } from './peers.ts';
await useBackend('wasm');
function best(f: () => void, n: number) { for (let i = 0; i < 3; i++) f(); const ts: number[] = []; for (let r = 0; r < 9; r++) { const t0 = performance.now(); for (let i = 0; i < n; i++) f(); ts.push((performance.now() - t0) / n * 1000); } ts.sort((a,b)=>a-b); return ts[4]!; }
const x = random.uniform(random.PRNGKey(3), [128, 784]); let w = random.normal(random.PRNGKey(4), [784, 512]).mul(0.05); const b = jnp.zeros([512]);
const f = (x: Tensor, w: Tensor, b: Tensor) => jnp.maximum(x.matmul(w).add(b), 0);
const fused = jit(f, { compilerOptions: { host: false } }); const unfused = jit(f, { compilerOptions: { host: false, fuseMatmul: false } });
const lin = (x: Tensor, w: Tensor, b: Tensor) => x.matmul(w).add(b);
const fusedL = jit(lin, { compilerOptions: { host: false } }); const unfusedL = jit(lin, { compilerOptions: { host: false, fuseMatmul: false } });
console.log(fused.compile(x, w, b).stats.fusedMatmuls, unfused.compile(x, w, b).stats.fusedMatmuls);
for (let round = 0; round < 2; round++) {
console.log('relu fused same w', best(() => fused(x, w, b).dispose(), 10).toFixed(0));
console.log('relu unfused same w', best(() => unfused(x, w, b).dispose(), 10).toFixed(0));
console.log('relu fused new w', best(() => { const w2 = w.add(0); fused(x, w2, b).dispose(); w2.dispose(); }, 10).toFixed(0));
console.log('relu unfused new w', best(() => { const w2 = w.add(0); unfused(x, w2, b).dispose(); w2.dispose(); }, 10).toFixed(0));
console.log('lin fused new w', best(() => { const w2 = w.add(0); fusedL(x, w2, b).dispose(); w2.dispose(); }, 10).toFixed(0));
console.log('lin unfused new w', best(() => { const w2 = w.add(0); unfusedL(x, w2, b).dispose(); w2.dispose(); }, 10).toFixed(0));
console.log('copy w only', best(() => { const w2 = w.add(0); w2.dispose(); }, 10).toFixed(0));
}
