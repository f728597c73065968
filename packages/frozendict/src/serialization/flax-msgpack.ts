/**
 * Flax's checkpoint format: a state dict encoded as MessagePack, arrays as ext type 1 holding
 * msgpack([shape, dtype name, C-order bytes]), NumPy scalars as ext type 3, arrays over 1 GiB
 * split into chunks. Files written by `flax.serialization.to_bytes` load here and vice versa
 * (byte for byte for the same tree). flax.serialization.msgpack_serialize / msgpack_restore /
 * to_bytes / from_bytes.
 */
import { SerializationError } from './errors.ts';
import { HostArray, isHostDType } from './host-array.ts';
import { decode, ExtType, encode } from './msgpack.ts';
import { fromStateDict, toStateDict } from './state-dict.ts';

const EXT_NDARRAY = 1;
const EXT_COMPLEX = 2;
const EXT_NPSCALAR = 3;
/** Flax splits arrays larger than this many bytes into chunks. */
export const MAX_CHUNK_SIZE = 2 ** 30;

/** A 0-d array that came from a NumPy scalar (np.float32(1.5)); written back as one. */
export class HostScalar extends HostArray {}

function arrayPayload(a: HostArray): Uint8Array {
  return encode([[...a.shape], a.dtype, a.bytes()]);
}

function chunked(a: HostArray): Record<string, unknown> {
  const item = a.data.BYTES_PER_ELEMENT;
  const per = Math.max(1, Math.floor(MAX_CHUNK_SIZE / item));
  const chunks: Record<string, unknown> = {};
  const flat = a.data;
  for (let i = 0, k = 0; i < flat.length; i += per, k++) {
    const part = flat.slice(i, i + per);
    chunks[String(k)] = new HostArray([part.length], a.dtype, part);
  }
  const shape: Record<string, number> = {};
  a.shape.forEach((d, i) => {
    shape[String(i)] = d;
  });
  return { __msgpack_chunked_array__: true, shape, chunks };
}

function prepare(v: unknown, path: string): unknown {
  if (v instanceof HostArray) {
    if (v.data.byteLength > MAX_CHUNK_SIZE) return prepare(chunked(v), path);
    return new ExtType(v instanceof HostScalar ? EXT_NPSCALAR : EXT_NDARRAY, arrayPayload(v));
  }
  if (Array.isArray(v)) return v.map((x, i) => prepare(x, `${path}/${i}`));
  if (
    v !== null &&
    typeof v === 'object' &&
    !(v instanceof ExtType) &&
    !(v instanceof Uint8Array)
  ) {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new SerializationError(
        `msgpack_serialize: cannot serialize a ${proto?.constructor?.name ?? 'object'} at ${path === '' ? '/' : path}; ` +
          'leaves must be HostArrays, numbers, booleans, strings or null (convert arrays first).',
      );
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      out[k] = prepare((v as Record<string, unknown>)[k], `${path}/${k}`);
    return out;
  }
  return v;
}

/** Encodes a state dict (plain objects, arrays, scalars, HostArrays) in Flax's msgpack format. */
export function msgpackSerialize(stateDict: unknown): Uint8Array {
  return encode(prepare(stateDict, ''));
}

function decodeArray(data: Uint8Array, scalar: boolean): HostArray {
  const v = decode(data);
  if (!Array.isArray(v) || v.length !== 3) {
    throw new SerializationError(
      'msgpack_restore: malformed array payload; expected [shape, dtype, bytes].',
    );
  }
  const [shape, dtype, buffer] = v as [unknown, unknown, unknown];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new SerializationError(
      `msgpack_restore: malformed array shape ${JSON.stringify(shape)}.`,
    );
  }
  const name = dtype instanceof Uint8Array ? new TextDecoder().decode(dtype) : dtype;
  if (typeof name !== 'string' || !isHostDType(name)) {
    throw new SerializationError(
      `msgpack_restore: unsupported array dtype ${JSON.stringify(name)}.`,
    );
  }
  if (!(buffer instanceof Uint8Array))
    throw new SerializationError('msgpack_restore: array data is not binary.');
  const a = HostArray.fromBytes(shape as number[], name, buffer);
  return scalar ? new HostScalar(a.shape, a.dtype, a.data) : a;
}

function ext(code: number, data: Uint8Array): unknown {
  if (code === EXT_NDARRAY) return decodeArray(data, false);
  if (code === EXT_NPSCALAR) return decodeArray(data, true);
  if (code === EXT_COMPLEX) {
    throw new SerializationError('msgpack_restore: complex numbers are not supported by jaxts.');
  }
  throw new SerializationError(`msgpack_restore: unknown msgpack ext type ${code}.`);
}

function unchunk(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unchunk);
  if (v === null || typeof v !== 'object' || v instanceof HostArray) return v;
  const o = v as Record<string, unknown>;
  if (o.__msgpack_chunked_array__ === true) {
    const shapeObj = o.shape as Record<string, number>;
    const chunksObj = o.chunks as Record<string, HostArray>;
    const shape = Object.keys(shapeObj).map((k) => shapeObj[k] as number);
    const chunks = Object.keys(chunksObj).map((k) => chunksObj[k] as HostArray);
    const first = chunks[0];
    if (first === undefined)
      throw new SerializationError('msgpack_restore: a chunked array has no chunks.');
    const total = chunks.reduce((n, c) => n + c.size, 0);
    const bytes = new Uint8Array(total * first.data.BYTES_PER_ELEMENT);
    let off = 0;
    for (const c of chunks) {
      bytes.set(c.bytes(), off);
      off += c.bytes().length;
    }
    return HostArray.fromBytes(shape, first.dtype, bytes);
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = unchunk(o[k]);
  return out;
}

/** Decodes Flax msgpack bytes to a state dict (plain objects, scalars, HostArrays). */
export function msgpackRestore(bytes: Uint8Array | ArrayBuffer): unknown {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return unchunk(decode(b, { ext }));
}

/** Serializes a variable tree (arrays as HostArrays) like flax.serialization.to_bytes. */
export function toBytes(target: unknown): Uint8Array {
  return msgpackSerialize(toStateDict(target));
}

/** Restores bytes into the structure of `target` like flax.serialization.from_bytes. */
export function fromBytes<T>(target: T, bytes: Uint8Array | ArrayBuffer): T {
  return fromStateDict(target, msgpackRestore(bytes));
}
