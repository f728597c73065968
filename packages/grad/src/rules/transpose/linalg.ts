/**
 * Transpose rules of dot_general, conv_general_dilated and reduce_window_sum, following JAX's
 * _dot_general_transpose_lhs/rhs, _conv_general_dilated_transpose_lhs/rhs and
 * _reduce_window_sum_transpose_rule.
 */
import type { Tensor } from '@jaxts/tensor';
import {
  bind1,
  type ConvDimensionNumbers,
  type DotDimensionNumbers,
  type Params,
} from '@jaxts/tensor/core';
import { NonLinearError } from '../../errors.ts';
import { isUndefined, type LinearArg, type UndefinedPrimal } from '../../transpose.ts';
import { constLike, transpose } from '../ops.ts';
import type { TransposeRule } from '../types.ts';

function shapeOf(x: LinearArg): readonly number[] {
  return isUndefined(x) ? x.aval.shape : (x as Tensor).shape;
}

function remaining(n: number, ...removed: (readonly number[])[]): number[] {
  const r = new Set(removed.flat());
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!r.has(i)) out.push(i);
  return out;
}

function range(start: number, len: number): number[] {
  return Array.from({ length: len }, (_, i) => start + i);
}

function argsort(xs: readonly number[]): number[] {
  return xs
    .map((v, i) => [v, i] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
}

/** Cotangent of dot_general's lhs (JAX's _dot_general_transpose_lhs). */
function dotTransposeLhs(
  g: Tensor,
  xNdim: number,
  y: Tensor,
  dn: DotDimensionNumbers,
  params: Params<'dot_general'>,
  swapAns: boolean,
): Tensor {
  const [xContract, yContract] = dn.contracting;
  const [xBatch, yBatch] = dn.batch;
  const xKept = remaining(xNdim, xContract, xBatch);
  const yKept = remaining(y.ndim, yContract, yBatch);
  const ansBatch = range(0, xBatch.length);
  const ansY = swapAns
    ? range(xBatch.length, yKept.length)
    : range(xBatch.length + xKept.length, yKept.length);
  const order = argsort(yContract);
  const xContractSortedByY = order.map((i) => xContract[i] as number);
  // Two equivalent products: g·y leaves [batch, x kept, x contract] and y·g leaves
  // [batch, x contract, x kept]. Pick the one that needs no transpose when there is one (e.g.
  // y·g for a matmul's weight gradient), since a transpose of a large batch of weight gradients
  // costs as much as the product.
  const permGY = argsort([...xBatch, ...xKept, ...xContractSortedByY]);
  const permYG = argsort([...xBatch, ...xContractSortedByY, ...xKept]);
  const identity = (p: readonly number[]) => p.every((v, i) => v === i);
  if (!identity(permGY) && identity(permYG)) {
    const dimsYG: DotDimensionNumbers = {
      contracting: [yKept, ansY],
      batch: [[...yBatch], ansBatch],
    };
    return bind1('dot_general', [y, g], { ...params, dimension_numbers: dimsYG });
  }
  const dims: DotDimensionNumbers = { contracting: [ansY, yKept], batch: [ansBatch, [...yBatch]] };
  const out = bind1('dot_general', [g, y], { ...params, dimension_numbers: dims });
  return transpose(out, permGY);
}

const dotGeneralTranspose: TransposeRule<'dot_general'> = ([ct], [x, y], params) => {
  if (ct == null) return [null, null];
  const dn = params.dimension_numbers;
  if (isUndefined(x!) && isUndefined(y!))
    throw new NonLinearError('transpose: dot_general of two linear values is not linear.');
  if (isUndefined(x!))
    return [dotTransposeLhs(ct, x.aval.ndim, y as Tensor, dn, params, false), null];
  const swapped: DotDimensionNumbers = {
    contracting: [dn.contracting[1], dn.contracting[0]],
    batch: [dn.batch[1], dn.batch[0]],
  };
  return [
    null,
    dotTransposeLhs(ct, (y as UndefinedPrimal).aval.ndim, x as Tensor, swapped, params, true),
  ];
};

// ---- convolution ----------------------------------------------------------------------------

const dilateShape = (shape: readonly number[], d: readonly number[]): number[] =>
  shape.map((s, i) => (s === 0 ? 0 : 1 + (d[i] as number) * (s - 1)));

function take(shape: readonly number[], idx: readonly number[]): number[] {
  return idx.map((i) => shape[i] as number);
}

function vjpLhsPadding(
  inShape: readonly number[],
  window: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
  padding: readonly (readonly [number, number])[],
  lhsDilation: readonly number[],
  rhsDilation: readonly number[],
): [number, number][] {
  const lhsD = dilateShape(inShape, lhsDilation);
  const rhsD = dilateShape(window, rhsDilation);
  const outD = dilateShape(outShape, strides);
  return lhsD.map((l, i) => {
    const before = (rhsD[i] as number) - (padding[i] as readonly [number, number])[0] - 1;
    const after = l + (rhsD[i] as number) - 1 - (outD[i] as number) - before;
    return [before, after];
  });
}

function vjpRhsPadding(
  inShape: readonly number[],
  window: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
  padding: readonly (readonly [number, number])[],
  lhsDilation: readonly number[],
  rhsDilation: readonly number[],
): [number, number][] {
  const lhsD = dilateShape(inShape, lhsDilation);
  const rhsD = dilateShape(window, rhsDilation);
  const outD = dilateShape(outShape, strides);
  return padding.map(([lo], i) => {
    const fromLhs = (outD[i] as number) - (lhsD[i] as number);
    const fromRhs = (rhsD[i] as number) - lo - 1;
    return [lo, fromLhs + fromRhs];
  });
}

const specT = (s: readonly number[]): number[] => [s[1] as number, s[0] as number, ...s.slice(2)];

/** JAX's _reshape_axis_out_of: splits axis `src` into (size1, rest). */
function axisOutOf(src: number, size1: number, x: Tensor): Tensor {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, (x.shape[src] as number) / size1);
  return bind1('reshape', [x], { new_sizes: shape, dimensions: null });
}

/** JAX's _reshape_axis_into: merges axis `src` into `dst` (dst counted after removing src). */
function axisInto(src: number, dst: number, x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const newShape = x.shape.filter((_, i) => i !== src);
  newShape[dst] = (newShape[dst] as number) * (x.shape[src] as number);
  return bind1('reshape', [transpose(x, perm)], { new_sizes: newShape, dimensions: null });
}

function sdims(spec: readonly number[]): number[] {
  return spec.slice(2);
}

const convTranspose: TransposeRule<'conv_general_dilated'> = ([ct], [lhs, rhs], params) => {
  if (ct == null) return [null, null];
  const { window_strides, padding, lhs_dilation, rhs_dilation, dimension_numbers: dn } = params;
  let { feature_group_count: fgc, batch_group_count: bgc } = params;
  if (isUndefined(lhs!) && isUndefined(rhs!))
    throw new NonLinearError('transpose: conv of two linear values is not linear.');
  if (isUndefined(lhs!)) {
    let w = rhs as Tensor;
    const lhsShape = lhs.aval.shape;
    if (fgc > 1) {
      w = axisOutOf(dn.rhsSpec[0] as number, fgc, w);
      w = axisInto(dn.rhsSpec[0] as number, dn.rhsSpec[1] as number, w);
    } else if (bgc > 1) {
      w = axisOutOf(dn.rhsSpec[0] as number, bgc, w);
      w = axisInto(dn.rhsSpec[0] as number, dn.rhsSpec[1] as number, w);
      fgc = bgc;
    }
    const trans: ConvDimensionNumbers = {
      lhsSpec: dn.outSpec,
      rhsSpec: specT(dn.rhsSpec),
      outSpec: dn.lhsSpec,
    };
    const pads = vjpLhsPadding(
      take(lhsShape, sdims(dn.lhsSpec)),
      take(w.shape, sdims(dn.rhsSpec)),
      window_strides,
      take(ct.shape, sdims(dn.outSpec)),
      padding,
      lhs_dilation,
      rhs_dilation,
    );
    const revd = bind1('rev', [w], { dimensions: sdims(dn.rhsSpec) });
    let out = bind1('conv_general_dilated', [ct, revd], {
      window_strides: [...lhs_dilation],
      padding: pads,
      lhs_dilation: [...window_strides],
      rhs_dilation: [...rhs_dilation],
      dimension_numbers: trans,
      feature_group_count: fgc,
      batch_group_count: 1,
    });
    if (params.batch_group_count > 1) {
      out = axisOutOf(dn.lhsSpec[1] as number, params.batch_group_count, out);
      out = axisInto(dn.lhsSpec[1] as number, dn.lhsSpec[0] as number, out);
    }
    return [out, null];
  }
  const x = lhs as Tensor;
  const rhsShape = (rhs as UndefinedPrimal).aval.shape;
  if (bgc > 1) {
    fgc = bgc;
    bgc = 1;
  } else if (fgc > 1) {
    bgc = fgc;
    fgc = 1;
  }
  const trans: ConvDimensionNumbers = {
    lhsSpec: specT(dn.lhsSpec),
    rhsSpec: specT(dn.outSpec),
    outSpec: specT(dn.rhsSpec),
  };
  const pads = vjpRhsPadding(
    take(x.shape, sdims(dn.lhsSpec)),
    take(rhsShape, sdims(dn.rhsSpec)),
    window_strides,
    take(ct.shape, sdims(dn.outSpec)),
    padding,
    lhs_dilation,
    rhs_dilation,
  );
  const out = bind1('conv_general_dilated', [x, ct], {
    window_strides: [...rhs_dilation],
    padding: pads,
    lhs_dilation: [...lhs_dilation],
    rhs_dilation: [...window_strides],
    dimension_numbers: trans,
    feature_group_count: fgc,
    batch_group_count: bgc,
  });
  return [null, out];
};

const reduceWindowSumTranspose: TransposeRule<'reduce_window_sum'> = ([ct], [x], params) => {
  if (ct == null) return [null];
  const inShape = shapeOf(x!);
  const pads = vjpLhsPadding(
    inShape,
    params.window_dimensions,
    params.window_strides,
    ct.shape,
    params.padding,
    params.base_dilation,
    params.window_dilation,
  );
  const padded = bind1('pad', [ct, constLike(ct, 0)], {
    padding_config: pads.map(
      ([lo, hi], i) => [lo, hi, (params.window_strides[i] as number) - 1] as const,
    ),
  });
  return [
    bind1('reduce_window_sum', [padded], {
      window_dimensions: [...params.window_dimensions],
      window_strides: [...params.base_dilation],
      padding: inShape.map(() => [0, 0] as const),
      base_dilation: inShape.map(() => 1),
      window_dilation: [...params.window_dilation],
    }),
  ];
};

export const linalgTranspose = {
  dot_general: dotGeneralTranspose,
  conv_general_dilated: convTranspose,
  reduce_window_sum: reduceWindowSumTranspose,
};
