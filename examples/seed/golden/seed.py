"""Runs the Flax guide "Managing parameters and state" with real JAX/Flax/Optax and records its
numbers (also with train=True, where the batch statistics flow through pmean) for the jaxts port.

Run: /work/.venv-ref/bin/python examples/seed/golden/seed.py  → seed.json
"""
import json
import os
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import linen as nn
from jax import random

dummy_input = jnp.ones((32, 5))
X = random.uniform(random.PRNGKey(0), (128, 5), minval=0.0, maxval=1.0)
noise = random.uniform(random.PRNGKey(0), (), minval=0.0, maxval=0.1)
X += noise
W = random.uniform(random.PRNGKey(0), (5, 1), minval=0.0, maxval=1.0)
b = random.uniform(random.PRNGKey(0), (), minval=0.0, maxval=1.0)
Y = jnp.matmul(X, W) + b
num_epochs = 5


class BiasAdderWithRunningMean(nn.Module):
  momentum: float = 0.9

  @nn.compact
  def __call__(self, x):
    is_initialized = self.has_variable('batch_stats', 'mean')
    mean = self.variable('batch_stats', 'mean', jnp.zeros, x.shape[1:])
    bias = self.param('bias', lambda rng, shape: jnp.zeros(shape), x.shape[1:])
    if is_initialized:
      mean.value = self.momentum * mean.value + (1.0 - self.momentum) * jnp.mean(x, axis=0, keepdims=True)
    return mean.value + bias


tx = optax.sgd(learning_rate=0.02)


@partial(jax.jit, static_argnums=(0,))
def update_step1(apply_fn, x, opt_state, params, state):
  def loss(params):
    y, updated_state = apply_fn({'params': params, **state}, x, mutable=list(state.keys()))
    l = ((x - y) ** 2).sum()
    return l, updated_state

  (l, updated_state), grads = jax.value_and_grad(loss, has_aux=True)(params)
  updates, opt_state = tx.update(grads, opt_state)
  params = optax.apply_updates(params, updates)
  return opt_state, params, updated_state


model = BiasAdderWithRunningMean()
variables = model.init(random.PRNGKey(0), dummy_input)
# flax_return_frozendict=False: init returns a plain dict, so split it by hand.
state = {k: v for k, v in variables.items() if k != 'params'}
params = variables['params']
opt_state = tx.init(params)
for epoch in range(num_epochs):
  opt_state, params, state = update_step1(model.apply, dummy_input, opt_state, params, state)
part1 = {'bias': np.asarray(params['bias']).tolist(), 'mean': np.asarray(state['batch_stats']['mean']).tolist()}


class MLP(nn.Module):
  hidden_size: int
  out_size: int

  @nn.compact
  def __call__(self, x, train=False):
    norm = partial(nn.BatchNorm, use_running_average=not train, momentum=0.9, epsilon=1e-5, axis_name='batch')
    x = nn.Dense(self.hidden_size)(x)
    x = norm()(x)
    x = nn.relu(x)
    x = nn.Dense(self.hidden_size)(x)
    x = norm()(x)
    x = nn.relu(x)
    return nn.Dense(self.out_size)(x)


def run_part2(train):
  @partial(jax.jit, static_argnums=(0,))
  def update_step(apply_fn, x_batch, y_batch, opt_state, params, state):
    def batch_loss(params):
      def loss_fn(x, y):
        pred, updated_state = apply_fn({'params': params, **state}, x, train, mutable=list(state.keys()))
        return (pred - y) ** 2, updated_state

      loss, updated_state = jax.vmap(loss_fn, out_axes=(0, None), axis_name='batch')(x_batch, y_batch)
      return jnp.mean(loss), updated_state

    (loss, updated_state), grads = jax.value_and_grad(batch_loss, has_aux=True)(params)
    updates, opt_state = tx.update(grads, opt_state)
    params = optax.apply_updates(params, updates)
    return opt_state, params, updated_state, loss

  model = MLP(hidden_size=10, out_size=1)
  variables = model.init(random.PRNGKey(0), dummy_input)
  state = {k: v for k, v in variables.items() if k != 'params'}
  params = variables['params']
  opt_state = tx.init(params)
  losses = []
  for epoch in range(num_epochs):
    opt_state, params, state, loss = update_step(model.apply, X, Y, opt_state, params, state)
    losses.append(float(loss))
  stats = jax.tree_util.tree_map(lambda a: np.asarray(a).tolist(), state)
  return {'losses': losses, 'batch_stats': stats['batch_stats']}


out = {
  'meta': {'jax': jax.__version__, 'flax': __import__('flax').__version__, 'optax': optax.__version__},
  'part1': part1,
  'part2': run_part2(False),
  'part2_train': run_part2(True),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seed.json'), 'w') as f:
  json.dump(out, f, indent=1)
print(out['part1'], out['part2']['losses'], out['part2_train']['losses'])
