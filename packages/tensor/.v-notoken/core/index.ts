/**
 * @jaxts/tensor/core: the tracing core for transformation authors (the analogue of
 * jax.extend.core): traces, tracers, bind, primitives, jaxprs and staging.
 */

export { scope } from '../backend/memory.ts';
export { evalJaxpr } from '../jaxpr/eval-jaxpr.ts';
export type { Atom, JaxprEqn } from '../jaxpr/jaxpr.ts';
export { ClosedJaxpr, Jaxpr, Literal, printJaxpr, Var } from '../jaxpr/jaxpr.ts';
export { JaxprBuilder, JaxprTrace, JaxprTracer, stageToJaxpr } from '../jaxpr/jaxpr-trace.ts';
export { leafAval } from '../jaxpr/make-jaxpr.ts';
export { JaxprTypeError, typecheckJaxpr } from '../jaxpr/typecheck.ts';
export { composite, isTracing } from '../numpy/composite.ts';
export { abstractEvalRules } from '../rules/abstract-eval.ts';
export { implRules } from '../rules/impl.ts';
export { ArrayImpl } from '../tensor.ts';
export { ShapedArray } from './aval.ts';
export type { AxisFrame } from './axis-env.ts';
export { axisSize, findAxisMain, unboundAxis } from './axis-env.ts';
export { bind, bind1, findTopTrace, fullLower, fullRaise } from './bind.ts';
export { abstractEval, EvalTrace, evalPrimitive, evalTrace } from './eval.ts';
export type {
  BinaryPrimitive,
  CollectivePrimitive,
  ConvDimensionNumbers,
  DotDimensionNumbers,
  ElementwisePrimitive,
  GatherMode,
  HigherOrderPrimitive,
  LinalgPrimitive,
  Params,
  Primitive,
  PrimitiveParams,
  RandomDistribution,
  RandomPrimitive,
  ReductionPrimitive,
  StructurePrimitive,
  UnaryPrimitive,
  WindowParams,
} from './primitives.ts';
export { MULTIPLE_RESULTS } from './primitives.ts';
export type { AbstractEvalRules, ImplRules } from './rule-types.ts';
export type { MainTrace } from './trace.ts';
export { findMain, Trace, traceState, withDynamicMain, withMain } from './trace.ts';
export { Tracer } from './tracer.ts';
