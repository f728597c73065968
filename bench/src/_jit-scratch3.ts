import { numpy as jnp, jit, random, type Tensor, setBackend } from '@jaxts/tensor';
import { valueAndGrad } from '../../packages/grad/src/index.ts';
await setBackend((process.argv[2] ?? 'cpu') as 'cpu');
const x = random.normal(random.PRNGKey(1), [32, 5]);
function step(params: { bias: Tensor }, state: { mean: Tensor }, x: Tensor) {
  const loss = (p: { bias: Tensor }) => {
    const mean = state.mean.mul(0.9).add(jnp.mean(x, { axis: 0, keepdims: true }).mul(1.0 - 0.9));
    const y = mean.add(p.bias);
    return [x.sub(y).square().sum(), { mean }] as const;
  };
  const [[l, newState], grads] = valueAndGrad(loss, { hasAux: true })(params);
  return [{ bias: params.bias.sub(grads.bias.mul(0.02)) }, newState, l] as const;
}
const js = jit(step);
const p = { bias: jnp.zeros([5]).add(0.3) }; const s = { mean: jnp.ones([1, 5]) };
const a = js(p, s, x); const b = step(p, s, x);
console.log(a[0].bias.toString(), b[0].bias.toString());
console.log(a[1].mean.toString(), b[1].mean.toString());
console.log(a[2].toString(), b[2].toString());
const c = js.compile(p, s, x); console.log(c.optimized.toString()); console.log(c.stats);
