/**
 * Forward-mode autodiff: JVPTracer carries a primal and a tangent; JVPTrace applies each
 * primitive's JVP rule. A tangent of `null` is a symbolic zero: primitives whose tangents are all
 * zero just run on their primals, so non-differentiable paths allocate nothing.
 * Mirrors Autodidax part 1 (JVPTracer / JVPTrace); JAX: jax._src.interpreters.ad.
 */
import type { Tensor } from '@jaxts/tensor';
import {
  bind,
  type Params,
  type Primitive,
  type ShapedArray,
  Trace,
  Tracer,
} from '@jaxts/tensor/core';
import { jvpRules } from './rules/jvp.ts';

export type Tangent = Tensor | null;

export class JVPTracer extends Tracer {
  readonly primal: Tensor;
  readonly tangent: Tangent;
  constructor(trace: JVPTrace, primal: Tensor, tangent: Tangent) {
    super(trace);
    this.primal = primal;
    this.tangent = tangent;
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
}

type AnyJvpRule = (
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  params: unknown,
) => [Tensor[], Tangent[]];

/** Only floating values carry tangents (JAX gives integer outputs float0 tangents). */
function differentiable(x: Tensor): boolean {
  return x.dtype === 'float32';
}

export class JVPTrace extends Trace {
  pure(x: Tensor): Tensor {
    return new JVPTracer(this, x, null);
  }
  lift(x: Tensor): Tensor {
    return new JVPTracer(this, x, null);
  }
  processPrimitive<P extends Primitive>(
    prim: P,
    tracers: readonly Tensor[],
    params: Params<P>,
  ): Tensor[] {
    const primals = tracers.map((t) => (t as JVPTracer).primal);
    const tangents = tracers.map((t) => (t as JVPTracer).tangent);
    if (tangents.every((t) => t === null)) {
      return bind(prim, primals, params).map((p) => new JVPTracer(this, p, null));
    }
    const [outs, outTangents] = (jvpRules[prim] as AnyJvpRule)(primals, tangents, params);
    return outs.map(
      (p, i) => new JVPTracer(this, p, differentiable(p) ? (outTangents[i] ?? null) : null),
    );
  }
}
