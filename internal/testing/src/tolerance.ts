// Default test tolerances per dtype, copied from jax/_src/public_test_util.py
// (default_tolerance, default_gradient_tolerance, EPS) for jax 0.10.2.

/** dtypes that have a JAX default tolerance. */
export type ToleranceDtype =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bfloat16'
  | 'float16'
  | 'float32'
  | 'float64'
  | 'complex64'
  | 'complex128';

/** Value tolerances (`public_test_util.default_tolerance`): exact for ints and bools. */
export const defaultTolerance: Readonly<Record<ToleranceDtype, number>> = {
  bool: 0,
  int8: 0,
  int16: 0,
  int32: 0,
  int64: 0,
  uint8: 0,
  uint16: 0,
  uint32: 0,
  uint64: 0,
  bfloat16: 1e-2,
  float16: 1e-3,
  float32: 1e-6,
  float64: 1e-15,
  complex64: 1e-6,
  complex128: 1e-15,
};

/** Float dtypes that have a gradient tolerance. */
export type GradientToleranceDtype =
  | 'bfloat16'
  | 'float16'
  | 'float32'
  | 'float64'
  | 'complex64'
  | 'complex128';

/** Tolerances for gradients checked against finite differences (`default_gradient_tolerance`). */
export const defaultGradientTolerance: Readonly<Record<GradientToleranceDtype, number>> = {
  bfloat16: 1e-1,
  float16: 1e-2,
  float32: 2e-3,
  float64: 1e-5,
  complex64: 1e-3,
  complex128: 1e-5,
};

/** JAX's finite-difference step for check_jvp / check_vjp (`public_test_util.EPS`). */
export const EPS = 1e-4;

/**
 * The tolerance to use for `dtype` (`public_test_util.tolerance`): `tol` itself when it is a
 * number, the entry of a per-dtype override table, or the JAX default.
 */
export function tolerance(
  dtype: ToleranceDtype,
  tol?: number | Partial<Readonly<Record<ToleranceDtype, number>>>,
): number {
  if (typeof tol === 'number') return tol;
  return tol?.[dtype] ?? defaultTolerance[dtype];
}

/** The gradient tolerance for a float dtype, with an optional override. */
export function gradientTolerance(
  dtype: GradientToleranceDtype,
  tol?: number | Partial<Readonly<Record<GradientToleranceDtype, number>>>,
): number {
  if (typeof tol === 'number') return tol;
  return tol?.[dtype] ?? defaultGradientTolerance[dtype];
}
