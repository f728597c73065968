import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import * as nn from './src/index.ts';
class TabMLP extends nn.Module {
  call(x: Tensor): Tensor {
    x = nn.Dense({ features: 4 }).call(x);
    x = nn.BatchNorm({ useRunningAverage: false }).call(x);
    x = nn.relu(x);
    return nn.Dense({ features: 2 }).call(x);
  }
}
console.log(new TabMLP().tabulate(random.PRNGKey(0), jnp.ones([1, 3])));
console.log(new TabMLP().tabulate(random.PRNGKey(0), jnp.ones([1, 3]), { depth: 0 }));
