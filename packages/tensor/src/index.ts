/**
 * @jaxts/tensor: arrays, jax.numpy / lax ops on TensorFlow.js kernels, JAX-compatible random,
 * makeJaxpr and the tracing core (for transformation authors: `@jaxts/tensor/core`).
 */

export { tree } from '@jaxts/frozendict';
export type { BackendName } from './backend/engine.ts';
export { backendName as getBackend, setBackend } from './backend/engine.ts';
export type { MemoryStats } from './backend/memory.ts';
export { collectGarbage, memoryStats, scope } from './backend/memory.ts';
export type { CustomJvpFunction, CustomOptions, JvpRuleFn } from './custom/custom-jvp.ts';
export { CustomRuleError, customJvp } from './custom/custom-jvp.ts';
export type { CustomVjpFunction } from './custom/custom-vjp.ts';
export { customVjp } from './custom/custom-vjp.ts';
export type { DType } from './dtype.ts';
export {
  AxisError,
  ConcretizationTypeError,
  DisposedTensorError,
  DTypeError,
  InvalidArgumentError,
  JaxtsError,
  ShapeError,
  UnboundAxisNameError,
  UnexpectedTracerError,
  UnsupportedDTypeError,
} from './errors.ts';
export type { ClosedJaxpr } from './jaxpr/jaxpr.ts';
export { makeJaxpr } from './jaxpr/make-jaxpr.ts';
export type { Compiled, CompilerOptions, JitOptions, Jitted, ProgramStats } from './jit/jit.ts';
export { jit } from './jit/jit.ts';
export * as lax from './lax/index.ts';
export type { Axis, IndexItem, NestedArray, TensorLike } from './numpy/index.ts';
export * as numpy from './numpy/index.ts';
export * as random from './random/index.ts';
export * as serialization from './serialization.ts';
export type { Shape } from './shape.ts';
export { Tensor } from './tensor.ts';
