import { jit, numpy as jnp, setBackend, type Tensor } from '@jaxts/tensor';
await setBackend('wasm');
function best(f: () => void, n: number) { for (let i = 0; i < 5; i++) f(); let b = Infinity; for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < n; i++) f(); b = Math.min(b, (performance.now() - t0) / n * 1000); } return b; }
const n = 65536;
const x = jnp.linspace(-1, 1, n).reshape([128, 512]); const y = jnp.ones([128, 512]); const row = jnp.ones([512]); const col = jnp.ones([128, 1]);
const cases: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ['add same', (a, b) => a.add(b)], ['add scalar', (a) => a.add(2)], ['mul scalar', (a) => a.mul(2)],
  ['add row', (a) => a.add(row)], ['add col', (a) => a.add(col)], ['max scalar', (a) => jnp.maximum(a, 0)], ['max same', (a, b) => jnp.maximum(a, b)],
  ['eq', (a, b) => a.equal(b)], ['gt scalar', (a) => a.greater(0)], ['select', (a, b) => jnp.where(a.greater(0), a, b)], ['exp', (a) => a.exp()], ['tanh', (a) => a.tanh()], ['astype', (a) => a.greater(0).astype('float32')],
  ['sum axis0', (a) => a.sum({axis: 0})], ['sum axis1', (a) => a.sum({axis: 1})], ['transpose', (a) => a.T],
];
for (const [name, f] of cases) {
  const fk = jit(f, { compilerOptions: { host: false } }); const fh = jit(f, { compilerOptions: { host: { elementwise: Infinity, structure: Infinity } } });
  const tk = best(() => void fk(x, y), 100); const th = best(() => void fh(x, y), 100);
  console.log(name.padEnd(12), 'kernel', (tk * 1000 / n).toFixed(2), 'ns/el', ' host', (th * 1000 / n).toFixed(2), 'ns/el');
}
