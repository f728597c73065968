/**
 * Impl of higher-order primitives: jit and the custom-derivative calls run their compiled
 * program straight on the kernels; custom_lin has no forward evaluation.
 */
import type { HigherOrderPrimitive } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { programFor, runProgram } from '../../jit/program.ts';

export const higherOrderImpl = {
  jit: (xs, { jaxpr }) => runProgram(programFor(jaxpr), xs),
  custom_jvp_call: (xs, { call }) => runProgram(programFor(call), xs),
  custom_vjp_call: (xs, { call }) => runProgram(programFor(call), xs),
  custom_lin: (_xs, { name }) => {
    throw new InvalidArgumentError(
      `can't apply forward-mode autodiff (jvp) to a custom_vjp function (${name}). Use reverse mode (grad, vjp) or define it with customJvp.`,
    );
  },
} satisfies ImplFamily<HigherOrderPrimitive>;
