/**
 * JavaScript kernels on backend buffers: `produce` allocates an output buffer and hands a loop
 * typed-array views of its inputs' and its output's values, straight in the wasm heap (no copy)
 * or in the cpu backend's arrays. The JS loops of movement.ts and js-kernels.ts run on it where
 * tfjs's kernels are slow. No JAX counterpart (XLA emits such loops itself).
 */
import type { BackendArray, TensorInfo } from './engine.ts';
import { currentBackend } from './engine.ts';

export type View = Float32Array | Int32Array | Uint8Array;

interface WasmInternals {
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  wasm: { HEAPU8: Uint8Array };
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
}

function wasmOf(backend: unknown): WasmInternals | null {
  const b = backend as Partial<WasmInternals>;
  return b.wasm?.HEAPU8 instanceof Uint8Array && b.dataIdMap !== undefined && b.makeOutput
    ? (b as WasmInternals)
    : null;
}

/** True when the current backend keeps its buffers in a wasm heap that `produce` reads in place. */
export function onWasmHeap(): boolean {
  return wasmOf(currentBackend().backend) !== null;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function alloc(dtype: TensorInfo['dtype'], n: number): View {
  return dtype === 'float32'
    ? new Float32Array(n)
    : dtype === 'bool'
      ? new Uint8Array(n)
      : new Int32Array(n);
}

/**
 * Allocates an output of `shape` and `dtype` and calls `fill(srcs, dst)` with views of the
 * inputs' values (in their dtypes; on cpu possibly another typed array class holding the same
 * values) and of the output's; returns the output (owned by the caller).
 */
export function produce(
  xs: readonly TensorInfo[],
  shape: number[],
  dtype: TensorInfo['dtype'],
  fill: (srcs: ArrayLike<number>[], dst: View) => void,
): TensorInfo {
  const backend = currentBackend().backend;
  const n = sizeOf(shape);
  const w = wasmOf(backend);
  if (w !== null) {
    const out = w.makeOutput(shape, dtype);
    if (n === 0) return out;
    // Views are taken after the allocation: growing the wasm memory replaces its buffer.
    const buf = w.wasm.HEAPU8.buffer;
    const view = (info: TensorInfo): View => {
      const off = (w.dataIdMap.get(info.dataId) as { memoryOffset: number }).memoryOffset;
      const len = sizeOf(info.shape);
      return info.dtype === 'float32'
        ? new Float32Array(buf, off, len)
        : info.dtype === 'bool'
          ? new Uint8Array(buf, off, len)
          : new Int32Array(buf, off, len);
    };
    fill(xs.map(view), view(out));
    return out;
  }
  const dst = alloc(dtype, n);
  if (n > 0)
    fill(
      xs.map((x) => backend.readSync(x.dataId) as BackendArray),
      dst,
    );
  return { dataId: backend.write(dst, shape, dtype), shape, dtype };
}
