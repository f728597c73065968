/**
 * Constant folding: an equation whose inputs are all literals or constants (and that has no
 * inputs at all, like iota) is evaluated once, when the program is compiled, with the same impl
 * rule a run would use; rank-0 results become literals, others constants of the program. Results
 * larger than FOLD_LIMIT elements stay equations (a folded constant lives as long as the program),
 * and so do broadcasts of a literal (simplify makes their uses read the scalar).
 * JAX/XLA: HLO constant folding.
 */
import {
  disposeInfo,
  ensureOnCurrentBackend,
  readDataSync,
  type TensorInfo,
} from '../../backend/engine.ts';
import { adopt } from '../../backend/memory.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { Primitive } from '../../core/primitives.ts';
import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, Var } from '../../jaxpr/jaxpr.ts';
import { storageDType } from '../../numpy/convert.ts';
import { constant } from '../../rules/impl/elementwise.ts';
import { implRules } from '../../rules/impl.ts';
import type { ArrayImpl, Tensor } from '../../tensor.ts';
import { Substitution } from './substitute.ts';

/** Folded results above this many elements are recomputed on every run instead. */
export const FOLD_LIMIT = 1 << 16;

type AnyImpl = (
  xs: readonly TensorInfo[],
  params: unknown,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
) => TensorInfo[];

/** Primitives that cannot run outside their context (named axes, custom rules). */
const NOT_FOLDABLE: ReadonlySet<Primitive> = new Set<Primitive>([
  'psum',
  'pmax',
  'pmin',
  'all_gather',
  'axis_index',
  'ppermute',
  'jit',
  'custom_jvp_call',
  'custom_vjp_call',
  'custom_lin',
]);

/** The JavaScript value of a rank-0 buffer, as a Literal holds it. */
export function literalValue(info: TensorInfo, aval: ShapedArray): number | boolean {
  const raw = readDataSync(info)[0] as number;
  if (aval.dtype === 'bool') return raw !== 0;
  if (aval.dtype === 'uint32') return raw >>> 0;
  if (aval.dtype === 'float32') return Math.fround(raw);
  return raw;
}

/** A literal's value on the current backend (shared cached scalars, never freed). */
export function literalInfo(l: Literal): TensorInfo {
  const v = l.value;
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  return constant(l.aval.dtype === 'uint32' ? n | 0 : n, storageDType(l.aval.dtype));
}

export function foldConstants(closed: ClosedJaxpr): ClosedJaxpr {
  const { jaxpr } = closed;
  const known = new Map<Var, ArrayImpl>();
  jaxpr.constvars.forEach((v, i) => {
    known.set(v, closed.consts[i] as ArrayImpl);
  });
  const constvars = [...jaxpr.constvars];
  const consts: Tensor[] = [...closed.consts];
  const sub = new Substitution();
  const eqns: JaxprEqn[] = [];
  const isKnown = (a: Atom): boolean => a instanceof Literal || known.has(a);
  for (const original of jaxpr.eqns) {
    const eqn = sub.eqn(original);
    const outSize = eqn.outBinders.reduce((s, v) => s + v.aval.size, 0);
    // A broadcast of a literal (a splat) stays: simplify turns its uses into the scalar itself,
    // and a host loop reads a scalar instead of a folded array.
    const splat = eqn.primitive === 'broadcast_in_dim' && eqn.inputs[0] instanceof Literal;
    if (
      splat ||
      NOT_FOLDABLE.has(eqn.primitive) ||
      outSize > FOLD_LIMIT ||
      !eqn.inputs.every(isKnown)
    ) {
      eqns.push(eqn);
      continue;
    }
    const infos = eqn.inputs.map((a) =>
      a instanceof Literal ? literalInfo(a) : ensureOnCurrentBackend(known.get(a) as ArrayImpl),
    );
    let outs: TensorInfo[];
    try {
      outs = (implRules[eqn.primitive] as AnyImpl)(
        infos,
        eqn.params,
        eqn.outBinders.map((v) => v.aval),
        eqn.inputs.map((a) => a.aval),
      );
    } catch {
      // Leave it to run time, where the error (if any) surfaces where the user expects it.
      eqns.push(eqn);
      continue;
    }
    eqn.outBinders.forEach((v, i) => {
      const info = outs[i] as TensorInfo;
      if (v.aval.ndim === 0) {
        sub.set(v, new Literal(literalValue(info, v.aval), v.aval));
        disposeInfo(info);
        return;
      }
      // Unscoped: a folded constant belongs to the program, not to a surrounding scope().
      const arr = adopt(info, v.aval, false);
      const c = new Var(v.aval);
      constvars.push(c);
      consts.push(arr);
      known.set(c, arr);
      sub.set(v, c);
    });
  }
  if (eqns.length === jaxpr.eqns.length) return closed;
  const outvars = jaxpr.outvars.map((a) => sub.apply(a));
  return new ClosedJaxpr(new Jaxpr(constvars, jaxpr.invars, eqns, outvars), consts);
}
