/**
 * Batching rules of the elementwise family: every unary and binary op, select_n, clamp and the
 * dtype conversions batch by broadcasting (see nary.ts). JAX: broadcast_batcher / vectorized_batcher.
 */
import type { Tensor } from '@jaxts/tensor';
import type { ElementwisePrimitive, Params, Primitive } from '@jaxts/tensor/core';
import { naryBatch } from './nary.ts';
import type { BatchFamily, BatchResult, BDim } from './types.ts';

/** The broadcasting rule for primitive `prim`. */
function nary<P extends Primitive>(prim: P) {
  return (vals: readonly Tensor[], dims: readonly BDim[], params: Params<P>): BatchResult =>
    naryBatch(prim, vals, dims, params);
}

export const elementwiseBatch = {
  neg: nary('neg'),
  sign: nary('sign'),
  floor: nary('floor'),
  ceil: nary('ceil'),
  round: nary('round'),
  is_finite: nary('is_finite'),
  exp: nary('exp'),
  exp2: nary('exp2'),
  log: nary('log'),
  log1p: nary('log1p'),
  expm1: nary('expm1'),
  tanh: nary('tanh'),
  logistic: nary('logistic'),
  sin: nary('sin'),
  cos: nary('cos'),
  tan: nary('tan'),
  asin: nary('asin'),
  acos: nary('acos'),
  atan: nary('atan'),
  sinh: nary('sinh'),
  cosh: nary('cosh'),
  asinh: nary('asinh'),
  acosh: nary('acosh'),
  atanh: nary('atanh'),
  sqrt: nary('sqrt'),
  rsqrt: nary('rsqrt'),
  cbrt: nary('cbrt'),
  abs: nary('abs'),
  square: nary('square'),
  erf: nary('erf'),
  erf_inv: nary('erf_inv'),
  integer_pow: nary('integer_pow'),
  not: nary('not'),
  stop_gradient: nary('stop_gradient'),
  copy: nary('copy'),
  add: nary('add'),
  sub: nary('sub'),
  mul: nary('mul'),
  div: nary('div'),
  rem: nary('rem'),
  pow: nary('pow'),
  max: nary('max'),
  min: nary('min'),
  atan2: nary('atan2'),
  nextafter: nary('nextafter'),
  and: nary('and'),
  or: nary('or'),
  xor: nary('xor'),
  shift_left: nary('shift_left'),
  shift_right_logical: nary('shift_right_logical'),
  eq: nary('eq'),
  ne: nary('ne'),
  lt: nary('lt'),
  le: nary('le'),
  gt: nary('gt'),
  ge: nary('ge'),
  select_n: nary('select_n'),
  clamp: nary('clamp'),
  convert_element_type: nary('convert_element_type'),
  bitcast_convert_type: nary('bitcast_convert_type'),
} satisfies BatchFamily<ElementwisePrimitive>;
