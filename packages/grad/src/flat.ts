/**
 * Flat cores of the differentiation APIs: functions on lists of arrays. The public wrappers in
 * jvp.ts / vjp.ts / grad.ts flatten pytrees and check structures around these.
 */
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { fullRaise, withMain } from '@jaxts/tensor/core';
import { JVPTrace, JVPTracer, type Tangent } from './jvp-trace.ts';
import { isDifferentiable, linearizeFlat } from './linearize-flat.ts';
import { backwardPass, type Cotangent, evalLinear } from './transpose.ts';

export function jvpFlat(
  f: (...xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
): [Tensor[], Tangent[]] {
  return withMain(
    () => new JVPTrace(),
    null,
    (main) => {
      const trace = main.trace as JVPTrace;
      const ins = primals.map(
        (p, i) => new JVPTracer(trace, p, isDifferentiable(p) ? (tangents[i] ?? null) : null),
      );
      const outs = f(...ins).map((o) => fullRaise(trace, o) as JVPTracer);
      return [outs.map((o) => o.primal), outs.map((o) => o.tangent)];
    },
  );
}

/** Zero cotangent/tangent of an array's type, materialized (for public results). */
export function zerosFor(x: {
  readonly shape: readonly number[];
  readonly dtype: Tensor['dtype'];
}): Tensor {
  return jnp.zeros([...x.shape], x.dtype);
}

export interface VjpFlat {
  readonly primalsOut: Tensor[];
  /** Cotangents of the inputs (null for non-differentiable inputs or zero cotangents). */
  readonly vjp: (cts: readonly Cotangent[]) => Cotangent[];
}

export function vjpFlat(f: (...xs: Tensor[]) => Tensor[], primals: readonly Tensor[]): VjpFlat {
  const { primalsOut, linear, inMask, outMask } = linearizeFlat(f, primals);
  const vjp = (cts: readonly Cotangent[]): Cotangent[] => {
    const linCts = cts.filter((_, i) => outMask[i]);
    const inCts = backwardPass(linear.jaxpr, linear.consts, linCts);
    const out: Cotangent[] = [];
    let k = 0;
    for (let i = 0; i < primals.length; i++) out.push(inMask[i] ? (inCts[k++] ?? null) : null);
    return out;
  };
  return { primalsOut, vjp };
}

export interface LinearizeFlat {
  readonly primalsOut: Tensor[];
  readonly jvp: (tangents: readonly Tensor[]) => Tensor[];
}

export function linearizeFlatApi(
  f: (...xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
): LinearizeFlat {
  const { primalsOut, linear, inMask, outMask } = linearizeFlat(f, primals);
  const jvp = (tangents: readonly Tensor[]): Tensor[] => {
    const outs = evalLinear(
      linear.jaxpr,
      linear.consts,
      tangents.filter((_, i) => inMask[i]),
    );
    let k = 0;
    return primalsOut.map((p, i) => (outMask[i] ? (outs[k++] as Tensor) : zerosFor(p)));
  };
  return { primalsOut, jvp };
}
