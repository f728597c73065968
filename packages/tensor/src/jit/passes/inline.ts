/**
 * Inlining of nested calls (jit, custom_jvp_call, custom_vjp_call): a jitted function called
 * inside another becomes part of the outer program, so the other passes (folding, CSE, DCE,
 * fusion) see across the call boundary. At run time a call only runs its sub-program, so this
 * does not change results. JAX/XLA: nested pjit calls are inlined when lowering.
 */

import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, Var } from '../../jaxpr/jaxpr.ts';
import type { Tensor } from '../../tensor.ts';

/** The sub-program of a call equation, or null for other primitives. */
function calleeOf(eqn: JaxprEqn): ClosedJaxpr | null {
  switch (eqn.primitive) {
    case 'jit':
      return (eqn as JaxprEqn<'jit'>).params.jaxpr;
    case 'custom_jvp_call':
      return (eqn as JaxprEqn<'custom_jvp_call'>).params.call;
    case 'custom_vjp_call':
      return (eqn as JaxprEqn<'custom_vjp_call'>).params.call;
    default:
      return null;
  }
}

export function hasCalls(jaxpr: Jaxpr): boolean {
  return jaxpr.eqns.some((e) => calleeOf(e) !== null);
}

export function inlineCalls(closed: ClosedJaxpr): ClosedJaxpr {
  if (!hasCalls(closed.jaxpr)) return closed;
  const constvars = [...closed.jaxpr.constvars];
  const consts: Tensor[] = [...closed.consts];
  const eqns: JaxprEqn[] = [];

  const emit = (j: Jaxpr, env: Map<Var, Atom>, top: boolean): Atom[] => {
    const read = (a: Atom): Atom => (a instanceof Literal ? a : (env.get(a) ?? a));
    for (const eqn of j.eqns) {
      const inputs = eqn.inputs.map(read);
      const callee = calleeOf(eqn);
      if (callee === null) {
        const outBinders = top ? eqn.outBinders : eqn.outBinders.map((v) => new Var(v.aval));
        if (!top) {
          eqn.outBinders.forEach((v, i) => {
            env.set(v, outBinders[i] as Var);
          });
        }
        eqns.push({ ...eqn, inputs, outBinders } as JaxprEqn);
        continue;
      }
      const inner = new Map<Var, Atom>();
      callee.jaxpr.constvars.forEach((v, i) => {
        const c = new Var(v.aval);
        constvars.push(c);
        consts.push(callee.consts[i] as Tensor);
        inner.set(v, c);
      });
      callee.jaxpr.invars.forEach((v, i) => {
        inner.set(v, inputs[i] as Atom);
      });
      const outs = emit(callee.jaxpr, inner, false);
      eqn.outBinders.forEach((v, i) => {
        env.set(v, outs[i] as Atom);
      });
    }
    return j.outvars.map(read);
  };

  const env = new Map<Var, Atom>();
  const outvars = emit(closed.jaxpr, env, true);
  return new ClosedJaxpr(new Jaxpr(constvars, closed.jaxpr.invars, eqns, outvars), consts);
}
