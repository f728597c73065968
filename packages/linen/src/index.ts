// @jaxts/linen: Flax linen for jaxts. The Module system (an explicit functional Scope underneath,
// Flax's naming and RNG derivation), init/apply returning FrozenDicts, and the layer set.

export { FrozenDict, freeze, unfreeze } from '@jaxts/frozendict';
export * from './activation.ts';
export * from './attention.ts';
export { type Callable, callable } from './callable.ts';
export * from './combinators.ts';
export * from './errors.ts';
export { type CollectionFilter, DenyList, inFilter, isFilterEmpty } from './filters.ts';
export { apply, init, initWithOutput } from './functional.ts';
export type { Initializer } from './initializers.ts';
export * as initializers from './initializers.ts';
export { ones, onesInit, zeros, zerosInit } from './initializers.ts';
export type { PropsOf } from './layer-util.ts';
export * from './linear.ts';
export * from './module.ts';
export * from './normalization.ts';
export * from './pooling.ts';
export * from './prelu.ts';
export * from './recurrent.ts';
export { hashSuffix, LazyRng, type PRNGFoldable } from './rng.ts';
export {
  bindScope,
  type RNGSequences,
  Scope,
  type ScopeFlags,
  Variable,
  type VariableDict,
} from './scope.ts';
export { sha1 } from './sha1.ts';
export * from './stochastic.ts';
export { bytesRepr, type TabulateOptions, tabulate } from './tabulate.ts';
