# The seed's two jitted update steps (Flax guide "Managing parameters and state", parts 1 and 2)
# on real JAX/Flax/Optax (XLA cpu), timed like bench/src/jit-bench.ts times the jaxts port: the
# median over rounds of the mean time of consecutive steps, each step waited for
# (block_until_ready), since a jaxts step is done when it returns. Prints one line per part.
# Run: /work/.venv-ref/bin/python bench/jax/jit_seed_steps.py
import statistics
import time

import flax.linen as nn
import jax
import jax.numpy as jnp
import optax


class BiasAdderWithRunningMean(nn.Module):
    momentum: float = 0.9

    @nn.compact
    def __call__(self, x):
        is_initialized = self.has_variable('batch_stats', 'mean')
        mean = self.variable('batch_stats', 'mean', jnp.zeros, x.shape[1:])
        bias = self.param('bias', lambda rng, shape: jnp.zeros(shape), x.shape[1:])
        if is_initialized:
            mean.value = (self.momentum * mean.value + (1.0 - self.momentum) * jnp.mean(x, axis=0, keepdims=True))
        return mean.value + bias


class MLP(nn.Module):
    hidden_size: int
    out_size: int

    @nn.compact
    def __call__(self, x, train=False):
        norm = lambda: nn.BatchNorm(use_running_average=not train, momentum=0.9, epsilon=1e-5, axis_name='batch')
        x = nn.Dense(self.hidden_size)(x)
        x = norm()(x)
        x = nn.relu(x)
        x = nn.Dense(self.hidden_size)(x)
        x = norm()(x)
        x = nn.relu(x)
        return nn.Dense(self.out_size)(x)


def bench(step, n=1000, rounds=21):
    for _ in range(50):
        step()
    ts = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(n):
            jax.block_until_ready(step())
        ts.append((time.perf_counter() - t) / n)
    return statistics.median(ts) * 1e6


tx = optax.sgd(learning_rate=0.02)
dummy_input = jnp.ones((32, 5))

model1 = BiasAdderWithRunningMean()
variables = model1.init(jax.random.key(0), dummy_input)
state1 = {k: v for k, v in variables.items() if k != 'params'}
params1 = variables['params']
opt1 = tx.init(params1)


@jax.jit
def update_step1(opt_state, params, state):
    def loss(params):
        y, updated_state = model1.apply({'params': params, **state}, dummy_input, mutable=list(state.keys()))
        return ((dummy_input - y) ** 2).sum(), updated_state
    (_, updated_state), grads = jax.value_and_grad(loss, has_aux=True)(params)
    updates, opt_state = tx.update(grads, opt_state)
    return opt_state, optax.apply_updates(params, updates), updated_state


carry1 = [opt1, params1, state1]
for _ in range(2):
    carry1 = list(update_step1(*carry1))


def step1():
    carry1[:] = update_step1(*carry1)
    return carry1[1]


X = jax.random.uniform(jax.random.key(0), (128, 5), minval=0.0, maxval=1.0)
X = X + jax.random.uniform(jax.random.key(0), (), minval=0.0, maxval=0.1)
W = jax.random.uniform(jax.random.key(0), (5, 1), minval=0.0, maxval=1.0)
b = jax.random.uniform(jax.random.key(0), (), minval=0.0, maxval=1.0)
Y = jnp.matmul(X, W) + b
model2 = MLP(hidden_size=10, out_size=1)
variables2 = model2.init(jax.random.key(0), dummy_input)
state2 = {k: v for k, v in variables2.items() if k != 'params'}
params2 = variables2['params']
opt2 = tx.init(params2)


@jax.jit
def update_step2(opt_state, params, state):
    def batch_loss(params):
        def loss_fn(x, y):
            pred, updated_state = model2.apply({'params': params, **state}, x, mutable=list(state.keys()))
            return (pred - y) ** 2, updated_state
        loss, updated_state = jax.vmap(loss_fn, out_axes=(0, None), axis_name='batch')(X, Y)
        return jnp.mean(loss), updated_state
    (loss, updated_state), grads = jax.value_and_grad(batch_loss, has_aux=True)(params)
    updates, opt_state = tx.update(grads, opt_state)
    return opt_state, optax.apply_updates(params, updates), updated_state, loss


carry2 = [opt2, params2, state2]
for _ in range(2):
    carry2 = list(update_step2(*carry2))[:3]


def step2():
    out = update_step2(*carry2)
    carry2[:] = out[:3]
    return out[3]


print(f'seed part 1 jitted step: {bench(step1):.2f} us')
print(f'seed part 2 jitted step: {bench(step2, n=300):.2f} us')
