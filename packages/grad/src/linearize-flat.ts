/**
 * Linearization: runs a JVP whose input tangents are staged (JaxprTracers of a non-dynamic
 * staging trace), so primal computations run normally while the tangent computations are
 * recorded as a linear jaxpr. This is JVP followed by partial evaluation (Autodidax's
 * linearize), with the known/unknown split decided by trace levels.
 */
import type { Tensor } from '@jaxts/tensor';
import {
  type ClosedJaxpr,
  fullRaise,
  JaxprBuilder,
  JaxprTrace,
  type JaxprTracer,
  withMain,
} from '@jaxts/tensor/core';
import { JVPTrace, JVPTracer } from './jvp-trace.ts';

export interface Linearized {
  readonly primalsOut: Tensor[];
  /** Linear map from the tangents of the differentiable inputs to the non-zero output tangents. */
  readonly linear: ClosedJaxpr;
  /** Which inputs are differentiable (float); the jaxpr's invars are these, in order. */
  readonly inMask: readonly boolean[];
  /** Which outputs have a (possibly) non-zero tangent; the jaxpr's outvars are these. */
  readonly outMask: readonly boolean[];
}

export function isDifferentiable(x: Tensor): boolean {
  return x.dtype === 'float32';
}

export function linearizeFlat(
  f: (...xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
): Linearized {
  const builder = new JaxprBuilder();
  const inMask = primals.map(isDifferentiable);
  return withMain(
    () => new JaxprTrace(builder),
    null,
    (stagingMain) => {
      const staging = stagingMain.trace as JaxprTrace;
      const tangentsIn = primals.map((p, i) => (inMask[i] ? staging.newArg(p.aval) : null));
      const { primalsOut, tangentsOut } = withMain(
        () => new JVPTrace(),
        null,
        (jvpMain) => {
          const ins = primals.map(
            (p, i) => new JVPTracer(jvpMain.trace as JVPTrace, p, tangentsIn[i] ?? null),
          );
          const outs = f(...ins).map((o) => fullRaise(jvpMain.trace, o) as JVPTracer);
          return { primalsOut: outs.map((o) => o.primal), tangentsOut: outs.map((o) => o.tangent) };
        },
      );
      const outMask = tangentsOut.map((t) => t !== null);
      const outTracers = tangentsOut
        .filter((t): t is Tensor => t !== null)
        .map((t) => fullRaise(staging, t) as JaxprTracer);
      const linear = builder.build(
        tangentsIn.filter((t): t is JaxprTracer => t !== null),
        outTracers,
      );
      return { primalsOut, linear, inMask, outMask };
    },
  );
}
