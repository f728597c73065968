// The optimizers under test (Optax's _OPTIMIZERS_UNDER_TEST idea): one factory per golden case id
// of golden/optimizers.json, built with exactly the arguments optax_golden.py used.

import type { GradientTransformation } from '@jaxts/optax-ts';
import * as optax from '@jaxts/optax-ts';

export const OPTIMIZERS: Readonly<Record<string, () => GradientTransformation<unknown>>> = {
  sgd: () => optax.sgd(0.1),
  sgd_momentum: () => optax.sgd(0.1, { momentum: 0.9 }),
  sgd_nesterov: () => optax.sgd(0.1, { momentum: 0.9, nesterov: true }),
  sgd_schedule: () => optax.sgd(optax.exponentialDecay(0.1, 2, 0.5)),
  adam: () => optax.adam(0.1),
  adam_schedule: () => optax.adam(optax.warmupCosineDecaySchedule(0, 0.1, 2, 10)),
  adam_eps_root: () => optax.adam(0.1, { b1: 0.8, b2: 0.99, eps: 1e-6, epsRoot: 1e-8 }),
  adamw: () => optax.adamw(0.1, { weightDecay: 0.01 }),
  adamw_mask: () => optax.adamw(0.1, { weightDecay: 0.1, mask: { w: true, b: false } }),
  nadam: () => optax.nadam(0.1),
  nadamw: () => optax.nadamw(0.1, { weightDecay: 0.01 }),
  radam: () => optax.radam(0.1),
  radam_threshold: () => optax.radam(0.1, { threshold: 3 }),
  adamax: () => optax.adamax(0.1),
  adamaxw: () => optax.adamaxw(0.1, { weightDecay: 0.01 }),
  amsgrad: () => optax.amsgrad(0.1),
  rmsprop: () => optax.rmsprop(0.1),
  rmsprop_centered: () => optax.rmsprop(0.1, { centered: true }),
  rmsprop_momentum: () => optax.rmsprop(0.1, { momentum: 0.9, nesterov: true }),
  rmsprop_bias: () => optax.rmsprop(0.1, { biasCorrection: true, epsInSqrt: false }),
  adagrad: () => optax.adagrad(0.1),
  adadelta: () => optax.adadelta(0.5),
  adadelta_default: () => optax.adadelta(),
  adafactor: () => optax.adafactor(0.1),
  adafactor_factored: () =>
    optax.adafactor(0.1, { minDimSizeToFactor: 2, momentum: 0.9, weightDecayRate: 0.01 }),
  adabelief: () => optax.adabelief(0.1),
  lamb: () => optax.lamb(0.1, { weightDecay: 0.01 }),
  lars: () => optax.lars(0.1, { weightDecay: 0.01 }),
  lion: () => optax.lion(0.1),
  novograd: () => optax.novograd(0.1, { weightDecay: 0.01 }),
  yogi: () => optax.yogi(0.1),
  fromage: () => optax.fromage(0.1),
  fromage_schedule: () => optax.fromage(optax.linearSchedule(0.1, 0.01, 4)),
  noisy_sgd: () => optax.noisySgd(0.1, { eta: 0.01, key: 0 }),
  sign_sgd: () => optax.signSgd(0.1),
  sm3: () => optax.sm3(0.1),
  adan: () => optax.adan(0.1, { weightDecay: 0.01 }),
  rprop: () => optax.rprop(0.1),
  signum: () => optax.signum(0.1),
  optimistic_gradient_descent: () =>
    optax.optimisticGradientDescent(0.1, { alpha: 0.7, beta: 0.1 }),
  polyak_sgd: () => optax.polyakSgd({ maxLearningRate: 0.3, fMin: 0.5 }),
};
