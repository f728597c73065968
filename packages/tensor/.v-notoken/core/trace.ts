/**
 * Interpreter stack: main traces with levels, the Trace base class, and the dynamic (staging)
 * trace slot. Mirrors Autodidax part 1 (MainTrace, trace_stack, dynamic_trace, new_main).
 */
import type { Tensor } from '../tensor.ts';
import type { Params, Primitive } from './primitives.ts';

/** One entry of the interpreter stack. JAX: core.MainTrace. */
export interface MainTrace {
  readonly level: number;
  /** The trace object that interprets primitives at this level (one per main). */
  readonly trace: Trace;
  /** Per-transformation data (e.g. the axis name and size of a vmap). */
  readonly globalData: unknown;
}

/** An interpretation of primitives. Subclasses: EvalTrace, JaxprTrace, JVPTrace, BatchTrace. */
export abstract class Trace {
  main!: MainTrace;
  /** Wraps a value from below the stack (a concrete array) as a tracer of this trace. */
  abstract pure(x: Tensor): Tensor;
  /** Wraps a tracer of a lower level as a tracer of this trace. */
  abstract lift(x: Tensor): Tensor;
  abstract processPrimitive<P extends Primitive>(
    prim: P,
    tracers: readonly Tensor[],
    params: Params<P>,
  ): Tensor[];
}

interface TraceState {
  readonly stack: MainTrace[];
  /** JAX: core.thread_local_state.trace_state.trace_stack.dynamic (used by makeJaxpr/jit). */
  dynamic: MainTrace | null;
}

export const traceState: TraceState = { stack: [], dynamic: null };

/**
 * Pushes a new main trace for the duration of `fn`, popping it even if `fn` throws.
 * JAX: core.new_main. (A callback instead of `using`: Node 20 has no native `using`.)
 */
export function withMain<T>(
  makeTrace: () => Trace,
  globalData: unknown,
  fn: (main: MainTrace) => T,
): T {
  const trace = makeTrace();
  const main: MainTrace = { level: traceState.stack.length, trace, globalData };
  trace.main = main;
  traceState.stack.push(main);
  try {
    return fn(main);
  } finally {
    traceState.stack.pop();
  }
}

/**
 * Like withMain, and also makes the new main the dynamic trace: every bind inside `fn`, even one
 * on constants only, is staged into it. JAX: core.new_dynamic / new_base_main for make_jaxpr.
 */
export function withDynamicMain<T>(
  makeTrace: () => Trace,
  globalData: unknown,
  fn: (main: MainTrace) => T,
): T {
  return withMain(makeTrace, globalData, (main) => {
    const prev = traceState.dynamic;
    traceState.dynamic = main;
    try {
      return fn(main);
    } finally {
      traceState.dynamic = prev;
    }
  });
}

/** Innermost main trace with the given global data predicate (used to find named vmap axes). */
export function findMain(pred: (main: MainTrace) => boolean): MainTrace | null {
  const stack = traceState.stack;
  for (let i = stack.length - 1; i >= 0; i--) {
    const m = stack[i] as MainTrace;
    if (pred(m)) return m;
  }
  return null;
}
