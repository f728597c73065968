/**
 * Batching rules of the higher-order primitives.
 *
 * - `jit`: the staged sub-program is re-staged under a batch trace of the same axis (its
 *   equations evaluated through the batching rules), giving a new program on the batched inputs
 *   that stays one `jit` equation. So `makeJaxpr(vmap(jit(f)))` shows a batched `jit`, and eager
 *   `vmap(jit(f))` runs the batched program straight on the kernels. Collectives of this axis
 *   resolve during re-staging; those of enclosing axes stay in the program. JAX: pjit's batching
 *   rule (batching.batch_jaxpr).
 * - `custom_jvp_call` / `custom_vjp_call`: the same re-staging for `call`, and the user's rules
 *   (jvp, fwd, bwd) wrapped to run under a batch trace, so the custom derivative survives vmap.
 *   Their outputs (and residuals) are batched at 0 (JAX instantiates them the same way).
 * - `custom_lin`: bound again with `bwd` batched; cotangents of unbatched operands are summed over
 *   the axis, as a cotangent of a value shared by every example must be.
 */
import type { Tensor } from '@jaxts/tensor';
import {
  bind,
  ClosedJaxpr,
  evalJaxpr,
  type HigherOrderPrimitive,
  Jaxpr,
  type Params,
  ShapedArray,
  stageToJaxpr,
} from '@jaxts/tensor/core';
import { bdimAtFront } from '../batching.ts';
import { matchOutAxis } from '../out-axes.ts';
import type { BatchAxis, BatchFamily, BatchResult, BDim } from './types.ts';

interface BatchedProgram {
  /** invars = [...new consts, ...operands]. */
  readonly program: ClosedJaxpr;
  readonly consts: readonly Tensor[];
  readonly outDims: BDim[];
}

/** Re-stages `program` on batched operands; with `front`, every output is batched at 0. */
function batchProgram(
  program: ClosedJaxpr,
  vals: readonly Tensor[],
  dims: readonly BDim[],
  axis: BatchAxis,
  front: boolean,
): BatchedProgram {
  let outDims: BDim[] = [];
  const staged = stageToJaxpr(
    (...xs: Tensor[]) => {
      const res = axis.subBatch((...ts) => evalJaxpr(program.jaxpr, program.consts, ts), xs, dims);
      if (!front) {
        outDims = res.dims;
        return res.outs;
      }
      outDims = res.outs.map(() => 0);
      return res.outs.map((o, i) => bdimAtFront(o, res.dims[i] ?? null, axis.size));
    },
    vals.map((v) => v.aval),
  );
  // As jit does: constants of the new program become its leading arguments.
  const j = staged.jaxpr;
  const hoisted =
    j.constvars.length === 0
      ? staged
      : new ClosedJaxpr(new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars), []);
  return { program: hoisted, consts: staged.consts, outDims };
}

/** Runs `f` under a batch trace and returns its outputs batched at 0. */
function batchedAtFront(
  axis: BatchAxis,
  f: (...xs: Tensor[]) => Tensor[],
  vals: readonly Tensor[],
  dims: readonly BDim[],
): Tensor[] {
  const { outs, dims: od } = axis.subBatch(f, vals, dims);
  return outs.map((o, i) => bdimAtFront(o, od[i] ?? null, axis.size));
}

/** Runs a bwd rule under a batch trace; each cotangent lands at its operand's batch dim. */
function batchedBwd(
  axis: BatchAxis,
  bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[],
  resDims: readonly BDim[],
  targetDims: readonly BDim[],
): (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[] {
  return (residuals, cts) => {
    const nr = residuals.length;
    const { outs, dims } = axis.subBatch(
      (...xs) => bwd(xs.slice(0, nr), xs.slice(nr)),
      [...residuals, ...cts],
      [...resDims, ...cts.map(() => 0)],
    );
    const ctx = { size: axis.size, axisName: axis.name, sumMatch: true, path: '' };
    return outs.map((o, i) => matchOutAxis(o, dims[i] ?? null, targetDims[i] ?? null, ctx));
  };
}

function jitRule(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  { name, jaxpr }: Params<'jit'>,
  axis: BatchAxis,
): BatchResult {
  const b = batchProgram(jaxpr, vals, dims, axis, false);
  return [bind('jit', [...b.consts, ...vals], { name, jaxpr: b.program }), b.outDims];
}

function customJvpRule(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'custom_jvp_call'>,
  axis: BatchAxis,
): BatchResult {
  const b = batchProgram(p.call, vals, dims, axis, true);
  const argDims = dims.slice(p.num_consts);
  const nOut = b.outDims.length;
  const jvp = (primals: readonly Tensor[], tangents: readonly Tensor[]): [Tensor[], Tensor[]] => {
    const n = primals.length;
    const outs = batchedAtFront(
      axis,
      (...xs) => {
        const [po, to] = p.jvp(xs.slice(0, n), xs.slice(n));
        return [...po, ...to];
      },
      [...primals, ...tangents],
      [...argDims, ...argDims],
    );
    return [outs.slice(0, nOut), outs.slice(nOut)];
  };
  const outs = bind('custom_jvp_call', [...b.consts, ...vals], {
    name: p.name,
    call: b.program,
    num_consts: b.consts.length + p.num_consts,
    jvp,
  });
  return [outs, b.outDims];
}

function customVjpRule(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'custom_vjp_call'>,
  axis: BatchAxis,
): BatchResult {
  const b = batchProgram(p.call, vals, dims, axis, true);
  const argDims = dims.slice(p.num_consts);
  const nOut = b.outDims.length;
  const fwd = (...args: Tensor[]): [Tensor[], Tensor[]] => {
    const outs = batchedAtFront(
      axis,
      (...xs) => {
        const [o, r] = p.fwd(...xs);
        return [...o, ...r];
      },
      args,
      argDims,
    );
    return [outs.slice(0, nOut), outs.slice(nOut)];
  };
  // fwd returns its residuals batched at 0, so bwd receives them there.
  const bwd = (residuals: readonly Tensor[], cts: readonly Tensor[]): Tensor[] =>
    batchedBwd(
      axis,
      p.bwd,
      residuals.map(() => 0),
      argDims,
    )(residuals, cts);
  const outs = bind('custom_vjp_call', [...b.consts, ...vals], {
    name: p.name,
    call: b.program,
    num_consts: b.consts.length + p.num_consts,
    fwd,
    bwd,
  });
  return [outs, b.outDims];
}

function customLinRule(
  vals: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'custom_lin'>,
  axis: BatchAxis,
): BatchResult {
  const resDims = dims.slice(0, p.num_res);
  const tanDims = dims.slice(p.num_res);
  const outAvals = p.out_avals.map(
    (a) => new ShapedArray([axis.size, ...a.shape], a.dtype, a.weakType),
  );
  const outs = bind('custom_lin', vals, {
    name: p.name,
    num_res: p.num_res,
    out_avals: outAvals,
    bwd: batchedBwd(axis, p.bwd, resDims, tanDims),
  });
  return [outs, outs.map(() => 0)];
}

export const higherOrderBatch = {
  jit: jitRule,
  custom_jvp_call: customJvpRule,
  custom_vjp_call: customVjpRule,
  custom_lin: customLinRule,
} satisfies BatchFamily<HigherOrderPrimitive>;
