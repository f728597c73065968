/**
 * Dead-code elimination: drops equations none of whose results reach the program's outputs (a
 * grad program's unused primal loss, a discarded auxiliary value). Every primitive is pure, so
 * this never changes results. JAX: pe.dce_jaxpr.
 */
import { Jaxpr, type JaxprEqn, Literal, type Var } from '../../jaxpr/jaxpr.ts';

export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const a of jaxpr.outvars) if (!(a instanceof Literal)) live.add(a);
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i] as JaxprEqn;
    if (!eqn.outBinders.some((v) => live.has(v))) continue;
    kept.push(eqn);
    for (const a of eqn.inputs) if (!(a instanceof Literal)) live.add(a);
  }
  if (kept.length === jaxpr.eqns.length) return jaxpr;
  kept.reverse();
  return new Jaxpr(jaxpr.constvars, jaxpr.invars, kept, jaxpr.outvars);
}
