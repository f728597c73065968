/**
 * The eval interpretation at the bottom of the stack: abstract eval (every shape and dtype
 * error, before any kernel runs), then the impl rule on the current backend's kernels.
 * Mirrors Autodidax's EvalTrace.
 */

import type { TensorInfo } from '../backend/engine.ts';
import { ensureOnCurrentBackend } from '../backend/engine.ts';
import { wrapOutputs } from '../backend/memory.ts';
import { abstractEvalRules } from '../rules/abstract-eval.ts';
import { implRules } from '../rules/impl.ts';
import type { ArrayImpl, Tensor } from '../tensor.ts';
import type { ShapedArray } from './aval.ts';
import type { Params, Primitive } from './primitives.ts';
import { Trace } from './trace.ts';

type AnyAbstractEval = (avals: readonly ShapedArray[], params: unknown) => ShapedArray[];
type AnyImpl = (
  xs: readonly TensorInfo[],
  params: unknown,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
) => TensorInfo[];

/** Runs one primitive on concrete arrays. */
export function evalPrimitive<P extends Primitive>(
  prim: P,
  args: readonly Tensor[],
  params: Params<P>,
): Tensor[] {
  const n = args.length;
  const avals = new Array<ShapedArray>(n);
  const infos = new Array<TensorInfo>(n);
  for (let i = 0; i < n; i++) {
    const a = args[i] as ArrayImpl;
    avals[i] = a.aval;
    infos[i] = ensureOnCurrentBackend(a);
  }
  const outAvals = (abstractEvalRules[prim] as AnyAbstractEval)(avals, params);
  const outs = (implRules[prim] as AnyImpl)(infos, params, outAvals, avals);
  return wrapOutputs(outs, outAvals);
}

export class EvalTrace extends Trace {
  pure(x: Tensor): Tensor {
    return x;
  }
  lift(x: Tensor): Tensor {
    return x;
  }
  processPrimitive<P extends Primitive>(
    prim: P,
    tracers: readonly Tensor[],
    params: Params<P>,
  ): Tensor[] {
    return evalPrimitive(prim, tracers, params);
  }
}

export const evalTrace: EvalTrace = new EvalTrace();
evalTrace.main = { level: -1, trace: evalTrace, globalData: null };

/** Abstract eval of one primitive (shapes and dtypes only). */
export function abstractEval<P extends Primitive>(
  prim: P,
  avals: readonly ShapedArray[],
  params: Params<P>,
): ShapedArray[] {
  return (abstractEvalRules[prim] as AnyAbstractEval)(avals, params);
}
