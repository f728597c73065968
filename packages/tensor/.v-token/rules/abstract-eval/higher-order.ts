/** Abstract eval of higher-order primitives: the sub-program's output types. */
import type { ShapedArray } from '../../core/aval.ts';
import type { HigherOrderPrimitive } from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import { DTypeError } from '../../errors.ts';
import type { ClosedJaxpr } from '../../jaxpr/jaxpr.ts';

function callTypes(
  prim: string,
  name: string,
  avals: readonly ShapedArray[],
  jaxpr: ClosedJaxpr,
): ShapedArray[] {
  const expected = jaxpr.inAvals;
  if (
    avals.length !== expected.length ||
    avals.some((a, i) => !a.sameType(expected[i] as ShapedArray))
  ) {
    throw new DTypeError(
      `${prim} (${name}): arguments ${avals.map((a) => a.strShort()).join(', ')} do not match the ` +
        `staged program's inputs ${expected.map((a) => a.strShort()).join(', ')}.`,
    );
  }
  return jaxpr.outAvals;
}

export const higherOrderAbstractEval = {
  jit: (avals, { name, jaxpr }) => callTypes('jit', name, avals, jaxpr),
  custom_jvp_call: (avals, { name, call }) => callTypes('custom_jvp_call', name, avals, call),
  custom_vjp_call: (avals, { name, call }) => callTypes('custom_vjp_call', name, avals, call),
  custom_lin: (_avals, { out_avals }) => [...out_avals],
} satisfies AbstractEvalFamily<HigherOrderPrimitive>;
