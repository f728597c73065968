const which = process.argv[2] ?? 'notoken';
const be = (process.argv[3] ?? 'cpu') as 'cpu' | 'wasm';
const mod = await import(`./.v-${which}/index.ts`);
const jnp = mod.numpy;
await mod.setBackend(be);
const a = jnp.asarray(new Float32Array(5).fill(1)), b = jnp.asarray(new Float32Array(5).fill(2));
const best: number[] = [];
for (let r = 0; r < 40; r++) { const t0 = performance.now(); for (let i = 0; i < 20000; i++) a.add(b); best.push((performance.now() - t0) / 20); }
best.sort((x, y) => x - y); console.log(which, be, 'min us', best[0]!.toFixed(3), 'p25', best[10]!.toFixed(3), 'median', best[20]!.toFixed(3));
