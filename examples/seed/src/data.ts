/** The guide's data: random inputs and a linear target, drawn exactly as the guide draws them. */
import { numpy as jnp, random } from '@jaxts/tensor';

export const dummyInput = jnp.ones([32, 5]);

let x = random.uniform(random.PRNGKey(0), [128, 5], { minval: 0.0, maxval: 1.0 });
const noise = random.uniform(random.PRNGKey(0), [], { minval: 0.0, maxval: 0.1 });
x = x.add(noise);
export const X = x;

const W = random.uniform(random.PRNGKey(0), [5, 1], { minval: 0.0, maxval: 1.0 });
const b = random.uniform(random.PRNGKey(0), [], { minval: 0.0, maxval: 1.0 });

export const Y = jnp.matmul(X, W).add(b);

export const numEpochs = 5;
