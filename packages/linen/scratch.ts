import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import * as nn from './src/index.ts';
class BiasAdderWithRunningMean extends nn.Module<{ momentum?: number }> {
  call(x: Tensor): Tensor {
    const momentum = this.props.momentum ?? 0.9;
    const isInitialized = this.hasVariable('batch_stats', 'mean');
    const mean = this.variable('batch_stats', 'mean', jnp.zeros, x.shape.slice(1));
    const bias = this.param('bias', (_rng, shape) => jnp.zeros(shape), x.shape.slice(1));
    if (isInitialized) {
      mean.value = mean.value.mul(momentum).add(jnp.mean(x, { axis: 0, keepdims: true }).mul(1 - momentum));
    }
    return mean.value.add(bias);
  }
}
const model = new BiasAdderWithRunningMean({});
const x = jnp.ones([32, 5]);
const variables = model.init(random.PRNGKey(0), x);
console.log(variables.toString());
const [state, params] = variables.pop('params');
const [y, st2] = model.apply({ params, ...state }, x, { mutable: Object.keys(state) });
console.log(y.shape, st2.toString());
console.log(model.apply === model.apply);
