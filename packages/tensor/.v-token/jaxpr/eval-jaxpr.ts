/**
 * Evaluating a jaxpr by binding each equation, so evaluation is itself traceable (grad, vmap
 * and makeJaxpr of evalJaxpr work). JAX: core.eval_jaxpr.
 */
import { bind } from '../core/bind.ts';
import type { Primitive } from '../core/primitives.ts';
import { InvalidArgumentError } from '../errors.ts';
import { scalar } from '../numpy/convert.ts';
import type { Tensor } from '../tensor.ts';
import { type Atom, type Jaxpr, Literal, type Var } from './jaxpr.ts';

export function evalJaxpr(
  jaxpr: Jaxpr,
  consts: readonly Tensor[],
  args: readonly Tensor[],
): Tensor[] {
  if (args.length !== jaxpr.invars.length || consts.length !== jaxpr.constvars.length) {
    throw new InvalidArgumentError(
      `evalJaxpr: expected ${jaxpr.constvars.length} consts and ${jaxpr.invars.length} args; ` +
        `got ${consts.length} and ${args.length}.`,
    );
  }
  const env = new Map<Var, Tensor>();
  jaxpr.constvars.forEach((v, i) => {
    env.set(v, consts[i] as Tensor);
  });
  jaxpr.invars.forEach((v, i) => {
    env.set(v, args[i] as Tensor);
  });
  const read = (a: Atom): Tensor => {
    if (a instanceof Literal) return scalar(a.value, a.aval.dtype, a.aval.weakType);
    const x = env.get(a);
    if (x === undefined)
      throw new InvalidArgumentError('evalJaxpr: variable used before definition.');
    return x;
  };
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive as Primitive, eqn.inputs.map(read), eqn.params as never);
    eqn.outBinders.forEach((v, i) => {
      env.set(v, outs[i] as Tensor);
    });
  }
  return jaxpr.outvars.map(read);
}
