/**
 * Transposition of linear jaxprs (the backward pass of reverse mode): walks the equations in
 * reverse, applying each linear primitive's transpose rule and accumulating cotangents.
 * Mirrors Autodidax's backward_pass; JAX: ad.backward_pass.
 */
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import {
  type Atom,
  bind,
  evalJaxpr,
  type Jaxpr,
  Literal,
  type Primitive,
  type ShapedArray,
  type Var,
} from '@jaxts/tensor/core';
import { NonLinearError } from './errors.ts';
import { transposeRules } from './rules/transpose.ts';

/** A linear input whose value is unknown during transposition. JAX: ad.UndefinedPrimal. */
export class UndefinedPrimal {
  readonly aval: ShapedArray;
  constructor(aval: ShapedArray) {
    this.aval = aval;
  }
}

export type LinearArg = Tensor | UndefinedPrimal;
export type Cotangent = Tensor | null;

type AnyTransposeRule = (
  cts: readonly Cotangent[],
  args: readonly LinearArg[],
  params: unknown,
  outAvals: readonly ShapedArray[],
) => Cotangent[];

export function isUndefined(x: LinearArg): x is UndefinedPrimal {
  return x instanceof UndefinedPrimal;
}

function literalValue(l: Literal): Tensor {
  return jnp.full([], l.value, l.aval.dtype);
}

/**
 * Cotangents of a linear jaxpr's invars given the cotangents of its outvars (null = zero). The
 * constvars hold the known (non-linear) values.
 */
export function backwardPass(
  jaxpr: Jaxpr,
  consts: readonly Tensor[],
  cts: readonly Cotangent[],
): Cotangent[] {
  const known = new Map<Var, Tensor>();
  jaxpr.constvars.forEach((v, i) => {
    known.set(v, consts[i] as Tensor);
  });
  const linear = new Set<Var>(jaxpr.invars);
  // Forward pass over equations that touch no linear value (they compute residuals).
  const linearEqns = [];
  for (const eqn of jaxpr.eqns) {
    const isLinear = eqn.inputs.some((a) => !(a instanceof Literal) && linear.has(a));
    if (!isLinear) {
      const ins = eqn.inputs.map((a) =>
        a instanceof Literal ? literalValue(a) : (known.get(a) as Tensor),
      );
      const outs = bind(eqn.primitive as Primitive, ins, eqn.params as never);
      eqn.outBinders.forEach((v, i) => {
        known.set(v, outs[i] as Tensor);
      });
    } else {
      for (const v of eqn.outBinders) linear.add(v);
      linearEqns.push(eqn);
    }
  }
  const ctEnv = new Map<Var, Tensor>();
  const addCt = (v: Var, ct: Tensor): void => {
    const prev = ctEnv.get(v);
    ctEnv.set(v, prev === undefined ? ct : prev.add(ct));
  };
  jaxpr.outvars.forEach((a, i) => {
    const ct = cts[i];
    if (ct != null && !(a instanceof Literal) && linear.has(a)) addCt(a, ct);
  });
  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const eqn = linearEqns[k] as (typeof linearEqns)[number];
    const outCts = eqn.outBinders.map((v) => ctEnv.get(v) ?? null);
    for (const v of eqn.outBinders) ctEnv.delete(v);
    if (outCts.every((c) => c === null)) continue;
    const args: LinearArg[] = eqn.inputs.map((a: Atom) => {
      if (a instanceof Literal) return literalValue(a);
      if (linear.has(a)) return new UndefinedPrimal(a.aval);
      return known.get(a) as Tensor;
    });
    const rule = transposeRules[eqn.primitive as keyof typeof transposeRules] as
      | AnyTransposeRule
      | undefined;
    if (rule === undefined) {
      throw new NonLinearError(
        `transpose: primitive '${eqn.primitive}' is not linear, so reverse-mode differentiation cannot transpose it.`,
      );
    }
    const inCts = rule(
      outCts,
      args,
      eqn.params,
      eqn.outBinders.map((v) => v.aval),
    );
    eqn.inputs.forEach((a, i) => {
      const ct = inCts[i];
      if (ct != null && !(a instanceof Literal) && linear.has(a)) addCt(a, ct);
    });
  }
  return jaxpr.invars.map((v) => ctEnv.get(v) ?? null);
}

/** Evaluates a closed linear jaxpr forward (the JVP of a linearized function). */
export function evalLinear(
  jaxpr: Jaxpr,
  consts: readonly Tensor[],
  tangents: readonly Tensor[],
): Tensor[] {
  return evalJaxpr(jaxpr, consts, tangents);
}
