"""Golden values for @jaxts/linen from real Flax (flax 0.12.8, jax 0.10.2, CPU).

Run from the repository root:
    /work/.venv-ref/bin/python packages/linen/golden/flax_golden.py
Writes packages/linen/golden/{initializers,layers,module,activations}.json. Arrays are stored as
{"shape": [...], "dtype": "...", "data": [flat values]}; inputs are stored next to outputs so the
TypeScript tests never recompute them.
"""

import functools
import json
import os
import sys

# Flax orders tabulate's collection columns through a Python set, so the hash seed matters;
# seed 0 puts `params` first, the order jaxts uses. Re-run with it fixed.
if os.environ.get('PYTHONHASHSEED') != '0':
  os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, 'PYTHONHASHSEED': '0'})

import jax
import jax.numpy as jnp
import numpy as np
from jax import random

import flax
import flax.linen as nn
from flax.core import freeze, unfreeze

HERE = os.path.dirname(os.path.abspath(__file__))
KEY0 = random.PRNGKey(0)


def enc(x):
  x = np.asarray(x)
  if x.dtype == np.bool_:
    data = [bool(v) for v in x.reshape(-1)]
  elif np.issubdtype(x.dtype, np.integer):
    data = [int(v) for v in x.reshape(-1)]
  else:
    data = [float(v) for v in x.reshape(-1)]
  return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': data}


def enc_tree(t):
  """Nested dicts of arrays -> nested dicts of encoded arrays (tuples become lists)."""
  if isinstance(t, (dict, flax.core.FrozenDict)):
    return {str(k): enc_tree(v) for k, v in t.items()}
  if isinstance(t, (tuple, list)):
    return [enc_tree(v) for v in t]
  return enc(t)


def shapes(t):
  return jax.tree_util.tree_map(lambda a: list(np.shape(a)), unfreeze(t))


def inp(shape, seed=0, scale=1.0, offset=0.0):
  """A deterministic float32 input (stored in the JSON)."""
  n = int(np.prod(shape))
  v = np.sin(np.arange(n, dtype=np.float64) * 0.731 + seed) * scale + offset
  return jnp.asarray(v.reshape(shape), dtype=jnp.float32)


def write(name, obj):
  with open(os.path.join(HERE, name), 'w') as f:
    json.dump(obj, f, indent=1)
  print('wrote', name)


# ------------------------------------------------------------------------------------------------
# Initializers
# ------------------------------------------------------------------------------------------------

def initializers_golden():
  I = nn.initializers
  k = random.PRNGKey(42)
  cases = []

  def add(name, init, shape, key=k):
    cases.append({'name': name, 'shape': list(shape), 'key': [int(v) for v in key],
                  'value': enc(init(key, shape))})

  add('zeros', I.zeros, (2, 3))
  add('ones', I.ones, (2, 3))
  add('constant_0.5', I.constant(0.5), (2, 2))
  add('normal_0.02', I.normal(0.02), (3, 4))
  add('uniform_0.1', I.uniform(0.1), (3, 4))
  add('truncated_normal_0.05', I.truncated_normal(0.05), (3, 4))
  add('lecun_normal', I.lecun_normal(), (3, 2), key=KEY0)
  add('lecun_normal_k42', I.lecun_normal(), (4, 5))
  add('lecun_uniform', I.lecun_uniform(), (4, 5))
  add('glorot_normal', I.glorot_normal(), (4, 5))
  add('glorot_uniform', I.glorot_uniform(), (4, 5))
  add('xavier_uniform', I.xavier_uniform(), (6, 2))
  add('he_normal_conv', I.he_normal(), (3, 3, 2, 4))
  add('he_uniform', I.he_uniform(), (5, 3))
  add('kaiming_normal', I.kaiming_normal(), (5, 3))
  add('vs_2_fan_out_normal', I.variance_scaling(2.0, 'fan_out', 'normal'), (4, 6))
  add('vs_1_fan_geo_avg_uniform', I.variance_scaling(1.0, 'fan_geo_avg', 'uniform'), (4, 6))
  add('vs_batch_axis', I.variance_scaling(1.0, 'fan_avg', 'truncated_normal', in_axis=1,
                                          out_axis=2, batch_axis=0), (2, 3, 4))
  add('vs_multi_axis', I.variance_scaling(0.5, 'fan_in', 'uniform', in_axis=(0, 1),
                                          out_axis=-1), (2, 3, 4))
  add('vs_embed', I.variance_scaling(1.0, 'fan_in', 'normal', out_axis=0), (10, 4))
  add('orthogonal_4x4', I.orthogonal(), (4, 4))
  add('orthogonal_3x5', I.orthogonal(), (3, 5))
  add('orthogonal_5x3', I.orthogonal(), (5, 3))
  add('orthogonal_2x3x4', I.orthogonal(), (2, 3, 4))
  add('orthogonal_col0_scale2', I.orthogonal(scale=2.0, column_axis=0), (4, 6))
  add('orthogonal_8x8', I.orthogonal(), (8, 8), key=KEY0)
  add('delta_orthogonal', I.delta_orthogonal(), (3, 3, 2, 4))
  add('delta_orthogonal_1d', I.delta_orthogonal(), (4, 2, 2))
  errors = {}
  try:
    I.lecun_normal()(k, (3,))
  except ValueError as e:
    errors['vs_1d'] = str(e)
  try:
    I.orthogonal()(k, (3,))
  except ValueError as e:
    errors['orthogonal_1d'] = str(e)
  write('initializers.json', {'cases': cases, 'errors': errors})


# ------------------------------------------------------------------------------------------------
# Activations and functions
# ------------------------------------------------------------------------------------------------

def activations_golden():
  x = jnp.linspace(-4.0, 4.0, 17, dtype=jnp.float32)
  x2 = inp((2, 6), seed=1, scale=3.0)
  out = {'x': enc(x), 'x2': enc(x2), 'unary': {}, 'matrix': {}}
  unary = {
    'relu': nn.relu, 'relu6': nn.relu6, 'gelu': nn.gelu,
    'gelu_exact': functools.partial(nn.gelu, approximate=False), 'silu': nn.silu,
    'swish': nn.swish, 'sigmoid': nn.sigmoid, 'hard_sigmoid': nn.hard_sigmoid,
    'hard_silu': nn.hard_silu, 'hard_tanh': nn.hard_tanh, 'tanh': nn.tanh,
    'softplus': nn.softplus, 'soft_sign': nn.soft_sign, 'elu': nn.elu,
    'elu_0.5': functools.partial(nn.elu, alpha=0.5), 'celu': nn.celu,
    'celu_2': functools.partial(nn.celu, alpha=2.0), 'selu': nn.selu,
    'leaky_relu': nn.leaky_relu, 'leaky_relu_0.2': functools.partial(nn.leaky_relu, negative_slope=0.2),
    'log_sigmoid': nn.log_sigmoid, 'softmax': nn.softmax, 'log_softmax': nn.log_softmax,
    'standardize': nn.standardize,
  }
  for name, f in unary.items():
    out['unary'][name] = enc(f(x))
  out['matrix'] = {
    'glu': enc(nn.glu(x2)),
    'glu_axis0': enc(nn.glu(jnp.concatenate([x2, x2 * 0.5], axis=0), axis=0)),
    'softmax_axis0': enc(nn.softmax(x2, axis=0)),
    'softmax_axis1': enc(nn.softmax(x2, axis=-1)),
    'log_softmax_axis1': enc(nn.log_softmax(x2, axis=1)),
    'standardize_axis0': enc(nn.standardize(x2, axis=0)),
    'logsumexp_axis1': enc(nn.logsumexp(x2, axis=1)),
  }
  idx = jnp.array([0, 2, 1, 3], dtype=jnp.int32)
  out['one_hot'] = {'idx': enc(idx), 'num_classes': 4, 'value': enc(nn.one_hot(idx, 4)),
                    'value_axis0': enc(nn.one_hot(idx, 5, axis=0))}
  # pooling
  p = inp((2, 6, 6, 3), seed=2)
  out['pooling'] = {
    'x': enc(p),
    'avg_2x2_s2': enc(nn.avg_pool(p, (2, 2), strides=(2, 2))),
    'avg_3x3_same_noinc': enc(nn.avg_pool(p, (3, 3), padding='SAME', count_include_pad=False)),
    'avg_3x3_same_inc': enc(nn.avg_pool(p, (3, 3), padding='SAME')),
    'max_3x3_s2_same': enc(nn.max_pool(p, (3, 3), strides=(2, 2), padding='SAME')),
    'max_explicit': enc(nn.max_pool(p, (2, 2), padding=((1, 0), (0, 1)))),
    'min_2x2': enc(flax.linen.pooling.min_pool(p, (2, 2))),
    'avg_1d_nobatch': enc(nn.avg_pool(p[0, :, 0, :], (2,))),
  }
  write('activations.json', out)


# ------------------------------------------------------------------------------------------------
# Layers
# ------------------------------------------------------------------------------------------------

def layer_case(name, module, inputs, *, rngs=None, call_kwargs=None, apply_rngs=None,
               mutable=False, method=None, init_kwargs=None, extra=None):
  call_kwargs = call_kwargs or {}
  init_kwargs = init_kwargs if init_kwargs is not None else call_kwargs
  rngs = rngs if rngs is not None else KEY0
  variables = module.init(rngs, *inputs, **init_kwargs)
  if mutable:
    y, updates = module.apply(variables, *inputs, rngs=apply_rngs, mutable=mutable,
                              method=method, **call_kwargs)
  else:
    y, updates = module.apply(variables, *inputs, rngs=apply_rngs, method=method,
                              **call_kwargs), None
  case = {
    'name': name,
    'inputs': [enc(a) for a in inputs],
    'variables': enc_tree(unfreeze(variables)),
    'shapes': shapes(variables),
    'output': enc_tree(y) if isinstance(y, (tuple, list, dict)) else enc(y),
  }
  if updates is not None:
    case['updates'] = enc_tree(unfreeze(updates))
  if extra:
    case.update(extra)
  return case


def layers_golden():
  cases = []
  x24 = inp((2, 4))
  cases.append(layer_case('dense', nn.Dense(3), [x24]))
  cases.append(layer_case('dense_nobias', nn.Dense(3, use_bias=False), [x24]))
  cases.append(layer_case('dense_3d', nn.Dense(5), [inp((2, 3, 4), seed=1)]))
  cases.append(layer_case('dense_general_2_3', nn.DenseGeneral((2, 3)), [inp((2, 5))]))
  cases.append(layer_case('dense_general_axis', nn.DenseGeneral(4, axis=(-2, -1)),
                          [inp((2, 3, 5), seed=1)]))
  cases.append(layer_case('dense_general_batch', nn.DenseGeneral(3, batch_dims=(0,)),
                          [inp((2, 3, 4), seed=2)]))

  x_img = inp((2, 6, 6, 3), seed=3)
  cases.append(layer_case('conv_same', nn.Conv(4, (3, 3)), [x_img]))
  cases.append(layer_case('conv_valid', nn.Conv(4, (3, 3), padding='VALID'), [x_img]))
  cases.append(layer_case('conv_strides', nn.Conv(2, (3, 3), strides=2), [x_img]))
  cases.append(layer_case('conv_circular', nn.Conv(2, (3, 3), padding='CIRCULAR'), [x_img]))
  cases.append(layer_case('conv_explicit', nn.Conv(2, (3, 2), padding=((1, 2), (0, 1))), [x_img]))
  cases.append(layer_case('conv_int_pad', nn.Conv(2, (3, 3), padding=1), [x_img]))
  cases.append(layer_case('conv_input_dilation', nn.Conv(2, (2, 2), input_dilation=2,
                                                         padding=((1, 1), (0, 1))), [x_img]))
  cases.append(layer_case('conv_kernel_dilation', nn.Conv(2, (3, 3), kernel_dilation=2), [x_img]))
  cases.append(layer_case('conv_groups', nn.Conv(6, (3, 3), feature_group_count=3), [x_img]))
  cases.append(layer_case('conv_1d_nobatch', nn.Conv(2, (3,)), [inp((5, 4), seed=4)]))
  cases.append(layer_case('conv_1d_causal', nn.Conv(2, (3,), padding='CAUSAL'),
                          [inp((2, 5, 4), seed=4)]))
  cases.append(layer_case('conv_3d', nn.Conv(2, (2, 2, 2)), [inp((1, 4, 4, 4, 2), seed=5)]))
  cases.append(layer_case('conv_2_batch_dims', nn.Conv(3, (3, 3)), [inp((2, 2, 5, 5, 3), seed=6)]))
  cases.append(layer_case('conv_nobias', nn.Conv(3, (2, 2), use_bias=False), [x_img]))
  cases.append(layer_case('conv_reflect', nn.Conv(2, (3, 3), padding='REFLECT'), [x_img]))

  x_t = inp((1, 4, 4, 2), seed=7)
  cases.append(layer_case('convt_same', nn.ConvTranspose(3, (3, 3)), [x_t]))
  cases.append(layer_case('convt_same_s2', nn.ConvTranspose(3, (3, 3), strides=(2, 2)), [x_t]))
  cases.append(layer_case('convt_valid_s2', nn.ConvTranspose(3, (3, 3), strides=(2, 2),
                                                             padding='VALID'), [x_t]))
  cases.append(layer_case('convt_circular', nn.ConvTranspose(3, (3, 3), strides=(2, 2),
                                                             padding='CIRCULAR'), [x_t]))
  cases.append(layer_case('convt_transpose_kernel', nn.ConvTranspose(3, (3, 2), strides=(2, 1),
                                                                     transpose_kernel=True), [x_t]))
  cases.append(layer_case('convt_dilation', nn.ConvTranspose(2, (2, 2), kernel_dilation=(2, 2)),
                          [x_t]))
  cases.append(layer_case('convt_explicit', nn.ConvTranspose(2, (3, 3), padding=((1, 1), (2, 0))),
                          [x_t]))
  cases.append(layer_case('convt_1d', nn.ConvTranspose(2, (3,), strides=(2,)),
                          [inp((2, 5, 3), seed=8)]))

  ids = jnp.array([[1, 2, 0], [3, 9, 9]], dtype=jnp.int32)
  cases.append(layer_case('embed', nn.Embed(10, 4), [ids]))
  emb = nn.Embed(10, 4)
  v = emb.init(KEY0, ids)
  q = inp((2, 4), seed=9)
  cases.append({'name': 'embed_attend', 'inputs': [enc(q)], 'variables': enc_tree(unfreeze(v)),
                'output': enc(emb.apply(v, q, method=emb.attend))})

  x43 = jnp.arange(12, dtype=jnp.float32).reshape(4, 3) / 10.0
  cases.append(layer_case('batchnorm_train', nn.BatchNorm(use_running_average=False), [x43],
                          mutable=['batch_stats']))
  cases.append(layer_case('batchnorm_train_arange', nn.BatchNorm(use_running_average=False),
                          [jnp.arange(12, dtype=jnp.float32).reshape(4, 3)], mutable=['batch_stats']))
  cases.append(layer_case('batchnorm_eval', nn.BatchNorm(use_running_average=True),
                          [inp((4, 3), seed=10)]))
  cases.append(layer_case('batchnorm_axis1_m09', nn.BatchNorm(use_running_average=False, axis=1,
                                                              momentum=0.9, epsilon=1e-3),
                          [inp((2, 3, 4), seed=11)], mutable=['batch_stats']))
  cases.append(layer_case('batchnorm_noscale_nobias', nn.BatchNorm(use_running_average=False,
                                                                   use_bias=False, use_scale=False),
                          [inp((5, 2), seed=12, offset=2.0)], mutable=['batch_stats']))
  cases.append(layer_case('batchnorm_call_arg', nn.BatchNorm(), [inp((4, 3), seed=13)],
                          call_kwargs={'use_running_average': False}, mutable=['batch_stats']))

  x235 = inp((2, 3, 5), seed=14, scale=2.0, offset=0.5)
  cases.append(layer_case('layernorm', nn.LayerNorm(), [x235]))
  cases.append(layer_case('layernorm_axes', nn.LayerNorm(reduction_axes=(1, 2), feature_axes=-1),
                          [x235]))
  cases.append(layer_case('layernorm_noscale', nn.LayerNorm(use_scale=False, epsilon=1e-3), [x235]))
  lmask = jnp.asarray((np.arange(30).reshape(2, 3, 5) % 4) != 1)
  cases.append(layer_case('layernorm_mask', nn.LayerNorm(), [x235], call_kwargs={'mask': lmask},
                          extra={'mask': enc(lmask)}))
  bmask = jnp.asarray((np.arange(12).reshape(4, 3) % 5) != 2)
  cases.append(layer_case('batchnorm_mask', nn.BatchNorm(use_running_average=False),
                          [inp((4, 3), seed=31)], call_kwargs={'mask': bmask},
                          mutable=['batch_stats'], extra={'mask': enc(bmask)}))
  cases.append(layer_case('groupnorm', nn.GroupNorm(num_groups=2), [inp((2, 4, 6), seed=15)]))
  cases.append(layer_case('groupnorm_size', nn.GroupNorm(num_groups=None, group_size=3),
                          [inp((2, 3, 3, 6), seed=16)]))
  cases.append(layer_case('rmsnorm', nn.RMSNorm(), [inp((2, 5), seed=17, offset=0.3)]))
  cases.append(layer_case('instancenorm', nn.InstanceNorm(), [inp((2, 4, 4, 3), seed=18)]))

  x35 = inp((3, 5), seed=19, offset=2.0)
  d1 = {'dropout': random.PRNGKey(1)}
  cases.append(layer_case('dropout', nn.Dropout(0.5, deterministic=False), [x35], apply_rngs=d1))
  cases.append(layer_case('dropout_0.2', nn.Dropout(0.2, deterministic=False), [x35],
                          apply_rngs={'dropout': random.PRNGKey(7)}))
  cases.append(layer_case('dropout_broadcast', nn.Dropout(0.5, broadcast_dims=(0,),
                                                          deterministic=False), [x35], apply_rngs=d1))
  cases.append(layer_case('dropout_rate1', nn.Dropout(1.0, deterministic=False), [x35],
                          apply_rngs=d1))
  cases.append(layer_case('dropout_det', nn.Dropout(0.5), [x35], call_kwargs={'deterministic': True}))

  q = inp((2, 3, 6), seed=20)
  kv = inp((2, 4, 6), seed=21)
  cases.append(layer_case('mha_self', nn.MultiHeadDotProductAttention(num_heads=2, qkv_features=8),
                          [q]))
  mask = nn.make_attention_mask(jnp.array([[1, 1, 0], [1, 1, 1]]), jnp.array([[1, 1, 1, 0], [1, 0, 1, 1]]))
  cases.append(layer_case('mha_cross_mask',
                          nn.MultiHeadDotProductAttention(num_heads=2, qkv_features=8, out_features=5),
                          [q, kv], call_kwargs={'mask': mask}, extra={'mask': enc(mask)}))
  cases.append(layer_case('mha_dropout',
                          nn.MultiHeadDotProductAttention(num_heads=3, dropout_rate=0.3,
                                                          deterministic=False),
                          [q], apply_rngs={'dropout': random.PRNGKey(3)}))
  cm = nn.make_causal_mask(jnp.ones((2, 3)))
  cases.append(layer_case('self_attention_causal', nn.SelfAttention(num_heads=1), [q],
                          call_kwargs={'mask': cm}, extra={'mask': enc(cm)}))
  cases.append(layer_case('mha_normalize_qk',
                          nn.MultiHeadDotProductAttention(num_heads=2, normalize_qk=True), [q]))
  # decode cache: init on a full-length input, then three one-step calls
  dec = nn.MultiHeadDotProductAttention(num_heads=2, qkv_features=4, decode=True)
  xs = inp((1, 3, 4), seed=22)
  v = dec.init(KEY0, xs)
  steps = []
  vars_ = v
  for t in range(3):
    y, upd = dec.apply(vars_, xs[:, t:t + 1], mutable=['cache'])
    vars_ = {**vars_, **upd}
    steps.append({'output': enc(y), 'cache_index': int(upd['cache']['cache_index'])})
  cases.append({'name': 'mha_decode', 'inputs': [enc(xs)], 'variables': enc_tree(unfreeze(v)),
                'shapes': shapes(v), 'steps': steps})

  # attention helper functions
  qh = inp((2, 3, 2, 4), seed=23)
  kh = inp((2, 5, 2, 4), seed=24)
  vh = inp((2, 5, 2, 4), seed=25)
  m = nn.make_attention_mask(jnp.ones((2, 3)), jnp.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]))
  bias = inp((2, 2, 3, 5), seed=26)
  fns = {
    'q': enc(qh), 'k': enc(kh), 'v': enc(vh), 'mask': enc(m), 'bias': enc(bias),
    'weights': enc(nn.dot_product_attention_weights(qh, kh)),
    'weights_mask_bias': enc(nn.dot_product_attention_weights(qh, kh, bias=bias, mask=m)),
    'attention': enc(nn.dot_product_attention(qh, kh, vh)),
    'attention_mask': enc(nn.dot_product_attention(qh, kh, vh, mask=m)),
    'attention_dropout': enc(nn.dot_product_attention(qh, kh, vh, dropout_rng=random.PRNGKey(5),
                                                      dropout_rate=0.4)),
    'attention_dropout_nobroadcast': enc(nn.dot_product_attention(
        qh, kh, vh, dropout_rng=random.PRNGKey(5), dropout_rate=0.4, broadcast_dropout=False)),
    'make_attention_mask': enc(nn.make_attention_mask(jnp.array([[1, 1, 0]]),
                                                      jnp.array([[1, 0, 1, 1]]))),
    'make_attention_mask_extra': enc(nn.make_attention_mask(jnp.array([[1, 0]]),
                                                            jnp.array([[1, 1]]),
                                                            extra_batch_dims=1)),
    'make_causal_mask': enc(nn.make_causal_mask(jnp.ones((1, 4)))),
    'combine_masks': enc(nn.combine_masks(nn.make_causal_mask(jnp.ones((1, 3))),
                                          nn.make_attention_mask(jnp.array([[1, 1, 0]]),
                                                                 jnp.array([[1, 1, 0]])))),
  }

  xr = inp((2, 3), seed=27)
  lstm = nn.LSTMCell(4)
  carry = lstm.initialize_carry(KEY0, (2, 3))
  cases.append(layer_case('lstm_cell', lstm, [carry, xr]))
  gru = nn.GRUCell(4)
  cases.append(layer_case('gru_cell', gru, [gru.initialize_carry(KEY0, (2, 3)), xr]))
  olstm = nn.OptimizedLSTMCell(4)
  cases.append(layer_case('optimized_lstm_cell', olstm, [olstm.initialize_carry(KEY0, (2, 3)), xr]))
  cases.append(layer_case('simple_cell', nn.SimpleCell(4), [jnp.zeros((2, 4)), xr]))
  nonzero_carry = (inp((2, 4), seed=28), inp((2, 4), seed=29))
  cases.append(layer_case('lstm_cell_carry', nn.LSTMCell(4), [nonzero_carry, xr]))
  xs = inp((2, 5, 3), seed=30)
  cases.append(layer_case('rnn_lstm', nn.RNN(nn.LSTMCell(4)), [xs]))
  cases.append(layer_case('rnn_lstm_carry', nn.RNN(nn.LSTMCell(4), return_carry=True), [xs]))
  cases.append(layer_case('rnn_gru_reverse', nn.RNN(nn.GRUCell(3), reverse=True, keep_order=True),
                          [xs]))
  cases.append(layer_case('rnn_gru_time_major', nn.RNN(nn.GRUCell(3), time_major=True), [xs]))

  lens = jnp.array([3, 5], dtype=jnp.int32)
  cases.append(layer_case('rnn_seq_lengths_carry', nn.RNN(nn.GRUCell(3), return_carry=True), [xs],
                          call_kwargs={'seq_lengths': lens}, extra={'seq_lengths': enc(lens)}))
  cases.append(layer_case('rnn_seq_lengths_reverse',
                          nn.RNN(nn.LSTMCell(3), reverse=True, keep_order=True), [xs],
                          call_kwargs={'seq_lengths': lens}, extra={'seq_lengths': enc(lens)}))
  cases.append(layer_case('bidirectional', nn.Bidirectional(nn.RNN(nn.LSTMCell(3)),
                                                            nn.RNN(nn.GRUCell(3))), [xs]))
  cases.append(layer_case('prelu', nn.PReLU(), [inp((2, 5), seed=32)]))
  cases.append(layer_case('sequential', nn.Sequential([nn.Dense(4), nn.relu, nn.Dense(2)]), [x24]))
  write('layers.json', {'cases': cases, 'attention_functions': fns})


# ------------------------------------------------------------------------------------------------
# Module system: naming, RNG derivation, docstring goldens, seed part 1, errors, tabulate
# ------------------------------------------------------------------------------------------------

def module_golden():
  out = {}
  x = jnp.ones((1, 3))

  # 1.3 auto-naming
  class Naming(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Dense(3)(x)
      x = nn.Dense(3)(x)
      y = nn.Conv(2, (1,))(x[..., None])
      x = nn.Dense(2, name='head')(x)
      x = nn.BatchNorm(use_running_average=True)(x)
      return x, y

  class Shared(nn.Module):
    @nn.compact
    def __call__(self, x):
      d = nn.Dense(3)
      return d(d(x))

  class Inner(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.Dense(3)(x)

  class Outer(nn.Module):
    @nn.compact
    def __call__(self, x):
      return Inner()(Inner()(x))

  class SetupNames(nn.Module):
    def setup(self):
      self.layers = [nn.Dense(3), nn.Dense(3)]
      self.d = {'a': nn.Dense(3), 'b': nn.Dense(3)}
      self.enc = nn.Dense(3)

    def __call__(self, x):
      for l in self.layers:
        x = l(x)
      return self.enc(self.d['b'](self.d['a'](x)))

  class MixedCounter(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Dense(3, name='Dense_0x')(x)
      x = nn.Dense(3)(x)
      x = Inner()(x)
      x = nn.Dense(3)(x)
      return x

  class CalledTwice(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.Dense(3)(x)

  class UsesTwice(nn.Module):
    @nn.compact
    def __call__(self, x):
      c = CalledTwice()
      return c(x) + c(x)

  naming = {}
  for name, m in [('compact', Naming()), ('shared', Shared()), ('nested', Outer()),
                  ('setup', SetupNames()), ('mixed', MixedCounter()),
                  ('sequential', nn.Sequential([nn.Dense(3), nn.relu, nn.Dense(2)])),
                  ('called_twice', UsesTwice())]:
    v = m.init(KEY0, x)
    naming[name] = {'shapes': shapes(v), 'variables': enc_tree(unfreeze(v))}
  out['naming'] = naming

  # 1.4 RNG derivation
  rng = {}
  v = nn.Dense(2).init(KEY0, x)
  rng['dense_top'] = enc_tree(unfreeze(v))

  class TwoRngs(nn.Module):
    @nn.compact
    def __call__(self, x):
      a = self.make_rng('params')
      b = self.make_rng('params')
      c = self.make_rng('dropout')
      child = Child()(x)
      return jnp.stack([a, b, c]), child

  class Child(nn.Module):
    @nn.compact
    def __call__(self, x):
      return jnp.stack([self.make_rng('dropout'), self.make_rng('dropout'),
                        self.make_rng('other')])

  (keys, child_keys), _ = TwoRngs().init_with_output(
      {'params': KEY0, 'dropout': random.PRNGKey(1)}, x)
  rng['make_rng'] = {'keys': enc(keys), 'child_keys': enc(child_keys)}
  # apply with rngs: counters start again at 1
  y = TwoRngs().apply({}, x, rngs={'params': KEY0, 'dropout': random.PRNGKey(1)})
  rng['make_rng_apply'] = {'keys': enc(y[0]), 'child_keys': enc(y[1])}
  out['rng'] = rng

  # 1.10 docstring goldens
  class MLP(nn.Module):
    @nn.compact
    def __call__(self, x, train):
      x = nn.Dense(4)(x)
      x = nn.Dropout(0.5, deterministic=not train)(x)
      return x

  model = MLP()
  variables = model.init(random.key(0), jnp.ones((1, 3)), train=False)
  out['dropout_mlp'] = {
    'variables': enc_tree(unfreeze(variables)),
    'eval': enc(model.apply(variables, jnp.ones((1, 3)), train=False)),
    'train': enc(model.apply(variables, jnp.ones((1, 3)), train=True,
                             rngs={'dropout': random.key(1)})),
  }

  class Foo(nn.Module):
    @nn.compact
    def __call__(self, x):
      h = nn.Dense(4)(x)
      self.sow('intermediates', 'h', h)
      return nn.Dense(2)(h)

  xs = jnp.ones((16, 9))
  foo = Foo()
  v = foo.init(KEY0, xs)
  y, state = foo.apply(v, xs, mutable=['intermediates'])
  out['sow_default'] = {'shapes': shapes(state), 'h': enc(state['intermediates']['h'][0])}

  class Foo2(nn.Module):
    @nn.compact
    def __call__(self, x):
      self.sow('intermediates', 'h', x, init_fn=lambda: 0, reduce_fn=lambda a, b: a + b)
      self.sow('intermediates', 'h', x * 2, init_fn=lambda: 0, reduce_fn=lambda a, b: a + b)
      return x

  _, state = Foo2().apply({}, jnp.ones((1, 1)), mutable=['intermediates'])
  out['sow_reduce'] = enc(state['intermediates']['h'])

  class Perturb(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Dense(3)(x)
      x = self.perturb('dense3', x)
      return nn.Dense(2)(x)

  pv = Perturb().init(KEY0, jnp.ones((2, 9)))
  out['perturb'] = {'shapes': shapes(pv), 'apply': enc(Perturb().apply(pv, jnp.ones((2, 9))))}

  # capture_intermediates
  class Cap(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.Dense(2)(nn.Dense(3)(x))

  cv = Cap().init(KEY0, x)
  _, st = Cap().apply(cv, x, capture_intermediates=True, mutable=['intermediates'])
  out['capture'] = {'shapes': shapes(st), 'values': enc_tree(unfreeze(st))}

  # Seed part 1: BiasAdderWithRunningMean
  class BiasAdderWithRunningMean(nn.Module):
    momentum: float = 0.9

    @nn.compact
    def __call__(self, x):
      is_initialized = self.has_variable('batch_stats', 'mean')
      mean = self.variable('batch_stats', 'mean', jnp.zeros, x.shape[1:])
      bias = self.param('bias', lambda rng, shape: jnp.zeros(shape), x.shape[1:])
      if is_initialized:
        mean.value = (self.momentum * mean.value +
                      (1.0 - self.momentum) * jnp.mean(x, axis=0, keepdims=True))
      return mean.value + bias

  X = random.uniform(random.PRNGKey(0), (128, 5), minval=0.0, maxval=1.0)
  dummy = jnp.ones((32, 5))
  model = BiasAdderWithRunningMean()
  variables = model.init(random.PRNGKey(0), dummy)
  state, params = flax.core.pop(variables, 'params')
  y, new_state = model.apply({'params': params, **state}, dummy, mutable=list(state.keys()))
  steps = []
  st_ = state
  for _ in range(3):
    y2, st_ = model.apply({'params': params, **st_}, X[:32], mutable=list(st_.keys()))
    steps.append(enc_tree(unfreeze(st_)))
  out['seed_part1'] = {
    'variables': enc_tree(unfreeze(variables)), 'output': enc(y),
    'new_state': enc_tree(unfreeze(new_state)), 'x32': enc(X[:32]), 'steps': steps,
    'last_output': enc(y2),
  }

  # Seed part 2 model (init and eval apply; training needs grad/vmap)
  class SeedMLP(nn.Module):
    hidden_size: int
    out_size: int

    @nn.compact
    def __call__(self, x, train=False):
      norm = functools.partial(nn.BatchNorm, use_running_average=not train, momentum=0.9,
                               epsilon=1e-5, axis_name='batch')
      x = nn.Dense(self.hidden_size)(x)
      x = norm()(x)
      x = nn.relu(x)
      x = nn.Dense(self.hidden_size)(x)
      x = norm()(x)
      x = nn.relu(x)
      return nn.Dense(self.out_size)(x)

  m2 = SeedMLP(hidden_size=10, out_size=1)
  v2 = m2.init(random.PRNGKey(0), dummy)
  out['seed_part2'] = {'variables': enc_tree(unfreeze(v2)), 'shapes': shapes(v2),
                       'eval_first4': enc(m2.apply(v2, X[:4]))}

  # Errors
  errors = {}

  def err(name, f):
    try:
      f()
      errors[name] = None
    except Exception as e:  # noqa: BLE001
      msg = str(e).split(' (https://flax.readthedocs.io')[0]
      errors[name] = {'type': type(e).__name__, 'message': msg}

  dv = nn.Dense(2).init(KEY0, jnp.ones((1, 3)))
  err('param_shape', lambda: nn.Dense(2).apply(dv, jnp.ones((1, 4))))
  err('collection_not_found', lambda: nn.Dense(2).apply({}, jnp.ones((1, 3))))

  class Other(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.Dense(2, name='Dense_1')(x)

  class Wrap(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.Dense(2)(x)

  wv = Wrap().init(KEY0, jnp.ones((1, 3)))
  err('param_not_found', lambda: Other().apply(wv, jnp.ones((1, 3))))
  bn = nn.BatchNorm(use_running_average=False)

  class BNModel(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.BatchNorm(use_running_average=False)(x)

  bv = BNModel().init(KEY0, jnp.ones((2, 3)))
  err('modify_immutable', lambda: BNModel().apply(bv, jnp.ones((2, 3))))
  err('raw_params', lambda: nn.Dense(2).apply(dv['params'], jnp.ones((1, 3))))
  err('params_params', lambda: nn.Dense(2).apply({'params': dv}, jnp.ones((1, 3))))

  class DropModel(nn.Module):
    @nn.compact
    def __call__(self, x):
      return nn.Dropout(0.5, deterministic=False)(x)

  err('missing_rng', lambda: DropModel().apply({}, jnp.ones((2, 3))))

  class Dup(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Dense(2, name='a')(x)
      return nn.Dense(2, name='a')(x)

  err('name_in_use_submodule', lambda: Dup().init(KEY0, jnp.ones((1, 3))))

  class ParamSub(nn.Module):
    @nn.compact
    def __call__(self, x):
      self.param('bar', nn.initializers.zeros_init(), (1,))
      return nn.Dense(2, name='bar')(x)

  err('name_in_use_param_then_submodule', lambda: ParamSub().init(KEY0, jnp.ones((1, 3))))

  class ParamTwice(nn.Module):
    @nn.compact
    def __call__(self, x):
      self.param('w', nn.initializers.zeros_init(), (1,))
      self.param('w', nn.initializers.zeros_init(), (1,))
      return x

  err('name_in_use_param', lambda: ParamTwice().init(KEY0, jnp.ones((1, 3))))

  class VarTwice(nn.Module):
    @nn.compact
    def __call__(self, x):
      self.variable('stats', 'm', jnp.zeros, (1,))
      self.variable('stats', 'm', jnp.zeros, (1,))
      return x

  err('name_in_use_variable', lambda: VarTwice().init(KEY0, jnp.ones((1, 3))))

  class NotCompact(nn.Module):
    def __call__(self, x):
      return nn.Dense(3)(x)

  err('assign_submodule', lambda: NotCompact().init(KEY0, jnp.ones((1, 3))))

  class ParamNotCompact(nn.Module):
    def __call__(self, x):
      return self.param('w', nn.initializers.zeros_init(), (1,))

  err('param_not_compact', lambda: ParamNotCompact().init(KEY0, jnp.ones((1, 3))))
  err('compact_unbound', lambda: nn.Dense(2)(jnp.ones((1, 3))))
  err('invalid_rngs', lambda: nn.Dense(2).init(0, jnp.ones((1, 3))))
  err('merge_param_none', lambda: nn.Dropout(0.5).init(KEY0, jnp.ones((1, 3))))
  err('merge_param_both', lambda: nn.Dropout(0.5, deterministic=True).init(
      KEY0, jnp.ones((1, 3)), deterministic=True))
  out['errors'] = errors

  # tabulate
  class TabMLP(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Dense(4)(x)
      x = nn.BatchNorm(use_running_average=False)(x)
      x = nn.relu(x)
      return nn.Dense(2)(x)

  out['tabulate'] = TabMLP().tabulate(KEY0, jnp.ones((1, 3)),
                                      console_kwargs={'width': 200, 'force_terminal': False})
  write('module.json', out)


if __name__ == '__main__':
  initializers_golden()
  activations_golden()
  layers_golden()
  module_golden()
