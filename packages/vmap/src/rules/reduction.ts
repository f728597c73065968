/**
 * Batching rules of the reductions: the reduced axes shift past the batch dimension, which stays
 * (and moves left by the number of reduced axes before it). JAX: _reduce_op_batch_rule,
 * _argminmax batching, _cumred_batch_rule.
 */
import type { Tensor } from '@jaxts/tensor';
import { bind1, type Params, type ReductionPrimitive } from '@jaxts/tensor/core';
import { valueAxis } from '../batching.ts';
import type { BatchFamily, BatchResult, BDim } from './types.ts';

type AxesPrim =
  | 'reduce_sum'
  | 'reduce_max'
  | 'reduce_min'
  | 'reduce_prod'
  | 'reduce_and'
  | 'reduce_or';
type CumPrim = 'cumsum' | 'cumprod' | 'cummax' | 'cummin';

function reduceRule(prim: AxesPrim) {
  return (
    [x]: readonly Tensor[],
    [d]: readonly BDim[],
    { axes }: { readonly axes: readonly number[] },
  ): BatchResult => {
    const b = d as number;
    const out = bind1(prim, [x as Tensor], { axes: axes.map((a) => valueAxis(a, b)) });
    return [[out], [b - axes.filter((a) => a < b).length]];
  };
}

function argRule(prim: 'argmax' | 'argmin') {
  return ([x]: readonly Tensor[], [d]: readonly BDim[], params: Params<'argmax'>): BatchResult => {
    const b = d as number;
    const a = params.axes[0];
    const out = bind1(prim, [x as Tensor], { ...params, axes: [valueAxis(a, b)] });
    return [[out], [a < b ? b - 1 : b]];
  };
}

function cumRule(prim: CumPrim) {
  return (
    [x]: readonly Tensor[],
    [d]: readonly BDim[],
    { axis, reverse }: { readonly axis: number; readonly reverse: boolean },
  ): BatchResult => {
    const b = d as number;
    return [[bind1(prim, [x as Tensor], { axis: valueAxis(axis, b), reverse })], [b]];
  };
}

export const reductionBatch = {
  reduce_sum: reduceRule('reduce_sum'),
  reduce_max: reduceRule('reduce_max'),
  reduce_min: reduceRule('reduce_min'),
  reduce_prod: reduceRule('reduce_prod'),
  reduce_and: reduceRule('reduce_and'),
  reduce_or: reduceRule('reduce_or'),
  argmax: argRule('argmax'),
  argmin: argRule('argmin'),
  cumsum: cumRule('cumsum'),
  cumprod: cumRule('cumprod'),
  cummax: cumRule('cummax'),
  cummin: cumRule('cummin'),
} satisfies BatchFamily<ReductionPrimitive>;
