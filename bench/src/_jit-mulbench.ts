import { numpy as jnp, setBackend, lax } from '@jaxts/tensor';
await setBackend('wasm');
function best(f: () => void, n: number) { for (let i = 0; i < 5; i++) f(); let b = Infinity; for (let r = 0; r < 7; r++) { const t0 = performance.now(); for (let i = 0; i < n; i++) f(); b = Math.min(b, (performance.now() - t0) / n * 1000); } return b; }
const a = jnp.ones([784, 512]); const c = jnp.ones([784, 512]);
console.log('mul scalar', best(() => { lax.mul(a, jnp.asarray(0.1, 'float32')).dispose(); }, 50).toFixed(1), 'us');
console.log('sub same', best(() => { lax.sub(a, c).dispose(); }, 50).toFixed(1), 'us');
console.log('mul same', best(() => { lax.mul(a, c).dispose(); }, 50).toFixed(1), 'us');
const a2 = jnp.ones([128, 512]);
console.log('max scalar 128x512', best(() => { lax.max(a2, jnp.asarray(0, 'float32')).dispose(); }, 100).toFixed(1), 'us');
