/** Type checking a jaxpr by re-running abstract evaluation on every equation. JAX: core.check_jaxpr. */
import type { ShapedArray } from '../core/aval.ts';
import { abstractEval } from '../core/eval.ts';
import type { Primitive } from '../core/primitives.ts';
import { JaxtsError } from '../errors.ts';
import { type Atom, type Jaxpr, Literal, type Var } from './jaxpr.ts';

export class JaxprTypeError extends JaxtsError {}

export function typecheckJaxpr(jaxpr: Jaxpr): { inTypes: ShapedArray[]; outTypes: ShapedArray[] } {
  const env = new Set<Var>();
  const bindVar = (v: Var): void => {
    if (env.has(v)) throw new JaxprTypeError('typecheckJaxpr: a variable is bound twice.');
    env.add(v);
  };
  const typeOf = (a: Atom): ShapedArray => {
    if (a instanceof Literal) return a.aval;
    if (!env.has(a))
      throw new JaxprTypeError(`typecheckJaxpr: unbound variable of type ${a.aval.strShort()}.`);
    return a.aval;
  };
  for (const v of jaxpr.constvars) bindVar(v);
  for (const v of jaxpr.invars) bindVar(v);
  jaxpr.eqns.forEach((eqn, i) => {
    const inTypes = eqn.inputs.map(typeOf);
    const outTypes = abstractEval(eqn.primitive as Primitive, inTypes, eqn.params as never);
    if (outTypes.length !== eqn.outBinders.length) {
      throw new JaxprTypeError(
        `typecheckJaxpr: equation ${i} (${eqn.primitive}) has ${eqn.outBinders.length} binders for ${outTypes.length} results.`,
      );
    }
    eqn.outBinders.forEach((v, j) => {
      const t = outTypes[j] as ShapedArray;
      if (!t.sameType(v.aval)) {
        throw new JaxprTypeError(
          `typecheckJaxpr: equation ${i} (${eqn.primitive}) binds ${v.aval.strShort()} but its rule gives ${t.strShort()}.`,
        );
      }
      bindVar(v);
    });
  });
  return { inTypes: jaxpr.invars.map((v) => v.aval), outTypes: jaxpr.outvars.map(typeOf) };
}
