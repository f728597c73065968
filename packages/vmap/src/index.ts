/**
 * @jaxts/vmap: the vectorizing map (jax.vmap) with inAxes, outAxes, axisName and axisSize; the
 * batching interpreter and its exhaustive rule table; and the collectives that work under a named
 * vmap axis (re-exported from @jaxts/tensor's lax, where they are defined).
 */

export { BatchTrace, BatchTracer, batchFlat, jaxprUsesAxis } from './batch-trace.ts';
export { bdimAtFront, broadcastAt, moveaxis } from './batching.ts';
export {
  AxesSpecError,
  AxisSizeError,
  InvalidLeafError,
  MappedAxisError,
  MappedOutputError,
} from './errors.ts';
export type {
  BatchAxis,
  BatchFamily,
  BatchResult,
  BatchRule,
  BatchRules,
  BDim,
  SubBatch,
} from './rules/index.ts';
export { batchRules } from './rules/index.ts';
export type { AxesSpec, AxisSpec, InAxes } from './spec.ts';
export type { Mapped, VmapFlatOptions, VmapOptions } from './vmap.ts';
export { vmap, vmapFlat } from './vmap.ts';

import { lax } from '@jaxts/tensor';

/** Sum over a named mapped axis (or axes). JAX: jax.lax.psum. */
export const psum: typeof lax.psum = lax.psum;
/** Mean over a named mapped axis. JAX: jax.lax.pmean. */
export const pmean: typeof lax.pmean = lax.pmean;
/** Maximum over a named mapped axis. JAX: jax.lax.pmax. */
export const pmax: typeof lax.pmax = lax.pmax;
/** Minimum over a named mapped axis. JAX: jax.lax.pmin. */
export const pmin: typeof lax.pmin = lax.pmin;
/** The values at every index of a named axis, stacked (or tiled). JAX: jax.lax.all_gather. */
export const allGather: typeof lax.allGather = lax.allGather;
/** The index along a named mapped axis (int32). JAX: jax.lax.axis_index. */
export const axisIndex: typeof lax.axisIndex = lax.axisIndex;
/** Sends index src's value to index dst for each (src, dst) pair. JAX: jax.lax.ppermute. */
export const ppermute: typeof lax.ppermute = lax.ppermute;
