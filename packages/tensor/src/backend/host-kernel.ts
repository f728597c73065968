/**
 * Host kernels: elementwise computations done in JavaScript on a buffer's values, for the few
 * operations tfjs has no kernel for (uint32 arithmetic, bit operations, erf_inv, nextafter, C
 * remainder). They read synchronously, compute, and write a new buffer on the current backend.
 */
import type { DType } from '../dtype.ts';
import { sizeOf } from '../shape.ts';
import { type BackendArray, readDataSync, type TensorInfo, writeData } from './engine.ts';

/** Typed array view of a buffer's values in jaxts's dtype (uint32 seen as Uint32Array). */
export function viewAs(
  info: TensorInfo,
  dtype: DType,
): Float32Array | Int32Array | Uint32Array | Uint8Array {
  const raw = readDataSync(info);
  if (dtype === 'uint32') {
    const v = raw as Int32Array;
    return new Uint32Array(v.buffer, v.byteOffset, v.length);
  }
  return raw as Float32Array | Int32Array | Uint8Array;
}

export function allocStorage(dtype: DType, n: number): BackendArray {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'bool') return new Uint8Array(n);
  return new Int32Array(n);
}

export function writeStorage(
  data: BackendArray,
  shape: readonly number[],
  dtype: DType,
): TensorInfo {
  return writeData(data, [...shape], dtype === 'uint32' ? 'int32' : dtype);
}

/**
 * For each output flat index, the flat index of the broadcast input (NumPy broadcasting).
 * Returns null when the input already has the output's shape.
 */
export function broadcastIndex(
  inShape: readonly number[],
  outShape: readonly number[],
): Int32Array | null {
  const n = sizeOf(outShape);
  if (inShape.length === outShape.length && inShape.every((d, i) => d === outShape[i])) return null;
  const rank = outShape.length;
  const off = rank - inShape.length;
  const inStrides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    inStrides[off + i] = (inShape[i] as number) === 1 ? 0 : s;
    s *= inShape[i] as number;
  }
  const idx = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let cur = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = cur;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      cur += inStrides[d] as number;
      if ((counter[d] as number) < (outShape[d] as number)) break;
      cur -= (inStrides[d] as number) * (outShape[d] as number);
      counter[d] = 0;
    }
  }
  return idx;
}

/** Elementwise map over broadcast inputs computed in JavaScript. */
export function hostElementwise(
  xs: readonly TensorInfo[],
  inDTypes: readonly DType[],
  outShape: readonly number[],
  outDType: DType,
  fn: (...args: number[]) => number,
): TensorInfo {
  const n = sizeOf(outShape);
  const views = xs.map((x, i) => viewAs(x, inDTypes[i] as DType));
  const idxs = xs.map((x) => broadcastIndex(x.shape, outShape));
  const out = allocStorage(outDType, n);
  const outView = outDType === 'uint32' ? new Uint32Array(out.buffer) : out;
  const args = new Array<number>(xs.length);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < xs.length; j++) {
      const ix = idxs[j];
      args[j] = (views[j] as ArrayLike<number>)[
        ix === null || ix === undefined ? k : (ix[k] as number)
      ] as number;
    }
    outView[k] = fn(...args);
  }
  return writeStorage(out, outShape, outDType);
}
