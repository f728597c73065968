/**
 * Batching rules of dot_general, conv_general_dilated and reduce_window_*. A batched matmul is
 * one dot_general: the mapped axis joins the batch dimensions when both sides are mapped, and is
 * a free dimension when only one is. Convolutions fold the mapped axis into the batch (lhs) or
 * output-feature (rhs) dimension, or into feature groups (both). JAX: _dot_general_batch_rule,
 * _conv_general_dilated_batch_rule, _reduce_window_batch_rule.
 */
import { lax, type Tensor } from '@jaxts/tensor';
import {
  abstractEval,
  bind1,
  type LinalgPrimitive,
  type Params,
  ShapedArray,
  type WindowParams,
} from '@jaxts/tensor/core';
import { dropAxis, pair, valueAxis } from '../batching.ts';
import type { BatchFamily, BatchResult, BDim } from './types.ts';

function dotGeneral(
  [l, r]: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'dot_general'>,
): BatchResult {
  const [dl, dr] = pair(dims);
  const lhs = l as Tensor;
  const rhs = r as Tensor;
  const [lc, rc] = p.dimension_numbers.contracting;
  const [lb, rb] = p.dimension_numbers.batch;
  const shiftL = (a: number) => valueAxis(a, dl);
  const shiftR = (a: number) => valueAxis(a, dr);
  const contracting = [lc.map(shiftL), rc.map(shiftR)] as const;
  if (dl !== null && dr !== null) {
    const batch = [
      [dl, ...lb.map(shiftL)],
      [dr, ...rb.map(shiftR)],
    ] as const;
    const out = bind1('dot_general', [lhs, rhs], {
      ...p,
      dimension_numbers: { contracting, batch },
    });
    return [[out], [0]];
  }
  const batch = [lb.map(shiftL), rb.map(shiftR)] as const;
  const out = bind1('dot_general', [lhs, rhs], { ...p, dimension_numbers: { contracting, batch } });
  // The output is [batch dims, lhs free dims, rhs free dims]; find the mapped free dim.
  const free = (ndim: number, b: readonly number[], c: readonly number[]) =>
    Array.from({ length: ndim }, (_, i) => i).filter((i) => !b.includes(i) && !c.includes(i));
  const lFree = free(lhs.ndim, batch[0], contracting[0]);
  if (dl !== null) return [[out], [lb.length + lFree.indexOf(dl)]];
  const rFree = free(rhs.ndim, batch[1], contracting[1]);
  return [[out], [lb.length + lFree.length + rFree.indexOf(dr as number)]];
}

/**
 * Moves axis `src` next to `dst` (numbered after removing src) and merges them, src major.
 * JAX: convolution._reshape_axis_into.
 */
function reshapeAxisInto(src: number, dst: number, x: Tensor): Tensor {
  const perm: number[] = [];
  for (let i = 0; i < x.ndim; i++) if (i !== src) perm.push(i);
  perm.splice(dst, 0, src);
  const shape = dropAxis(x.shape, src);
  shape[dst] = (shape[dst] as number) * (x.shape[src] as number);
  return lax.reshape(x, shape, { dimensions: perm });
}

/** Splits axis `src` into [size1, rest]. JAX: convolution._reshape_axis_out_of. */
function reshapeAxisOutOf(src: number, size1: number, x: Tensor): Tensor {
  const shape = [...x.shape];
  const n = shape[src] as number;
  shape.splice(src, 1, size1, n / size1);
  return lax.reshape(x, shape);
}

function conv(
  [l, r]: readonly Tensor[],
  dims: readonly BDim[],
  p: Params<'conv_general_dilated'>,
): BatchResult {
  const [dl, dr] = pair(dims);
  const lhs = l as Tensor;
  const rhs = r as Tensor;
  const { lhsSpec, rhsSpec, outSpec } = p.dimension_numbers;
  const ls0 = lhsSpec[0] as number;
  const ls1 = lhsSpec[1] as number;
  const rs0 = rhsSpec[0] as number;
  const os0 = outSpec[0] as number;
  const os1 = outSpec[1] as number;
  const size = dl !== null ? (lhs.shape[dl] as number) : (rhs.shape[dr as number] as number);
  const run = (x: Tensor, w: Tensor, fg: number, bg: number) =>
    bind1('conv_general_dilated', [x, w], { ...p, feature_group_count: fg, batch_group_count: bg });
  const fg = p.feature_group_count;
  const bg = p.batch_group_count;
  if (size === 0) {
    // Folding a size-0 axis into another loses that axis' size: compute the empty result directly.
    const la =
      dl === null ? lhs.aval : new ShapedArray(dropAxis(lhs.shape, dl), lhs.dtype, lhs.weakType);
    const ra =
      dr === null ? rhs.aval : new ShapedArray(dropAxis(rhs.shape, dr), rhs.dtype, rhs.weakType);
    const [out] = abstractEval('conv_general_dilated', [la, ra], p) as [ShapedArray];
    const zero = lax.convertElementType(0, out.dtype);
    return [[lax.broadcastInDim(zero, [0, ...out.shape], [])], [0]];
  }
  if (dl !== null && dr !== null) {
    let x: Tensor;
    let nfg = fg;
    let nbg = bg;
    if (bg > 1) {
      x = reshapeAxisInto(dl, ls0, lhs);
      nbg = bg * size;
    } else {
      x = reshapeAxisInto(dl, ls1, lhs);
      nfg = fg * size;
    }
    const w = reshapeAxisInto(dr, rs0, rhs);
    return [[reshapeAxisOutOf(os1, size, run(x, w, nfg, nbg))], [os1]];
  }
  if (dl !== null) {
    if (bg === 1) {
      const x = reshapeAxisInto(dl, ls0, lhs);
      return [[reshapeAxisOutOf(os0, size, run(x, rhs, fg, bg))], [os0]];
    }
    let x = reshapeAxisOutOf(ls0 + (dl <= ls0 ? 1 : 0), bg, lhs);
    x = reshapeAxisInto(dl + (ls0 < dl ? 1 : 0), ls0 + 1, x);
    x = reshapeAxisInto(ls0, ls0, x);
    return [[reshapeAxisOutOf(os0, size, run(x, rhs, fg, bg))], [os0]];
  }
  const drv = dr as number;
  if (fg === 1 && bg === 1) {
    const w = reshapeAxisInto(drv, rs0, rhs);
    return [[reshapeAxisOutOf(os1, size, run(lhs, w, fg, bg))], [os1]];
  }
  // Groups must stay outermost in the output-feature dim: factor them out, fold the batch into
  // what remains, and put them back (JAX does the same).
  const groups = fg > 1 ? fg : bg;
  let w = reshapeAxisOutOf(rs0 + (drv <= rs0 ? 1 : 0), groups, rhs);
  w = reshapeAxisInto(drv + (rs0 < drv ? 1 : 0), rs0 + 1, w);
  w = reshapeAxisInto(rs0, rs0, w);
  let out = run(lhs, w, fg, bg);
  out = reshapeAxisOutOf(os1, groups, out);
  out = reshapeAxisOutOf(os1 + 1, size, out);
  out = reshapeAxisInto(os1, os1 + 1, out);
  return [[out], [os1]];
}

function reduceWindow(prim: 'reduce_window_sum' | 'reduce_window_max' | 'reduce_window_min') {
  return ([x]: readonly Tensor[], [d]: readonly BDim[], p: WindowParams): BatchResult => {
    const b = d as number;
    const ins = <T>(xs: readonly T[], v: T): T[] => {
      const out = [...xs];
      out.splice(b, 0, v);
      return out;
    };
    const out = bind1(prim, [x as Tensor], {
      window_dimensions: ins(p.window_dimensions, 1),
      window_strides: ins(p.window_strides, 1),
      padding: ins(p.padding, [0, 0] as const),
      base_dilation: ins(p.base_dilation, 1),
      window_dilation: ins(p.window_dilation, 1),
    });
    return [[out], [b]];
  };
}

export const linalgBatch = {
  dot_general: dotGeneral,
  conv_general_dilated: conv,
  reduce_window_sum: reduceWindow('reduce_window_sum'),
  reduce_window_max: reduceWindow('reduce_window_max'),
  reduce_window_min: reduceWindow('reduce_window_min'),
} satisfies BatchFamily<LinalgPrimitive>;
