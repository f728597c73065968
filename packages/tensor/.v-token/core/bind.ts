/**
 * bind: the single interception point of every primitive application. Finds the top trace among
 * the arguments and the dynamic trace, raises the arguments into it and lets it interpret the
 * primitive. Mirrors Autodidax's bind / find_top_trace / full_raise / full_lower.
 */
import { UnexpectedTracerError } from '../errors.ts';
import type { Tensor } from '../tensor.ts';
import { evalPrimitive, evalTrace } from './eval.ts';
import type { Params, Primitive } from './primitives.ts';
import { type MainTrace, type Trace, traceState } from './trace.ts';

export function findTopTrace(xs: readonly Tensor[]): Trace {
  let top: MainTrace | null = null;
  for (const x of xs) {
    const t = x._trace;
    if (t !== null && (top === null || t.main.level > top.level)) top = t.main;
  }
  const dyn = traceState.dynamic;
  if (dyn !== null && (top === null || dyn.level > top.level)) top = dyn;
  if (top === null) return evalTrace;
  return top.trace;
}

export function fullRaise(trace: Trace, x: Tensor): Tensor {
  const t = x._trace;
  if (t === null) return trace.pure(x);
  if (t === trace) return x;
  const level = trace.main.level;
  const xLevel = t.main.level;
  if (xLevel < level) return trace.lift(x);
  if (xLevel > level) {
    throw new UnexpectedTracerError(
      `Can't lift a tracer of level ${xLevel} to level ${level}; a tracer escaped the ` +
        'transformation that created it (was a traced value stored outside the function?).',
    );
  }
  throw new UnexpectedTracerError(`Different traces at the same level ${level}.`);
}

/** Unwraps tracers whose trace no longer needs them. JAX: Tracer.full_lower. */
export function fullLower(x: Tensor): Tensor {
  return x._trace === null ? x : x.fullLower();
}

function checkStackForTracers(args: readonly Tensor[]): void {
  for (const a of args) {
    if (a._trace !== null && !traceState.stack.includes(a._trace.main)) {
      throw new UnexpectedTracerError(
        'Encountered an unexpected tracer: a value traced inside a transformation (jit, grad, ' +
          'vmap, makeJaxpr) was used after that transformation returned. Return it from the ' +
          'transformed function instead of storing it outside.',
      );
    }
  }
}

export function bind<P extends Primitive>(
  prim: P,
  args: readonly Tensor[],
  params: Params<P>,
): Tensor[] {
  // Fast path: no transformation is active, so every argument must be a concrete array.
  if (traceState.stack.length === 0 && traceState.dynamic === null) {
    for (const a of args) if (a._trace !== null) checkStackForTracers(args);
    return evalPrimitive(prim, args, params);
  }
  const trace = findTopTrace(args);
  if (trace === evalTrace) {
    checkStackForTracers(args);
    return evalPrimitive(prim, args, params);
  }
  const tracers = args.map((a) => fullRaise(trace, a));
  const outs = trace.processPrimitive(prim, tracers, params);
  return outs.map(fullLower);
}

/** bind for single-result primitives. */
export function bind1<P extends Primitive>(
  prim: P,
  args: readonly Tensor[],
  params: Params<P>,
): Tensor {
  return bind(prim, args, params)[0] as Tensor;
}
