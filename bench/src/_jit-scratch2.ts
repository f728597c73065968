import { numpy as jnp, jit, makeJaxpr, random, type Tensor } from '@jaxts/tensor';
import { valueAndGrad } from '../../packages/grad/src/index.ts';
// part 1: bias adder with running mean
const x = jnp.ones([32, 5]);
function step(params: { bias: Tensor }, state: { mean: Tensor }, x: Tensor) {
  const loss = (p: { bias: Tensor }) => {
    const mean = state.mean.mul(0.9).add(jnp.mean(x, { axis: 0, keepdims: true }).mul(1.0 - 0.9));
    const y = mean.add(p.bias);
    return [x.sub(y).square().sum(), { mean }] as const;
  };
  const [[, newState], grads] = valueAndGrad(loss, { hasAux: true })(params);
  return [{ bias: params.bias.sub(grads.bias.mul(0.02)) }, newState] as const;
}
console.log(makeJaxpr(step)({ bias: jnp.zeros([5]) }, { mean: jnp.zeros([1, 5]) }, x).toString());
const js = jit(step);
let p = { bias: jnp.zeros([5]) }; let s = { mean: jnp.zeros([1, 5]) };
for (let i = 0; i < 2000; i++) [p, s] = js(p, s, x) as never;
const N = 20000; const t0 = performance.now();
for (let i = 0; i < N; i++) [p, s] = js(p, s, x) as never;
console.log('part1-like step', ((performance.now() - t0) / N * 1000).toFixed(2), 'us');
const t1 = performance.now();
for (let i = 0; i < 2000; i++) [p, s] = step(p, s, x) as never;
console.log('eager step', ((performance.now() - t1) / 2000 * 1000).toFixed(2), 'us');
