/**
 * Tracer: the base class of values a transformation's trace carries in place of arrays
 * (JVPTracer, BatchTracer, JaxprTracer). Tracers are Tensors, so `x.add(y)` works inside every
 * transformation. JAX: core.Tracer.
 */
import { Tensor } from '../tensor.ts';
import type { ShapedArray } from './aval.ts';
import type { Trace } from './trace.ts';

export abstract class Tracer extends Tensor {
  declare readonly _trace: Trace;

  constructor(trace: Trace) {
    super(trace);
  }

  abstract override get aval(): ShapedArray;
}
