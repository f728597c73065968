/**
 * The `random` namespace: JAX's PRNG (jax.random, threefry2x32 in the default partitionable
 * mode), bit for bit. Keys are raw uint32[2] arrays; see docs/random.md for the design.
 */

export { bernoulli } from './bernoulli.ts';
export type { BitsDType, BitsOptions } from './bits.ts';
export { bits } from './bits.ts';
export type { CategoricalOptions } from './categorical.ts';
export { categorical } from './categorical.ts';
export type { ChoiceOptions } from './choice.ts';
export { choice } from './choice.ts';
export type { ShapeArg } from './common.ts';
export { exponential, gumbel, laplace, logistic } from './distributions.ts';
export type { SeedOptions } from './keys.ts';
export { foldIn, key, keyData, PRNGKey, split, wrapKeyData } from './keys.ts';
export type { FloatOptions } from './normal.ts';
export { normal, truncatedNormal } from './normal.ts';
export type { PermutationOptions } from './permutation.ts';
export { permutation, shuffle } from './permutation.ts';
export type { RandintOptions } from './randint.ts';
export { randint } from './randint.ts';
export type { UniformOptions } from './uniform.ts';
export { uniform } from './uniform.ts';
