/**
 * The `numpy` namespace (conventionally imported as `jnp`): every jax.numpy function jaxts has.
 * Each op is a thin wrapper over lax primitives or a composition of other ops.
 */
export type { NestedArray, TensorLike, TypedArrayLike } from './convert.ts';
export { asTensor, fromValues, scalar, storageDType } from './convert.ts';
export type { DTypeArg, LinspaceOptions } from './creation.ts';

// creation
export {
  arange,
  array,
  asarray,
  empty,
  eye,
  full,
  fullLike,
  identity,
  linspace,
  ones,
  onesLike,
  tri,
  tril,
  triu,
  zeros,
  zerosLike,
} from './creation.ts';
export type { NanToNumOptions } from './elementwise.ts';

// elementwise
export {
  abs,
  absolute,
  add,
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctan2,
  arctanh,
  astype,
  cbrt,
  ceil,
  clip,
  cos,
  cosh,
  divide,
  equal,
  exp,
  exp2,
  expm1,
  floor,
  floorDivide,
  greater,
  greaterEqual,
  isfinite,
  isinf,
  isnan,
  less,
  lessEqual,
  log,
  log1p,
  log2,
  log10,
  logaddexp,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  maximum,
  minimum,
  mod,
  multiply,
  nanToNum,
  negative,
  notEqual,
  positive,
  power,
  promoteTypes,
  reciprocal,
  remainder,
  resultType,
  round,
  sign,
  sin,
  sinh,
  sqrt,
  square,
  subtract,
  tan,
  tanh,
  trueDivide,
  trunc,
  where,
} from './elementwise.ts';
export type { AtUpdater, IndexItem, SingleIndex, SliceSpec, TakeOptions } from './indexing.ts';
export { atIndex, getItem, oneHot, slice, take, takeAlongAxis } from './indexing.ts';
export type { NormOptions, NormOrd, TensordotAxes } from './linalg.ts';
// linear algebra
export { dot, einsum, inner, linalg, matmul, outer, tensordot, vdot } from './linalg.ts';
export type { CumulativeOptions, DTypeOption, SumOptions } from './reduction.ts';
// reductions
export {
  all,
  any,
  argmax,
  argmin,
  cumprod,
  cumsum,
  logsumexp,
  max,
  mean,
  min,
  prod,
  std,
  sum,
  var_ as var,
  var_,
} from './reduction.ts';
export type { PadOptions, PadWidth, RepeatOptions, SortOptions } from './shape.ts';
// shapes and indexing
export {
  argsort,
  arraySplit,
  broadcastArrays,
  broadcastTo,
  concatenate,
  expandDims,
  flip,
  hstack,
  moveaxis,
  pad,
  ravel,
  repeat,
  reshape,
  sort,
  split,
  squeeze,
  stack,
  swapaxes,
  tile,
  transpose,
  vstack,
} from './shape.ts';
export type { ArgOptions, Axis, ReduceOptions, VarOptions } from './types.ts';
export { unstack } from './unstack.ts';
