// Pure typed-array kernels behind jaxts `random` (jax.random, threefry2x32, partitionable
// mode): hashing, key derivation, bits, and the float32/int32 samplers, bit-exact vs XLA:CPU.
export { type BitWidth, bitsKernel, bitsKernelBatch } from './bits.ts';
export {
  bernoulliFromBits,
  exponentialFromBits,
  gumbelFromBits,
  laplaceFromBits,
  logisticFromBits,
} from './distributions.ts';
export {
  bitsFromF32,
  f32FromBits,
  flushF32,
  fmaF32,
  nextafterF32,
  nextDownF32,
  nextUpF32,
} from './f32.ts';
export {
  counterHi,
  counterLo,
  foldInKernel,
  foldInKernelBatch,
  seedKernel,
  splitKernel,
  splitKernelBatch,
} from './keys.ts';
export { normalFromBits, truncatedNormalFromBits } from './normal.ts';
export { randintFromBits } from './randint.ts';
export { permutationKernel, shuffleRounds, stableArgsortU32 } from './shuffle.ts';
export { threefry2x32, threefry2x32Array, threefry2x32Keys } from './threefry.ts';
export { type Param, uniformFromBits, unitFromBits } from './uniform.ts';
export { erfF32, erfInvF32, log1pF32, logF32 } from './xla-math.ts';
