/**
 * lax structure ops: thin wrappers over the structure primitives (jax.lax.broadcast_in_dim,
 * reshape, transpose, squeeze, expand_dims, rev, concatenate, pad, slice, dynamic_slice,
 * dynamic_update_slice, sort, iota), plus the internal gather / scatter_add wrappers.
 */
import { bind, bind1 } from '../core/bind.ts';
import type { GatherMode } from '../core/primitives.ts';
import { type DType, toDType } from '../dtype.ts';
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, scalar, type TensorLike } from '../numpy/convert.ts';
import { normalizeAxis, shapesEqual } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { add, lt, select } from './elementwise.ts';

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** jax.lax.broadcast_in_dim: operand dim i becomes result dim broadcastDimensions[i]. */
export function broadcastInDim(
  x: TensorLike,
  shape: readonly number[],
  broadcastDimensions: readonly number[],
): Tensor {
  const t = asTensor(x, 'lax.broadcastInDim');
  return bind1('broadcast_in_dim', [t], {
    shape: [...shape],
    broadcast_dimensions: [...broadcastDimensions],
  });
}

/** jax.lax.broadcast: prepends the dimensions `sizes`. */
export function broadcast(x: TensorLike, sizes: readonly number[]): Tensor {
  const t = asTensor(x, 'lax.broadcast');
  if (sizes.length === 0) return t;
  return broadcastInDim(t, [...sizes, ...t.shape], range(sizes.length, sizes.length + t.ndim));
}

/**
 * jax.lax.reshape. No -1 inference (that is jnp.reshape's); `dimensions` transposes the operand
 * first, as in JAX.
 */
export function reshape(
  x: TensorLike,
  newSizes: readonly number[],
  opts: { dimensions?: readonly number[] | null } = {},
): Tensor {
  let t = asTensor(x, 'lax.reshape');
  const dims = opts.dimensions ?? null;
  if (dims !== null) t = transpose(t, dims);
  if (shapesEqual(t.shape, newSizes)) return t;
  return bind1('reshape', [t], { new_sizes: [...newSizes], dimensions: null });
}

/** jax.lax.transpose. */
export function transpose(x: TensorLike, permutation: readonly number[]): Tensor {
  const t = asTensor(x, 'lax.transpose');
  if (permutation.length === t.ndim && permutation.every((p, i) => p === i)) return t;
  return bind1('transpose', [t], { permutation: [...permutation] });
}

/** jax.lax.squeeze: removes size-1 dimensions (negative dimensions count from the end). */
export function squeeze(x: TensorLike, dimensions: readonly number[]): Tensor {
  const t = asTensor(x, 'lax.squeeze');
  if (dimensions.length === 0) return t;
  const dims = dimensions.map((d) => normalizeAxis('squeeze', d, t.ndim));
  return bind1('squeeze', [t], { dimensions: [...dims].sort((a, b) => a - b) });
}

/** jax.lax.expand_dims: inserts size-1 dimensions at the given positions of the result. */
export function expandDims(x: TensorLike, dimensions: readonly number[]): Tensor {
  const t = asTensor(x, 'lax.expandDims');
  if (dimensions.length === 0) return t;
  const outNdim = t.ndim + dimensions.length;
  const dims = dimensions.map((d) => normalizeAxis('expand_dims', d, outNdim));
  return bind1('expand_dims', [t], { dimensions: [...dims].sort((a, b) => a - b) });
}

/** jax.lax.rev: reverses the given dimensions. */
export function rev(x: TensorLike, dimensions: readonly number[]): Tensor {
  const t = asTensor(x, 'lax.rev');
  if (dimensions.length === 0) return t;
  return bind1('rev', [t], { dimensions: [...dimensions] });
}

/** jax.lax.concatenate: operands of one dtype, equal shapes except along `dimension`. */
export function concatenate(xs: readonly TensorLike[], dimension: number): Tensor {
  const ts = xs.map((x) => asTensor(x, 'lax.concatenate'));
  if (ts.length === 1) return ts[0] as Tensor;
  const first = ts[0];
  const dim =
    first !== undefined && first.ndim > 0 && dimension < 0 ? dimension + first.ndim : dimension;
  return bind1('concatenate', ts, { dimension: dim });
}

/**
 * jax.lax.pad: `paddingConfig` holds one (low, high, interior) triple per dimension; low/high may
 * be negative (cropping). A JavaScript number `paddingValue` takes the operand's dtype.
 */
export function pad(
  x: TensorLike,
  paddingValue: TensorLike,
  paddingConfig: readonly (readonly [number, number, number])[],
): Tensor {
  const t = asTensor(x, 'lax.pad');
  const v =
    typeof paddingValue === 'number' || typeof paddingValue === 'boolean'
      ? scalar(paddingValue, t.dtype, true)
      : asTensor(paddingValue, 'lax.pad');
  return bind1('pad', [t, v], {
    padding_config: paddingConfig.map((c) => [c[0], c[1], c[2]] as const),
  });
}

/** jax.lax.slice: static start/limit (exclusive) and optional strides. */
export function slice(
  x: TensorLike,
  startIndices: readonly number[],
  limitIndices: readonly number[],
  strides?: readonly number[] | null,
): Tensor {
  const t = asTensor(x, 'lax.slice');
  return bind1('slice', [t], {
    start_indices: [...startIndices],
    limit_indices: [...limitIndices],
    strides: strides === undefined || strides === null ? null : [...strides],
  });
}

/** jax.lax.slice_in_dim: slices one axis; negative start/limit count from the end. */
export function sliceInDim(
  x: TensorLike,
  start: number | null,
  limit: number | null,
  stride = 1,
  axis = 0,
): Tensor {
  const t = asTensor(x, 'lax.sliceInDim');
  const ax = normalizeAxis('sliceInDim', axis, t.ndim);
  const n = t.shape[ax] as number;
  let s = start ?? 0;
  let l = limit ?? n;
  if (s < 0) s += n;
  if (l < 0) l += n;
  const starts = t.shape.map(() => 0);
  const limits = [...t.shape];
  const strides = t.shape.map(() => 1);
  starts[ax] = s;
  limits[ax] = l;
  strides[ax] = stride;
  return slice(t, starts, limits, stride === 1 ? null : strides);
}

/** Start indices as int32 scalars; negative ones wrap once (JAX's allow_negative_indices). */
function startIndexTensors(
  api: string,
  starts: readonly (number | Tensor)[],
  shape: readonly number[],
): Tensor[] {
  if (starts.length !== shape.length) {
    throw new ShapeError(
      `${api}: wrong number of start indices; expected ${shape.length} (one per operand dimension), got ${starts.length}.`,
    );
  }
  return starts.map((s, i) => {
    const d = shape[i] as number;
    if (typeof s === 'number') {
      if (!Number.isInteger(s)) {
        throw new InvalidArgumentError(`${api}: start indices must be integers; got ${s}.`);
      }
      return scalar(s < 0 ? s + d : s, 'int32', false);
    }
    return select(lt(s, scalar(0, s.dtype, true)), add(s, scalar(d, s.dtype, true)), s);
  });
}

/**
 * jax.lax.dynamic_slice: start indices are numbers or integer scalar arrays (traceable); the
 * start is clamped so that the slice stays in bounds, after wrapping negative starts once.
 */
export function dynamicSlice(
  x: TensorLike,
  startIndices: readonly (number | Tensor)[],
  sliceSizes: readonly number[],
): Tensor {
  const t = asTensor(x, 'lax.dynamicSlice');
  return composite(() => {
    const starts = startIndexTensors('dynamic_slice', startIndices, t.shape);
    return bind1('dynamic_slice', [t, ...starts], { slice_sizes: [...sliceSizes] });
  });
}

/** jax.lax.dynamic_update_slice: writes `update` at the (clamped) start indices. */
export function dynamicUpdateSlice(
  x: TensorLike,
  update: TensorLike,
  startIndices: readonly (number | Tensor)[],
): Tensor {
  const t = asTensor(x, 'lax.dynamicUpdateSlice');
  const u = asTensor(update, 'lax.dynamicUpdateSlice');
  return composite(() => {
    const starts = startIndexTensors('dynamic_update_slice', startIndices, t.shape);
    return bind1('dynamic_update_slice', [t, u, ...starts], {});
  });
}

export interface SortOptions {
  /** Dimension to sort along (default -1, the last). */
  readonly dimension?: number;
  readonly isStable?: boolean;
  /** How many leading operands are sort keys (lexicographic); the rest are carried along. */
  readonly numKeys?: number;
}

/**
 * jax.lax.sort: sorts one array, or several arrays of one shape by their first `numKeys`
 * (lexicographically), along `dimension`. NaNs sort last, -0 equals 0, and equal keys keep their
 * order (stable). Returns a Tensor for one array, a list for a list.
 */
export function sort(xs: readonly Tensor[], opts?: SortOptions): Tensor[];
export function sort(x: TensorLike, opts?: SortOptions): Tensor;
export function sort(x: TensorLike | readonly Tensor[], opts: SortOptions = {}): Tensor | Tensor[] {
  const many = Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof Tensor);
  const ts = many ? (x as readonly Tensor[]) : [asTensor(x as TensorLike, 'lax.sort')];
  const first = ts[0] as Tensor;
  const dimension = opts.dimension ?? -1;
  const dim = first.ndim > 0 && dimension < 0 ? dimension + first.ndim : dimension;
  const outs = bind('sort', ts, {
    dimension: dim,
    is_stable: opts.isStable ?? true,
    num_keys: opts.numKeys ?? 1,
  });
  return many ? outs : (outs[0] as Tensor);
}

/** jax.lax.iota: [0, 1, ..., size-1] of `dtype`. */
export function iota(dtype: DType | string, size: number): Tensor {
  return broadcastedIota(dtype, [size], 0);
}

/** jax.lax.broadcasted_iota: indices along `dimension` of an array of `shape`. */
export function broadcastedIota(
  dtype: DType | string,
  shape: readonly number[],
  dimension: number,
): Tensor {
  return bind1('iota', [], { dtype: toDType(dtype, 'lax.iota'), shape: [...shape], dimension });
}

/** NumPy-style take along `axis` (the gather primitive); indices must already be in [0, n). */
export function gather(
  x: Tensor,
  indices: Tensor,
  opts: { axis: number; batchDims?: number; mode?: GatherMode },
): Tensor {
  return bind1('gather', [x, indices], {
    axis: opts.axis,
    batch_dims: opts.batchDims ?? 0,
    mode: opts.mode ?? 'fill',
  });
}

/** Transpose of gather: adds `updates` into zeros of `operandShape`; out-of-range indices drop. */
export function scatterAdd(
  updates: Tensor,
  indices: Tensor,
  opts: { axis: number; batchDims?: number; operandShape: readonly number[] },
): Tensor {
  return bind1('scatter_add', [updates, indices], {
    axis: opts.axis,
    batch_dims: opts.batchDims ?? 0,
    operand_shape: [...opts.operandShape],
  });
}
