"""Golden values for jaxts `random` (jax.random, threefry2x32, partitionable mode).

Run: /work/.venv-ref/bin/python packages/tensor/golden/random.py
Writes random.json next to this file. Layout (see also `meta.layout`):

  meta      versions, platform, mode flags, notes
  threefry  Random123 known-answer vectors and `threefry_2x32(key, count)` array-form cases
  seeds     PRNGKey(seed) raw key data, with x64 off (JAX's default) and on
  keys      named raw keys used by `cases` ({name: [k0, k1]})
  cases     [{fn, key, params, shape, dtype, value}] where key names an entry of `keys`,
            value is the flattened (row-major) result; uint32/int values are JSON integers,
            float32 values are exact Python floats, NaN/inf are 'nan'/'inf'/'-inf', booleans 0/1
  seed_program  the issue's data program: X (128x5), noise, W (5x1), b
"""

import os
import sys

# This file is named random.py: drop its folder from sys.path so that `import random` in the
# standard library users below (numpy, jax) does not import this script.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or '.') != _here]

import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import random  # noqa: E402

assert jax.config.jax_threefry_partitionable is True, 'expected the partitionable default'
assert not jax.config.jax_enable_x64, 'generate with x64 off (the JAX default)'

from jax._src.random.threefry2x32 import threefry_2x32  # noqa: E402


def num(v):
  """One JSON scalar: exact float (or 'nan'/'inf'/'-inf'), int, or 0/1 for bool."""
  if not isinstance(v, (int, float)):
    v = np.asarray(v)[()]  # 0-d arrays (jax or numpy) to numpy scalars
  if isinstance(v, (bool, np.bool_)):
    return int(v)
  if isinstance(v, (np.floating, float)):
    f = float(v)
    if math.isnan(f):
      return 'nan'
    if math.isinf(f):
      return 'inf' if f > 0 else '-inf'
    return f
  return int(v)


def flat(x):
  a = np.asarray(x)
  return [num(v) for v in a.reshape(-1)]


def dtype_name(x):
  return str(np.asarray(x).dtype)


def keydata(k):
  return [int(v) for v in np.asarray(k).reshape(-1)]


KEYS = {
    'k0': random.PRNGKey(0),
    'k42': random.PRNGKey(42),
    'k1701': random.PRNGKey(1701),
    'sub0': random.split(random.PRNGKey(0))[1],
    'big': random.PRNGKey(2**40 + 5),
}

cases = []


def add(fn, keyname, params, value, shape=None):
  arr = np.asarray(value)
  cases.append({
      'fn': fn,
      'key': keyname,
      'params': params,
      'shape': list(arr.shape) if shape is None else shape,
      'dtype': dtype_name(arr),
      'value': flat(arr),
  })


# --- threefry --------------------------------------------------------------------------------
def u32(*xs):
  return np.array(xs, dtype=np.uint32)


kat_inputs = [
    ((0x00000000, 0x00000000), (0x00000000, 0x00000000)),
    ((0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF)),
    ((0x13198A2E, 0x03707344), (0x243F6A88, 0x85A308D3)),
] + [((0, 0), (0, i)) for i in range(4)]
kats = []
for key, x in kat_inputs:
  y = threefry_2x32(u32(*key), u32(*x))
  kats.append({'key': list(key), 'x': list(x), 'y': flat(y)})

array_cases = []
for key, count in [
    ((0, 1337), np.arange(20, dtype=np.uint32)),
    ((0, 1337), np.arange(7, dtype=np.uint32)),
    ((0x13198A2E, 0x03707344), np.arange(1, dtype=np.uint32)),
    ((42, 7), np.array([5, 4294967295, 17, 0, 123456789], dtype=np.uint32)),
]:
  array_cases.append({
      'key': list(key),
      'count': flat(count),
      'out': flat(threefry_2x32(u32(*key), count)),
  })

# --- seeds ---------------------------------------------------------------------------------
SEEDS = [0, 1, 42, 1701, -1, -7, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 7, 2**40 + 5,
         -(2**40) - 5, 2**53 - 1]
seeds = []
for s in SEEDS:
  entry = {'seed': s, 'key': keydata(random.PRNGKey(s))}
  with jax.enable_x64(True):
    entry['key_x64'] = keydata(random.PRNGKey(s))
  entry['key_typed'] = keydata(random.key_data(random.key(s)))
  seeds.append(entry)

# --- split / fold_in / bits ----------------------------------------------------------------
for name, k in KEYS.items():
  for n in (2, 3, 4, 5):
    add('split', name, {'num': n}, random.split(k, n))
  add('split', name, {'num': [2, 3]}, random.split(k, (2, 3)))
  for d in (0, 1, 4, 42, 2**31 - 1, 2**32 - 1):
    add('fold_in', name, {'data': d}, random.fold_in(k, d))
  for shape in ((), (3,), (4,), (2, 3), (17,)):
    add('bits', name, {'bit_width': 32}, random.bits(k, shape, jnp.uint32))
  for dt, w in ((jnp.uint8, 8), (jnp.uint16, 16)):
    for shape in ((3,), (17,)):
      add('bits', name, {'bit_width': w}, random.bits(k, shape, dt))

# --- float samplers ------------------------------------------------------------------------
UNIFORM_RANGES = [(0.0, 1.0), (-5.0, 5.0), (0.1, 0.7), (-3e5, 7.25), (2.0, 2.0), (1.0, 0.0)]
for name, k in KEYS.items():
  for shape in ((), (3,), (2, 3), (17,)):
    add('uniform', name, {'minval': 0.0, 'maxval': 1.0}, random.uniform(k, shape))
  for lo, hi in UNIFORM_RANGES[1:]:
    add('uniform', name, {'minval': lo, 'maxval': hi}, random.uniform(k, (17,), minval=lo, maxval=hi))
  for shape in ((), (3,), (64,)):
    add('normal', name, {}, random.normal(k, shape))
  for lo, hi in ((-2.0, 2.0), (-0.5, 1.3), (1.0, 6.0), (-math.inf, 0.5), (-math.inf, math.inf)):
    add('truncated_normal', name, {'lower': num(lo), 'upper': num(hi)},
        random.truncated_normal(k, lo, hi, (17,)))
  for p in (0.5, 0.1, 0.9):
    add('bernoulli', name, {'p': p}, random.bernoulli(k, p, (17,)))
  for fn in ('gumbel', 'exponential', 'laplace', 'logistic'):
    add(fn, name, {}, getattr(random, fn)(k, (17,)))

# Per-element bounds (broadcast by the caller): minval f32[2,1], maxval f32[3], shape (2, 3).
for name, k in KEYS.items():
  lo = jnp.array([[-1.0], [0.5]], jnp.float32)
  hi = jnp.array([1.0, 2.5, 0.75], jnp.float32)
  add('uniform', name, {'minval': flat(lo), 'minval_shape': [2, 1], 'maxval': flat(hi),
                        'maxval_shape': [3]}, random.uniform(k, (2, 3), minval=lo, maxval=hi))
  tlo = jnp.array([-2.0, -0.5, 1.0], jnp.float32)
  add('truncated_normal', name, {'lower': flat(tlo), 'lower_shape': [3], 'upper': 2.5,
                                 'upper_shape': []},
      random.truncated_normal(k, tlo, 2.5, (2, 3)))

# A larger normal sample: the erf_inv port must match everywhere, tails included.
add('normal', 'k0', {}, random.normal(KEYS['k0'], (2000,)))

# --- integer samplers ----------------------------------------------------------------------
RANDINT_RANGES = [(0, 8), (-5, 5), (-100, -90), (5, 3), (0, 1000000007), (0, 2**30 + 3),
                  (-(2**31), 2**31 - 1), (-(2**31), 0), (7, 8)]
for name, k in KEYS.items():
  add('randint', name, {'minval': 0, 'maxval': 8}, random.randint(k, (3, 3), 0, 8))
  for lo, hi in RANDINT_RANGES:
    add('randint', name, {'minval': lo, 'maxval': hi}, random.randint(k, (17,), lo, hi))
  for n in (1, 2, 5, 10, 100):
    add('permutation', name, {'n': n}, random.permutation(k, n))
  x = jnp.arange(12).reshape(4, 3)
  add('permutation', name, {'x': flat(x), 'x_shape': [4, 3], 'axis': 0},
      random.permutation(k, x, axis=0))
  add('permutation', name, {'x': flat(x), 'x_shape': [4, 3], 'axis': 1, 'independent': True},
      random.permutation(k, x, axis=1, independent=True))
  logits = jnp.log(jnp.array([0.1, 0.2, 0.3, 0.4], jnp.float32))
  add('categorical', name, {'logits': flat(logits), 'logits_shape': [4], 'shape': [17]},
      random.categorical(k, logits, shape=(17,)))
  logits2 = jnp.array([[0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0], [0.5, 0.5, 0.5, 0.5]],
                      jnp.float32)
  add('categorical', name, {'logits': flat(logits2), 'logits_shape': [3, 4], 'axis': -1},
      random.categorical(k, logits2))
  add('categorical', name,
      {'logits': flat(logits2), 'logits_shape': [3, 4], 'axis': -1, 'shape': [5, 3]},
      random.categorical(k, logits2, shape=(5, 3)))
  add('choice', name, {'a': 10, 'shape': [5], 'replace': True}, random.choice(k, 10, (5,)))
  add('choice', name, {'a': 10, 'shape': [5], 'replace': False},
      random.choice(k, 10, (5,), replace=False))
  p = jnp.array([0.1, 0.0, 0.3, 0.6], jnp.float32)
  add('choice', name, {'a': 4, 'shape': [8], 'replace': True, 'p': flat(p)},
      random.choice(k, 4, (8,), p=p))
  add('choice', name, {'a': 4, 'shape': [3], 'replace': False, 'p': flat(p)},
      random.choice(k, 4, (3,), replace=False, p=p))
  arr = jnp.array([10.0, 20.0, 30.0, 40.0, 50.0], jnp.float32)
  add('choice', name, {'a': flat(arr), 'shape': [2, 2], 'replace': True},
      random.choice(k, arr, (2, 2)))

# randint whose maxval lies above int32 max (only expressible with x64 bounds).
with jax.enable_x64(True):
  k = random.PRNGKey(0)
  for lo, hi in ((0, 2**31), (-(2**31), 2**31), (-5, 2**40)):
    add('randint', 'k0', {'minval': lo, 'maxval': hi, 'x64_bounds': True},
        random.randint(k, (17,), lo, hi, dtype=jnp.int32))

# vmap over keys equals looping over them.
vkeys = random.split(random.PRNGKey(0), 3)
add('vmap_uniform', 'k0', {'split': 3}, jax.vmap(random.uniform)(vkeys))

# --- the seed program (issue 4) ------------------------------------------------------------
k0 = random.PRNGKey(0)
noise = random.uniform(k0, [], minval=0, maxval=0.1)
X = random.uniform(k0, [128, 5], minval=0, maxval=1) + noise
W = random.uniform(k0, [5, 1])
b = random.uniform(k0, [])
seed_program = {
    'uniform_128x5': flat(random.uniform(k0, [128, 5], minval=0, maxval=1)),
    'noise': num(noise),
    'X': flat(X),
    'W': flat(W),
    'b': num(b),
}

assert not jax.config.jax_enable_x64, 'x64 leaked out of an enable_x64 block'

cpu_flags = ''
try:
  with open('/proc/cpuinfo') as f:
    for line in f:
      if line.startswith('flags'):
        cpu_flags = line
        break
except OSError:
  pass

out = {
    'meta': {
        'jax': jax.__version__,
        'jaxlib': jax.lib.__version__ if hasattr(jax.lib, '__version__') else jax.__version__,
        'numpy': np.__version__,
        'python': sys.version.split()[0],
        'machine': platform.machine(),
        'backend': jax.default_backend(),
        'cpu_has_fma': ' fma ' in cpu_flags + ' ',
        'jax_threefry_partitionable': True,
        'jax_enable_x64': False,
        'notes': [
            'float values are float32 results converted exactly to Python floats',
            'XLA:CPU contracts a*b+c into FMA on FMA hardware and flushes denormals; the '
            'float goldens (uniform with minval/maxval, normal, ...) depend on that',
            'PRNGKey(seed) with x64 off keeps only the low 32 bits of the seed (hi word 0)',
            'fold_in data outside [0, 2**32) raises OverflowError in JAX',
            'randint bounds outside int32 raise OverflowError with x64 off; the x64_bounds '
            'cases were generated with jax.enable_x64 (int64 bounds, int32 result)',
        ],
        'layout': {
            'threefry': '{kat: [{key, x, y}], array: [{key, count, out}]}',
            'seeds': '[{seed, key, key_x64, key_typed}]',
            'keys': '{name: [k0, k1]}',
            'cases': '[{fn, key, params, shape, dtype, value}]',
            'seed_program': '{uniform_128x5, noise, X, W, b}',
        },
    },
    'threefry': {'kat': kats, 'array': array_cases},
    'seeds': seeds,
    'keys': {name: keydata(k) for name, k in KEYS.items()},
    'cases': cases,
    'seed_program': seed_program,
}

path = os.path.join(_here, 'random.json')
with open(path, 'w') as f:
  json.dump(out, f, separators=(',', ':'))
  f.write('\n')
print(f'wrote {path}: {os.path.getsize(path)} bytes, {len(cases)} cases')
