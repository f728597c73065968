/**
 * Shape manipulation with NumPy semantics (jax.numpy reshape, transpose, swapaxes, moveaxis,
 * expand_dims, squeeze, ravel, broadcast_to/arrays, concatenate, stack, hstack, vstack, split,
 * array_split, tile, repeat, flip, pad, sort, argsort), as compositions of lax structure ops.
 */
import { bind1 } from '../core/bind.ts';
import { type DType, promoteTypes } from '../dtype.ts';
import { AxisError, InvalidArgumentError, ShapeError } from '../errors.ts';
import * as lax from '../lax/structure.ts';
import {
  broadcastShapes,
  normalizeAxes,
  normalizeAxis,
  shapesEqual,
  shortType,
  sizeOf,
} from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { composite } from './composite.ts';
import { asTensor, scalar, type TensorLike } from './convert.ts';
import type { Axis } from './types.ts';

const fmt = (xs: readonly number[]): string => `[${xs.join(',')}]`;
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** convert_element_type, skipped when nothing changes. */
export function castTo(x: Tensor, dtype: DType, weakType = false): Tensor {
  if (x.dtype === dtype && x.weakType === weakType) return x;
  return bind1('convert_element_type', [x], { new_dtype: dtype, weak_type: weakType });
}

/** Converts arrays to their common dtype (jnp.result_type), as NumPy functions do. */
export function promoteAll(api: string, xs: readonly TensorLike[]): Tensor[] {
  const ts = xs.map((x) => asTensor(x, api));
  if (ts.length <= 1) return ts;
  const { dtype, weakType } = promoteTypes(ts);
  return ts.map((t) => castTo(t, dtype, weakType));
}

function shapeArg(api: string, shape: number | readonly number[]): number[] {
  const s = typeof shape === 'number' ? [shape] : [...shape];
  for (const d of s) {
    if (!Number.isInteger(d)) {
      throw new ShapeError(`${api}: shape must contain integers; got ${fmt(s)}.`);
    }
  }
  return s;
}

/** jnp.reshape: one dimension may be -1 (inferred). */
export function reshape(x: TensorLike, shape: number | readonly number[]): Tensor {
  const t = asTensor(x, 'reshape');
  const s = shapeArg('reshape', shape);
  const unknown = s.filter((d) => d === -1).length;
  if (unknown > 1) {
    throw new ShapeError(
      `reshape: can only specify one unknown dimension (-1); got shape ${fmt(s)}. Give every size but one explicitly.`,
    );
  }
  for (const d of s) {
    if (d < -1)
      throw new ShapeError(
        `reshape: invalid dimension ${d} in shape ${fmt(s)}; sizes must be >= 0 (or -1 once).`,
      );
  }
  if (unknown === 1) {
    const known = sizeOf(s.filter((d) => d !== -1));
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(
        `reshape: cannot reshape ${t.aval.strShort()} (size ${t.size}) into shape ${fmt(s)}; the product of the specified dimensions (${known}) does not evenly divide ${t.size}.`,
      );
    }
    s[s.indexOf(-1)] = t.size / known;
  }
  return lax.reshape(t, s);
}

/** jnp.transpose: permutes axes (default: reverses them); negative axes allowed. */
export function transpose(x: TensorLike, axes?: readonly number[] | null): Tensor {
  const t = asTensor(x, 'transpose');
  const perm =
    axes === undefined || axes === null
      ? range(0, t.ndim).reverse()
      : axes.map((a) => (Number.isInteger(a) && a < 0 && a >= -t.ndim ? a + t.ndim : a));
  return lax.transpose(t, perm);
}

/** jnp.swapaxes. */
export function swapaxes(x: TensorLike, axis1: number, axis2: number): Tensor {
  const t = asTensor(x, 'swapaxes');
  const a = normalizeAxis('swapaxes', axis1, t.ndim);
  const b = normalizeAxis('swapaxes', axis2, t.ndim);
  const perm = range(0, t.ndim);
  perm[a] = b;
  perm[b] = a;
  return lax.transpose(t, perm);
}

/** jnp.moveaxis: moves `source` axes to `destination` positions, keeping the others in order. */
export function moveaxis(x: TensorLike, source: Axis, destination: Axis): Tensor {
  const t = asTensor(x, 'moveaxis');
  const src = (typeof source === 'number' ? [source] : [...source]).map((a) =>
    normalizeAxis('moveaxis', a, t.ndim),
  );
  const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((a) =>
    normalizeAxis('moveaxis', a, t.ndim),
  );
  if (src.length !== dst.length) {
    throw new AxisError(
      `moveaxis: source and destination must have the same number of elements; got ${fmt(src)} and ${fmt(dst)}.`,
    );
  }
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
    throw new AxisError(
      `moveaxis: repeated axis in source ${fmt(src)} or destination ${fmt(dst)}.`,
    );
  }
  const order = range(0, t.ndim).filter((a) => !src.includes(a));
  const pairs = dst.map((d, i) => [d, src[i] as number] as const).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of pairs) order.splice(d, 0, s);
  return lax.transpose(t, order);
}

/** jnp.expand_dims: inserts size-1 axes at the given positions of the result. */
export function expandDims(x: TensorLike, axis: Axis): Tensor {
  const t = asTensor(x, 'expandDims');
  const axes = typeof axis === 'number' ? [axis] : [...axis];
  const outNdim = t.ndim + axes.length;
  normalizeAxes('expandDims', axes, outNdim);
  return lax.expandDims(t, axes);
}

/** jnp.squeeze: removes size-1 axes (all of them for `null`). */
export function squeeze(x: TensorLike, axis: Axis | null = null): Tensor {
  const t = asTensor(x, 'squeeze');
  if (axis === null) {
    return lax.squeeze(
      t,
      range(0, t.ndim).filter((i) => t.shape[i] === 1),
    );
  }
  const axes = normalizeAxes('squeeze', axis, t.ndim);
  for (const a of axes) {
    if (t.shape[a] !== 1) {
      throw new ShapeError(
        `squeeze: cannot select an axis to squeeze out which has size not equal to one; got axis ${a} of size ${t.shape[a]} in ${t.aval.strShort()}.`,
      );
    }
  }
  return lax.squeeze(t, axes);
}

/** jnp.ravel: flattens in row-major order. */
export function ravel(x: TensorLike): Tensor {
  const t = asTensor(x, 'ravel');
  return t.ndim === 1 ? t : lax.reshape(t, [t.size]);
}

/** jnp.broadcast_to (NumPy broadcasting rule, no dtype change). */
export function broadcastTo(x: TensorLike, shape: number | readonly number[]): Tensor {
  const t = asTensor(x, 'broadcastTo');
  const s = shapeArg('broadcastTo', shape);
  if (s.some((d) => d < 0)) {
    throw new ShapeError(`broadcastTo: shape must contain non-negative integers; got ${fmt(s)}.`);
  }
  if (s.length < t.ndim) {
    throw new ShapeError(
      `broadcastTo: cannot broadcast to a shape with fewer dimensions; got ${t.aval.strShort()} and shape ${fmt(s)}.`,
    );
  }
  const lead = s.length - t.ndim;
  for (let i = 0; i < t.ndim; i++) {
    const d = t.shape[i] as number;
    if (d !== 1 && d !== s[lead + i]) {
      throw new ShapeError(
        `broadcastTo: incompatible shapes for broadcasting; cannot broadcast ${t.aval.strShort()} to ${shortType(t.dtype, s)}. Each dimension must match or be 1.`,
      );
    }
  }
  if (shapesEqual(t.shape, s)) return t;
  return lax.broadcastInDim(t, s, range(lead, s.length));
}

/** jnp.broadcast_arrays: broadcasts every array to the common shape (dtypes unchanged). */
export function broadcastArrays(...xs: TensorLike[]): Tensor[] {
  const ts = xs.map((x) => asTensor(x, 'broadcastArrays'));
  const shape = broadcastShapes('broadcastArrays', ...ts.map((t) => t.shape));
  return ts.map((t) => broadcastTo(t, shape));
}

/** jnp.concatenate: joins arrays along an existing axis (null: flattens them first). */
export function concatenate(xs: readonly TensorLike[], axis: number | null = 0): Tensor {
  if (xs.length === 0) {
    throw new InvalidArgumentError(
      'concatenate: need at least one array to concatenate; got an empty list.',
    );
  }
  let ts = promoteAll('concatenate', xs);
  if (axis === null) {
    ts = ts.map((t) => ravel(t));
    axis = 0;
  }
  const first = ts[0] as Tensor;
  if (first.ndim === 0) {
    throw new ShapeError(
      'concatenate: zero-dimensional arrays cannot be concatenated; use stack instead.',
    );
  }
  const ax = normalizeAxis('concatenate', axis, first.ndim);
  return lax.concatenate(ts, ax);
}

/** jnp.stack: joins equal-shape arrays along a new axis. */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  if (xs.length === 0) {
    throw new InvalidArgumentError('stack: need at least one array to stack; got an empty list.');
  }
  const ts = promoteAll('stack', xs);
  const first = ts[0] as Tensor;
  for (const t of ts) {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `stack: all input arrays must have the same shape; got ${ts.map((u) => fmt(u.shape)).join(', ')}.`,
      );
    }
  }
  const ax = normalizeAxis('stack', axis, first.ndim + 1);
  return composite(() =>
    lax.concatenate(
      ts.map((t) => lax.expandDims(t, [ax])),
      ax,
    ),
  );
}

function atLeast1d(t: Tensor): Tensor {
  return t.ndim === 0 ? lax.reshape(t, [1]) : t;
}

function atLeast2d(t: Tensor): Tensor {
  if (t.ndim >= 2) return t;
  return lax.reshape(t, [1, t.ndim === 0 ? 1 : (t.shape[0] as number)]);
}

/** jnp.hstack: concatenates along axis 1 (axis 0 for 1-D arrays). */
export function hstack(xs: readonly TensorLike[]): Tensor {
  return composite(() => {
    const ts = promoteAll('hstack', xs).map(atLeast1d);
    return concatenate(ts, (ts[0]?.ndim ?? 1) === 1 ? 0 : 1);
  });
}

/** jnp.vstack: concatenates along axis 0 after promoting 1-D arrays to rows. */
export function vstack(xs: readonly TensorLike[]): Tensor {
  return composite(() => concatenate(promoteAll('vstack', xs).map(atLeast2d), 0));
}

function splitBySizes(t: Tensor, sizes: readonly number[], ax: number): Tensor[] {
  const out: Tensor[] = [];
  let start = 0;
  for (const n of sizes) {
    out.push(lax.sliceInDim(t, start, start + n, 1, ax));
    start += n;
  }
  return out;
}

function splitSizes(
  api: string,
  n: number,
  sectionsOrIndices: number | readonly number[],
  even: boolean,
): number[] {
  if (typeof sectionsOrIndices === 'number') {
    const k = sectionsOrIndices;
    if (!Number.isInteger(k) || k <= 0) {
      throw new InvalidArgumentError(
        `${api}: number of sections must be a positive integer; got ${k}.`,
      );
    }
    if (even && n % k !== 0) {
      throw new ShapeError(
        `${api}: array split does not result in an equal division; an axis of size ${n} does not divide into ${k} sections (rest is ${n % k}). Use arraySplit for unequal sections.`,
      );
    }
    // NumPy's array_split: the first n % k sections get one extra element.
    const base = Math.floor(n / k);
    const extra = n % k;
    return range(0, k).map((i) => base + (i < extra ? 1 : 0));
  }
  const points = [0, ...sectionsOrIndices, n];
  const sizes = range(0, points.length - 1).map(
    (i) => (points[i + 1] as number) - (points[i] as number),
  );
  if (sizes.some((d) => d < 0 || !Number.isInteger(d))) {
    throw new InvalidArgumentError(
      `${api}: split indices must be non-decreasing integers within [0, ${n}]; got indices ${fmt(sectionsOrIndices)} (piece sizes ${fmt(sizes)}).`,
    );
  }
  return sizes;
}

/** jnp.split: equal sections (error if the axis does not divide) or split points. */
export function split(
  x: TensorLike,
  sectionsOrIndices: number | readonly number[],
  axis = 0,
): Tensor[] {
  const t = asTensor(x, 'split');
  const ax = normalizeAxis('split', axis, t.ndim);
  return splitBySizes(t, splitSizes('split', t.shape[ax] as number, sectionsOrIndices, true), ax);
}

/** jnp.array_split: like split, but sections may differ by one element. */
export function arraySplit(
  x: TensorLike,
  sectionsOrIndices: number | readonly number[],
  axis = 0,
): Tensor[] {
  const t = asTensor(x, 'arraySplit');
  const ax = normalizeAxis('arraySplit', axis, t.ndim);
  return splitBySizes(
    t,
    splitSizes('arraySplit', t.shape[ax] as number, sectionsOrIndices, false),
    ax,
  );
}

/** jnp.tile: repeats the whole array `reps` times along each axis. */
export function tile(x: TensorLike, reps: number | readonly number[]): Tensor {
  const t0 = asTensor(x, 'tile');
  const r = typeof reps === 'number' ? [reps] : [...reps];
  if (r.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new InvalidArgumentError(`tile: reps must be non-negative integers; got ${fmt(r)}.`);
  }
  return composite(() => {
    const nd = Math.max(r.length, t0.ndim);
    const fullReps = [...new Array<number>(nd - r.length).fill(1), ...r];
    const shape = [...new Array<number>(nd - t0.ndim).fill(1), ...t0.shape];
    const t = lax.reshape(t0, shape);
    // Broadcast to [r0, d0, r1, d1, ...] and merge each pair.
    const inter: number[] = [];
    const dims: number[] = [];
    for (let i = 0; i < nd; i++) {
      inter.push(fullReps[i] as number, shape[i] as number);
      dims.push(2 * i + 1);
    }
    const b = lax.broadcastInDim(t, inter, dims);
    return lax.reshape(
      b,
      shape.map((d, i) => d * (fullReps[i] as number)),
    );
  });
}

/** Static repeat counts: numbers, or a concrete integer array (read like JAX's concrete_or_error). */
function repeatCounts(repeats: number | readonly number[] | Tensor): number | number[] {
  if (typeof repeats === 'number') return repeats;
  if (Array.isArray(repeats)) return [...(repeats as readonly number[])];
  const t = repeats as Tensor;
  if (t.ndim === 0) return t.item() as number;
  return Array.from(t.dataSync(), Number);
}

export interface RepeatOptions {
  /** Axis along which to repeat; null/omitted repeats the flattened array. */
  readonly axis?: number | null;
}

/** jnp.repeat: repeats each element `repeats` times (an int, or one count per element). */
export function repeat(
  x: TensorLike,
  repeats: number | readonly number[] | Tensor,
  opts: RepeatOptions = {},
): Tensor {
  let t = asTensor(x, 'repeat');
  let axis = opts.axis ?? null;
  if (axis === null) {
    t = ravel(t);
    axis = 0;
  }
  const ax = normalizeAxis('repeat', axis, t.ndim);
  const n = t.shape[ax] as number;
  const counts = repeatCounts(repeats);
  return composite(() => {
    if (typeof counts === 'number') {
      if (!Number.isInteger(counts) || counts < 0) {
        throw new InvalidArgumentError(
          `repeat: repeats must be a non-negative integer; got ${counts}.`,
        );
      }
      // [.., n, ..] -> [.., n, counts, ..] -> [.., n * counts, ..]
      const inter = [...t.shape.slice(0, ax + 1), counts, ...t.shape.slice(ax + 1)];
      const dims = range(0, t.ndim).map((i) => (i <= ax ? i : i + 1));
      const b = lax.broadcastInDim(t, inter, dims);
      const out = [...t.shape];
      out[ax] = n * counts;
      return lax.reshape(b, out);
    }
    if (counts.length === 1) return repeat(t, counts[0] as number, { axis: ax });
    if (counts.length !== n) {
      throw new ShapeError(
        `repeat: repeats must be one integer or one per element along the axis; expected ${n} counts, got ${counts.length}.`,
      );
    }
    if (counts.some((c) => !Number.isInteger(c) || c < 0)) {
      throw new InvalidArgumentError(
        `repeat: repeats must be non-negative integers; got ${fmt(counts)}.`,
      );
    }
    const pieces: Tensor[] = [];
    counts.forEach((c, i) => {
      if (c > 0) pieces.push(repeat(lax.sliceInDim(t, i, i + 1, 1, ax), c, { axis: ax }));
    });
    if (pieces.length === 0) return lax.sliceInDim(t, 0, 0, 1, ax);
    return lax.concatenate(pieces, ax);
  });
}

/** jnp.flip: reverses the given axes (all of them for null). */
export function flip(x: TensorLike, axis: Axis | null = null): Tensor {
  const t = asTensor(x, 'flip');
  return lax.rev(t, normalizeAxes('flip', axis, t.ndim));
}

export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

export interface PadOptions {
  readonly mode?: 'constant' | 'edge' | 'reflect';
  /** Value(s) for mode 'constant': a scalar, [before, after], or one pair per axis. */
  readonly constantValues?: number | readonly number[] | readonly (readonly number[])[];
}

/** Per-axis (before, after) pairs from NumPy's pad_width forms (int, pair, per-axis pairs). */
function padPairs(
  api: string,
  ndim: number,
  w: PadWidth | number | readonly number[] | readonly (readonly number[])[],
): [number, number][] {
  let pairs: [number, number][];
  if (typeof w === 'number') pairs = range(0, ndim).map(() => [w, w]);
  else if (w.length > 0 && typeof w[0] !== 'number') {
    const rows = w as readonly (readonly number[])[];
    if (rows.length === 1)
      pairs = range(0, ndim).map(() => [
        rows[0]?.[0] as number,
        (rows[0]?.[1] ?? rows[0]?.[0]) as number,
      ]);
    else if (rows.length === ndim)
      pairs = rows.map((r) => [r[0] as number, (r[1] ?? r[0]) as number]);
    else {
      throw new ShapeError(
        `${api}: expected one (before, after) pair per axis (${ndim}); got ${JSON.stringify(w)}.`,
      );
    }
  } else {
    const flat = w as readonly number[];
    if (flat.length === 1) pairs = range(0, ndim).map(() => [flat[0] as number, flat[0] as number]);
    else if (flat.length === 2)
      pairs = range(0, ndim).map(() => [flat[0] as number, flat[1] as number]);
    else {
      throw new ShapeError(
        `${api}: expected an int, a (before, after) pair or one pair per axis; got ${JSON.stringify(w)}.`,
      );
    }
  }
  return pairs;
}

/** jnp.pad with modes 'constant' (default), 'edge' and 'reflect'. */
export function pad(x: TensorLike, padWidth: PadWidth, opts: PadOptions = {}): Tensor {
  const t = asTensor(x, 'pad');
  const pairs = padPairs('pad', t.ndim, padWidth);
  for (const [b, a] of pairs) {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new InvalidArgumentError(
        `pad: pad widths must be non-negative integers; got ${JSON.stringify(padWidth)}.`,
      );
    }
  }
  const mode = opts.mode ?? 'constant';
  return composite(() => {
    let cur = t;
    if (mode === 'constant') {
      const values = padPairs('pad', t.ndim, opts.constantValues ?? 0);
      // One lax.pad per distinct value pattern: a single pad when every value is the same.
      const uniform = values.every(([b, a]) => b === values[0]?.[0] && a === values[0]?.[0]);
      if (uniform) {
        return lax.pad(
          cur,
          scalar(values[0]?.[0] ?? 0, t.dtype, true),
          pairs.map(([b, a]) => [b, a, 0] as const),
        );
      }
      for (let i = 0; i < t.ndim; i++) {
        const [b, a] = pairs[i] as [number, number];
        const [vb, va] = values[i] as [number, number];
        const cfg = (lo: number, hi: number) =>
          cur.shape.map((_, j) => (j === i ? ([lo, hi, 0] as const) : ([0, 0, 0] as const)));
        if (b > 0) cur = lax.pad(cur, scalar(vb, t.dtype, true), cfg(b, 0));
        if (a > 0) cur = lax.pad(cur, scalar(va, t.dtype, true), cfg(0, a));
      }
      return cur;
    }
    if (mode !== 'edge' && mode !== 'reflect') {
      throw new InvalidArgumentError(
        `pad: unsupported mode ${JSON.stringify(mode)}; expected 'constant', 'edge' or 'reflect'.`,
      );
    }
    for (let i = 0; i < t.ndim; i++) {
      const [b, a] = pairs[i] as [number, number];
      if (b === 0 && a === 0) continue;
      const n = cur.shape[i] as number;
      if (n === 0) {
        throw new ShapeError(
          `pad: can't extend an empty axis ${i} of ${cur.aval.strShort()} with mode '${mode}'.`,
        );
      }
      cur = mode === 'edge' ? padEdge(cur, i, b, a) : padReflect(cur, i, b, a);
    }
    return cur;
  });
}

function padEdge(t: Tensor, ax: number, before: number, after: number): Tensor {
  const n = t.shape[ax] as number;
  const parts: Tensor[] = [];
  if (before > 0) parts.push(repeat(lax.sliceInDim(t, 0, 1, 1, ax), before, { axis: ax }));
  parts.push(t);
  if (after > 0) parts.push(repeat(lax.sliceInDim(t, n - 1, n, 1, ax), after, { axis: ax }));
  return lax.concatenate(parts, ax);
}

/** NumPy 'reflect' (no edge repeat), extended periodically when the pad exceeds the axis. */
function padReflect(t: Tensor, ax: number, before: number, after: number): Tensor {
  const n = t.shape[ax] as number;
  if (n === 1) return padEdge(t, ax, before, after);
  // Index of the source element for a position p (relative to the original start).
  const period = 2 * (n - 1);
  const src = (p: number): number => {
    const m = ((p % period) + period) % period;
    return m < n ? m : period - m;
  };
  const idx = range(-before, n + after).map(src);
  // Gather by runs: consecutive ascending or descending indices become slices.
  const parts: Tensor[] = [];
  let i = 0;
  while (i < idx.length) {
    const s = idx[i] as number;
    let j = i + 1;
    const step = j < idx.length ? (idx[j] as number) - s : 1;
    if (step === 1 || step === -1) {
      while (j < idx.length && (idx[j] as number) - (idx[j - 1] as number) === step) j++;
    } else j = i + 1;
    const e = idx[j - 1] as number;
    const lo = Math.min(s, e);
    const piece = lax.sliceInDim(t, lo, Math.max(s, e) + 1, 1, ax);
    parts.push(step === -1 && j - i > 1 ? lax.rev(piece, [ax]) : piece);
    i = j;
  }
  return parts.length === 1 ? (parts[0] as Tensor) : lax.concatenate(parts, ax);
}

export interface SortOptions {
  /** Axis to sort along (default -1); null sorts the flattened array. */
  readonly axis?: number | null;
  readonly descending?: boolean;
  readonly stable?: boolean;
}

/** jnp.sort: NaNs last; `descending` reverses the ascending sort. */
export function sort(x: TensorLike, opts: SortOptions = {}): Tensor {
  let t = asTensor(x, 'sort');
  let axis = opts.axis === undefined ? -1 : opts.axis;
  if (axis === null) {
    t = ravel(t);
    axis = 0;
  }
  const dim = normalizeAxis('sort', axis, t.ndim);
  return composite(() => {
    const r = lax.sort(t, { dimension: dim, isStable: opts.stable ?? true });
    return opts.descending === true ? lax.rev(r, [dim]) : r;
  });
}

/** jnp.argsort: int32 indices that sort the array (stable, also when descending). */
export function argsort(x: TensorLike, opts: SortOptions = {}): Tensor {
  let t = asTensor(x, 'argsort');
  let axis = opts.axis === undefined ? -1 : opts.axis;
  if (axis === null) {
    t = ravel(t);
    axis = 0;
  }
  const dim = normalizeAxis('argsort', axis, t.ndim);
  const descending = opts.descending === true;
  const stable = opts.stable ?? true;
  return composite(() => {
    let arr = t;
    let iota = lax.broadcastedIota('int32', t.shape, dim);
    if (descending && stable) {
      // Reverse first so that equal keys keep their original order once reversed back.
      arr = lax.rev(arr, [dim]);
      iota = lax.rev(iota, [dim]);
    }
    const [, indices] = lax.sort([arr, iota], { dimension: dim, isStable: stable, numKeys: 1 });
    return descending ? lax.rev(indices as Tensor, [dim]) : (indices as Tensor);
  });
}
