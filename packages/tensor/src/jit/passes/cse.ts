/**
 * Common-subexpression elimination: two equations with the same primitive, the same inputs and
 * the same params compute the same values (every primitive is pure, random ones included: they
 * are functions of their key), so the second is dropped and its uses read the first's results.
 * JAX/XLA: the HLO CSE pass.
 */
import { Jaxpr, type JaxprEqn, Literal, type Var } from '../../jaxpr/jaxpr.ts';
import { Substitution } from './substitute.ts';

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

/** A string equal for equal params: plain data by value, anything else (sub-jaxprs, functions) by identity. */
export function paramsKey(v: unknown): string {
  if (v === null) return 'N';
  switch (typeof v) {
    case 'undefined':
      return 'U';
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'T' : 'F';
    case 'function':
      return `#${objectId(v)}`;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(paramsKey).join(',')}]`;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return `#${objectId(v as object)}`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${k}:${paramsKey(o[k])}`)
    .join(',')}}`;
}

export function cse(jaxpr: Jaxpr): Jaxpr {
  const varIds = new Map<Var, number>();
  const idOf = (v: Var): number => {
    let id = varIds.get(v);
    if (id === undefined) {
      id = varIds.size;
      varIds.set(v, id);
    }
    return id;
  };
  const seen = new Map<string, JaxprEqn>();
  const sub = new Substitution();
  const eqns: JaxprEqn[] = [];
  for (const original of jaxpr.eqns) {
    const eqn = sub.eqn(original);
    const ins = eqn.inputs
      .map((a) =>
        a instanceof Literal
          ? `${a.aval.dtype}${a.aval.weakType ? 'w' : ''}:${paramsKey(a.value)}`
          : `v${idOf(a)}`,
      )
      .join(' ');
    const key = `${eqn.primitive}(${ins})${paramsKey(eqn.params)}`;
    const prev = seen.get(key);
    if (prev?.outBinders.every((v, i) => v.aval.equals((eqn.outBinders[i] as Var).aval))) {
      eqn.outBinders.forEach((v, i) => {
        sub.set(v, (prev as JaxprEqn).outBinders[i] as Var);
      });
      continue;
    }
    seen.set(key, eqn);
    eqns.push(eqn);
  }
  if (sub.size === 0) return jaxpr;
  return new Jaxpr(
    jaxpr.constvars,
    jaxpr.invars,
    eqns,
    jaxpr.outvars.map((a) => sub.apply(a)),
  );
}
