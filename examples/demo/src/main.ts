/**
 * The README demo: Flax-style variable trees. Builds a variables dict like `model.init` returns,
 * splits params from state as the Flax guide "Managing parameters and state" does
 * (`state, params = variables.pop('params')`), updates the params with a tree map, and
 * recombines them (`{'params': params, **state}`).
 */
import { flattenDict, freeze, tree } from '@jaxts/frozendict';
import { numpy as jnp, makeJaxpr, type Tensor } from '@jaxts/tensor';

const variables = freeze({
  params: { Dense_0: { kernel: jnp.ones([5, 3]), bias: jnp.zeros([3]) } },
  batch_stats: { BatchNorm_0: { mean: jnp.zeros([3]), var: jnp.ones([3]) } },
});
console.log('variables =', variables.toString());

const [state, params] = variables.pop('params');
console.log('collections left in state:', Object.keys(state));

// One SGD-like step over the whole parameter tree.
const grads = tree.map((p: Tensor) => jnp.onesLike(p).mul(0.5), params);
const newParams = tree.map((p: Tensor, g: Tensor) => p.sub(g.mul(0.1)), params, grads);
console.log('param paths:', Object.keys(flattenDict(newParams, { sep: '/' })));
console.log(
  'updated bias:',
  (newParams.get('Dense_0') as { get(k: string): Tensor }).get('bias').toString(),
);

const recombined = freeze({ params: newParams, ...state });
console.log('treedef:', tree.structure(recombined).toString());

// The staged program of a small function, printed like jax.make_jaxpr.
const f = (x: Tensor) => jnp.tanh(x.mul(2)).sum();
console.log(makeJaxpr(f)(jnp.ones([3])).toString());
