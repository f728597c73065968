const be = (process.argv[2] ?? 'cpu') as 'cpu' | 'wasm';
const n = Number(process.argv[3] ?? 5);
const A = await import('./.v-token/index.ts');
const B = await import('./.v-notoken/index.ts');
const vs = [A, B].map((m) => ({ m, a: m.numpy.asarray(new Float32Array(n).fill(1)), b: m.numpy.asarray(new Float32Array(n).fill(2)) }));
await A.setBackend(be); await B.setBackend(be);
const res: number[][] = [[], []];
for (let r = 0; r < 60; r++) for (let k = 0; k < 2; k++) {
  const j = (k + r) % 2; const { a, b } = vs[j]!;
  const t0 = performance.now(); for (let i = 0; i < 10000; i++) a.add(b); res[j]!.push((performance.now() - t0) / 10);
}
for (const [j, name] of [[0, 'token'], [1, 'notoken']] as const) { const s = res[j]!.sort((x, y) => x - y); console.log(name, be, n, 'min', s[0]!.toFixed(3), 'p25', s[15]!.toFixed(3), 'med', s[30]!.toFixed(3)); }
