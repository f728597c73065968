/**
 * NumPy indexing: `x[i, 1:3, None, ..., idx]` (getItem), JAX's functional updates `x.at[idx]`
 * (atIndex), take, take_along_axis and jax.nn.one_hot. JAX: jax._src.numpy.indexing.
 * Static indices become slice/rev/reshape; integer arrays become gather (and scatter_add).
 */
import { type DType, isInteger } from '../dtype.ts';
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import * as lax from '../lax/structure.ts';
import { broadcastShapes, normalizeAxis, sizeOf } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { composite } from './composite.ts';
import { asTensor, scalar, type TensorLike } from './convert.ts';
import {
  add,
  equal,
  greaterEqual,
  less,
  logicalAnd,
  logicalNot,
  maximum,
  minimum,
  mod,
  multiply,
  where,
} from './elementwise.ts';
import { any as anyOf, max as maxOf, min as minOf, prod as prodOf } from './reduction.ts';
import { broadcastTo, castTo, moveaxis, promoteAll } from './shape.ts';

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** A `start:stop:step` slice; null parts take NumPy's defaults. */
export interface SliceSpec {
  readonly kind: 'slice';
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;
}

/**
 * A slice object, like Python's `slice(start, stop, step)` written with all three positions:
 * `slice(1, 3)` is `1:3`, `slice(null, null, -1)` is `::-1`. (A single argument is the start,
 * unlike Python's one-argument `slice(stop)`.)
 */
export function slice(
  start: number | null = null,
  stop: number | null = null,
  step: number | null = null,
): SliceSpec {
  return { kind: 'slice', start, stop, step };
}

/**
 * One index entry: an int, a slice (object or string like ':', '1:3', '::-1'), null (a new
 * axis), '...', or an integer array (Tensor or list of ints) for advanced indexing.
 */
export type IndexItem = number | SliceSpec | string | null | Tensor | readonly number[];

type Parsed =
  | { readonly k: 'int'; readonly v: number }
  | {
      readonly k: 'slice';
      readonly start: number | null;
      readonly stop: number | null;
      readonly step: number | null;
    }
  | { readonly k: 'newaxis' }
  | { readonly k: 'ellipsis' }
  | { readonly k: 'array'; readonly t: Tensor | null; readonly host: readonly number[] | null };

function parseSlicePart(api: string, s: string, whole: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (!/^[+-]?\d+$/.test(t)) {
    throw new InvalidArgumentError(
      `${api}: invalid slice string ${JSON.stringify(whole)}; expected 'start:stop:step' with integers.`,
    );
  }
  return Number.parseInt(t, 10);
}

function parseItem(api: string, item: IndexItem): Parsed {
  if (item === null) return { k: 'newaxis' };
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) {
      throw new InvalidArgumentError(
        `${api}: indices must be integers, slices, null, '...' or integer arrays; got ${item}.`,
      );
    }
    return { k: 'int', v: item };
  }
  if (typeof item === 'string') {
    if (item.trim() === '...') return { k: 'ellipsis' };
    const parts = item.split(':');
    if (parts.length === 1) return { k: 'int', v: parseSlicePart(api, item, item) ?? 0 };
    if (parts.length > 3) {
      throw new InvalidArgumentError(
        `${api}: invalid slice string ${JSON.stringify(item)}; expected 'start:stop:step'.`,
      );
    }
    return {
      k: 'slice',
      start: parseSlicePart(api, parts[0] as string, item),
      stop: parseSlicePart(api, parts[1] as string, item),
      step: parts.length === 3 ? parseSlicePart(api, parts[2] as string, item) : null,
    };
  }
  if (item instanceof Tensor) {
    if (item.dtype === 'bool') {
      throw new InvalidArgumentError(
        `${api}: boolean array indices are not supported (their result shape depends on the values); use jnp.where instead.`,
      );
    }
    if (!isInteger(item.dtype)) {
      throw new InvalidArgumentError(
        `${api}: array indices must be integers; got ${item.aval.strShort()}.`,
      );
    }
    return { k: 'array', t: item, host: null };
  }
  if (Array.isArray(item)) {
    const host = item as readonly number[];
    if (!host.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      throw new InvalidArgumentError(
        `${api}: list indices must contain integers; got ${JSON.stringify(item)}.`,
      );
    }
    return { k: 'array', t: null, host };
  }
  if (typeof item === 'object' && (item as SliceSpec).kind === 'slice') {
    const s = item as SliceSpec;
    return { k: 'slice', start: s.start, stop: s.stop, step: s.step };
  }
  throw new InvalidArgumentError(`${api}: unsupported index ${String(item)}.`);
}

/** Python's slice.indices: normalized start, step and the number of selected elements. */
function sliceIndices(
  api: string,
  s: { start: number | null; stop: number | null; step: number | null },
  n: number,
): {
  start: number;
  step: number;
  len: number;
} {
  const step = s.step ?? 1;
  if (step === 0) throw new InvalidArgumentError(`${api}: slice step cannot be zero.`);
  let start: number;
  let stop: number;
  if (step > 0) {
    start = s.start === null ? 0 : s.start < 0 ? Math.max(s.start + n, 0) : Math.min(s.start, n);
    stop = s.stop === null ? n : s.stop < 0 ? Math.max(s.stop + n, 0) : Math.min(s.stop, n);
  } else {
    start =
      s.start === null ? n - 1 : s.start < 0 ? Math.max(s.start + n, -1) : Math.min(s.start, n - 1);
    stop = s.stop === null ? -1 : s.stop < 0 ? Math.max(s.stop + n, -1) : Math.min(s.stop, n - 1);
  }
  const len = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, len };
}

/** Per operand dimension after ellipsis expansion: what selects along it. */
interface DimSel {
  readonly item: Parsed;
  /** Position of the item in the (expanded) index list. */
  readonly pos: number;
}

interface Plan {
  readonly dims: DimSel[];
  /** Expanded items in order (slices for the ellipsis); arrays and ints keep their dim. */
  readonly items: Parsed[];
  readonly advanced: boolean;
}

function makePlan(api: string, x: Tensor, index: readonly IndexItem[]): Plan {
  const parsed = index.map((i) => parseItem(api, i));
  const ellipses = parsed.filter((p) => p.k === 'ellipsis').length;
  if (ellipses > 1)
    throw new InvalidArgumentError(`${api}: an index can only have a single ellipsis ('...').`);
  const consumed = parsed.filter((p) => p.k !== 'newaxis' && p.k !== 'ellipsis').length;
  if (consumed > x.ndim) {
    throw new InvalidArgumentError(
      `${api}: too many indices; the array is ${x.ndim}-dimensional (${x.aval.strShort()}), but ${consumed} were indexed.`,
    );
  }
  const fill: Parsed[] = range(0, x.ndim - consumed).map(() => ({
    k: 'slice',
    start: null,
    stop: null,
    step: null,
  }));
  const items: Parsed[] = [];
  for (const p of parsed) {
    if (p.k === 'ellipsis') items.push(...fill);
    else items.push(p);
  }
  if (ellipses === 0) items.push(...fill);
  const dims: DimSel[] = [];
  items.forEach((item, pos) => {
    if (item.k !== 'newaxis') dims.push({ item, pos });
  });
  return { dims, items, advanced: items.some((i) => i.k === 'array') };
}

/** Box selected by the static part of an index: per dim, start/step/len (ints give len 1). */
interface Box {
  readonly start: number[];
  readonly step: number[];
  readonly len: number[];
}

/**
 * Basic box. `intMode`: out-of-range ints clamp (getItem) or drop the update (at); 'whole'
 * takes int dims whole, when ints are advanced indices next to integer arrays.
 */
function basicBox(
  api: string,
  x: Tensor,
  dims: readonly DimSel[],
  intMode: 'clamp' | 'drop' | 'whole',
): Box | null {
  const start: number[] = [];
  const step: number[] = [];
  const len: number[] = [];
  for (const [d, sel] of dims.entries()) {
    const n = x.shape[d] as number;
    const it = sel.item;
    if (it.k === 'slice') {
      const s = sliceIndices(api, it, n);
      start.push(s.start);
      step.push(s.step);
      len.push(s.len);
    } else if (it.k === 'int' && intMode !== 'whole') {
      let i = it.v < 0 ? it.v + n : it.v;
      if (i < 0 || i >= n) {
        if (intMode === 'drop') return null;
        if (n === 0) {
          throw new InvalidArgumentError(
            `${api}: index ${it.v} is out of bounds for axis ${d} of size 0.`,
          );
        }
        // JAX clamps static integer indices (gather semantics) instead of raising like NumPy.
        i = Math.min(Math.max(i, 0), n - 1);
      }
      start.push(i);
      step.push(1);
      len.push(1);
    } else {
      // Advanced dims are taken whole here and indexed by gather afterwards.
      start.push(0);
      step.push(1);
      len.push(n);
    }
  }
  return { start, step, len };
}

/** Selects a box with one lax.slice plus rev for negative steps (dims kept, ints as size 1). */
function takeBox(x: Tensor, box: Box): Tensor {
  const nd = x.ndim;
  const starts: number[] = [];
  const limits: number[] = [];
  const strides: number[] = [];
  const revDims: number[] = [];
  for (let d = 0; d < nd; d++) {
    const len = box.len[d] as number;
    const st = box.step[d] as number;
    let s = box.start[d] as number;
    if (len === 0) {
      starts.push(0);
      limits.push(0);
      strides.push(1);
      continue;
    }
    if (st < 0) {
      s = s + (len - 1) * st;
      if (len > 1) revDims.push(d);
    }
    const a = Math.abs(st);
    starts.push(s);
    limits.push(s + (len - 1) * a + 1);
    strides.push(a);
  }
  const identity = starts.every((s, d) => s === 0 && limits[d] === x.shape[d] && strides[d] === 1);
  let out = identity
    ? x
    : lax.slice(x, starts, limits, strides.every((s) => s === 1) ? null : strides);
  if (revDims.length > 0) out = lax.rev(out, revDims);
  return out;
}

/** Result shape of basic indexing: ints dropped, new axes inserted. */
function basicResultShape(plan: Plan, box: Box): number[] {
  const out: number[] = [];
  let d = 0;
  for (const it of plan.items) {
    if (it.k === 'newaxis') out.push(1);
    else {
      if (it.k === 'slice') out.push(box.len[d] as number);
      d++;
    }
  }
  return out;
}

/** Normalized integer index arrays for the advanced dims. */
interface Advanced {
  /** Operand dims indexed by arrays (ints count as 0-d arrays here), in order. */
  readonly dims: number[];
  /** Index arrays with negatives wrapped once (may still be out of range). */
  readonly idx: Tensor[];
  /** Broadcast shape of the index arrays. */
  readonly shape: number[];
  /** True when the advanced items are consecutive in the index (result dims stay in place). */
  readonly adjacent: boolean;
}

function wrapNegative(t: Tensor, n: number): Tensor {
  if (t.dtype === 'uint32') return t;
  return where(less(t, 0), add(t, n), t);
}

function advancedOf(api: string, x: Tensor, plan: Plan): Advanced {
  const dims: number[] = [];
  const idx: Tensor[] = [];
  const positions: number[] = [];
  for (const [d, sel] of plan.dims.entries()) {
    const it = sel.item;
    const n = x.shape[d] as number;
    if (it.k === 'array') {
      dims.push(d);
      positions.push(sel.pos);
      // Lists of ints are static: wrap them on the host.
      if (it.host !== null)
        idx.push(
          asTensor(
            it.host.map((v) => (v < 0 ? v + n : v)),
            api,
            'int32',
          ),
        );
      else idx.push(wrapNegative(it.t as Tensor, n));
    } else if (it.k === 'int') {
      dims.push(d);
      positions.push(sel.pos);
      idx.push(scalar(it.v < 0 ? it.v + n : it.v, 'int32', false));
    }
  }
  const shape = broadcastShapes(api, ...idx.map((t) => t.shape));
  const adjacent = positions.every((p, i) => i === 0 || p === (positions[i - 1] as number) + 1);
  return { dims, idx, shape, adjacent };
}

/** Clamps index values into [0, n-1] (gather's 'clip' mode, what JAX's indexing does). */
function clipIndex(t: Tensor, n: number): Tensor {
  const lo = t.dtype === 'uint32' ? t : maximum(t, 0);
  return minimum(lo, Math.max(n - 1, 0));
}

/**
 * Operand view for advanced indexing: the advanced dims moved to the front and merged into one
 * of size N; returns the view, the linear index (clipped) and its validity.
 */
function advancedView(
  x: Tensor,
  adv: Advanced,
): { view: Tensor; restDims: number[]; linear: Tensor; valid: Tensor; n: number } {
  const restDims = range(0, x.ndim).filter((d) => !adv.dims.includes(d));
  const perm = [...adv.dims, ...restDims];
  const sizes = adv.dims.map((d) => x.shape[d] as number);
  const n = sizeOf(sizes);
  const moved = lax.transpose(x, perm);
  const view = lax.reshape(moved, [n, ...restDims.map((d) => x.shape[d] as number)]);
  let linear: Tensor | null = null;
  let valid: Tensor | null = null;
  let stride = n;
  for (const [j, t] of adv.idx.entries()) {
    const dn = sizes[j] as number;
    stride = dn === 0 ? 0 : stride / dn;
    const okLo = t.dtype === 'uint32' ? null : greaterEqual(t, 0);
    const okHi = less(t, dn);
    const ok = okLo === null ? okHi : logicalAnd(okLo, okHi);
    valid = valid === null ? ok : logicalAnd(valid, ok);
    const term = multiply(castTo(clipIndex(t, dn), 'int32'), stride);
    linear = linear === null ? term : add(linear, term);
  }
  const b = adv.shape;
  return {
    view,
    restDims,
    linear: broadcastTo(linear as Tensor, b),
    valid: broadcastTo(valid as Tensor, b),
    n,
  };
}

/** Moves the broadcast index block from the front to position p (adjacent advanced indices). */
function placeBlock(t: Tensor, blockRank: number, p: number): Tensor {
  if (p === 0 || blockRank === 0) return t;
  const rest = range(blockRank, t.ndim);
  const perm = [...rest.slice(0, p), ...range(0, blockRank), ...rest.slice(p)];
  return lax.transpose(t, perm);
}

/** Result shape of advanced indexing, newaxis dims included. */
function advancedResultShape(plan: Plan, box: Box, adv: Advanced): number[] {
  const out: number[] = [];
  let d = 0;
  let placed = false;
  if (!adv.adjacent) {
    out.push(...adv.shape);
    placed = true;
  }
  for (const it of plan.items) {
    if (it.k === 'newaxis') {
      out.push(1);
      continue;
    }
    if (it.k === 'slice') out.push(box.len[d] as number);
    else if (!placed) {
      out.push(...adv.shape);
      placed = true;
    }
    d++;
  }
  return out;
}

/** NumPy `x[index]` with JAX's semantics (out-of-range indices clamp). */
export function getItem(x: TensorLike, index: readonly IndexItem[] | SingleIndex): Tensor {
  const t = asTensor(x, 'getItem');
  const list = indexList(index);
  return composite(() => {
    const plan = makePlan('getItem', t, list);
    const box = basicBox('getItem', t, plan.dims, plan.advanced ? 'whole' : 'clamp') as Box;
    const y = takeBox(t, box);
    if (!plan.advanced) return lax.reshape(y, basicResultShape(plan, box));
    const adv = advancedOf('getItem', y, plan);
    let out: Tensor;
    if (adv.dims.length === 1) {
      // One index array: a gather along its axis puts the index dims in place.
      const d = adv.dims[0] as number;
      const idx = clipIndex(adv.idx[0] as Tensor, y.shape[d] as number);
      out = lax.gather(y, castTo(idx, 'int32'), { axis: d, mode: 'clip' });
    } else {
      const v = advancedView(y, adv);
      const g = lax.gather(v.view, v.linear, { axis: 0, mode: 'clip' });
      out = adv.adjacent ? placeBlock(g, adv.shape.length, adv.dims[0] as number) : g;
    }
    return lax.reshape(out, advancedResultShape(plan, box, adv));
  });
}

function moveToFront(ndim: number, at: number, count: number): number[] {
  const block = range(at, at + count);
  return [...block, ...range(0, ndim).filter((i) => i < at || i >= at + count)];
}

/** One index item other than a list (a list is always the list of items). */
export type SingleIndex = number | SliceSpec | string | null | Tensor;

function indexList(index: readonly IndexItem[] | SingleIndex): readonly IndexItem[] {
  return Array.isArray(index) ? (index as readonly IndexItem[]) : [index as SingleIndex];
}

type UpdateOp = 'set' | 'add' | 'multiply' | 'min' | 'max';

function combine(op: UpdateOp, cur: Tensor, v: Tensor): Tensor {
  switch (op) {
    case 'set':
      return v;
    case 'add':
      return add(cur, v);
    case 'multiply':
      return multiply(cur, v);
    case 'min':
      return minimum(cur, v);
    case 'max':
      return maximum(cur, v);
  }
}

/** Writes `content` (box-shaped, in selection order) into the box of `x` via pad + select. */
function writeBox(x: Tensor, box: Box, content: Tensor): Tensor {
  const revDims = range(0, x.ndim).filter(
    (d) => (box.step[d] as number) < 0 && (box.len[d] as number) > 1,
  );
  const c = revDims.length > 0 ? lax.rev(content, revDims) : content;
  const config = range(0, x.ndim).map((d) => {
    const n = x.shape[d] as number;
    const len = box.len[d] as number;
    const st = box.step[d] as number;
    const a = Math.abs(st);
    const first = st < 0 ? (box.start[d] as number) + (len - 1) * st : (box.start[d] as number);
    const span = (len - 1) * a + 1;
    return [first, n - first - span, a - 1] as const;
  });
  if (
    config.every(
      ([lo, hi, int], d) => lo === 0 && hi === 0 && int === 0 && c.shape[d] === x.shape[d],
    )
  )
    return c;
  const padded = lax.pad(c, scalar(0, x.dtype, x.weakType), config);
  const ones = lax.broadcastInDim(scalar(true, 'bool', false), c.shape, []);
  const mask = lax.pad(ones, scalar(false, 'bool', false), config);
  return where(mask, padded, x);
}

function zeroOf(t: Tensor): Tensor {
  return scalar(0, t.dtype, t.weakType);
}

function identityFor(op: UpdateOp, dtype: DType): number {
  if (op === 'multiply') return 1;
  if (op === 'min')
    return dtype === 'float32'
      ? Number.POSITIVE_INFINITY
      : dtype === 'uint32'
        ? 4294967295
        : 2147483647;
  if (op === 'max')
    return dtype === 'float32' ? Number.NEGATIVE_INFINITY : dtype === 'uint32' ? 0 : -2147483648;
  return 0;
}

/** Update values in x's (already promoted) dtype. */
function updateValues(x: Tensor, value: TensorLike): Tensor {
  return castTo(asTensor(value, 'at'), x.dtype, x.weakType);
}

function basicUpdate(x: Tensor, plan: Plan, op: UpdateOp, value: TensorLike): Tensor {
  // An out-of-range int drops the whole update (JAX's scatter mode FILL_OR_DROP).
  const box = basicBox('at', x, plan.dims, 'drop');
  if (box === null) return x;
  const v = updateValues(x, value);
  const vr = broadcastTo(v, basicResultShape(plan, box));
  if (sizeOf(box.len) === 0) return x;
  const vb = lax.reshape(vr, box.len);
  const content = op === 'set' ? vb : combine(op, takeBox(x, box), vb);
  return writeBox(x, box, content);
}

function advancedUpdate(x: Tensor, plan: Plan, op: UpdateOp, value: TensorLike): Tensor {
  const v = updateValues(x, value);
  // Slices over the non-advanced dims, applied to the [N, ...rest] view.
  const adv = advancedOf('at', x, plan);
  const fullBox = basicBox('at', x, plan.dims, 'whole') as Box;
  const resultShape = advancedResultShape(plan, fullBox, adv);
  const vR = broadcastTo(v, resultShape);
  const { view, restDims, linear, valid, n } = advancedView(x, adv);
  const restBox: Box = {
    start: [0, ...restDims.map((d) => fullBox.start[d] as number)],
    step: [1, ...restDims.map((d) => fullBox.step[d] as number)],
    len: [n, ...restDims.map((d) => fullBox.len[d] as number)],
  };
  const sub = takeBox(view, restBox);
  const restS = sub.shape.slice(1);
  const bRank = adv.shape.length;
  const k = sizeOf(adv.shape);
  // Values in [B..., rest...] order, then [K, ...rest].
  const noNew = adv.adjacent
    ? [
        ...restS.slice(0, adv.dims[0] as number),
        ...adv.shape,
        ...restS.slice(adv.dims[0] as number),
      ]
    : [...adv.shape, ...restS];
  let vb = lax.reshape(vR, noNew);
  if (adv.adjacent && (adv.dims[0] as number) > 0) {
    vb = lax.transpose(vb, moveToFront(vb.ndim, adv.dims[0] as number, bRank));
  }
  vb = lax.reshape(vb, [k, ...restS]);
  const lin = lax.reshape(linear, [k]);
  const ok = lax.reshape(valid, [k]);
  // Bools are updated as int32 (scatter_add is numeric).
  const isBool = x.dtype === 'bool';
  const subW = isBool ? castTo(sub, 'int32') : sub;
  let vals = isBool ? castTo(vb, 'int32') : vb;
  const dtype = subW.dtype;
  let newSub: Tensor;
  if (op === 'add') {
    // Every valid index contributes, so duplicates accumulate. Dropped (out-of-range) updates
    // are zeroed rather than sent out of range, so scatter_add's transpose (a gather) is exact.
    const okB = lax.broadcastInDim(ok, vals.shape, [0]);
    const upd = lax.scatterAdd(where(okB, vals, zeroOf(vals)), lin, {
      axis: 0,
      operandShape: subW.shape,
    });
    newSub = add(subW, upd);
  } else {
    // Duplicate indices: set keeps the last write (like NumPy); multiply/min/max combine all
    // values of an index first, then the first occurrence writes op(x, combined).
    let keep = ok;
    if (k > 1) {
      const same = logicalAnd(
        equal(lax.reshape(lin, [k, 1]), lax.reshape(lin, [1, k])),
        lax.reshape(ok, [1, k]),
      );
      const i0 = lax.broadcastedIota('int32', [k, k], 0);
      const i1 = lax.broadcastedIota('int32', [k, k], 1);
      const other = anyOf(logicalAnd(same, op === 'set' ? less(i0, i1) : less(i1, i0)), {
        axis: 1,
      });
      keep = logicalAnd(ok, logicalNot(other));
      if (op !== 'set') {
        const sameB = lax.broadcastInDim(same, [k, k, ...restS], [0, 1]);
        const valsB = lax.broadcastInDim(
          vals,
          [k, k, ...restS],
          [1, ...range(2, 2 + restS.length)],
        );
        const masked = where(sameB, valsB, scalar(identityFor(op, dtype), dtype, false));
        const red = op === 'multiply' ? prodOf : op === 'min' ? minOf : maxOf;
        vals = castTo(red(masked, { axis: 1 }), dtype, vals.weakType);
      }
    }
    const newVals =
      op === 'set' ? vals : combine(op, lax.gather(subW, lin, { axis: 0, mode: 'clip' }), vals);
    const keepB = lax.broadcastInDim(keep, newVals.shape, [0]);
    const upd = lax.scatterAdd(where(keepB, newVals, zeroOf(newVals)), lin, {
      axis: 0,
      operandShape: subW.shape,
    });
    const hits = lax.scatterAdd(castTo(keep, 'int32'), lin, { axis: 0, operandShape: [n] });
    const touched = lax.broadcastInDim(greaterEqual(hits, 1), subW.shape, [0]);
    newSub = where(touched, upd, subW);
  }
  if (isBool) newSub = castTo(newSub, 'bool');
  const newView = restBox.len.every((len, d) => len === view.shape[d] && restBox.step[d] === 1)
    ? newSub
    : writeBox(view, restBox, newSub);
  const moved = lax.reshape(newView, [
    ...adv.dims.map((d) => x.shape[d] as number),
    ...restDims.map((d) => x.shape[d] as number),
  ]);
  const perm = [...adv.dims, ...restDims];
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return lax.transpose(moved, inv);
}

/** Functional updates of the elements selected by an index: JAX's `x.at[index]`. */
export interface AtUpdater {
  /** The selected elements (same as getItem). */
  get(): Tensor;
  /** A copy of x with the selection replaced by `value` (broadcast to the selection). */
  set(value: TensorLike): Tensor;
  /** Adds `value`; duplicate integer indices accumulate. */
  add(value: TensorLike): Tensor;
  multiply(value: TensorLike): Tensor;
  min(value: TensorLike): Tensor;
  max(value: TensorLike): Tensor;
}

/** JAX's `x.at[index]`: out-of-range indices are dropped from updates; `get` clamps. */
export function atIndex(x: TensorLike, index: readonly IndexItem[] | SingleIndex): AtUpdater {
  const t = asTensor(x, 'at');
  const list = indexList(index);
  const update = (op: UpdateOp, value: TensorLike): Tensor =>
    composite(() => {
      const plan = makePlan('at', t, list);
      // Like JAX: update in the promoted dtype, then convert back to x's dtype and weak type
      // (int32 x with a float value: x.at[i].multiply(2.7) truncates the product).
      const [xp, vp] = promoteAll('at', [t, value]) as [Tensor, Tensor];
      const out = plan.advanced ? advancedUpdate(xp, plan, op, vp) : basicUpdate(xp, plan, op, vp);
      return castTo(out, t.dtype, t.weakType);
    });
  return {
    get: () => getItem(t, list),
    set: (v) => update('set', v),
    add: (v) => update('add', v),
    multiply: (v) => update('multiply', v),
    min: (v) => update('min', v),
    max: (v) => update('max', v),
  };
}

export interface TakeOptions {
  /** Axis to take along; null/omitted takes from the flattened array. */
  readonly axis?: number | null;
  /** Out-of-range indices: 'fill' (default, JAX's: NaN / INT_MIN / True), 'clip', 'wrap'. */
  readonly mode?: 'fill' | 'clip' | 'wrap';
  /** The value for out-of-range indices in 'fill' mode. */
  readonly fillValue?: number | boolean;
}

function indexTensor(api: string, indices: TensorLike): Tensor {
  const t =
    Array.isArray(indices) && indices.every((v) => typeof v === 'number')
      ? asTensor(indices, api, 'int32')
      : asTensor(indices, api);
  if (!isInteger(t.dtype)) {
    throw new InvalidArgumentError(`${api}: indices must be integers; got ${t.aval.strShort()}.`);
  }
  return t;
}

/** Indices for take's modes on an axis of size n ('clip' clamps inside the gather). */
function takeIndices(idx: Tensor, n: number, mode: 'fill' | 'clip' | 'wrap'): Tensor {
  if (mode === 'fill') return wrapNegative(idx, n);
  // 'clip' clamps here, so the gather never sees an out-of-range index (and its transpose,
  // scatter_add, never drops one).
  if (n === 0) return idx;
  if (mode === 'clip') return clipIndex(idx, n);
  return mod(idx, n);
}

/** jnp.take: NumPy take along an axis; out-of-range indices follow `mode`. */
export function take(x: TensorLike, indices: TensorLike, opts: TakeOptions = {}): Tensor {
  let t = asTensor(x, 'take');
  const idx0 = indexTensor('take', indices);
  let axis = opts.axis ?? null;
  return composite(() => {
    if (axis === null) {
      t = lax.reshape(t, [t.size]);
      axis = 0;
    }
    const ax = normalizeAxis('take', axis, t.ndim);
    const n = t.shape[ax] as number;
    const mode = opts.mode ?? 'fill';
    if (mode !== 'fill' && mode !== 'clip' && mode !== 'wrap') {
      throw new InvalidArgumentError(
        `take: mode must be 'fill', 'clip' or 'wrap'; got ${JSON.stringify(mode)}.`,
      );
    }
    const idx = castTo(takeIndices(idx0, n, mode), 'int32');
    if (mode === 'fill' && opts.fillValue !== undefined) {
      const g = lax.gather(t, idx, { axis: ax, mode: 'clip' });
      const ok = logicalAnd(greaterEqual(idx, 0), less(idx, n));
      const okB = lax.broadcastInDim(ok, g.shape, range(ax, ax + idx.ndim));
      return where(okB, g, scalar(opts.fillValue, t.dtype, false));
    }
    return lax.gather(t, idx, { axis: ax, mode: mode === 'fill' ? 'fill' : 'clip' });
  });
}

/** jnp.take_along_axis: picks along `axis` with indices that broadcast against x elsewhere. */
export function takeAlongAxis(
  x: TensorLike,
  indices: TensorLike,
  axis: number | null,
  opts: { readonly mode?: 'fill' | 'clip'; readonly fillValue?: number | boolean } = {},
): Tensor {
  let t = asTensor(x, 'takeAlongAxis');
  let idx = indexTensor('takeAlongAxis', indices);
  return composite(() => {
    let ax: number;
    if (axis === null) {
      if (idx.ndim !== 1) {
        throw new ShapeError(
          `takeAlongAxis: with axis=null, indices must be 1-D; got ${idx.aval.strShort()}.`,
        );
      }
      t = lax.reshape(t, [t.size]);
      ax = 0;
    } else ax = normalizeAxis('takeAlongAxis', axis, t.ndim);
    if (idx.ndim !== t.ndim) {
      throw new ShapeError(
        `takeAlongAxis: indices and arr must have the same number of dimensions; got ${idx.ndim} vs ${t.ndim} (${idx.aval.strShort()} and ${t.aval.strShort()}).`,
      );
    }
    const n = t.shape[ax] as number;
    const mask = (s: readonly number[]) => s.map((d, i) => (i === ax ? 1 : d));
    const common = broadcastShapes('takeAlongAxis', mask(t.shape), mask(idx.shape));
    const xs = [...common];
    xs[ax] = n;
    const is = [...common];
    is[ax] = idx.shape[ax] as number;
    t = broadcastTo(t, xs);
    idx = broadcastTo(idx, is);
    const mode = opts.mode ?? 'fill';
    idx = castTo(mode === 'fill' ? wrapNegative(idx, n) : clipIndex(idx, n), 'int32');
    const last = t.ndim - 1;
    const tl = moveaxis(t, ax, last);
    const il = moveaxis(idx, ax, last);
    let g = lax.gather(tl, il, {
      axis: last,
      batchDims: last,
      mode: mode === 'fill' ? 'fill' : 'clip',
    });
    if (mode === 'fill' && opts.fillValue !== undefined) {
      const ok = logicalAnd(greaterEqual(il, 0), less(il, n));
      g = where(ok, g, scalar(opts.fillValue, t.dtype, false));
    }
    return moveaxis(g, last, ax);
  });
}

/** jax.nn.one_hot: `x[..., None] == arange(numClasses)`; out-of-range labels give all zeros. */
export function oneHot(
  x: TensorLike,
  numClasses: number,
  opts: { readonly dtype?: DType; readonly axis?: number } = {},
): Tensor {
  const t = asTensor(x, 'oneHot');
  if (!Number.isInteger(numClasses) || numClasses < 0) {
    throw new InvalidArgumentError(
      `oneHot: numClasses must be a non-negative integer; got ${numClasses}.`,
    );
  }
  const ax = normalizeAxis('oneHot', opts.axis ?? -1, t.ndim + 1);
  return composite(() => {
    const lhs = lax.expandDims(t, [ax]);
    const rhsShape = new Array<number>(t.ndim + 1).fill(1);
    rhsShape[ax] = numClasses;
    const rhs = lax.broadcastedIota(t.dtype === 'bool' ? 'int32' : t.dtype, rhsShape, ax);
    const eq = equal(t.dtype === 'bool' ? castTo(lhs, 'int32') : lhs, rhs);
    return castTo(eq, opts.dtype ?? 'float32');
  });
}
