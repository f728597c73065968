/**
 * Impl of reduce_window_sum / _max / _min (JAX: lax.reduce_window with add/max/min monoids, XLA
 * ReduceWindow). float32 windows run on tfjs's MaxPool / depthwise-conv kernels after padding with
 * the monoid's identity; other dtypes and window dilation use a host loop.
 */
import { disposeInfo, runKernel, type TensorInfo, writeData } from '../../backend/engine.ts';
import { allocStorage, viewAs, writeStorage } from '../../backend/host-kernel.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { WindowParams } from '../../core/primitives.ts';
import type { DType } from '../../dtype.ts';
import { sizeOf } from '../../shape.ts';
import { dilateDim } from '../abstract-eval/linalg.ts';
import { consume, fillK, padK, reshapeK, stridesOf } from './linalg-util.ts';

export type WindowMonoid = 'sum' | 'max' | 'min';

/** The monoid's identity as stored in a buffer of `dtype` (uint32 as int32 bits). */
function identity(kind: WindowMonoid, dtype: DType): number {
  if (kind === 'sum') return 0;
  const max = kind === 'max';
  switch (dtype) {
    case 'float32':
      return max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    case 'int32':
      return max ? -2147483648 : 2147483647;
    case 'uint32':
      return max ? 0 : -1;
    case 'bool':
      return max ? 0 : 1;
  }
}

const storage = (d: DType): TensorInfo['dtype'] => (d === 'uint32' ? 'int32' : d);

/** XLA's ReduceWindow in JavaScript; padding and base-dilation holes are skipped. */
function reduceWindowHost(
  x: TensorInfo,
  p: WindowParams,
  kind: WindowMonoid,
  dtype: DType,
  out: ShapedArray,
): TensorInfo {
  const n = x.shape.length;
  const xs = stridesOf(x.shape);
  const vals = viewAs(x, dtype);
  const res = allocStorage(dtype, out.size);
  const resView = dtype === 'uint32' ? new Uint32Array(res.buffer) : res;
  const init = dtype === 'uint32' && kind === 'min' ? 4294967295 : identity(kind, dtype);
  const W = sizeOf(p.window_dimensions);
  const winIdx: number[][] = [];
  for (let k = 0; k < W; k++) {
    let rem = k;
    const idx = new Array<number>(n);
    for (let d = n - 1; d >= 0; d--) {
      const w = p.window_dimensions[d] as number;
      idx[d] = rem % w;
      rem = Math.floor(rem / w);
    }
    winIdx.push(idx);
  }
  const dilated = x.shape.map((s, d) => dilateDim(s, p.base_dilation[d] as number));
  const pos = new Array<number>(n);
  const intSum = kind === 'sum' && dtype !== 'float32';
  for (let o = 0; o < out.size; o++) {
    let rem = o;
    for (let d = n - 1; d >= 0; d--) {
      const s = out.shape[d] as number;
      pos[d] = rem % s;
      rem = Math.floor(rem / s);
    }
    let acc = init;
    for (let k = 0; k < W; k++) {
      const idx = winIdx[k] as number[];
      let off = 0;
      let valid = true;
      for (let d = 0; d < n; d++) {
        const bd = p.base_dilation[d] as number;
        const q =
          (pos[d] as number) * (p.window_strides[d] as number) +
          (idx[d] as number) * (p.window_dilation[d] as number) -
          (p.padding[d] as readonly [number, number])[0];
        if (q < 0 || q >= (dilated[d] as number) || q % bd !== 0) {
          valid = false;
          break;
        }
        off += (q / bd) * (xs[d] as number);
      }
      if (!valid) continue;
      const v = vals[off] as number;
      if (kind === 'sum') acc = intSum ? (acc + v) | 0 : acc + v;
      else if (kind === 'max') acc = v > acc || Number.isNaN(v) ? v : acc;
      else acc = v < acc || Number.isNaN(v) ? v : acc;
    }
    resView[o] = acc;
  }
  return writeStorage(res, out.shape, dtype);
}

/**
 * One pooling stage over 1 or 2 adjacent dims `[first, first + window.length)` of `x`, VALID:
 * the array is viewed as [before, h, w, after] (free reshapes, no transposes). Max uses MaxPool;
 * sum uses a depthwise convolution with a ones filter, which sums exactly and propagates NaN
 * (wasm's AvgPool turns NaN into -inf).
 */
function poolStage(
  x: TensorInfo,
  kind: 'sum' | 'max',
  first: number,
  window: number[],
  strides: number[],
): TensorInfo {
  const shape = x.shape;
  const k = window.length;
  const before = shape.slice(0, first).reduce((a, b) => a * b, 1);
  const after = shape.slice(first + k).reduce((a, b) => a * b, 1);
  const dims = shape.slice(first, first + k);
  const view = k === 1 ? [before, 1, dims[0] as number, after] : [before, ...dims, after];
  const filterSize = k === 1 ? [1, window[0] as number] : window;
  const stride = k === 1 ? [1, strides[0] as number] : strides;
  const out = [...shape];
  for (let i = 0; i < k; i++) {
    out[first + i] =
      Math.floor(((dims[i] as number) - (window[i] as number)) / (strides[i] as number)) + 1;
  }
  const y = reshapeK(x, view);
  let r: TensorInfo;
  try {
    if (kind === 'max') {
      r = runKernel('MaxPool', { x: y }, { filterSize, strides: stride, pad: 'valid' });
    } else {
      const n = (filterSize[0] as number) * (filterSize[1] as number) * after;
      const ones = writeData(
        new Float32Array(n).fill(1),
        [filterSize[0] as number, filterSize[1] as number, after, 1],
        'float32',
      );
      try {
        r = runKernel(
          'DepthwiseConv2dNative',
          { x: y, filter: ones },
          {
            strides: stride,
            pad: 'valid',
            dilations: [1, 1],
          },
        );
      } finally {
        disposeInfo(ones);
      }
    }
  } finally {
    disposeInfo(y);
  }
  return consume(r, (t) => reshapeK(t, out));
}

/**
 * Windowed dims in stages of at most 2 adjacent dims. Box windows are separable, so a window over
 * several dims is a sequence of smaller windows; this avoids transposes and tfjs's 3-D pooling
 * (wasm's MaxPool3D clamps its output to >= FLT_MIN).
 */
function stages(dims: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const d of dims) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length === 1 && last[0] === d - 1) last.push(d);
    else out.push([d]);
  }
  return out;
}

function reduceWindowFloat(
  x: TensorInfo,
  p: WindowParams,
  kind: WindowMonoid,
  out: ShapedArray,
  dims: number[],
): TensorInfo {
  const config = x.shape.map((_, d) => {
    const [lo, hi] = p.padding[d] as readonly [number, number];
    return [lo, hi, (p.base_dilation[d] as number) - 1] as const;
  });
  // min(x) = -max(-x): tfjs has no min pooling.
  const fill = kind === 'sum' ? 0 : Number.NEGATIVE_INFINITY;
  let cur = kind === 'min' ? runKernel('Neg', { x }) : reshapeK(x, x.shape);
  cur = consume(cur, (c) => padK(c, config, fill));
  for (const stage of stages(dims)) {
    const first = stage[0] as number;
    const window = stage.map((d) => p.window_dimensions[d] as number);
    const strides = stage.map((d) => p.window_strides[d] as number);
    cur = consume(cur, (c) => poolStage(c, kind === 'sum' ? 'sum' : 'max', first, window, strides));
  }
  cur = consume(cur, (c) => reshapeK(c, out.shape));
  if (kind === 'min') cur = consume(cur, (c) => runKernel('Neg', { x: c }));
  return cur;
}

export function reduceWindowImpl(kind: WindowMonoid) {
  return (
    xs: readonly TensorInfo[],
    p: WindowParams,
    outAvals: readonly ShapedArray[],
    inAvals: readonly ShapedArray[],
  ): TensorInfo[] => {
    const x = xs[0] as TensorInfo;
    const out = outAvals[0] as ShapedArray;
    const dtype = (inAvals[0] as ShapedArray).dtype;
    if (out.size === 0 || sizeOf(x.shape) === 0) {
      return [fillK(out.shape, identity(kind, dtype), storage(dtype))];
    }
    // Dims that are actually windowed or strided; the rest pass through the pooling batch.
    const dims = x.shape
      .map((_, d) => d)
      .filter((d) => p.window_dimensions[d] !== 1 || p.window_strides[d] !== 1);
    const dilatedWindow = p.window_dilation.some((d) => d !== 1);
    if (dtype !== 'float32' || dilatedWindow) {
      return [reduceWindowHost(x, p, kind, dtype, out)];
    }
    return [reduceWindowFloat(x, p, kind, out, dims)];
  };
}
