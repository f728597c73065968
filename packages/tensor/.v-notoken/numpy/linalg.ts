/**
 * jax.numpy linear algebra: matmul, dot, vdot, tensordot, einsum, outer, inner and linalg.norm.
 * Every contraction is one lax.dot_general (plus free reshapes/transposes), as in JAX.
 */
import { bind1 } from '../core/bind.ts';
import { type DType, promoteTypes } from '../dtype.ts';
import { AxisError, InvalidArgumentError, ShapeError } from '../errors.ts';
import { dotGeneral } from '../lax/linalg.ts';
import {
  broadcastInDim,
  reshape as laxReshape,
  slice as laxSlice,
  squeeze as laxSqueeze,
  transpose as laxTranspose,
} from '../lax/structure.ts';
import { normalizeAxis, shortType } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { composite } from './composite.ts';
import { asTensor, type TensorLike } from './convert.ts';
import { abs, astype, notEqual, power, sqrt } from './elementwise.ts';
import { max, min, sum } from './reduction.ts';

const str = (t: Tensor): string => t.aval.strShort();

/** Converts operands to their common dtype (jnp's promote_dtypes, weak types included). */
function promote(api: string, xs: readonly TensorLike[]): Tensor[] {
  const ts = xs.map((x) => asTensor(x, api));
  const { dtype, weakType } = promoteTypes(ts);
  return ts.map((t) =>
    t.dtype === dtype && t.weakType === weakType
      ? t
      : bind1('convert_element_type', [t], { new_dtype: dtype, weak_type: weakType }),
  );
}

const mul = (a: Tensor, b: Tensor): Tensor => bind1('mul', [a, b], {});

/** dot_general with jnp's preferred_element_type (the promoted dtype), as JAX's jaxprs show. */
function contract(
  x: Tensor,
  y: Tensor,
  contracting: readonly [number[], number[]],
  batch: readonly [number[], number[]] = [[], []],
): Tensor {
  return dotGeneral(x, y, [contracting, batch], { preferredElementType: x.dtype });
}

/**
 * jnp.matmul: NumPy's `@`. 1-D operands get a unit dim prepended (lhs) or appended (rhs) that is
 * removed again; leading batch dims broadcast. Like JAX, size-1 batch dims are squeezed into free
 * dims instead of being materialized, so the whole product is one dot_general.
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote('matmul', [a, b]) as [Tensor, Tensor];
  for (const [i, t] of [x, y].entries()) {
    if (t.ndim === 0) {
      throw new ShapeError(
        `matmul: input operand ${i} must have ndim at least 1; got ${str(t)}. Use jnp.multiply ` +
          'for scalars.',
      );
    }
  }
  const aIsMat = x.ndim > 1;
  const bIsMat = y.ndim > 1;
  const ak = x.shape[x.ndim - 1] as number;
  const bk = y.shape[bIsMat ? y.ndim - 2 : 0] as number;
  if (ak !== bk) {
    throw new ShapeError(
      `matmul: contracting dimensions must match; got ${str(x)} @ ${str(y)} (${ak} != ${bk}). ` +
        'The last dim of the first operand must equal the second-to-last dim of the second.',
    );
  }
  const aBatch: (number | null)[] = aIsMat ? x.shape.slice(0, -2) : [];
  const bBatch: (number | null)[] = bIsMat ? y.shape.slice(0, -2) : [];
  const nb = Math.max(aBatch.length, bBatch.length);
  while (aBatch.length < nb) aBatch.unshift(null);
  while (bBatch.length < nb) bBatch.unshift(null);
  const aSqueeze: number[] = [];
  const bSqueeze: number[] = [];
  const aBatchDims: number[] = [];
  const bBatchDims: number[] = [];
  const idxBatch: number[] = [];
  const idxA: number[] = [];
  const idxB: number[] = [];
  for (let i = 0; i < nb; i++) {
    const ba = aBatch[i] ?? null;
    const bb = bBatch[i] ?? null;
    if (ba === null) idxB.push(i);
    else if (bb === null) idxA.push(i);
    else if (ba === 1) {
      idxB.push(i);
      aSqueeze.push(idxBatch.length + idxA.length + aSqueeze.length);
    } else if (bb === 1) {
      idxA.push(i);
      bSqueeze.push(idxBatch.length + idxB.length + bSqueeze.length);
    } else if (ba === bb) {
      aBatchDims.push(idxBatch.length + idxA.length);
      bBatchDims.push(idxBatch.length + idxB.length);
      idxBatch.push(i);
    } else {
      throw new ShapeError(
        `matmul: batch dimensions must broadcast; got ${str(x)} @ ${str(y)} (batch sizes ${ba} ` +
          `and ${bb} at batch dim ${i}).`,
      );
    }
  }
  if (aIsMat) idxA.push(nb);
  if (bIsMat) idxB.push(nb + (aIsMat ? 1 : 0));
  const order = [...idxBatch, ...idxA, ...idxB];
  const perm = order.map((_, i) => i).sort((p, q) => (order[p] as number) - (order[q] as number));
  return composite(() => {
    const xs = laxSqueeze(x, aSqueeze);
    const ys = laxSqueeze(y, bSqueeze);
    const out = contract(
      xs,
      ys,
      [[xs.ndim - 1], [ys.ndim - 1 - (bIsMat ? 1 : 0)]],
      [aBatchDims, bBatchDims],
    );
    return laxTranspose(out, perm);
  });
}

/**
 * jnp.dot: scalars multiply; otherwise contracts the last dim of `a` with the second-to-last of
 * `b` (the only dim of a 1-D `b`). N-D·M-D has shape a.shape[:-1] + b.shape[:-2] + b.shape[-1:].
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote('dot', [a, b]) as [Tensor, Tensor];
  if (x.ndim === 0 || y.ndim === 0) return contract(x, y, [[], []]);
  const yc = y.ndim >= 2 ? y.ndim - 2 : 0;
  const xk = x.shape[x.ndim - 1] as number;
  const yk = y.shape[yc] as number;
  if (xk !== yk) {
    throw new ShapeError(
      `dot: shapes ${str(x)} and ${str(y)} are not aligned; expected dim ${x.ndim - 1} of the ` +
        `first (${xk}) to equal dim ${yc} of the second (${yk}).`,
    );
  }
  return contract(x, y, [[x.ndim - 1], [yc]]);
}

/** jnp.vdot: the dot product of the flattened operands. */
export function vdot(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote('vdot', [a, b]) as [Tensor, Tensor];
  if (x.size !== y.size) {
    throw new ShapeError(
      `vdot: operands must have the same number of elements; got ${str(x)} and ${str(y)}.`,
    );
  }
  return composite(() => dot(laxReshape(x, [x.size]), laxReshape(y, [y.size])));
}

/** jnp.inner: contracts the last dims of `a` and `b` (scalars multiply). */
export function inner(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote('inner', [a, b]) as [Tensor, Tensor];
  if (x.ndim === 0 || y.ndim === 0) return mul(x, y);
  const xk = x.shape[x.ndim - 1] as number;
  const yk = y.shape[y.ndim - 1] as number;
  if (xk !== yk) {
    throw new ShapeError(
      `inner: the last dimensions must match; got ${str(x)} and ${str(y)} (${xk} != ${yk}).`,
    );
  }
  return contract(x, y, [[x.ndim - 1], [y.ndim - 1]]);
}

/** jnp.outer: `ravel(a)[:, None] * ravel(b)[None, :]`. */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote('outer', [a, b]) as [Tensor, Tensor];
  return composite(() => {
    const xf = laxReshape(x, [x.size]);
    const yf = laxReshape(y, [y.size]);
    return mul(broadcastInDim(xf, [x.size, 1], [0]), broadcastInDim(yf, [1, y.size], [1]));
  });
}

/** Axes argument of tensordot: a count, one axis per operand, or a list per operand. */
export type TensordotAxes =
  | number
  | readonly [number, number]
  | readonly [readonly number[], readonly number[]];

/**
 * jnp.tensordot: `axes = n` contracts the last n dims of `a` with the first n of `b`; a pair of
 * lists names the contracted dims of each. Result: a's free dims, then b's.
 */
export function tensordot(a: TensorLike, b: TensorLike, axes: TensordotAxes = 2): Tensor {
  const [x, y] = promote('tensordot', [a, b]) as [Tensor, Tensor];
  let ax: number[];
  let bx: number[];
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim) {
      throw new AxisError(
        `tensordot: axes must be a non-negative integer no larger than either rank; got ${axes} ` +
          `for ${str(x)} and ${str(y)}.`,
      );
    }
    ax = Array.from({ length: axes }, (_, i) => x.ndim - axes + i);
    bx = Array.from({ length: axes }, (_, i) => i);
  } else if (Array.isArray(axes) && axes.length === 2) {
    const [p, q] = axes as readonly [number | readonly number[], number | readonly number[]];
    const pa = typeof p === 'number' ? [p] : [...p];
    const qa = typeof q === 'number' ? [q] : [...q];
    if (pa.length !== qa.length) {
      throw new AxisError(
        `tensordot: the two axis lists must have the same length; got ${JSON.stringify(axes)}.`,
      );
    }
    ax = pa.map((d) => normalizeAxis('tensordot', d, x.ndim));
    bx = qa.map((d) => normalizeAxis('tensordot', d, y.ndim));
  } else {
    throw new InvalidArgumentError(
      `tensordot: axes must be an integer or a pair of axis lists; got ${JSON.stringify(axes)}.`,
    );
  }
  ax.forEach((d, i) => {
    const e = bx[i] as number;
    if (x.shape[d] !== y.shape[e]) {
      throw new ShapeError(
        `tensordot: contracted dimensions must have the same size; got ${str(x)} and ${str(y)} ` +
          `with axes [${ax.join(',')}] and [${bx.join(',')}].`,
      );
    }
  });
  return contract(x, y, [ax, bx]);
}

// ---------------------------------------------------------------------------------------------
// einsum
// ---------------------------------------------------------------------------------------------

/** Label ids: letters are their char codes; ellipsis dim k (of the widest ellipsis) is 1000 + k. */
const ELLIPSIS = 1000;

const labelName = (l: number): string =>
  l >= ELLIPSIS ? `...[${l - ELLIPSIS}]` : String.fromCharCode(l);

interface Term {
  readonly letters: number[];
  /** Position of '...' among the letters, or -1. */
  readonly ellipsisAt: number;
}

function parseTerm(term: string, subscripts: string): Term {
  const letters: number[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('...', i)) {
      if (ellipsisAt !== -1) {
        throw new InvalidArgumentError(
          `einsum: each term may contain '...' at most once; got ${JSON.stringify(subscripts)}.`,
        );
      }
      ellipsisAt = letters.length;
      i += 2;
      continue;
    }
    const c = term.charCodeAt(i);
    const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!isLetter) {
      throw new InvalidArgumentError(
        `einsum: subscripts must be letters, ',', '->' or '...'; got ${JSON.stringify(term[i])} ` +
          `in ${JSON.stringify(subscripts)}.`,
      );
    }
    letters.push(c);
  }
  return { letters, ellipsisAt };
}

function expand(term: Term, nEllipsis: number, width: number): number[] {
  if (term.ellipsisAt === -1) return term.letters;
  const ell = Array.from({ length: nEllipsis }, (_, k) => ELLIPSIS + width - nEllipsis + k);
  return [
    ...term.letters.slice(0, term.ellipsisAt),
    ...ell,
    ...term.letters.slice(term.ellipsisAt),
  ];
}

interface Operand {
  t: Tensor;
  labels: number[];
}

/** Extracts the diagonal over every label repeated within one operand (jnp.einsum 'ii->i'). */
function takeDiagonals(op: Operand): Operand {
  let { t, labels } = op;
  for (;;) {
    const rep = labels.find((l, i) => labels.indexOf(l) !== i);
    if (rep === undefined) return { t, labels };
    const axes = labels.map((l, i) => (l === rep ? i : -1)).filter((i) => i >= 0);
    const rest = labels.map((_, i) => i).filter((i) => !axes.includes(i));
    const n = t.shape[axes[0] as number] as number;
    const c = axes.length;
    t = laxTranspose(t, [...rest, ...axes]);
    const restShape = t.shape.slice(0, rest.length);
    // The diagonal of c axes of size n is a strided slice of their flattening: the stride
    // 1 + n + ... + n^(c-1) steps from (i, i, ..., i) to (i+1, i+1, ..., i+1).
    const flat = n ** c;
    t = laxReshape(t, [...restShape, flat]);
    if (n > 1) {
      const step = (flat - 1) / (n - 1);
      t = laxSlice(
        t,
        t.shape.map(() => 0),
        t.shape,
        [...restShape.map(() => 1), step],
      );
    }
    labels = [...rest.map((i) => labels[i] as number), rep];
  }
}

function sumOut(op: Operand, drop: (l: number) => boolean): Operand {
  const axes = op.labels.map((l, i) => (drop(l) ? i : -1)).filter((i) => i >= 0);
  if (axes.length === 0) return op;
  return {
    t: bind1('reduce_sum', [op.t], { axes }),
    labels: op.labels.filter((l) => !drop(l)),
  };
}

/**
 * jnp.einsum: Einstein summation. Supports explicit ('ij,jk->ik') and implicit ('ij,jk') output,
 * '...' broadcasting, repeated indices within an operand (diagonals, traces) and any number of
 * operands, contracted left to right, each pair with one dot_general.
 */
export function einsum(subscripts: string, ...operands: TensorLike[]): Tensor {
  if (typeof subscripts !== 'string') {
    throw new InvalidArgumentError(
      `einsum: the first argument must be a subscripts string such as 'ij,jk->ik'; got ${typeof subscripts}.`,
    );
  }
  const spec = subscripts.replace(/\s+/g, '');
  const arrow = spec.indexOf('->');
  const lhs = arrow === -1 ? spec : spec.slice(0, arrow);
  const rhs = arrow === -1 ? null : spec.slice(arrow + 2);
  const terms = lhs.split(',').map((s) => parseTerm(s, subscripts));
  if (terms.length !== operands.length) {
    throw new InvalidArgumentError(
      `einsum: subscripts name ${terms.length} operand(s) but ${operands.length} were given; ` +
        `got ${JSON.stringify(subscripts)}.`,
    );
  }
  const ts = promote('einsum', operands);
  const nEll = terms.map((term, i) => {
    const t = ts[i] as Tensor;
    const extra = t.ndim - term.letters.length;
    if (term.ellipsisAt === -1 ? extra !== 0 : extra < 0) {
      throw new ShapeError(
        `einsum: operand ${i} has ${t.ndim} dimensions but its subscripts ` +
          `${JSON.stringify(lhs.split(',')[i])} name ${term.letters.length}; got ${str(t)}.`,
      );
    }
    return term.ellipsisAt === -1 ? 0 : extra;
  });
  const width = Math.max(0, ...nEll);
  let ops: Operand[] = terms.map((term, i) => ({
    t: ts[i] as Tensor,
    labels: expand(term, nEll[i] as number, width),
  }));
  // Label sizes; size 1 broadcasts against any size (as opt_einsum allows).
  const sizes = new Map<number, number>();
  ops.forEach((op, i) => {
    op.labels.forEach((l, d) => {
      const s = op.t.shape[d] as number;
      const prev = sizes.get(l);
      if (prev === undefined || prev === 1) sizes.set(l, s);
      else if (s !== 1 && s !== prev) {
        throw new ShapeError(
          `einsum: size of label '${labelName(l)}' for operand ${i} (${s}) does not match ` +
            `previous terms (${prev}); got ${ops.map((o) => str(o.t)).join(', ')} for ` +
            `${JSON.stringify(subscripts)}.`,
        );
      }
    });
  });
  let output: number[];
  if (rhs === null) {
    const counts = new Map<number, number>();
    for (const op of ops) for (const l of op.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const ell = Array.from({ length: width }, (_, k) => ELLIPSIS + k);
    const letters = [...counts.entries()]
      .filter(([l, c]) => c === 1 && l < ELLIPSIS)
      .map(([l]) => l)
      .sort((p, q) => p - q);
    output = [...ell, ...letters];
  } else {
    const outTerm = parseTerm(rhs, subscripts);
    output = expand(outTerm, width, width);
    for (const [k, l] of output.entries()) {
      if (output.indexOf(l) !== k) {
        throw new InvalidArgumentError(
          `einsum: output subscript '${labelName(l)}' appears more than once in ${JSON.stringify(subscripts)}.`,
        );
      }
      if (!sizes.has(l)) {
        throw new InvalidArgumentError(
          `einsum: output subscript '${labelName(l)}' does not appear in any input of ` +
            `${JSON.stringify(subscripts)}.`,
        );
      }
    }
  }
  return composite(() => {
    // Per operand: diagonals, drop broadcast size-1 dims, sum labels nobody else needs.
    ops = ops.map((op) => {
      let o = takeDiagonals(op);
      const unit = o.labels
        .map((l, d) => (o.t.shape[d] === 1 && (sizes.get(l) as number) > 1 ? d : -1))
        .filter((d) => d >= 0);
      if (unit.length > 0) {
        o = { t: laxSqueeze(o.t, unit), labels: o.labels.filter((_, d) => !unit.includes(d)) };
      }
      return o;
    });
    ops = ops.map((op, i) =>
      sumOut(
        op,
        (l) => !output.includes(l) && !ops.some((other, j) => j !== i && other.labels.includes(l)),
      ),
    );
    let acc = ops[0] as Operand;
    for (let i = 1; i < ops.length; i++) {
      const rhsOp = ops[i] as Operand;
      const needed = new Set<number>([...output, ...ops.slice(i + 1).flatMap((o) => o.labels)]);
      const shared = acc.labels.filter((l) => rhsOp.labels.includes(l));
      const batch = shared.filter((l) => needed.has(l));
      const contracted = shared.filter((l) => !needed.has(l));
      const idx = (op: Operand, ls: number[]): number[] => ls.map((l) => op.labels.indexOf(l));
      const t = contract(
        acc.t,
        rhsOp.t,
        [idx(acc, contracted), idx(rhsOp, contracted)],
        [idx(acc, batch), idx(rhsOp, batch)],
      );
      const free = (op: Operand): number[] => op.labels.filter((l) => !shared.includes(l));
      acc = { t, labels: [...batch, ...free(acc), ...free(rhsOp)] };
      // Labels no later operand or the output needs (only possible via broadcasting).
      acc = sumOut(acc, (l) => !needed.has(l));
    }
    const missing = output.filter((l) => !acc.labels.includes(l));
    if (missing.length > 0) {
      // Only size-1 labels can be missing (every operand had them broadcast away).
      acc = {
        t: laxReshape(acc.t, [...acc.t.shape, ...missing.map(() => 1)]),
        labels: [...acc.labels, ...missing],
      };
    }
    return laxTranspose(
      acc.t,
      output.map((l) => acc.labels.indexOf(l)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// linalg.norm
// ---------------------------------------------------------------------------------------------

export type NormOrd = number | 'fro' | 'nuc' | null;

export interface NormOptions {
  /** Vector: null/2, 1, Infinity, -Infinity, 0 or any p; matrix: null/'fro', 1, -1, Infinity, -Infinity. */
  readonly ord?: NormOrd;
  /** One axis (vector norm), two axes (matrix norm) or null (all axes). */
  readonly axis?: number | readonly number[] | null;
  readonly keepdims?: boolean;
}

function toFloat(x: Tensor): Tensor {
  if (x.dtype === 'float32') return x;
  return bind1('convert_element_type', [x], {
    new_dtype: 'float32' as DType,
    weak_type: x.weakType,
  });
}

function vectorNorm(x: Tensor, ord: NormOrd, axis: number[], keepdims: boolean): Tensor {
  const opts = { axis, keepdims };
  if (ord === null || ord === 2) return sqrt(sum(mul(x, x), opts));
  if (ord === Number.POSITIVE_INFINITY) return max(abs(x), opts);
  if (ord === Number.NEGATIVE_INFINITY) return min(abs(x), opts);
  if (ord === 0) return sum(astype(notEqual(x, 0), x.dtype), opts);
  if (ord === 1) return sum(abs(x), opts);
  if (typeof ord === 'string') {
    throw new InvalidArgumentError(
      `linalg.norm: invalid order '${ord}' for a vector norm; expected a number or null.`,
    );
  }
  return power(sum(power(abs(x), ord), opts), 1 / ord);
}

function matrixNorm(x: Tensor, ord: NormOrd, axes: [number, number], keepdims: boolean): Tensor {
  let [row, col] = axes;
  if (ord === null || ord === 'fro') return sqrt(sum(mul(x, x), { axis: axes, keepdims }));
  if (ord === 1 || ord === -1) {
    if (!keepdims && col > row) col -= 1;
    const s = sum(abs(x), { axis: row, keepdims });
    return ord === 1 ? max(s, { axis: col, keepdims }) : min(s, { axis: col, keepdims });
  }
  if (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY) {
    if (!keepdims && row > col) row -= 1;
    const s = sum(abs(x), { axis: col, keepdims });
    return ord > 0 ? max(s, { axis: row, keepdims }) : min(s, { axis: row, keepdims });
  }
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    throw new InvalidArgumentError(
      `linalg.norm: ord=${JSON.stringify(ord)} matrix norms need a singular value decomposition, ` +
        "which jaxts does not have; supported matrix orders are null/'fro', 1, -1, Infinity and -Infinity.",
    );
  }
  throw new InvalidArgumentError(
    `linalg.norm: invalid order '${String(ord)}' for a matrix norm; expected null, 'fro', 1, -1, ` +
      'Infinity or -Infinity.',
  );
}

/** jnp.linalg.norm: vector norms over one axis, matrix norms over two, Frobenius by default. */
export function norm(x: TensorLike, opts: NormOptions = {}): Tensor {
  const t = toFloat(asTensor(x, 'linalg.norm'));
  const ord = opts.ord ?? null;
  const keepdims = opts.keepdims ?? false;
  const axisOpt = opts.axis ?? null;
  return composite(() => {
    if (axisOpt === null && ord === null) {
      // NumPy's undocumented rule: any rank, flattened 2-norm.
      return sqrt(sum(mul(t, t), { keepdims }));
    }
    const axes =
      axisOpt === null
        ? t.shape.map((_, i) => i)
        : (typeof axisOpt === 'number' ? [axisOpt] : [...axisOpt]).map((a) =>
            normalizeAxis('linalg.norm', a, t.ndim),
          );
    if (axes.length === 1) return vectorNorm(t, ord, axes, keepdims);
    if (axes.length === 2) {
      if (axes[0] === axes[1]) {
        throw new AxisError(`linalg.norm: duplicate axes given; got [${axes.join(',')}].`);
      }
      return matrixNorm(t, ord, axes as [number, number], keepdims);
    }
    throw new AxisError(
      `linalg.norm: improper number of axes for norm; expected one axis (vector norm) or two ` +
        `(matrix norm), got [${axes.join(',')}] for ${shortType(t.dtype, t.shape)}.`,
    );
  });
}

/** The jnp.linalg namespace (the subset jaxts has). */
export const linalg = { norm } as const;
