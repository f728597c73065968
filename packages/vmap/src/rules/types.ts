/**
 * Types of the batching-rule table. A rule receives the operands' values with their batch
 * dimensions and returns the results with theirs. JAX: batching.primitive_batchers entries.
 */
import type { Tensor } from '@jaxts/tensor';
import type { Params, Primitive } from '@jaxts/tensor/core';

/** Where a value's mapped axis sits, or `null` when the value does not vary along it. */
export type BDim = number | null;

/** The results of a rule: values and their batch dimensions (one per output). */
export type BatchResult = readonly [Tensor[], BDim[]];

/** Runs a flat function under a fresh batch trace of the same axis (for higher-order primitives). */
export type SubBatch = (
  f: (...xs: Tensor[]) => Tensor[],
  vals: readonly Tensor[],
  dims: readonly BDim[],
) => { outs: Tensor[]; dims: BDim[] };

/** The axis a batch trace maps over, as rules see it. */
export interface BatchAxis {
  /** The `axisName` of the vmap (null when unnamed). */
  readonly name: string | null;
  /** The size of the mapped axis. */
  readonly size: number;
  /** Re-enters a batch trace of this axis: how `jit` batches its sub-program. */
  readonly subBatch: SubBatch;
}

/**
 * A batching rule. At least one operand is batched, except for collectives and higher-order
 * primitives, whose rules also run on unbatched operands (psum of an unmapped value multiplies by
 * the axis size). Rules bind primitives on the values (lower-level tracers or arrays), so they
 * are traceable by the transformations below this one.
 */
export type BatchRule<P extends Primitive> = (
  vals: readonly Tensor[],
  dims: readonly BDim[],
  params: Params<P>,
  axis: BatchAxis,
) => BatchResult;

/** The full table: a missing primitive is a compile error. */
export type BatchRules = { [P in Primitive]: BatchRule<P> };

/** The rules of one family of primitives. */
export type BatchFamily<F extends Primitive> = { [P in F]: BatchRule<P> };
