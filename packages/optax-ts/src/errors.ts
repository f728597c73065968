// Error classes of @jaxts/optax-ts: the ValueErrors optax raises (optax/_src/base.py NO_PARAMS_MSG,
// chain's "Make sure you have called init first!", mask and label mismatches, bad hyperparameters).

import { JaxtsError } from '@jaxts/frozendict';

/**
 * A hyperparameter has an unusable value: NaN, a non-number, or a value outside what the
 * transform accepts (for example a non-positive `decaySteps`). Negative learning rates are
 * allowed, as in Optax (they turn descent into ascent).
 */
export class InvalidHyperparameterError extends JaxtsError {}

/**
 * `update` was given a state that does not belong to the transform, typically because `init` was
 * not called or was called on another optimizer. Optax: `ValueError` from `chain`.
 */
export class OptStateMismatchError extends JaxtsError {}

/**
 * A transform that needs the current parameters (weight decay, trust ratios, `keepParamsNonnegative`)
 * was called without them. Optax: `ValueError(NO_PARAMS_MSG)`.
 */
export class MissingParamsError extends JaxtsError {}

/**
 * A mask (`masked`, `addDecayedWeights({ mask })`) or a label tree (`multiTransform`) does not
 * match the structure of the parameters: it must have their structure, or be a prefix of it.
 * Optax raises a `ValueError` from `jax.tree.map`.
 */
export class MaskStructureError extends JaxtsError {}

/** `multiTransform` found a parameter label with no transform for it. Optax: `ValueError`. */
export class MissingTransformError extends JaxtsError {}
