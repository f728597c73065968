/**
 * Puts each output's batch dimension where `outAxes` asks: a move, a broadcast for unbatched
 * outputs at a numbered axis, and JAX's error for a batched output at `null`.
 * JAX: batching.matchaxis.
 */
import { lax, type Tensor } from '@jaxts/tensor';
import { broadcastAt, moveaxis } from './batching.ts';
import { MappedAxisError, MappedOutputError } from './errors.ts';
import type { BDim } from './rules/types.ts';

export interface MatchContext {
  readonly size: number;
  readonly axisName: string | null;
  /** Sum batched outputs whose out axis is null instead of raising (JAX's sum_match). */
  readonly sumMatch: boolean;
  /** Key path of the output in the out_axes tree (`[1]`, `['loss']`), for the error. */
  readonly path: string;
}

export function matchOutAxis(x: Tensor, src: BDim, dst: BDim, ctx: MatchContext): Tensor {
  if (dst === null) {
    if (src === null) return x;
    if (ctx.sumMatch) return lax.reduceSum(x, [src]);
    if (ctx.axisName !== null) {
      throw new MappedOutputError(
        `vmap has mapped output (axis_name=${ctx.axisName}) but out_axes is None (outAxes${ctx.path} ` +
          'is null). Give that output a numbered out axis, or reduce it over the axis (psum, pmean).',
      );
    }
    throw new MappedOutputError(
      `at vmap out_axes${ctx.path}, got axis spec None but output was batched on axis ${src}. ` +
        'Give that output a numbered out axis, or make it independent of the mapped arguments.',
    );
  }
  const rank = x.ndim + (src === null ? 1 : 0);
  if (dst >= rank || dst < -rank) {
    throw new MappedAxisError(
      `vmap: axis ${dst} is out of bounds for array of dimension ${rank}; expected an out_axes ` +
        `entry in [${-rank}, ${rank - 1}] for output${ctx.path} of per-example rank ${rank - 1}.`,
    );
  }
  const t = dst < 0 ? dst + rank : dst;
  return src === null ? broadcastAt(x, ctx.size, t) : moveaxis(x, src, t);
}
