/** Transpose rules of the linear structure and reduction primitives (JAX's, one by one). */
import type { Tensor } from '@jaxts/tensor';
import { bind1 } from '@jaxts/tensor/core';
import {
  type Cotangent,
  isUndefined,
  type LinearArg,
  type UndefinedPrimal,
} from '../../transpose.ts';
import {
  clampIndices,
  constLike,
  gatherInRange,
  inversePerm,
  reduceSum,
  reshape,
  select,
  sub,
  zerosLike,
} from '../ops.ts';
import type { TransposeRule } from '../types.ts';

function undefinedAval(x: LinearArg): UndefinedPrimal['aval'] {
  return (x as UndefinedPrimal).aval;
}

function keptDims(ndim: number, axes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ndim; i++) if (!axes.includes(i)) out.push(i);
  return out;
}

/** Sum of all elements as a scalar. */
function total(x: Tensor): Tensor {
  return reduceSum(
    x,
    x.shape.map((_, i) => i),
  );
}

export const structureTranspose: {
  reduce_sum: TransposeRule<'reduce_sum'>;
  cumsum: TransposeRule<'cumsum'>;
  broadcast_in_dim: TransposeRule<'broadcast_in_dim'>;
  reshape: TransposeRule<'reshape'>;
  transpose: TransposeRule<'transpose'>;
  squeeze: TransposeRule<'squeeze'>;
  expand_dims: TransposeRule<'expand_dims'>;
  rev: TransposeRule<'rev'>;
  concatenate: TransposeRule<'concatenate'>;
  pad: TransposeRule<'pad'>;
  slice: TransposeRule<'slice'>;
  dynamic_slice: TransposeRule<'dynamic_slice'>;
  dynamic_update_slice: TransposeRule<'dynamic_update_slice'>;
  gather: TransposeRule<'gather'>;
  scatter_add: TransposeRule<'scatter_add'>;
} = {
  reduce_sum: ([ct], [x], { axes }) => {
    if (ct == null) return [null];
    const a = undefinedAval(x!);
    return [
      bind1('broadcast_in_dim', [ct], {
        shape: [...a.shape],
        broadcast_dimensions: keptDims(a.ndim, axes),
      }),
    ];
  },
  cumsum: ([ct], _args, { axis, reverse }) => [
    ct == null ? null : bind1('cumsum', [ct], { axis, reverse: !reverse }),
  ],
  broadcast_in_dim: ([ct], [x], { shape, broadcast_dimensions }) => {
    if (ct == null) return [null];
    const a = undefinedAval(x!);
    const unitDims = a.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
    const bdims = broadcast_dimensions.filter((_, i) => !unitDims.includes(i));
    const axes = shape.map((_, i) => i).filter((i) => !bdims.includes(i));
    return [reshape(reduceSum(ct, axes), a.shape)];
  },
  reshape: ([ct], [x]) => [ct == null ? null : reshape(ct, undefinedAval(x!).shape)],
  transpose: ([ct], _args, { permutation }) => [
    ct == null ? null : bind1('transpose', [ct], { permutation: inversePerm(permutation) }),
  ],
  squeeze: ([ct], [x]) => [ct == null ? null : reshape(ct, undefinedAval(x!).shape)],
  expand_dims: ([ct], [x]) => [ct == null ? null : reshape(ct, undefinedAval(x!).shape)],
  rev: ([ct], _args, params) => [ct == null ? null : bind1('rev', [ct], params)],
  concatenate: ([ct], args, { dimension }) => {
    let offset = 0;
    return args.map((a) => {
      const shape = isUndefined(a) ? a.aval.shape : (a as Tensor).shape;
      const start = offset;
      offset += shape[dimension] as number;
      if (ct == null || !isUndefined(a)) return null;
      const startIdx = shape.map((_, i) => (i === dimension ? start : 0));
      const limit = shape.map((d, i) => (i === dimension ? start + d : (ct.shape[i] as number)));
      return bind1('slice', [ct], { start_indices: startIdx, limit_indices: limit, strides: null });
    });
  },
  pad: ([ct], [x, padValue], { padding_config }) => {
    if (ct == null) return [null, null];
    const unpadded = bind1('pad', [ct, constLike(ct, 0)], {
      padding_config: padding_config.map(([lo, hi]) => [-lo, -hi, 0] as const),
    });
    const tOperand = bind1('slice', [unpadded], {
      start_indices: unpadded.shape.map(() => 0),
      limit_indices: [...unpadded.shape],
      strides: padding_config.map(([, , interior]) => interior + 1),
    });
    const tPad = isUndefined(padValue!) ? sub(total(ct), total(tOperand)) : null;
    return [isUndefined(x!) ? tOperand : null, tPad];
  },
  slice: ([ct], [x], { start_indices, limit_indices, strides }) => {
    if (ct == null) return [null];
    const shape = undefinedAval(x!).shape;
    const st = strides ?? shape.map(() => 1);
    const config = shape.map((d, i) => {
      const lo = start_indices[i] as number;
      const s = st[i] as number;
      const n = ct.shape[i] as number;
      const realLimit = n === 0 ? lo : lo + 1 + (n - 1) * s;
      return [lo, d - realLimit, s - 1] as const;
    });
    void limit_indices;
    return [bind1('pad', [ct, constLike(ct, 0)], { padding_config: config })];
  },
  dynamic_slice: ([ct], [x, ...idx]) => {
    if (ct == null) return [null, ...idx.map(() => null)];
    const a = undefinedAval(x!);
    const z = zerosLike(a);
    return [
      bind1('dynamic_update_slice', [z, ct, ...(idx as Tensor[])], {}),
      ...idx.map(() => null),
    ];
  },
  dynamic_update_slice: ([ct], [x, update, ...idx]) => {
    if (ct == null) return [null, null, ...idx.map(() => null)];
    const uShape = isUndefined(update!) ? update.aval.shape : (update as Tensor).shape;
    const uDtype = isUndefined(update!) ? update.aval.dtype : (update as Tensor).dtype;
    const tOperand = isUndefined(x!)
      ? bind1(
          'dynamic_update_slice',
          [ct, zerosLike({ shape: uShape, dtype: uDtype }), ...(idx as Tensor[])],
          {},
        )
      : null;
    const tUpdate = isUndefined(update!)
      ? bind1('dynamic_slice', [ct, ...(idx as Tensor[])], { slice_sizes: [...uShape] })
      : null;
    return [tOperand, tUpdate, ...idx.map(() => null)];
  },
  gather: ([ct], [x, indices], { axis, batch_dims, mode }) => {
    if (ct == null) return [null, null];
    const a = undefinedAval(x!);
    // 'clip' read the clamped position, so the cotangent goes there; 'fill' read nothing out of
    // range, and scatter_add drops those entries.
    const idx = indices as Tensor;
    const at = mode === 'clip' ? clampIndices(idx, a.shape[axis] as number) : idx;
    return [
      bind1('scatter_add', [ct, at], {
        axis,
        batch_dims,
        operand_shape: [...a.shape],
      }),
      null,
    ];
  },
  scatter_add: ([ct], [updates, indices], { axis, batch_dims, operand_shape }) => {
    if (ct == null) return [null, null];
    // Updates at out-of-range indices were dropped, so their cotangent is zero.
    const idx = indices as Tensor;
    const n = operand_shape[axis] as number;
    const uShape = isUndefined(updates!) ? updates.aval.shape : (updates as Tensor).shape;
    const gathered = bind1('gather', [ct, clampIndices(idx, n)], {
      axis,
      batch_dims,
      mode: 'clip',
    });
    const cts: Cotangent[] = [
      select(gatherInRange(idx, n, axis, batch_dims, uShape), gathered, zerosLike(gathered)),
      null,
    ];
    return cts;
  },
};
