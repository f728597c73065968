import { jit, numpy as jnp, setBackend, type Tensor } from '@jaxts/tensor';
const backend = (process.argv[2] ?? 'wasm') as 'wasm';
await setBackend(backend);
const chain = (k: number) => (a: Tensor) => { let y = a; for (let i = 0; i < k; i++) y = i % 2 ? y.mul(1.01) : y.add(0.5); return y; };
const bin = (a: Tensor, b: Tensor) => a.mul(b).add(a);
function best(f: () => void, n: number) { for (let i = 0; i < Math.min(n, 50); i++) f(); let b = Infinity; for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < n; i++) f(); b = Math.min(b, (performance.now() - t0) / n * 1000); } return b; }
for (const k of [1, 2, 5, 20]) {
  for (const n of [100, 1000, 4096, 16384, 65536, 262144, 1048576]) {
    const x = jnp.ones([n]);
    const fh = jit(chain(k), { compilerOptions: { host: true } }); const fk = jit(chain(k), { compilerOptions: { host: false } });
    const reps = Math.max(3, Math.floor(2e6 / n / Math.max(1, k / 4)));
    const th = best(() => void fh(x), reps); const tk = best(() => void fk(x), reps);
    console.log(`chain${k} n=${n}`.padEnd(22), 'host', th.toFixed(1).padStart(8), 'kern', tk.toFixed(1).padStart(8), 'ratio', (th / tk).toFixed(2));
  }
}
for (const n of [4096, 65536, 401408]) {
  const x = jnp.ones([n]); const y = jnp.ones([n]).mul(2);
  const fh = jit(bin, { compilerOptions: { host: true } }); const fk = jit(bin, { compilerOptions: { host: false } });
  const reps = Math.max(3, Math.floor(2e6 / n));
  const th = best(() => void fh(x, y), reps); const tk = best(() => void fk(x, y), reps);
  console.log(`bin n=${n}`.padEnd(22), 'host', th.toFixed(1).padStart(8), 'kern', tk.toFixed(1).padStart(8), 'ratio', (th / tk).toFixed(2));
}
