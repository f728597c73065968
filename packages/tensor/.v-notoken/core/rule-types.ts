/** Types of the rule tables owned by @jaxts/tensor: abstract eval and impl. */
import type { TensorInfo } from '../backend/engine.ts';
import type { ShapedArray } from './aval.ts';
import type { Params, Primitive } from './primitives.ts';

export type AbstractEvalRules = {
  [P in Primitive]: (avals: readonly ShapedArray[], params: Params<P>) => ShapedArray[];
};

/**
 * Runs a primitive on backend buffers. Inputs are borrowed (never disposed by the rule); every
 * returned buffer is owned by the caller. Rules free their own temporaries.
 */
export type ImplRules = {
  [P in Primitive]: (
    xs: readonly TensorInfo[],
    params: Params<P>,
    outAvals: readonly ShapedArray[],
    inAvals: readonly ShapedArray[],
  ) => TensorInfo[];
};

export type AbstractEvalFamily<F extends Primitive> = { [P in F]: AbstractEvalRules[P] };
export type ImplFamily<F extends Primitive> = { [P in F]: ImplRules[P] };
