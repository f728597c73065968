/**
 * Algebraic simplification with exact identities only (results stay bit-identical): ops that
 * return their input unchanged (casts to the same dtype, reshapes to the same shape, identity
 * transposes and broadcasts, copy, stop_gradient, x*1, x/1, x-0, integer x+0, neg(neg x)), and
 * scalar broadcasts feeding a broadcasting elementwise op replaced by the scalar itself (grad
 * programs seed the backward pass with `broadcast_in_dim 1.0`). JAX/XLA: algsimp.
 */
import type { ShapedArray } from '../../core/aval.ts';
import type { BinaryPrimitive, Primitive } from '../../core/primitives.ts';
import { type Atom, Jaxpr, type JaxprEqn, Literal, type Var } from '../../jaxpr/jaxpr.ts';
import { shapesEqual } from '../../shape.ts';
import { Substitution } from './substitute.ts';

/** Binary elementwise primitives: NumPy broadcasting, so a scalar operand may stand for a splat. */
const BINARY: ReadonlySet<Primitive> = new Set<BinaryPrimitive>([
  'add',
  'sub',
  'mul',
  'div',
  'rem',
  'pow',
  'max',
  'min',
  'atan2',
  'nextafter',
  'and',
  'or',
  'xor',
  'shift_left',
  'shift_right_logical',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
]);

const isIdentityPerm = (p: readonly number[]): boolean => p.every((d, i) => d === i);

function isLit(a: Atom, value: number): boolean {
  return a instanceof Literal && typeof a.value === 'number' && Object.is(a.value, value);
}

function sameShape(a: Atom, out: ShapedArray): boolean {
  return shapesEqual(a.aval.shape, out.shape) && a.aval.dtype === out.dtype;
}

/** The input an equation returns unchanged, or null. */
function identityInput(eqn: JaxprEqn): Atom | null {
  const out = (eqn.outBinders[0] as Var).aval;
  const [x, y] = eqn.inputs as [Atom, Atom | undefined];
  switch (eqn.primitive) {
    case 'copy':
    case 'stop_gradient':
      return x;
    case 'convert_element_type':
    case 'reshape':
    case 'squeeze':
    case 'expand_dims':
      return sameShape(x, out) ? x : null;
    case 'broadcast_in_dim': {
      const p = (eqn as JaxprEqn<'broadcast_in_dim'>).params;
      return sameShape(x, out) && isIdentityPerm(p.broadcast_dimensions) ? x : null;
    }
    case 'reduce_sum':
    case 'reduce_max':
    case 'reduce_min':
    case 'reduce_prod':
    case 'reduce_and':
    case 'reduce_or':
      return (eqn as JaxprEqn<'reduce_sum'>).params.axes.length === 0 && sameShape(x, out)
        ? x
        : null;
    case 'transpose':
      return isIdentityPerm((eqn as JaxprEqn<'transpose'>).params.permutation) ? x : null;
    case 'select_n': {
      if (eqn.inputs.length === 2) return sameShape(y as Atom, out) ? (y as Atom) : null;
      // A known predicate picks its case (out-of-range integers clamp, as XLA's select tree).
      if (!(x instanceof Literal)) return null;
      const last = eqn.inputs.length - 2;
      const w =
        typeof x.value === 'boolean' ? Number(x.value) : Math.min(Math.max(x.value, 0), last);
      const c = eqn.inputs[1 + w] as Atom;
      return sameShape(c, out) ? c : null;
    }
    case 'mul':
      if (isLit(y as Atom, 1) && sameShape(x, out)) return x;
      if (isLit(x, 1) && sameShape(y as Atom, out)) return y as Atom;
      return null;
    case 'div':
      return isLit(y as Atom, 1) && sameShape(x, out) ? x : null;
    case 'sub':
      // x - 0 = x for every float (-0 - 0 = -0), NaN and infinities included.
      return isLit(y as Atom, 0) && sameShape(x, out) ? x : null;
    case 'add':
      if (out.dtype === 'float32') {
        if (isLit(y as Atom, -0) && sameShape(x, out)) return x;
        if (isLit(x, -0) && sameShape(y as Atom, out)) return y as Atom;
        return null;
      }
      if (out.dtype === 'bool') return null;
      if (isLit(y as Atom, 0) && sameShape(x, out)) return x;
      if (isLit(x, 0) && sameShape(y as Atom, out)) return y as Atom;
      return null;
    default:
      return null;
  }
}

export function simplify(jaxpr: Jaxpr): Jaxpr {
  const sub = new Substitution();
  /** Variables that are `broadcast_in_dim` of a scalar literal. */
  const splats = new Map<Var, Literal>();
  /** neg equations by their result, for neg(neg x). */
  const negOf = new Map<Var, Atom>();
  const eqns: JaxprEqn[] = [];
  let changed = false;
  for (const original of jaxpr.eqns) {
    let eqn = sub.eqn(original);
    if (eqn !== original) changed = true;
    const out = eqn.outBinders[0] as Var;
    if (BINARY.has(eqn.primitive) || eqn.primitive === 'select_n') {
      // A splat operand becomes its scalar when another operand already has the result's shape.
      const full = eqn.inputs.some((a) => !splats.has(a as Var) && sameShape(a, out.aval));
      const hasSplat = eqn.inputs.some((a) => a instanceof Literal === false && splats.has(a));
      if (full && hasSplat) {
        const inputs = eqn.inputs.map((a) => (a instanceof Literal ? a : (splats.get(a) ?? a)));
        eqn = { ...eqn, inputs } as JaxprEqn;
        changed = true;
      }
    }
    const id = eqn.outBinders.length === 1 ? identityInput(eqn) : null;
    if (id !== null) {
      sub.set(out, id);
      changed = true;
      continue;
    }
    if (eqn.primitive === 'neg') {
      const inner = negOf.get(eqn.inputs[0] as Var);
      if (inner !== undefined) {
        sub.set(out, inner);
        changed = true;
        continue;
      }
      negOf.set(out, eqn.inputs[0] as Atom);
    }
    if (eqn.primitive === 'broadcast_in_dim' && eqn.inputs[0] instanceof Literal) {
      splats.set(out, eqn.inputs[0]);
    }
    eqns.push(eqn);
  }
  if (!changed) return jaxpr;
  return new Jaxpr(
    jaxpr.constvars,
    jaxpr.invars,
    eqns,
    jaxpr.outvars.map((a) => sub.apply(a)),
  );
}
