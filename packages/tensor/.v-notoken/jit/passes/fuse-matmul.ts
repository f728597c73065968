/**
 * Matmul fusion: `dot_general` of [M,K] x [K,N] followed by a bias add (bias [N] or [1,N],
 * possibly through broadcast_in_dim) and optionally relu (`max(x, 0)`) becomes one call of
 * tfjs's `_FusedMatMul` kernel, when the intermediate results have no other use. On wasm the
 * bias and activation run inside the matmul's output loop (XNNPACK); the cpu kernel chains the
 * same kernels the unfused program would call. JAX/XLA: dot + bias-add + activation fusion.
 */
import type { ShapedArray } from '../../core/aval.ts';
import { type Atom, type JaxprEqn, Literal, type Var } from '../../jaxpr/jaxpr.ts';
import { shapesEqual } from '../../shape.ts';

export interface FusedMatMul {
  readonly kind: 'fused_matmul';
  /** [a: f32[M,K], b: f32[K,N], bias: f32[N] or f32[1,N]] */
  readonly inputs: readonly [Atom, Atom, Atom];
  readonly outBinders: readonly [Var];
  readonly activation: 'linear' | 'relu';
  /** The equations it replaces, in program order. */
  readonly replaced: readonly JaxprEqn[];
}

function useCounts(eqns: readonly JaxprEqn[], outvars: readonly Atom[]): Map<Var, number> {
  const uses = new Map<Var, number>();
  const add = (a: Atom): void => {
    if (!(a instanceof Literal)) uses.set(a, (uses.get(a) ?? 0) + 1);
  };
  for (const e of eqns) for (const a of e.inputs) add(a);
  for (const a of outvars) add(a);
  return uses;
}

const isF32 = (a: ShapedArray): boolean => a.dtype === 'float32';

/** Whether `e` is a plain [M,K] x [K,N] float32 matmul. */
function isPlainMatmul(e: JaxprEqn): boolean {
  if (e.primitive !== 'dot_general') return false;
  const p = (e as JaxprEqn<'dot_general'>).params;
  const [x, y] = e.inputs as [Atom, Atom];
  const dn = p.dimension_numbers;
  return (
    x.aval.ndim === 2 &&
    y.aval.ndim === 2 &&
    isF32(x.aval) &&
    isF32(y.aval) &&
    (p.preferred_element_type === null || p.preferred_element_type === 'float32') &&
    dn.batch[0].length === 0 &&
    dn.batch[1].length === 0 &&
    dn.contracting[0].length === 1 &&
    dn.contracting[0][0] === 1 &&
    dn.contracting[1][0] === 0
  );
}

/**
 * Replaces matched patterns by FusedMatMul items placed where their last equation was.
 * `eligible(dot)` says whether a dot_general should become a kernel call at all (small ones run
 * on the host instead).
 */
export function fuseMatmuls(
  eqns: readonly JaxprEqn[],
  outvars: readonly Atom[],
  eligible: (dot: JaxprEqn) => boolean,
): (JaxprEqn | FusedMatMul)[] {
  const uses = useCounts(eqns, outvars);
  const consumer = new Map<Var, JaxprEqn>();
  const producer = new Map<Var, JaxprEqn>();
  for (const e of eqns) {
    for (const v of e.outBinders) producer.set(v, e);
    for (const a of e.inputs) if (!(a instanceof Literal)) consumer.set(a, e);
  }
  const singleConsumer = (v: Var): JaxprEqn | null =>
    uses.get(v) === 1 ? (consumer.get(v) ?? null) : null;
  const replacedBy = new Map<JaxprEqn, FusedMatMul | null>();
  for (const dot of eqns) {
    if (!isPlainMatmul(dot) || !eligible(dot)) continue;
    const d = dot.outBinders[0] as Var;
    const n = d.aval.shape[1] as number;
    const add = singleConsumer(d);
    if (add === null || add.primitive !== 'add') continue;
    const sum = add.outBinders[0] as Var;
    if (!shapesEqual(sum.aval.shape, d.aval.shape)) continue;
    const other = (add.inputs[0] === d ? add.inputs[1] : add.inputs[0]) as Atom;
    let bias: Atom = other;
    const absorbed: JaxprEqn[] = [];
    if (!(other instanceof Literal)) {
      const b = producer.get(other);
      const bp = b?.primitive === 'broadcast_in_dim' ? (b as JaxprEqn<'broadcast_in_dim'>) : null;
      if (
        bp !== null &&
        uses.get(other) === 1 &&
        shapesEqual(bp.inputs[0]?.aval.shape ?? [], [n]) &&
        bp.params.broadcast_dimensions[0] === 1
      ) {
        bias = bp.inputs[0] as Atom;
        absorbed.push(bp);
      }
    }
    const bs = bias.aval.shape;
    if (bias instanceof Literal || !(shapesEqual(bs, [n]) || shapesEqual(bs, [1, n]))) continue;
    let out = sum;
    let activation: FusedMatMul['activation'] = 'linear';
    const relu = singleConsumer(sum);
    if (relu !== null && relu.primitive === 'max') {
      const [p, q] = relu.inputs as [Atom, Atom];
      const zero = (a: Atom): boolean => a instanceof Literal && a.value === 0;
      if ((p === sum && zero(q)) || (q === sum && zero(p))) {
        activation = 'relu';
        out = relu.outBinders[0] as Var;
        absorbed.push(relu);
      }
    }
    const replaced = [dot, add, ...absorbed];
    const fused: FusedMatMul = {
      kind: 'fused_matmul',
      inputs: [dot.inputs[0] as Atom, dot.inputs[1] as Atom, bias],
      outBinders: [out],
      activation,
      replaced,
    };
    const last = replaced.reduce((a, b) => (eqns.indexOf(a) > eqns.indexOf(b) ? a : b));
    for (const e of replaced) replacedBy.set(e, e === last ? fused : null);
  }
  if (replacedBy.size === 0) return [...eqns];
  const out: (JaxprEqn | FusedMatMul)[] = [];
  for (const e of eqns) {
    const r = replacedBy.get(e);
    if (r === undefined) out.push(e);
    else if (r !== null) out.push(r);
  }
  return out;
}
