/**
 * HostArray: an n-dimensional array held in host memory (a typed array plus shape and a NumPy
 * dtype name). The serialization formats read and write these; @jaxts/tensor converts them to and
 * from Tensors. Keeping this layer free of tfjs lets checkpoints load anywhere.
 */
import { SerializationError } from './errors.ts';

/** NumPy dtype names the formats can carry. */
export type HostDType =
  | 'float16'
  | 'bfloat16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool';

export type HostData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

const ITEMSIZE: Record<HostDType, number> = {
  float16: 2,
  bfloat16: 2,
  float32: 4,
  float64: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  bool: 1,
};

export function isHostDType(name: string): name is HostDType {
  return Object.hasOwn(ITEMSIZE, name);
}

export function itemSize(dtype: HostDType): number {
  return ITEMSIZE[dtype];
}

/**
 * A typed-array view of little-endian bytes. float16/bfloat16 stay raw (Uint16Array): jaxts
 * computes in float32 and converts on load.
 */
export function viewBytes(bytes: Uint8Array, dtype: HostDType, count: number): HostData {
  const need = count * ITEMSIZE[dtype];
  if (bytes.byteLength !== need) {
    throw new SerializationError(
      `array data has ${bytes.byteLength} bytes; expected ${need} for ${count} × ${dtype}.`,
    );
  }
  // Copy into an aligned buffer: the source may sit at any offset of a larger file.
  const buf = bytes.slice().buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      return new Float64Array(buf);
    case 'int8':
      return new Int8Array(buf);
    case 'int16':
      return new Int16Array(buf);
    case 'int32':
      return new Int32Array(buf);
    case 'int64':
      return new BigInt64Array(buf);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buf);
    case 'uint16':
    case 'float16':
    case 'bfloat16':
      return new Uint16Array(buf);
    case 'uint32':
      return new Uint32Array(buf);
    case 'uint64':
      return new BigUint64Array(buf);
  }
}

export class HostArray {
  readonly shape: readonly number[];
  readonly dtype: HostDType;
  readonly data: HostData;

  constructor(shape: readonly number[], dtype: HostDType, data: HostData) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new SerializationError(
        `HostArray: data has ${data.length} elements but shape [${shape.join(', ')}] needs ${size}.`,
      );
    }
    this.shape = [...shape];
    this.dtype = dtype;
    this.data = data;
  }

  get size(): number {
    return this.data.length;
  }

  /** Little-endian bytes in C order (what NumPy's tobytes('C') gives on this platform). */
  bytes(): Uint8Array {
    return new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }

  static fromBytes(shape: readonly number[], dtype: HostDType, bytes: Uint8Array): HostArray {
    const count = shape.reduce((a, b) => a * b, 1);
    return new HostArray(shape, dtype, viewBytes(bytes, dtype, count));
  }
}

export function describeArray(a: {
  readonly shape: readonly number[];
  readonly dtype: string;
}): string {
  return `${a.dtype}[${a.shape.join(',')}]`;
}
