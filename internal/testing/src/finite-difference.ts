// Finite differences over plain Float64Arrays: the numerical side of JAX's check_jvp /
// check_vjp (jax/_src/public_test_util.py: numerical_jvp, EPS). Tensor-aware checks build on this.

import { EPS } from './tolerance.ts';

/** A function of flat float vectors returning a scalar or a flat vector. */
export type VectorFunction = (x: Float64Array) => number | Float64Array;

/** A function of several flat float vectors (one per primal argument). */
export type MultiVectorFunction = (...xs: Float64Array[]) => number | Float64Array;

function axpy(x: Float64Array, alpha: number, d: Float64Array): Float64Array {
  if (x.length !== d.length) {
    throw new RangeError(
      `finite differences: direction has the wrong length; expected ${x.length}, got ${d.length}.`,
    );
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) + alpha * (d[i] as number);
  return out;
}

// JAX's _safe_subtract: inf - inf counts as 0, so equal infinite outputs have zero derivative.
function safeSub(a: number, b: number): number {
  return a === b ? 0 : a - b;
}

function difference(
  pos: number | Float64Array,
  neg: number | Float64Array,
  scale: number,
): number | Float64Array {
  if (typeof pos === 'number' && typeof neg === 'number') return safeSub(pos, neg) * scale;
  if (typeof pos === 'number' || typeof neg === 'number' || pos.length !== neg.length) {
    throw new RangeError(
      'finite differences: f returned outputs of different shapes at x + eps*d and x - eps*d.',
    );
  }
  const out = new Float64Array(pos.length);
  for (let i = 0; i < pos.length; i++) out[i] = safeSub(pos[i] as number, neg[i] as number) * scale;
  return out;
}

/**
 * The directional derivative of `f` at `x` along `direction` by central differences:
 * `(f(x + eps*d) - f(x - eps*d)) / (2*eps)`.
 */
export function centralDifference(
  f: VectorFunction,
  x: Float64Array,
  direction: Float64Array,
  eps = 1e-3,
): number | Float64Array {
  return difference(f(axpy(x, eps, direction)), f(axpy(x, -eps, direction)), 0.5 / eps);
}

/**
 * JAX's `numerical_jvp` for functions of several arguments: the tangent output for `tangents`
 * (one per primal), by central differences with step `eps` (default JAX's EPS = 1e-4).
 */
export function numericalJvp(
  f: MultiVectorFunction,
  primals: readonly Float64Array[],
  tangents: readonly Float64Array[],
  eps = EPS,
): number | Float64Array {
  if (primals.length !== tangents.length) {
    throw new RangeError(
      `numericalJvp: need one tangent per primal; expected ${primals.length}, got ${tangents.length}.`,
    );
  }
  const pos = primals.map((x, i) => axpy(x, eps, tangents[i] as Float64Array));
  const neg = primals.map((x, i) => axpy(x, -eps, tangents[i] as Float64Array));
  return difference(f(...pos), f(...neg), 0.5 / eps);
}

/** The gradient of a scalar function, one central difference per coordinate. */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  eps = 1e-3,
): Float64Array {
  const grad = new Float64Array(x.length);
  const unit = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    unit[i] = 1;
    grad[i] = centralDifference(f, x, unit, eps) as number;
    unit[i] = 0;
  }
  return grad;
}

/**
 * The Jacobian of a vector function as rows (`jac[i][j] = d f_i / d x_j`), one central
 * difference per input coordinate.
 */
export function numericalJacobian(f: VectorFunction, x: Float64Array, eps = 1e-3): Float64Array[] {
  const columns: Float64Array[] = [];
  const unit = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    unit[j] = 1;
    const column = centralDifference(f, x, unit, eps);
    columns.push(typeof column === 'number' ? Float64Array.of(column) : column);
    unit[j] = 0;
  }
  const rows = columns[0]?.length ?? 0;
  return Array.from({ length: rows }, (_, i) =>
    Float64Array.from(columns, (column) => column[i] as number),
  );
}

/** `<a, b>`: the inner product used by the transpose check `<vjp(ct), t> = <ct, jvp(t)>`. */
export function innerProduct(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new RangeError(`innerProduct: lengths differ; expected ${a.length}, got ${b.length}.`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
