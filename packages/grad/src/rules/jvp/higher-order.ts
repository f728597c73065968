/**
 * JVP of the higher-order primitives. jit is inlined: its equations are evaluated under the JVP
 * (JAX builds a jvp-of-jaxpr instead; the numbers are the same). custom_jvp_call uses the user's
 * rule; custom_vjp_call runs fwd and emits custom_lin, whose transpose calls bwd.
 */
import type { Tensor } from '@jaxts/tensor';
import { bind, evalJaxpr, type HigherOrderPrimitive } from '@jaxts/tensor/core';
import { jvpFlat } from '../../flat.ts';
import { zerosLike } from '../ops.ts';
import type { JvpFamily, Tangent } from '../types.ts';

function instantiate(primals: readonly Tensor[], tangents: readonly Tangent[]): Tensor[] {
  return primals.map((p, i) => tangents[i] ?? zerosLike(p));
}

export const higherOrderJvp = {
  jit: (primals, tangents, { jaxpr }) =>
    jvpFlat((...xs: Tensor[]) => evalJaxpr(jaxpr.jaxpr, jaxpr.consts, xs), primals, tangents),
  custom_jvp_call: (primals, tangents, { num_consts, jvp }) => {
    const args = primals.slice(num_consts);
    const [outs, outTangents] = jvp(args, instantiate(args, tangents.slice(num_consts)));
    return [outs, outTangents];
  },
  custom_vjp_call: (primals, tangents, { name, num_consts, fwd, bwd }) => {
    const args = primals.slice(num_consts);
    const [outs, residuals] = fwd(...args);
    const argTangents = tangents.slice(num_consts);
    if (argTangents.every((t) => t === null)) return [outs, outs.map(() => null)];
    const lin = bind('custom_lin', [...residuals, ...instantiate(args, argTangents)], {
      name,
      num_res: residuals.length,
      out_avals: outs.map((o) => o.aval),
      bwd,
    });
    return [outs, lin];
  },
  custom_lin: (primals, _tangents, params) => {
    // Reached only by differentiating a linearized program again; bind so the error is JAX's.
    const outs = bind('custom_lin', primals, params);
    return [outs, outs.map(() => null)];
  },
} satisfies JvpFamily<HigherOrderPrimitive>;
