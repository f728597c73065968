// @jaxts/linen: Flax linen's Module system (explicit Scope underneath) and layers.
export * from './module.ts';
export * from './errors.ts';
export { DenyList, type CollectionFilter } from './filters.ts';
export { Scope, Variable, type RNGSequences, type VariableDict } from './scope.ts';
