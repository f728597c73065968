/**
 * Impl rules of the structure primitives on tfjs kernels (Reshape, Transpose, Tile, Reverse,
 * Concat, PadV2, Slice, GatherV2, ScatterNd, Select), with host kernels for sort and iota.
 * JAX: the XLA lowerings of lax.broadcast_in_dim, lax.pad, lax.gather, lax.sort, ...
 *
 * Several wasm kernels mishandle 1-byte bools (Reverse, Tile, GatherV2 and Select abort or
 * return garbage), so bools take an int32 detour through them. StridedSlice is avoided: on wasm
 * it returns float32 for int32 input. uint32 is stored as int32 bits, which every kernel here
 * moves unchanged; only sort compares values, and it reads them as unsigned.
 */

import {
  disposeInfo,
  readDataSync,
  runKernel,
  type TensorInfo,
  writeData,
} from '../../backend/engine.ts';
import { allocStorage, viewAs, writeStorage } from '../../backend/host-kernel.ts';
import { broadcastInfo, transposeInfo } from '../../backend/movement.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { StructurePrimitive } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { sizeOf } from '../../shape.ts';

/** Temporaries of one rule, freed together when the rule returns (or throws). */
class Scratch {
  private readonly infos: TensorInfo[] = [];
  add(x: TensorInfo): TensorInfo {
    this.infos.push(x);
    return x;
  }
  free(): void {
    for (const x of this.infos) disposeInfo(x);
  }
}

function withScratch<T>(f: (s: Scratch) => T): T {
  const s = new Scratch();
  try {
    return f(s);
  } finally {
    s.free();
  }
}

function reshape(x: TensorInfo, shape: readonly number[]): TensorInfo {
  return runKernel('Reshape', { x }, { shape: [...shape] });
}

function cast(x: TensorInfo, dtype: 'int32' | 'bool'): TensorInfo {
  return runKernel('Cast', { x }, { dtype });
}

/** Runs `f` on an int32 copy of a bool buffer (wasm kernels that mishandle bools). */
function viaInt32(x: TensorInfo, f: (x: TensorInfo) => TensorInfo): TensorInfo {
  if (x.dtype !== 'bool') return f(x);
  return withScratch((s) => cast(s.add(f(s.add(cast(x, 'int32')))), 'bool'));
}

function emptyOf(aval: ShapedArray): TensorInfo {
  return writeStorage(allocStorage(aval.dtype, 0), aval.shape, aval.dtype);
}

function slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
  // The whole array (also every scalar, which tfjs's Slice would empty): share the buffer.
  if (begin.every((b, i) => b === 0 && size[i] === x.shape[i])) return reshape(x, x.shape);
  return runKernel('Slice', { x }, { begin: [...begin], size: [...size] });
}

function padV2(
  x: TensorInfo,
  paddings: readonly (readonly [number, number])[],
  value: number,
): TensorInfo {
  return runKernel(
    'PadV2',
    { x },
    { paddings: paddings.map((p) => [p[0], p[1]]), constantValue: value },
  );
}

function fill(shape: readonly number[], value: number, dtype: TensorInfo['dtype']): TensorInfo {
  return runKernel('Fill', {}, { shape: [...shape], value, dtype });
}

/**
 * Constant padding with any value. wasm's PadV2 passes the value through float32 (int32 values
 * beyond 2^24 change) and caches its operators in an ordered map keyed by that float, where NaN
 * (and -0 == 0) finds another value's operator; those values are padded with Fill + Concat.
 */
function padConst(
  x: TensorInfo,
  paddings: readonly (readonly [number, number])[],
  value: number,
): TensorInfo {
  const safe = !Number.isNaN(value) && !Object.is(value, -0) && Math.abs(value) <= 16777216;
  if (safe) return padV2(x, paddings, value);
  return withScratch((s) => {
    let cur = x;
    paddings.forEach(([lo, hi], d) => {
      if (lo === 0 && hi === 0) return;
      const side = (n: number) =>
        s.add(
          fill(
            cur.shape.map((v, i) => (i === d ? n : v)),
            value,
            x.dtype,
          ),
        );
      const parts: TensorInfo[] = [];
      if (lo > 0) parts.push(side(lo));
      parts.push(cur);
      if (hi > 0) parts.push(side(hi));
      cur = s.add(runKernel('Concat', parts as unknown as Record<string, TensorInfo>, { axis: d }));
    });
    return reshape(cur, cur.shape);
  });
}

function out0(outAvals: readonly ShapedArray[]): ShapedArray {
  return outAvals[0] as ShapedArray;
}

/** Reads integer scalar operands (start indices) as JavaScript numbers. */
function readScalars(xs: readonly TensorInfo[], avals: readonly ShapedArray[]): number[] {
  return xs.map((x, i) => viewAs(x, (avals[i] as ShapedArray).dtype)[0] as number);
}

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--)
    s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** Value a 'fill' gather returns out of bounds (JAX's gather default fill value). */
function gatherFillValue(dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return Number.NaN;
    case 'int32':
      return -2147483648;
    case 'uint32':
      return -1; // 0xFFFFFFFF as int32 bits
    case 'bool':
      return 1;
  }
}

/** Sort key comparison like XLA's total order for JAX: NaN last, -0 == 0, unsigned uint32. */
function compareValues(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an && bn) return 0;
  return an ? 1 : -1;
}

/** Pads with interior padding and negative (cropping) low/high padding, on PadV2/Slice. */
function padImpl(
  x: TensorInfo,
  value: number,
  config: readonly (readonly [number, number, number])[],
  outShape: readonly number[],
): TensorInfo {
  return withScratch((s) => {
    let cur = x;
    const lo = config.map((c) => c[0]);
    const hi = config.map((c) => c[1]);
    const interior = config.map((c) => c[2]);
    const interiorDims = interior
      .map((k, i) => (k > 0 && (x.shape[i] as number) > 1 ? i : -1))
      .filter((i) => i >= 0);
    if (interiorDims.length > 0) {
      // Interior padding: view each such dim of size n as [n, 1], pad the unit axis to 1+k and
      // merge back, giving n(1+k) elements: the interior-padded n+(n-1)k plus k trailing pad
      // values, which the high padding below absorbs (hi - k).
      const split: number[] = [];
      const paddings: [number, number][] = [];
      for (let i = 0; i < x.shape.length; i++) {
        split.push(x.shape[i] as number);
        paddings.push([0, 0]);
        if (interiorDims.includes(i)) {
          const k = interior[i] as number;
          split.push(1);
          paddings.push([0, k]);
          hi[i] = (hi[i] as number) - k;
        }
      }
      const r = s.add(reshape(cur, split));
      const p = s.add(padConst(r, paddings, value));
      const merged = x.shape.map((n, i) =>
        interiorDims.includes(i) ? n * (1 + (interior[i] as number)) : n,
      );
      cur = s.add(reshape(p, merged));
    }
    const needPad = lo.some((v) => v > 0) || hi.some((v) => v > 0);
    const needCrop = lo.some((v) => v < 0) || hi.some((v) => v < 0);
    if (needPad) {
      cur = s.add(
        padConst(
          cur,
          lo.map((v, i) => [Math.max(v, 0), Math.max(hi[i] as number, 0)] as const),
          value,
        ),
      );
    }
    if (needCrop) {
      return slice(
        cur,
        lo.map((v) => Math.max(-v, 0)),
        outShape,
      );
    }
    return reshape(cur, outShape);
  });
}

/** Strided slice from Slice + PadV2 + Reshape (StridedSlice is wrong for int32 on wasm). */
function stridedSlice(
  x: TensorInfo,
  start: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
): TensorInfo {
  if (sizeOf(outShape) === 0) return slice(x, start, outShape);
  return withScratch((s) => {
    // Take the span first..last selected element, pad it to out*stride, view each strided dim as
    // [out, stride] and keep column 0.
    const span = outShape.map((m, i) => (m - 1) * (strides[i] as number) + 1);
    const a = s.add(slice(x, start, span));
    const b = s.add(
      padV2(
        a,
        span.map((n, i) => [0, (outShape[i] as number) * (strides[i] as number) - n] as const),
        0,
      ),
    );
    const split: number[] = [];
    const size: number[] = [];
    for (let i = 0; i < outShape.length; i++) {
      const m = outShape[i] as number;
      const st = strides[i] as number;
      split.push(m);
      size.push(m);
      if (st > 1) {
        split.push(st);
        size.push(1);
      }
    }
    const c = s.add(reshape(b, split));
    const d = s.add(
      slice(
        c,
        size.map(() => 0),
        size,
      ),
    );
    return reshape(d, outShape);
  });
}

function gatherImpl(
  x: TensorInfo,
  idx: TensorInfo,
  idxDType: DType,
  xDType: DType,
  axis: number,
  batchDims: number,
  mode: 'clip' | 'fill',
  out: ShapedArray,
): TensorInfo {
  if (out.size === 0) return emptyOf(out);
  const n = x.shape[axis] as number;
  const vals = viewAs(idx, idxDType);
  let inRange = true;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i] as number;
    if (v < 0 || v >= n) {
      inRange = false;
      break;
    }
  }
  if (inRange && batchDims === 0) {
    return viaInt32(x, (y) =>
      runKernel('GatherV2', { x: y, indices: idx }, { axis, batchDims: 0 }),
    );
  }
  return withScratch((s) => {
    // Out-of-bounds indices: 'clip' clamps them; 'fill' points them at one extra slot appended
    // to the axis that holds the fill value.
    let src = x;
    if (!inRange && mode === 'fill') {
      const paddings = x.shape.map((_, i) => (i === axis ? ([0, 1] as const) : ([0, 0] as const)));
      src = s.add(padConst(x, paddings, gatherFillValue(xDType)));
    }
    const fixed = new Int32Array(vals.length);
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i] as number;
      fixed[i] = mode === 'clip' ? Math.min(Math.max(v, 0), n - 1) : v < 0 || v >= n ? n : v;
    }
    if (batchDims === 0) {
      const indices = s.add(writeData(fixed, [...idx.shape], 'int32'));
      return viaInt32(src, (y) => runKernel('GatherV2', { x: y, indices }, { axis, batchDims: 0 }));
    }
    // Batch dims (GatherV2's batchDims is wrong on wasm): fold the batch into the gathered axis,
    // [B, mid, N, inner] -> [B*N, mid, inner], and offset each index by its batch row.
    const shape = src.shape;
    const nB = sizeOf(shape.slice(0, batchDims));
    const nMid = sizeOf(shape.slice(batchDims, axis));
    const nInner = sizeOf(shape.slice(axis + 1));
    const np = shape[axis] as number;
    const nI = vals.length / nB;
    let t = src;
    if (axis !== batchDims) {
      const perm = [...shape.keys()].filter((i) => i !== axis);
      perm.splice(batchDims, 0, axis);
      t = s.add(transposeInfo(src, perm));
    }
    const r = s.add(reshape(t, [nB * np, nMid, nInner]));
    for (let j = 0; j < fixed.length; j++)
      fixed[j] = Math.floor(j / nI) * np + (fixed[j] as number);
    const indices = s.add(writeData(fixed, [nB, nI], 'int32'));
    let g = s.add(
      viaInt32(r, (y) => runKernel('GatherV2', { x: y, indices }, { axis: 0, batchDims: 0 })),
    );
    if (nMid > 1) g = s.add(transposeInfo(g, [0, 2, 1, 3]));
    return reshape(g, out.shape);
  });
}

function scatterAddImpl(
  u: TensorInfo,
  idx: TensorInfo,
  idxDType: DType,
  axis: number,
  b: number,
  out: ShapedArray,
): TensorInfo {
  const S = out.shape;
  if (out.size === 0) return emptyOf(out);
  const I = idx.shape.slice(b);
  const nI = sizeOf(I);
  const nB = sizeOf(S.slice(0, b));
  const mid = S.slice(b, axis);
  const inner = S.slice(axis + 1);
  const N = S[axis] as number;
  if (nI * nB === 0) {
    return runKernel('Fill', {}, { shape: [...S], value: 0, dtype: u.dtype });
  }
  return withScratch((s) => {
    // ScatterNd over [batch, N (+1 slot for dropped indices), ...mid, ...inner], indexed by
    // (flat batch, index) pairs; updates brought to [batch * |I|, ...mid, ...inner].
    const vals = viewAs(idx, idxDType);
    const pairs = new Int32Array(nB * nI * 2);
    let dropped = false;
    for (let r = 0; r < nB * nI; r++) {
      const v = vals[r] as number;
      const ok = v >= 0 && v < N;
      if (!ok) dropped = true;
      pairs[2 * r] = Math.floor(r / nI);
      pairs[2 * r + 1] = ok ? v : N;
    }
    const indices = s.add(writeData(pairs, [nB * nI, 2], 'int32'));
    const nm = mid.length;
    const ni = I.length;
    let upd = u;
    if (nm > 0 && ni > 0) {
      const perm: number[] = [];
      for (let i = 0; i < b; i++) perm.push(i);
      for (let i = 0; i < ni; i++) perm.push(b + nm + i);
      for (let i = 0; i < nm; i++) perm.push(b + i);
      for (let i = b + nm + ni; i < u.shape.length; i++) perm.push(i);
      upd = s.add(transposeInfo(u, perm));
    }
    const updates = s.add(reshape(upd, [nB * nI, ...mid, ...inner]));
    const slots = dropped ? N + 1 : N;
    let res = s.add(
      runKernel('ScatterNd', { indices, updates }, { shape: [nB, slots, ...mid, ...inner] }),
    );
    if (dropped)
      res = s.add(
        slice(
          res,
          res.shape.map(() => 0),
          [nB, N, ...mid, ...inner],
        ),
      );
    if (nm > 0) {
      const perm = [0];
      for (let i = 0; i < nm; i++) perm.push(2 + i);
      perm.push(1);
      for (let i = 2 + nm; i < res.shape.length; i++) perm.push(i);
      res = s.add(transposeInfo(res, perm));
    }
    return reshape(res, S);
  });
}

/** Host sort: every row along `dimension` sorted stably by the first `numKeys` operands. */
function sortImpl(
  xs: readonly TensorInfo[],
  avals: readonly ShapedArray[],
  dimension: number,
  numKeys: number,
): TensorInfo[] {
  const shape = (avals[0] as ShapedArray).shape;
  const n = shape[dimension] as number;
  const inner = sizeOf(shape.slice(dimension + 1));
  const outer = sizeOf(shape.slice(0, dimension));
  const views = xs.map((x, i) => viewAs(x, (avals[i] as ShapedArray).dtype));
  const outs = avals.map((a) => allocStorage(a.dtype, a.size));
  const outViews = outs.map((o, i) =>
    (avals[i] as ShapedArray).dtype === 'uint32' ? new Uint32Array(o.buffer) : o,
  );
  const order = new Array<number>(n);
  const keys = views.slice(0, numKeys);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      for (let i = 0; i < n; i++) order[i] = i;
      // Array.prototype.sort is stable, as is_stable requires.
      order.sort((p, q) => {
        for (const key of keys) {
          const c = compareValues(key[base + p * inner] as number, key[base + q * inner] as number);
          if (c !== 0) return c;
        }
        return 0;
      });
      for (let j = 0; j < views.length; j++) {
        const src = views[j] as ArrayLike<number>;
        const dst = outViews[j] as { [i: number]: number };
        for (let i = 0; i < n; i++)
          dst[base + i * inner] = src[base + (order[i] as number) * inner] as number;
      }
    }
  }
  return outs.map((o, i) => writeStorage(o, shape, (avals[i] as ShapedArray).dtype));
}

export const structureImpl = {
  broadcast_in_dim([x], { shape, broadcast_dimensions: bd }) {
    const src = x as TensorInfo;
    return [
      withScratch((s) => {
        let cur = src;
        let dims = [...bd];
        if (dims.some((d, i) => i > 0 && d < (dims[i - 1] as number))) {
          // Bring the operand's dimensions into target order first.
          const perm = dims
            .map((_, i) => i)
            .sort((a, b) => (dims[a] as number) - (dims[b] as number));
          cur = s.add(transposeInfo(cur, perm));
          dims = perm.map((p) => dims[p] as number);
        }
        const mid = shape.map(() => 1);
        dims.forEach((d, i) => {
          mid[d] = cur.shape[i] as number;
        });
        const reps = shape.map((d, i) => (mid[i] === d ? 1 : d));
        if (reps.every((r) => r === 1)) return reshape(cur, shape);
        const r = s.add(reshape(cur, mid));
        return broadcastInfo(r, shape);
      }),
    ];
  },

  reshape([x], { new_sizes }) {
    return [reshape(x as TensorInfo, new_sizes)];
  },

  transpose([x], { permutation }) {
    const src = x as TensorInfo;
    if (permutation.every((p, i) => p === i)) return [reshape(src, src.shape)];
    return [transposeInfo(src, [...permutation])];
  },

  squeeze([x], _params, outAvals) {
    return [reshape(x as TensorInfo, out0(outAvals).shape)];
  },

  expand_dims([x], _params, outAvals) {
    return [reshape(x as TensorInfo, out0(outAvals).shape)];
  },

  rev([x], { dimensions }) {
    const src = x as TensorInfo;
    if (dimensions.length === 0 || sizeOf(src.shape) === 0) return [reshape(src, src.shape)];
    return [viaInt32(src, (y) => runKernel('Reverse', { x: y }, { dims: [...dimensions] }))];
  },

  concatenate(xs, { dimension }, outAvals) {
    if (xs.length === 1) return [reshape(xs[0] as TensorInfo, (xs[0] as TensorInfo).shape)];
    if (out0(outAvals).size === 0) return [emptyOf(out0(outAvals))];
    // tfjs's Concat takes its inputs as an array.
    const inputs = [...xs] as unknown as Record<string, TensorInfo>;
    return [runKernel('Concat', inputs, { axis: dimension })];
  },

  pad([x, v], { padding_config }, outAvals) {
    const value = readDataSync(v as TensorInfo)[0] as number;
    return [padImpl(x as TensorInfo, value, padding_config, out0(outAvals).shape)];
  },

  slice([x], { start_indices, strides }, outAvals) {
    const outShape = out0(outAvals).shape;
    if (strides === null || strides.every((s) => s === 1)) {
      return [slice(x as TensorInfo, start_indices, outShape)];
    }
    return [stridedSlice(x as TensorInfo, start_indices, strides, outShape)];
  },

  dynamic_slice(xs, { slice_sizes }, _outAvals, inAvals) {
    const x = xs[0] as TensorInfo;
    const starts = readScalars(xs.slice(1), inAvals.slice(1));
    // XLA clamps the start so that the whole slice stays in bounds.
    const begin = starts.map((st, i) =>
      Math.min(Math.max(st, 0), (x.shape[i] as number) - (slice_sizes[i] as number)),
    );
    return [slice(x, begin, slice_sizes)];
  },

  dynamic_update_slice(xs, _params, outAvals, inAvals) {
    const x = xs[0] as TensorInfo;
    const u = xs[1] as TensorInfo;
    const out = out0(outAvals);
    if (sizeOf(u.shape) === 0) return [reshape(x, x.shape)];
    if (u.shape.every((d, i) => d === x.shape[i])) return [reshape(u, u.shape)];
    const starts = readScalars(xs.slice(2), inAvals.slice(2));
    const begin = starts.map((st, i) =>
      Math.min(Math.max(st, 0), (x.shape[i] as number) - (u.shape[i] as number)),
    );
    const paddings = begin.map(
      (b, i) => [b, (x.shape[i] as number) - b - (u.shape[i] as number)] as const,
    );
    return [
      withScratch((s) => {
        // Place the update with zero padding, and select it where a padded mask is true.
        const ones = s.add(runKernel('Fill', {}, { shape: [...u.shape], value: 1, dtype: 'bool' }));
        const mask = s.add(padV2(ones, paddings, 0));
        const isBool = out.dtype === 'bool';
        const uu = isBool ? s.add(cast(u, 'int32')) : u;
        const xx = isBool ? s.add(cast(x, 'int32')) : x;
        const padded = s.add(padV2(uu, paddings, 0));
        const r = runKernel('Select', { condition: mask, t: padded, e: xx });
        if (!isBool) return r;
        s.add(r);
        return cast(r, 'bool');
      }),
    ];
  },

  gather([x, idx], { axis, batch_dims, mode }, outAvals, inAvals) {
    return [
      gatherImpl(
        x as TensorInfo,
        idx as TensorInfo,
        (inAvals[1] as ShapedArray).dtype,
        (inAvals[0] as ShapedArray).dtype,
        axis,
        batch_dims,
        mode,
        out0(outAvals),
      ),
    ];
  },

  scatter_add([u, idx], { axis, batch_dims }, outAvals, inAvals) {
    return [
      scatterAddImpl(
        u as TensorInfo,
        idx as TensorInfo,
        (inAvals[1] as ShapedArray).dtype,
        axis,
        batch_dims,
        out0(outAvals),
      ),
    ];
  },

  sort(xs, { dimension, num_keys }, _outAvals, inAvals) {
    return sortImpl(xs, inAvals, dimension, num_keys);
  },

  iota(_xs, { dtype, shape, dimension }) {
    const n = sizeOf(shape);
    const data = allocStorage(dtype, n);
    const strides = stridesOf(shape);
    const st = strides[dimension] as number;
    const d = shape[dimension] as number;
    for (let i = 0; i < n; i++) data[i] = Math.floor(i / st) % d;
    return [writeStorage(data, shape, dtype)];
  },
} satisfies ImplFamily<StructurePrimitive>;
