"""Golden values for @jaxts/optax-ts from real Optax.

Run with the reference environment (optax 0.2.8, jax 0.10.2):

    /work/.venv-ref/bin/python packages/optax-ts/golden/optax_golden.py

Writes optimizers.json, transforms.json, schedules.json and losses.json next to this file. The
TypeScript tests read the JSON and never run Python. Non-finite floats are written as the strings
"NaN", "Infinity" and "-Infinity" (JSON has no literal for them).

Every optimizer and transform runs on the same small problem: the gradient at each step is
2 * (params - target), recomputed from the current params, so state evolution is exercised.
"""

import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np
import optax

jax.config.update('jax_platforms', 'cpu')

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 5

PROBLEMS = {
    # A matrix, and a 0-d leaf: covers broadcasting of scalars and per-leaf norms.
    'main': {
        'params': {'w': [[1.0, -2.0, 3.0], [-0.5, 0.25, 2.0]], 'b': 0.5},
        'target': {'w': [[0.5, 0.5, -1.0], [1.0, -1.0, 0.5]], 'b': -1.0},
    },
    # No 0-d leaves: Optax's sm3 indexes the per-axis accumulators and fails on scalars.
    'matrix': {
        'params': {'w': [[1.0, -2.0, 3.0], [-0.5, 0.25, 2.0]], 'v': [0.5, -1.5]},
        'target': {'w': [[0.5, 0.5, -1.0], [1.0, -1.0, 0.5]], 'v': [-1.0, 1.0]},
    },
}


def to_json(x):
  """Arrays and nested containers to JSON-safe values (non-finite floats as strings)."""
  if isinstance(x, dict):
    return {k: to_json(v) for k, v in x.items()}
  if isinstance(x, (list, tuple)):
    return [to_json(v) for v in x]
  if isinstance(x, (bool, np.bool_)):
    return bool(x)
  if isinstance(x, (jax.Array, np.ndarray, np.generic)):
    return to_json(np.asarray(x).tolist())
  if isinstance(x, float):
    if math.isnan(x):
      return 'NaN'
    if math.isinf(x):
      return 'Infinity' if x > 0 else '-Infinity'
    return x
  return x


def tree_of(d):
  # The problem leaves are nested lists; convert each top-level value as one array.
  return {k: jnp.asarray(v, jnp.float32) for k, v in d.items()}


def run(opt, problem='main', nan_steps=(), record=None, steps=STEPS, value=False):
  """Runs `steps` updates; returns per-step updates and params (and recorded state values)."""
  spec = PROBLEMS[problem]
  params = tree_of(spec['params'])
  target = tree_of(spec['target'])
  state = opt.init(params)
  out = []
  for i in range(steps):
    grads = jax.tree.map(lambda p, t: 2.0 * (p - t), params, target)
    if i in nan_steps:
      grads = dict(grads)
      grads['b'] = jnp.asarray(jnp.nan, jnp.float32)
    if value:
      # The loss sum((p - t)^2) as an extra argument (for the Polyak step size).
      loss = sum(jnp.sum((p - t) ** 2) for p, t in zip(jax.tree.leaves(params),
                                                         jax.tree.leaves(target)))
      updates, state = opt.update(grads, state, params, value=loss)
    else:
      updates, state = opt.update(grads, state, params)
    params = optax.apply_updates(params, updates)
    entry = {'updates': to_json(updates), 'params': to_json(params)}
    if record is not None:
      entry['state'] = to_json(record(state))
    out.append(entry)
  return out


def case(case_id, opt, **kwargs):
  return {'id': case_id, 'problem': kwargs.get('problem', 'main'),
          'nanSteps': list(kwargs.get('nan_steps', ())),
          'value': kwargs.get('value', False),
          'steps': run(opt, **kwargs)}


def optimizer_cases():
  sched_exp = optax.exponential_decay(0.1, 2, 0.5)
  sched_wc = optax.warmup_cosine_decay_schedule(0.0, 0.1, 2, 10)
  return [
      case('sgd', optax.sgd(0.1)),
      case('sgd_momentum', optax.sgd(0.1, momentum=0.9)),
      case('sgd_nesterov', optax.sgd(0.1, momentum=0.9, nesterov=True)),
      case('sgd_schedule', optax.sgd(sched_exp)),
      case('adam', optax.adam(0.1)),
      case('adam_schedule', optax.adam(sched_wc)),
      case('adam_eps_root', optax.adam(0.1, b1=0.8, b2=0.99, eps=1e-6, eps_root=1e-8)),
      case('adamw', optax.adamw(0.1, weight_decay=0.01)),
      case('adamw_mask', optax.adamw(0.1, weight_decay=0.1, mask={'w': True, 'b': False})),
      case('nadam', optax.nadam(0.1)),
      case('nadamw', optax.nadamw(0.1, weight_decay=0.01)),
      case('radam', optax.radam(0.1)),
      case('radam_threshold', optax.radam(0.1, threshold=3.0)),
      case('adamax', optax.adamax(0.1)),
      case('adamaxw', optax.adamaxw(0.1, weight_decay=0.01)),
      case('amsgrad', optax.amsgrad(0.1)),
      case('rmsprop', optax.rmsprop(0.1)),
      case('rmsprop_centered', optax.rmsprop(0.1, centered=True)),
      case('rmsprop_momentum', optax.rmsprop(0.1, momentum=0.9, nesterov=True)),
      case('rmsprop_bias', optax.rmsprop(0.1, bias_correction=True, eps_in_sqrt=False)),
      case('adagrad', optax.adagrad(0.1)),
      case('adadelta', optax.adadelta(0.5)),
      case('adadelta_default', optax.adadelta()),
      case('adafactor', optax.adafactor(0.1)),
      case('adafactor_factored', optax.adafactor(
          0.1, min_dim_size_to_factor=2, momentum=0.9, weight_decay_rate=0.01)),
      case('adabelief', optax.adabelief(0.1)),
      case('lamb', optax.lamb(0.1, weight_decay=0.01)),
      case('lars', optax.lars(0.1, weight_decay=0.01)),
      case('lion', optax.lion(0.1)),
      case('novograd', optax.novograd(0.1, weight_decay=0.01)),
      case('yogi', optax.yogi(0.1)),
      case('fromage', optax.fromage(0.1)),
      case('fromage_schedule', optax.fromage(optax.linear_schedule(0.1, 0.01, 4))),
      case('noisy_sgd', optax.noisy_sgd(0.1, eta=0.01, key=0)),
      case('sign_sgd', optax.sign_sgd(0.1)),
      case('sm3', optax.sm3(0.1), problem='matrix'),
      case('adan', optax.adan(0.1, weight_decay=0.01)),
      case('rprop', optax.rprop(0.1)),
      case('signum', optax.signum(0.1)),
      case('optimistic_gradient_descent', optax.optimistic_gradient_descent(
          0.1, alpha=0.7, beta=0.1)),
      case('polyak_sgd', optax.polyak_sgd(max_learning_rate=0.3, f_min=0.5), value=True),
  ]


def transform_cases():
  def mask_fn(p):
    return jax.tree.map(lambda x: x.ndim > 1, p)

  inject = optax.inject_hyperparams(optax.adam)(
      learning_rate=optax.linear_schedule(0.1, 0.01, 4), b1=0.8)
  multi = optax.MultiSteps(optax.sgd(0.1, momentum=0.9), every_k_schedule=3)
  cases = [
      case('scale', optax.scale(-0.1)),
      case('scale_by_adam_nesterov', optax.scale_by_adam(nesterov=True)),
      case('scale_by_adamax', optax.scale_by_adamax()),
      case('scale_by_amsgrad', optax.scale_by_amsgrad()),
      case('scale_by_rms', optax.scale_by_rms()),
      case('scale_by_rms_bias', optax.scale_by_rms(bias_correction=True, initial_scale=0.1)),
      case('scale_by_stddev', optax.scale_by_stddev(bias_correction=True)),
      case('scale_by_stddev_plain', optax.scale_by_stddev()),
      case('scale_by_rss', optax.scale_by_rss()),
      case('scale_by_belief', optax.scale_by_belief(nesterov=True)),
      case('scale_by_radam', optax.scale_by_radam(threshold=3.0, nesterov=True)),
      case('scale_by_yogi', optax.scale_by_yogi()),
      case('scale_by_novograd', optax.scale_by_novograd()),
      case('scale_by_lion', optax.scale_by_lion()),
      case('scale_by_trust_ratio', optax.chain(
          optax.scale_by_trust_ratio(trust_coefficient=0.5), optax.scale(-0.1))),
      case('scale_by_factored_rms', optax.chain(
          optax.scale_by_factored_rms(min_dim_size_to_factor=2), optax.scale(-0.1))),
      case('scale_by_sign', optax.chain(optax.scale_by_sign(), optax.scale(-0.1))),
      case('scale_by_param_block_norm', optax.chain(
          optax.scale_by_param_block_norm(), optax.scale(-0.1))),
      case('scale_by_param_block_rms', optax.chain(
          optax.scale_by_param_block_rms(), optax.scale(-0.1))),
      case('scale_by_schedule', optax.scale_by_schedule(
          optax.polynomial_schedule(-0.1, -0.01, 2, 4))),
      case('scale_by_learning_rate_noflip', optax.scale_by_learning_rate(0.1, flip_sign=False)),
      case('trace_nesterov', optax.chain(optax.trace(0.9, nesterov=True), optax.scale(-0.1))),
      case('ema', optax.chain(optax.ema(0.9), optax.scale(-0.1))),
      case('ema_no_debias', optax.chain(optax.ema(0.9, debias=False), optax.scale(-0.1))),
      case('add_decayed_weights_mask', optax.chain(
          optax.add_decayed_weights(0.1, mask={'w': True, 'b': False}), optax.scale(-0.1))),
      case('add_decayed_weights_schedule', optax.chain(
          optax.add_decayed_weights(optax.linear_schedule(0.5, 0.0, 4)), optax.scale(-0.1))),
      case('add_noise', optax.chain(optax.add_noise(0.01, 0.55, key=1), optax.scale(-0.1))),
      case('clip', optax.chain(optax.clip(0.5), optax.scale(-0.1))),
      case('clip_by_global_norm', optax.chain(optax.clip_by_global_norm(3.0), optax.scale(-0.1))),
      case('clip_by_global_norm_sgd', optax.chain(optax.clip_by_global_norm(0.5), optax.sgd(1.0))),
      case('clip_by_block_rms', optax.chain(optax.clip_by_block_rms(0.5), optax.scale(-0.1))),
      case('adaptive_grad_clip', optax.chain(optax.adaptive_grad_clip(0.1), optax.scale(-1.0))),
      case('keep_params_nonnegative', optax.chain(
          optax.sgd(0.5), optax.keep_params_nonnegative())),
      case('zero_nans', optax.chain(optax.zero_nans(), optax.sgd(0.1)), nan_steps=(1,)),
      case('masked_sgd', optax.masked(optax.sgd(0.1), {'w': True, 'b': False})),
      case('masked_fn_adam', optax.masked(optax.adam(0.1), mask_fn)),
      case('multi_transform', optax.multi_transform(
          {'a': optax.adam(0.1), 'b': optax.sgd(0.1, momentum=0.9)}, {'w': 'a', 'b': 'b'})),
      case('multi_transform_fn', optax.multi_transform(
          {'matrix': optax.adam(0.1), 'other': optax.set_to_zero()},
          lambda p: jax.tree.map(lambda x: 'matrix' if x.ndim > 1 else 'other', p))),
      {'id': 'inject_hyperparams', 'problem': 'main', 'value': False, 'nanSteps': [],
       'steps': run(inject, record=lambda s: {
           'count': s.count, 'learningRate': s.hyperparams['learning_rate'],
           'b1': s.hyperparams['b1']})},
      {'id': 'multi_steps', 'problem': 'main', 'value': False, 'nanSteps': [],
       'steps': run(multi, record=lambda s: {
           'miniStep': s.mini_step, 'gradientStep': s.gradient_step,
           'hasUpdated': multi.has_updated(s)})},
      {'id': 'multi_steps_sum', 'problem': 'main', 'value': False, 'nanSteps': [],
       'steps': run(optax.MultiSteps(optax.adam(0.1), 2, use_grad_mean=False))},
      {'id': 'apply_if_finite', 'problem': 'main', 'value': False, 'nanSteps': [1, 2],
       'steps': run(optax.apply_if_finite(optax.adam(0.1), 2), nan_steps=(1, 2),
                    record=lambda s: {'notfiniteCount': s.notfinite_count,
                                      'lastFinite': s.last_finite,
                                      'totalNotfinite': s.total_notfinite})},
      case('flatten_adam', optax.flatten(optax.adam(0.1))),
      case('named_chain', optax.named_chain(
          ('clip', optax.clip_by_global_norm(1.0)), ('sgd', optax.sgd(0.1, momentum=0.5)))),
      case('set_to_zero', optax.set_to_zero()),
      case('centralize', optax.chain(optax.centralize(), optax.scale(-0.1))),
      case('apply_every', optax.chain(optax.apply_every(2), optax.scale(-0.1))),
      case('normalize_by_update_norm', optax.chain(
          optax.normalize_by_update_norm(scale_factor=0.5), optax.scale(-1.0))),
      case('identity', optax.chain(optax.identity(), optax.scale(-0.1))),
  ]
  grads = {'w': jnp.array([0.1, -0.2, 0.3]), 'b': jnp.array(-1.0)}
  return {'cases': cases, 'globalNorm': {'tree': to_json(grads),
                                         'value': to_json(optax.global_norm(grads))}}


STEPS_EVAL = [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 15, 20, 25, 30, 50, 100]


def schedule_cases():
  specs = [
      ('constant', optax.constant_schedule(0.5)),
      ('linear', optax.linear_schedule(1.0, 0.0, 10)),
      ('linear_begin', optax.linear_schedule(0.1, 1.0, 10, transition_begin=5)),
      ('polynomial', optax.polynomial_schedule(1.0, 0.0, 2, 10)),
      ('polynomial_frac', optax.polynomial_schedule(1.0, 0.1, 0.5, 20, transition_begin=3)),
      ('exponential', optax.exponential_decay(1.0, 10, 0.5)),
      ('exponential_staircase', optax.exponential_decay(1.0, 10, 0.5, staircase=True)),
      ('exponential_end', optax.exponential_decay(1.0, 10, 0.5, transition_begin=5,
                                                  end_value=0.4)),
      ('exponential_growth', optax.exponential_decay(0.1, 5, 2.0, end_value=1.0)),
      ('cosine', optax.cosine_decay_schedule(1.0, 10)),
      ('cosine_alpha', optax.cosine_decay_schedule(1.0, 20, alpha=0.1, exponent=2.0)),
      ('warmup_cosine', optax.warmup_cosine_decay_schedule(0.0, 1.0, 5, 15)),
      ('warmup_cosine_end', optax.warmup_cosine_decay_schedule(0.1, 1.0, 5, 25,
                                                               end_value=0.05)),
      ('warmup_exponential', optax.warmup_exponential_decay_schedule(0.0, 1.0, 5, 10, 0.5)),
      ('warmup_exponential_end', optax.warmup_exponential_decay_schedule(
          0.0, 1.0, 5, 10, 0.5, transition_begin=2, staircase=True, end_value=0.3)),
      ('piecewise_constant', optax.piecewise_constant_schedule(1.0, {5: 0.5, 10: 0.1})),
      ('piecewise_interpolate_linear', optax.piecewise_interpolate_schedule(
          'linear', 1.0, {5: 0.5, 10: 0.1, 20: 2.0})),
      ('piecewise_interpolate_cosine', optax.piecewise_interpolate_schedule(
          'cosine', 1.0, {5: 0.5, 10: 0.1})),
      ('join', optax.join_schedules(
          [optax.constant_schedule(1.0), optax.linear_schedule(1.0, 0.0, 10)], [5])),
      ('cosine_onecycle', optax.cosine_onecycle_schedule(30, 1.0)),
      ('cosine_onecycle_custom', optax.cosine_onecycle_schedule(
          50, 0.5, pct_start=0.2, div_factor=10.0, final_div_factor=100.0)),
      ('linear_onecycle', optax.linear_onecycle_schedule(40, 1.0)),
      ('warmup_constant', optax.warmup_constant_schedule(0.1, 1.0, 5)),
      ('sgdr', optax.sgdr_schedule([
          {'init_value': 0.0, 'peak_value': 1.0, 'warmup_steps': 2, 'decay_steps': 10},
          {'init_value': 0.0, 'peak_value': 0.5, 'warmup_steps': 2, 'decay_steps': 20,
           'end_value': 0.1},
      ])),
  ]
  out = []
  for name, sched in specs:
    vals = [sched(jnp.asarray(s, jnp.int32)) for s in STEPS_EVAL]
    out.append({'id': name, 'values': to_json([jnp.asarray(v, jnp.float32) for v in vals])})
  return {'steps': STEPS_EVAL, 'cases': out}


def loss_cases():
  f32 = lambda x: jnp.asarray(x, jnp.float32)
  logits = f32([[1.0, 2.0, 3.0], [1.0, -1.0, 0.0], [1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]])
  probs = f32([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
  int_labels = jnp.asarray([2, 0, 1, 0], jnp.int32)
  where = jnp.asarray([[True, True, False], [True, True, True], [True, False, True],
                       [False, False, False]])
  bin_logits = f32([0.0, 2.0, -1.0, 1e4, -1e4, 1e4, -1e4, 3.5])
  bin_labels = f32([1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.3])
  preds = f32([[1.0, 2.0, -0.5], [0.0, 3.0, 1e4]])
  targs = f32([[0.0, 2.5, 0.5], [-1.0, 0.0, -1e4]])
  cos_a = f32([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [1e4, -1e4, 1.0]])
  cos_b = f32([[3.0, 2.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])
  log_preds = jax.nn.log_softmax(logits[:2], axis=-1)
  kl_targets = f32([[0.0, 0.25, 0.75], [0.5, 0.5, 0.0]])
  safe_logits = f32([[-jnp.inf, 1.0, 2.0], [0.0, -jnp.inf, 1e4], [1.0, 2.0, 3.0]])
  safe_labels = f32([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
  hinge_p = f32([0.5, -2.0, 1.5, 1e4, -1e4])
  hinge_t = f32([1.0, -1.0, -1.0, 1.0, 1.0])

  c = []

  def add(case_id, fn, inputs, value):
    c.append({'id': case_id, 'fn': fn, 'inputs': to_json(inputs), 'value': to_json(value)})

  add('l2_loss', 'l2Loss', {'predictions': preds, 'targets': targs},
      optax.l2_loss(preds, targs))
  add('l2_loss_no_target', 'l2Loss', {'predictions': preds}, optax.l2_loss(preds))
  add('squared_error', 'squaredError', {'predictions': preds, 'targets': targs},
      optax.squared_error(preds, targs))
  add('huber_loss', 'huberLoss', {'predictions': preds, 'targets': targs},
      optax.huber_loss(preds, targs))
  add('huber_loss_delta', 'huberLoss', {'predictions': preds, 'targets': targs, 'delta': 0.5},
      optax.huber_loss(preds, targs, delta=0.5))
  add('log_cosh', 'logCosh', {'predictions': preds, 'targets': targs},
      optax.log_cosh(preds, targs))
  add('softmax_cross_entropy', 'softmaxCrossEntropy', {'logits': logits, 'labels': probs},
      optax.softmax_cross_entropy(logits, probs))
  add('softmax_cross_entropy_axis0', 'softmaxCrossEntropy',
      {'logits': logits, 'labels': probs, 'axis': 0},
      optax.softmax_cross_entropy(logits, probs, axis=0))
  add('softmax_cross_entropy_where', 'softmaxCrossEntropy',
      {'logits': logits, 'labels': probs * where, 'where': where},
      optax.softmax_cross_entropy(logits, probs * where, where=where))
  add('softmax_cross_entropy_int', 'softmaxCrossEntropyWithIntegerLabels',
      {'logits': logits, 'labels': int_labels},
      optax.softmax_cross_entropy_with_integer_labels(logits, int_labels))
  add('softmax_cross_entropy_int_axis0', 'softmaxCrossEntropyWithIntegerLabels',
      {'logits': logits.T, 'labels': int_labels, 'axis': 0},
      optax.softmax_cross_entropy_with_integer_labels(logits.T, int_labels, axis=0))
  add('softmax_cross_entropy_int_where', 'softmaxCrossEntropyWithIntegerLabels',
      {'logits': logits, 'labels': jnp.asarray([1, 0, 2, 0], jnp.int32), 'where': where},
      optax.softmax_cross_entropy_with_integer_labels(
          logits, jnp.asarray([1, 0, 2, 0], jnp.int32), where=where))
  add('safe_softmax_cross_entropy', 'safeSoftmaxCrossEntropy',
      {'logits': safe_logits, 'labels': safe_labels},
      optax.safe_softmax_cross_entropy(safe_logits, safe_labels))
  add('sigmoid_binary_cross_entropy', 'sigmoidBinaryCrossEntropy',
      {'logits': bin_logits, 'labels': bin_labels},
      optax.sigmoid_binary_cross_entropy(bin_logits, bin_labels))
  add('sigmoid_focal_loss', 'sigmoidFocalLoss', {'logits': bin_logits, 'labels': bin_labels},
      optax.sigmoid_focal_loss(bin_logits, bin_labels))
  add('sigmoid_focal_loss_alpha', 'sigmoidFocalLoss',
      {'logits': bin_logits, 'labels': bin_labels, 'alpha': 0.25, 'gamma': 1.5},
      optax.sigmoid_focal_loss(bin_logits, bin_labels, alpha=0.25, gamma=1.5))
  add('hinge_loss', 'hingeLoss', {'predictorOutputs': hinge_p, 'targets': hinge_t},
      optax.hinge_loss(hinge_p, hinge_t))
  add('cosine_similarity', 'cosineSimilarity', {'predictions': cos_a, 'targets': cos_b},
      optax.cosine_similarity(cos_a, cos_b))
  add('cosine_similarity_eps', 'cosineSimilarity',
      {'predictions': cos_a, 'targets': cos_b, 'epsilon': 0.1},
      optax.cosine_similarity(cos_a, cos_b, epsilon=0.1))
  add('cosine_distance', 'cosineDistance', {'predictions': cos_a, 'targets': cos_b,
                                            'epsilon': 1e-8},
      optax.cosine_distance(cos_a, cos_b, epsilon=1e-8))
  add('kl_divergence', 'klDivergence', {'logPredictions': log_preds, 'targets': kl_targets},
      optax.kl_divergence(log_preds, kl_targets))
  add('convex_kl_divergence', 'convexKlDivergence',
      {'logPredictions': log_preds, 'targets': kl_targets},
      optax.convex_kl_divergence(log_preds, kl_targets))
  add('kl_divergence_with_log_targets', 'klDivergenceWithLogTargets',
      {'logPredictions': log_preds, 'logTargets': jnp.log(kl_targets + 0.1)},
      optax.losses.kl_divergence_with_log_targets(log_preds, jnp.log(kl_targets + 0.1)))
  add('generalized_kl_divergence', 'generalizedKlDivergence',
      {'logPredictions': log_preds, 'targets': kl_targets},
      optax.losses.generalized_kl_divergence(log_preds, kl_targets))
  cube = jnp.reshape(jnp.arange(12, dtype=jnp.float32) * 0.7 - 3.0, (2, 2, 3))
  add('softmax_cross_entropy_int_axes', 'softmaxCrossEntropyWithIntegerLabels',
      {'logits': cube, 'labels': jnp.asarray([4, 1], jnp.int32), 'axis': [1, 2]},
      optax.softmax_cross_entropy_with_integer_labels(
          cube, jnp.asarray([4, 1], jnp.int32), axis=(1, 2)))
  add('smooth_labels', 'smoothLabels', {'labels': probs, 'alpha': 0.1},
      optax.smooth_labels(probs, 0.1))
  return {'cases': c}


def _parabola_grad(p):
  return (p - jnp.asarray([1.0, -1.0, 1.0], jnp.float32)) * 2.0


def _rosenbrock_grad(p):
  # Written exactly as the TypeScript test writes it, so both round the same way.
  x, y = p[0], p[1]
  r = y - x * x
  dx = (1.0 - x) * -2.0 - (x * r) * 400.0
  dy = r * 200.0
  return jnp.stack([dx, dy])


def convergence_cases():
  """Optax's final params after a fixed budget, for optimizers too slow to converge in it."""
  specs = [
      ('adagrad', 'rosenbrock', optax.adagrad(1.0), 500),
      ('adadelta', 'rosenbrock', optax.adadelta(1.0), 500),
      ('adafactor', 'rosenbrock', optax.adafactor(0.05), 500),
      ('noisySgd', 'rosenbrock', optax.noisy_sgd(2e-3, eta=1e-4, key=0), 500),
      ('signSgd', 'rosenbrock', optax.sign_sgd(0.01), 500),
      ('rprop', 'rosenbrock', optax.rprop(0.1), 500),
      ('signum', 'rosenbrock', optax.signum(0.01), 500),
      ('optimisticGradientDescent', 'rosenbrock',
       optax.optimistic_gradient_descent(2e-3, alpha=0.7, beta=0.1), 500),
  ]
  out = []
  for name, problem, opt, steps in specs:
    grad = _parabola_grad if problem == 'parabola' else _rosenbrock_grad
    params = jnp.asarray([-1.0, 10.0, 1.0] if problem == 'parabola' else [0.0, 0.0], jnp.float32)

    @jax.jit
    def step(params, state, opt=opt, grad=grad):
      updates, state = opt.update(grad(params), state, params)
      return optax.apply_updates(params, updates), state

    state = opt.init(params)
    for _ in range(steps):
      params, state = step(params, state)
    out.append({'id': name, 'problem': problem, 'steps': steps, 'params': to_json(params)})
  return {'cases': out}


def main():
  outputs = {
      'convergence.json': convergence_cases(),
      'optimizers.json': {'problems': PROBLEMS, 'steps': STEPS, 'cases': optimizer_cases()},
      'transforms.json': {'problems': PROBLEMS, 'steps': STEPS, **transform_cases()},
      'schedules.json': schedule_cases(),
      'losses.json': loss_cases(),
  }
  meta = {'optax': optax.__version__, 'jax': jax.__version__}
  for name, data in outputs.items():
    with open(os.path.join(HERE, name), 'w') as f:
      json.dump({'meta': meta, **data}, f, indent=None, separators=(',', ':'))
      f.write('\n')
    print('wrote', name)


if __name__ == '__main__':
  main()
