/** Reading array values back to JavaScript: typed arrays and nested arrays. */
import type { DType } from './dtype.ts';
import type { NestedArray } from './numpy/index.ts';
import type { ArrayImpl } from './tensor.ts';

export type HostArray = Float32Array | Int32Array | Uint32Array | Uint8Array;

function fromBackend(values: ArrayLike<number>, dtype: DType): HostArray {
  // Copies, so callers can never write into a backend buffer. uint32 is stored as int32 bits.
  if (dtype === 'uint32') {
    const v = values as Int32Array;
    return new Uint32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  }
  if (dtype === 'float32') return Float32Array.from(values as Float32Array);
  if (dtype === 'int32') return Int32Array.from(values as Int32Array);
  return Uint8Array.from(values as Uint8Array);
}

export function hostValues(x: ArrayImpl): HostArray {
  return fromBackend(x.backend.readSync(x.info.dataId) as ArrayLike<number>, x.dtype);
}

export async function hostValuesAsync(x: ArrayImpl): Promise<HostArray> {
  return fromBackend((await x.backend.read(x.info.dataId)) as ArrayLike<number>, x.dtype);
}

export function toNested(values: HostArray, shape: readonly number[], dtype: DType): NestedArray {
  const asBool = dtype === 'bool';
  const build = (dim: number, offset: number): NestedArray => {
    if (dim === shape.length) {
      const v = values[offset] as number;
      return asBool ? v !== 0 : v;
    }
    const n = shape[dim] as number;
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d] as number;
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}
