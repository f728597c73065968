/** Option types shared by numpy functions (keyword arguments in JAX). */

/** An axis argument: one axis, several, negative allowed. */
export type Axis = number | readonly number[];

export interface ReduceOptions {
  /** Axes to reduce; `null`/omitted reduces all axes. */
  readonly axis?: Axis | null;
  readonly keepdims?: boolean;
}

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: the divisor is N - ddof. */
  readonly ddof?: number;
}

export interface ArgOptions {
  /** Axis to search; `null`/omitted searches the flattened array. */
  readonly axis?: number | null;
  readonly keepdims?: boolean;
}
