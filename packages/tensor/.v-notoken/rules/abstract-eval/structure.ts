/**
 * Abstract evaluation of the structure primitives (shape manipulation, slicing, gather/scatter,
 * sort, iota): output shapes and every shape error. JAX: the shape rules in jax._src.lax.lax /
 * lax.slicing. Structure ops keep their operand's dtype and weak type.
 */
import { ShapedArray } from '../../core/aval.ts';
import type { StructurePrimitive } from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import { isInteger } from '../../dtype.ts';
import { AxisError, DTypeError, InvalidArgumentError, ShapeError } from '../../errors.ts';
import { shapesEqual, sizeOf } from '../../shape.ts';

const fmt = (xs: readonly number[]): string => `[${xs.join(',')}]`;

function checkCount(prim: string, avals: readonly ShapedArray[], n: number): void {
  if (avals.length !== n) {
    throw new InvalidArgumentError(
      `${prim}: wrong number of operands; expected ${n}, got ${avals.length}.`,
    );
  }
}

function first(avals: readonly ShapedArray[]): ShapedArray {
  return avals[0] as ShapedArray;
}

/** Dimension sizes must be non-negative integers. */
function checkSizes(prim: string, what: string, sizes: readonly number[]): void {
  for (const d of sizes) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${prim}: ${what} must contain non-negative integers; got ${fmt(sizes)}.`,
      );
    }
  }
}

/** Distinct in-range dimension numbers (already non-negative: the wrappers normalize them). */
function checkDims(
  prim: string,
  what: string,
  dims: readonly number[],
  ndim: number,
  shape: string,
): void {
  const seen = new Set<number>();
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d >= ndim) {
      throw new AxisError(
        `${prim}: ${what} ${fmt(dims)} out of range for ${shape}; expected integers in [0, ${ndim - 1}].`,
      );
    }
    if (seen.has(d)) {
      throw new AxisError(`${prim}: repeated dimension ${d} in ${what} ${fmt(dims)} for ${shape}.`);
    }
    seen.add(d);
  }
}

function checkScalarIndices(prim: string, idx: readonly ShapedArray[], ndim: number): void {
  if (idx.length !== ndim) {
    throw new ShapeError(
      `${prim}: wrong number of start indices; expected ${ndim} (one per operand dimension), got ${idx.length}.`,
    );
  }
  for (const [i, a] of idx.entries()) {
    if (a.ndim !== 0 || !isInteger(a.dtype)) {
      throw new DTypeError(
        `${prim}: start index ${i} must be an integer scalar; got ${a.strShort()}.`,
      );
    }
  }
}

/** Output shape of a padded dimension (XLA semantics: interior padding between elements). */
function paddedSize(n: number, lo: number, hi: number, interior: number): number {
  return lo + hi + n + Math.max(0, n - 1) * interior;
}

export const structureAbstractEval = {
  broadcast_in_dim(avals, { shape, broadcast_dimensions: bd }) {
    checkCount('broadcast_in_dim', avals, 1);
    const x = first(avals);
    checkSizes('broadcast_in_dim', 'shape', shape);
    if (bd.length !== x.ndim) {
      throw new ShapeError(
        `broadcast_in_dim: broadcast_dimensions must have one entry per operand dimension; expected ${x.ndim}, got ${fmt(bd)} for operand ${x.strShort()}.`,
      );
    }
    checkDims(
      'broadcast_in_dim',
      'broadcast_dimensions',
      bd,
      shape.length,
      `target shape ${fmt(shape)}`,
    );
    for (let i = 0; i < x.ndim; i++) {
      const d = x.shape[i] as number;
      const t = shape[bd[i] as number] as number;
      if (d !== 1 && d !== t) {
        throw new ShapeError(
          `broadcast_in_dim: operand dimension sizes must be 1 or equal to the target dimension they map to; got operand ${x.strShort()}, target shape ${fmt(shape)}, broadcast_dimensions ${fmt(bd)} (operand dim ${i} of size ${d} maps to size ${t}).`,
        );
      }
    }
    return [new ShapedArray([...shape], x.dtype, x.weakType)];
  },

  reshape(avals, { new_sizes }) {
    checkCount('reshape', avals, 1);
    const x = first(avals);
    checkSizes('reshape', 'new_sizes', new_sizes);
    const n = sizeOf(new_sizes);
    if (n !== x.size) {
      throw new ShapeError(
        `reshape: cannot reshape ${x.strShort()} (size ${x.size}) into shape ${fmt(new_sizes)} (size ${n}); the sizes must be equal.`,
      );
    }
    return [new ShapedArray([...new_sizes], x.dtype, x.weakType)];
  },

  transpose(avals, { permutation }) {
    checkCount('transpose', avals, 1);
    const x = first(avals);
    const sorted = [...permutation].sort((a, b) => a - b);
    if (permutation.length !== x.ndim || sorted.some((p, i) => p !== i)) {
      throw new AxisError(
        `transpose: permutation is not a permutation of the operand dimensions; expected a permutation of [0..${x.ndim - 1}], got ${fmt(permutation)} for operand ${x.strShort()}.`,
      );
    }
    return [
      new ShapedArray(
        permutation.map((p) => x.shape[p] as number),
        x.dtype,
        x.weakType,
      ),
    ];
  },

  squeeze(avals, { dimensions }) {
    checkCount('squeeze', avals, 1);
    const x = first(avals);
    checkDims('squeeze', 'dimensions', dimensions, x.ndim, x.strShort());
    for (const d of dimensions) {
      if (x.shape[d] !== 1) {
        throw new ShapeError(
          `squeeze: cannot squeeze dimension ${d} of size ${x.shape[d]}; expected size 1, got operand ${x.strShort()} and dimensions ${fmt(dimensions)}.`,
        );
      }
    }
    const drop = new Set(dimensions);
    return [
      new ShapedArray(
        x.shape.filter((_, i) => !drop.has(i)),
        x.dtype,
        x.weakType,
      ),
    ];
  },

  expand_dims(avals, { dimensions }) {
    checkCount('expand_dims', avals, 1);
    const x = first(avals);
    const outNdim = x.ndim + dimensions.length;
    checkDims('expand_dims', 'dimensions', dimensions, outNdim, `a result of rank ${outNdim}`);
    const add = new Set(dimensions);
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < outNdim; i++) out.push(add.has(i) ? 1 : (x.shape[j++] as number));
    return [new ShapedArray(out, x.dtype, x.weakType)];
  },

  rev(avals, { dimensions }) {
    checkCount('rev', avals, 1);
    const x = first(avals);
    checkDims('rev', 'dimensions', dimensions, x.ndim, x.strShort());
    return [x];
  },

  concatenate(avals, { dimension }) {
    if (avals.length === 0) {
      throw new InvalidArgumentError(
        'concatenate: need at least one operand; expected a non-empty list of arrays, got [].',
      );
    }
    const x = first(avals);
    if (x.ndim === 0) {
      throw new ShapeError(
        `concatenate: zero-dimensional arrays cannot be concatenated; got ${avals.map((a) => a.strShort()).join(', ')}. Reshape them to [1] first (or use stack).`,
      );
    }
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= x.ndim) {
      throw new AxisError(
        `concatenate: dimension ${dimension} is out of range for operands of rank ${x.ndim}; expected an integer in [0, ${x.ndim - 1}].`,
      );
    }
    let size = 0;
    for (const [i, a] of avals.entries()) {
      if (a.dtype !== x.dtype) {
        throw new DTypeError(
          `concatenate: operands must have the same dtype; operand 0 is ${x.strShort()} but operand ${i} is ${a.strShort()}. Convert them to one dtype first.`,
        );
      }
      if (a.ndim !== x.ndim) {
        throw new ShapeError(
          `concatenate: operands must have the same rank; operand 0 is ${x.strShort()} but operand ${i} is ${a.strShort()}.`,
        );
      }
      for (let d = 0; d < x.ndim; d++) {
        if (d !== dimension && a.shape[d] !== x.shape[d]) {
          throw new ShapeError(
            `concatenate: operand shapes must match except along dimension ${dimension}; operand 0 is ${x.strShort()} but operand ${i} is ${a.strShort()}.`,
          );
        }
      }
      size += a.shape[dimension] as number;
    }
    const shape = [...x.shape];
    shape[dimension] = size;
    return [
      new ShapedArray(
        shape,
        x.dtype,
        avals.every((a) => a.weakType),
      ),
    ];
  },

  pad(avals, { padding_config }) {
    checkCount('pad', avals, 2);
    const x = first(avals);
    const v = avals[1] as ShapedArray;
    if (v.ndim !== 0) {
      throw new ShapeError(`pad: padding_value must be a scalar; got ${v.strShort()}.`);
    }
    if (v.dtype !== x.dtype) {
      throw new DTypeError(
        `pad: padding_value must have the operand's dtype; expected ${x.dtype}, got ${v.strShort()} for operand ${x.strShort()}.`,
      );
    }
    if (padding_config.length !== x.ndim) {
      throw new ShapeError(
        `pad: padding_config must have one (low, high, interior) triple per operand dimension; expected ${x.ndim}, got ${padding_config.length} for operand ${x.strShort()}.`,
      );
    }
    const out: number[] = [];
    for (const [i, cfg] of padding_config.entries()) {
      const [lo, hi, interior] = cfg;
      if (![lo, hi, interior].every(Number.isInteger)) {
        throw new InvalidArgumentError(
          `pad: padding_config entries must be integers; got ${JSON.stringify(padding_config)}.`,
        );
      }
      if (interior < 0) {
        throw new InvalidArgumentError(
          `pad: interior padding must be non-negative; got ${JSON.stringify(padding_config)} (dimension ${i}).`,
        );
      }
      const n = paddedSize(x.shape[i] as number, lo, hi, interior);
      if (n < 0) {
        throw new ShapeError(
          `pad: dimension ${i} has negative size ${n} after padding; got padding_config ${JSON.stringify(padding_config)} for operand ${x.strShort()}. Negative padding can remove at most the whole dimension.`,
        );
      }
      out.push(n);
    }
    return [new ShapedArray(out, x.dtype, x.weakType && v.weakType)];
  },

  slice(avals, { start_indices: start, limit_indices: limit, strides }) {
    checkCount('slice', avals, 1);
    const x = first(avals);
    if (
      start.length !== x.ndim ||
      limit.length !== x.ndim ||
      (strides !== null && strides.length !== x.ndim)
    ) {
      throw new ShapeError(
        `slice: start_indices, limit_indices and strides need one entry per dimension; expected ${x.ndim}, got start ${fmt(start)}, limit ${fmt(limit)}${strides === null ? '' : `, strides ${fmt(strides)}`} for operand ${x.strShort()}.`,
      );
    }
    const out: number[] = [];
    for (let i = 0; i < x.ndim; i++) {
      const s = start[i] as number;
      const l = limit[i] as number;
      const st = strides === null ? 1 : (strides[i] as number);
      const d = x.shape[i] as number;
      if (!Number.isInteger(s) || !Number.isInteger(l) || s < 0 || l > d || s > l) {
        throw new ShapeError(
          `slice: indices out of bounds in dimension ${i}; expected 0 <= start <= limit <= ${d}, got start ${fmt(start)}, limit ${fmt(limit)} for operand ${x.strShort()}.`,
        );
      }
      if (!Number.isInteger(st) || st < 1) {
        throw new InvalidArgumentError(
          `slice: strides must be positive integers; got ${fmt(strides ?? [])}.`,
        );
      }
      out.push(Math.ceil((l - s) / st));
    }
    return [new ShapedArray(out, x.dtype, x.weakType)];
  },

  dynamic_slice(avals, { slice_sizes }) {
    if (avals.length === 0) checkCount('dynamic_slice', avals, 1);
    const x = first(avals);
    checkScalarIndices('dynamic_slice', avals.slice(1), x.ndim);
    checkSizes('dynamic_slice', 'slice_sizes', slice_sizes);
    if (slice_sizes.length !== x.ndim) {
      throw new ShapeError(
        `dynamic_slice: slice_sizes must have one entry per dimension; expected ${x.ndim}, got ${fmt(slice_sizes)} for operand ${x.strShort()}.`,
      );
    }
    for (let i = 0; i < x.ndim; i++) {
      if ((slice_sizes[i] as number) > (x.shape[i] as number)) {
        throw new ShapeError(
          `dynamic_slice: slice_sizes must be at most the operand shape; got slice_sizes ${fmt(slice_sizes)} for operand ${x.strShort()}.`,
        );
      }
    }
    return [new ShapedArray([...slice_sizes], x.dtype, x.weakType)];
  },

  dynamic_update_slice(avals) {
    if (avals.length < 2) checkCount('dynamic_update_slice', avals, 2);
    const x = first(avals);
    const u = avals[1] as ShapedArray;
    if (u.dtype !== x.dtype) {
      throw new DTypeError(
        `dynamic_update_slice: update must have the operand's dtype; expected ${x.dtype}, got update ${u.strShort()} for operand ${x.strShort()}.`,
      );
    }
    if (u.ndim !== x.ndim || u.shape.some((d, i) => d > (x.shape[i] as number))) {
      throw new ShapeError(
        `dynamic_update_slice: update must have the operand's rank and fit inside it; got update ${u.strShort()} for operand ${x.strShort()}.`,
      );
    }
    checkScalarIndices('dynamic_update_slice', avals.slice(2), x.ndim);
    return [x];
  },

  gather(avals, { axis, batch_dims, mode }) {
    checkCount('gather', avals, 2);
    const x = first(avals);
    const idx = avals[1] as ShapedArray;
    if (!isInteger(idx.dtype)) {
      throw new DTypeError(`gather: indices must be integers; got ${idx.strShort()}.`);
    }
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
      throw new AxisError(
        `gather: axis ${axis} is out of range for operand ${x.strShort()}; expected an integer in [0, ${x.ndim - 1}].`,
      );
    }
    if (
      !Number.isInteger(batch_dims) ||
      batch_dims < 0 ||
      batch_dims > axis ||
      batch_dims > idx.ndim
    ) {
      throw new AxisError(
        `gather: batch_dims must be in [0, min(axis, indices rank)]; got batch_dims ${batch_dims}, axis ${axis}, indices ${idx.strShort()}.`,
      );
    }
    if (!shapesEqual(x.shape.slice(0, batch_dims), idx.shape.slice(0, batch_dims))) {
      throw new ShapeError(
        `gather: the first ${batch_dims} (batch) dimensions of operand and indices must match; got operand ${x.strShort()} and indices ${idx.strShort()}.`,
      );
    }
    if (mode !== 'clip' && mode !== 'fill') {
      throw new InvalidArgumentError(`gather: mode must be 'clip' or 'fill'; got ${String(mode)}.`);
    }
    if (mode === 'clip' && x.shape[axis] === 0 && idx.size > 0) {
      throw new ShapeError(
        `gather: cannot take indices from an empty axis ${axis} of ${x.strShort()} in 'clip' mode; use mode 'fill'.`,
      );
    }
    const shape = [
      ...x.shape.slice(0, axis),
      ...idx.shape.slice(batch_dims),
      ...x.shape.slice(axis + 1),
    ];
    return [new ShapedArray(shape, x.dtype, x.weakType)];
  },

  scatter_add(avals, { axis, batch_dims, operand_shape: s }) {
    checkCount('scatter_add', avals, 2);
    const u = first(avals);
    const idx = avals[1] as ShapedArray;
    if (!isInteger(idx.dtype)) {
      throw new DTypeError(`scatter_add: indices must be integers; got ${idx.strShort()}.`);
    }
    if (u.dtype === 'bool') {
      throw new DTypeError(
        `scatter_add: updates must be numeric; got ${u.strShort()}. Convert booleans to int32 first.`,
      );
    }
    checkSizes('scatter_add', 'operand_shape', s);
    if (!Number.isInteger(axis) || axis < 0 || axis >= s.length) {
      throw new AxisError(
        `scatter_add: axis ${axis} is out of range for operand_shape ${fmt(s)}; expected an integer in [0, ${s.length - 1}].`,
      );
    }
    if (
      !Number.isInteger(batch_dims) ||
      batch_dims < 0 ||
      batch_dims > axis ||
      batch_dims > idx.ndim
    ) {
      throw new AxisError(
        `scatter_add: batch_dims must be in [0, min(axis, indices rank)]; got batch_dims ${batch_dims}, axis ${axis}, indices ${idx.strShort()}.`,
      );
    }
    const expected = [...s.slice(0, axis), ...idx.shape.slice(batch_dims), ...s.slice(axis + 1)];
    if (
      !shapesEqual(s.slice(0, batch_dims), idx.shape.slice(0, batch_dims)) ||
      !shapesEqual(u.shape, expected)
    ) {
      throw new ShapeError(
        `scatter_add: updates shape must be operand_shape[:axis] + indices.shape[batch_dims:] + operand_shape[axis+1:]; expected ${fmt(expected)}, got updates ${u.strShort()} with indices ${idx.strShort()}, operand_shape ${fmt(s)}.`,
      );
    }
    return [new ShapedArray([...s], u.dtype, u.weakType)];
  },

  sort(avals, { dimension, num_keys }) {
    if (avals.length === 0) {
      throw new InvalidArgumentError('sort: need at least one operand; got none.');
    }
    const x = first(avals);
    if (x.ndim === 0) {
      throw new ShapeError(`sort: operands must have rank >= 1; got ${x.strShort()}.`);
    }
    for (const a of avals) {
      if (!shapesEqual(a.shape, x.shape)) {
        throw new ShapeError(
          `sort: operands must have equal shapes; got ${avals.map((o) => o.strShort()).join(', ')}.`,
        );
      }
    }
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= x.ndim) {
      throw new AxisError(
        `sort: dimension ${dimension} is out of range for ${x.strShort()}; expected an integer in [0, ${x.ndim - 1}].`,
      );
    }
    if (!Number.isInteger(num_keys) || num_keys < 1 || num_keys > avals.length) {
      throw new InvalidArgumentError(
        `sort: num_keys must be in [1, number of operands]; expected at most ${avals.length}, got ${num_keys}.`,
      );
    }
    return [...avals];
  },

  iota(avals, { dtype, shape, dimension }) {
    checkCount('iota', avals, 0);
    checkSizes('iota', 'shape', shape);
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= shape.length) {
      throw new AxisError(
        `iota: dimension must be in [0, rank of shape); got dimension ${dimension} for shape ${fmt(shape)}.`,
      );
    }
    if (dtype === 'bool') {
      throw new DTypeError(`iota: dtype must be numeric; got bool.`);
    }
    return [new ShapedArray([...shape], dtype, false)];
  },
} satisfies AbstractEvalFamily<StructurePrimitive>;
