"""Writes checkpoint files with real Flax / safetensors for the jaxts serialization tests.

Run: /work/.venv-ref/bin/python packages/tensor/golden/checkpoints.py
Writes golden/checkpoints/*.msgpack, *.safetensors and checkpoints.json (what each file holds).
"""
import json
import os
import sys

sys.path = [p for p in sys.path if os.path.abspath(p) != os.path.dirname(os.path.abspath(__file__))]

import flax
import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import linen as nn
from flax import serialization
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'checkpoints')
os.makedirs(OUT, exist_ok=True)


def describe(x):
  """JSON description of a restored state-dict leaf."""
  if isinstance(x, dict):
    return {'dict': {k: describe(v) for k, v in x.items()}}
  if isinstance(x, (np.ndarray, jax.Array)):
    a = np.asarray(x)
    return {'array': {'shape': list(a.shape), 'dtype': a.dtype.name, 'data': a.reshape(-1).tolist()}}
  if isinstance(x, np.generic):
    return {'npscalar': {'dtype': x.dtype.name, 'value': x.item()}}
  if x is None:
    return {'none': True}
  if isinstance(x, bool):
    return {'bool': x}
  if isinstance(x, int):
    return {'int': x}
  if isinstance(x, float):
    return {'float': x}
  if isinstance(x, str):
    return {'str': x}
  if isinstance(x, (list, tuple)):
    return {'list': [describe(v) for v in x]}
  raise TypeError(type(x))


class Small(nn.Module):
  @nn.compact
  def __call__(self, x, train=True):
    x = nn.Dense(4)(x)
    x = nn.BatchNorm(use_running_average=not train, momentum=0.9)(x)
    return nn.Dense(2)(nn.relu(x))


files = {}

# 1. Model variables (params + batch_stats) as Flax saves them.
model = Small()
variables = model.init(jax.random.PRNGKey(0), jnp.ones((3, 5)))
files['variables'] = variables

# 2. Optimizer state of adam (count, mu, nu) after one step.
params = variables['params']
tx = optax.adam(1e-2)
opt_state = tx.init(params)
grads = jax.tree_util.tree_map(lambda p: jnp.full_like(p, 0.5), params)
_, opt_state = tx.update(grads, opt_state, params)
files['adam_state'] = opt_state

# 3. Mixed leaves: ints of several widths, floats, bools, None, strings, lists, int/bool/uint arrays,
# a numpy scalar, an empty array and an empty dict.
files['mixed'] = {
  'small_int': 7,
  'neg_int': -3,
  'int16': 40000,
  'int32': -70000,
  'big_int': 5000000000,
  'float': 0.1,
  'true': True,
  'none': None,
  'name': 'jaxts',
  'list': [1, 2.5, [3]],
  'i32': np.arange(6, dtype=np.int32).reshape(2, 3),
  'u32': np.array([0, 1, 4294967295], dtype=np.uint32),
  'b': np.array([True, False, True]),
  'f32_scalar': np.float32(1.5),
  'empty': np.zeros((0, 3), np.float32),
  'nested': {},
}

expected = {}
for name, tree in files.items():
  data = serialization.to_bytes(tree)
  with open(os.path.join(OUT, f'{name}.msgpack'), 'wb') as f:
    f.write(data)
  restored = serialization.msgpack_restore(data)
  expected[name] = {'file': f'{name}.msgpack', 'bytes': len(data), 'state': describe(restored)}

# 4. safetensors: the flattened params with '.' separators, as many tools write them.
flat = flax.traverse_util.flatten_dict(jax.device_get(params), sep='.')
flat = {k: np.asarray(v) for k, v in flat.items()}
flat['extra.int'] = np.arange(4, dtype=np.int32)
flat['extra.bool'] = np.array([True, False])
save_file(flat, os.path.join(OUT, 'params.safetensors'), metadata={'framework': 'flax'})
expected['safetensors'] = {
  'file': 'params.safetensors',
  'tensors': {k: {'shape': list(v.shape), 'dtype': v.dtype.name, 'data': v.reshape(-1).tolist()} for k, v in flat.items()},
  'metadata': {'framework': 'flax'},
}

meta = {'jax': jax.__version__, 'flax': flax.__version__, 'optax': optax.__version__}
with open(os.path.join(HERE, 'checkpoints.json'), 'w') as f:
  json.dump({'meta': meta, 'files': expected}, f, indent=1)
print('wrote', sorted(os.listdir(OUT)))
