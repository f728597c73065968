/**
 * safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the raw data. Reads every file Python's `safetensors` writes and
 * writes files it reads (same layout: tensors ordered by alignment then name, header padded with
 * spaces to 8 bytes). Every inconsistency in a file is an error naming the tensor.
 */
import { SerializationError } from './errors.ts';
import { HostArray, type HostDType, itemSize } from './host-array.ts';

const TO_CODE: Record<HostDType, string> = {
  bool: 'BOOL',
  uint8: 'U8',
  int8: 'I8',
  int16: 'I16',
  uint16: 'U16',
  float16: 'F16',
  bfloat16: 'BF16',
  int32: 'I32',
  uint32: 'U32',
  float32: 'F32',
  float64: 'F64',
  int64: 'I64',
  uint64: 'U64',
};
const FROM_CODE: Record<string, HostDType> = Object.fromEntries(
  Object.entries(TO_CODE).map(([k, v]) => [v, k as HostDType]),
);

export interface SafetensorsFile {
  readonly tensors: Record<string, HostArray>;
  readonly metadata: Record<string, string>;
}

/** Writes flat named arrays (e.g. `flattenDict(params, { sep: '.' })`) as safetensors bytes. */
export function saveSafetensors(
  tensors: Readonly<Record<string, HostArray>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort((a, b) => {
    const da = itemSize((tensors[a] as HostArray).dtype);
    const db = itemSize((tensors[b] as HostArray).dtype);
    return da !== db ? db - da : a < b ? -1 : a > b ? 1 : 0;
  });
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors[name] as HostArray;
    if (!(t instanceof HostArray))
      throw new SerializationError(`saveSafetensors: '${name}' is not a HostArray.`);
    const n = t.bytes().length;
    header[name] = {
      dtype: TO_CODE[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + n],
    };
    offset += n;
  }
  let json = JSON.stringify(header);
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let pos = 8 + head.length;
  for (const name of names) {
    const b = (tensors[name] as HostArray).bytes();
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

function fail(msg: string): never {
  throw new SerializationError(`loadSafetensors: ${msg}`);
}

/** Reads safetensors bytes into named HostArrays plus the string metadata. */
export function loadSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 8)
    fail(
      `file too short (${bytes.length} bytes); a safetensors file starts with an 8-byte header length.`,
    );
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8))
    fail(`header length ${n} goes beyond the end of the file (${bytes.length} bytes).`);
  const headerLen = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)),
    );
  } catch (e) {
    fail(`the header is not valid UTF-8 JSON (${String(e)}).`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail('the header is not a JSON object.');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors: Record<string, HostArray> = {};
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (
        entry === null ||
        typeof entry !== 'object' ||
        Array.isArray(entry) ||
        !Object.values(entry).every((v) => typeof v === 'string')
      ) {
        fail('__metadata__ must map strings to strings.');
      }
      metadata = { ...(entry as Record<string, string>) };
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') fail(`tensor '${name}': entry is not an object.`);
    const dtype = typeof e.dtype === 'string' ? FROM_CODE[e.dtype] : undefined;
    if (dtype === undefined)
      fail(`tensor '${name}': unsupported dtype ${JSON.stringify(e.dtype)}.`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(
        `tensor '${name}': shape must be a list of non-negative integers; got ${JSON.stringify(e.shape)}.`,
      );
    }
    const off = e.data_offsets;
    if (
      !Array.isArray(off) ||
      off.length !== 2 ||
      !off.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      off[0] > off[1]
    ) {
      fail(
        `tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end; got ${JSON.stringify(off)}.`,
      );
    }
    const [begin, end] = off as [number, number];
    if (end > dataLen)
      fail(
        `tensor '${name}': data_offsets [${begin}, ${end}] go beyond the data (${dataLen} bytes).`,
      );
    const shape = e.shape as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * itemSize(dtype)) {
      fail(
        `tensor '${name}': ${end - begin} bytes do not hold ${dtype}[${shape.join(',')}] (${count * itemSize(dtype)} bytes).`,
      );
    }
    ranges.push([begin, end, name]);
    tensors[name] = HostArray.fromBytes(
      shape,
      dtype,
      bytes.subarray(dataStart + begin, dataStart + end),
    );
  }
  // The tensors must tile the data exactly: no overlaps, no gaps, nothing left over.
  ranges.sort((a, b) => a[0] - b[0]);
  let cursor = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== cursor)
      fail(
        `tensor '${name}': data starts at ${begin} but the previous tensor ends at ${cursor} (gap or overlap).`,
      );
    cursor = end;
  }
  if (cursor !== dataLen) fail(`${dataLen - cursor} bytes of data belong to no tensor.`);
  return { tensors, metadata };
}
