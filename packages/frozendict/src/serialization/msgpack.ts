/**
 * A MessagePack encoder and decoder (the subset Python's msgpack produces and reads: nil, bool,
 * ints of every width, float64/float32, str, bin, array, map, ext), written to match Python's
 * `msgpack.packb(..., use_bin_type=True)` byte for byte. Decoding is strict: truncated input,
 * unknown type bytes and trailing bytes are errors, never garbage values.
 */
import { SerializationError } from './errors.ts';

/** An application-specific extension value (MessagePack ext type). */
export class ExtType {
  readonly code: number;
  readonly data: Uint8Array;
  constructor(code: number, data: Uint8Array) {
    this.code = code;
    this.data = data;
  }
}

export type MsgpackValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | ExtType
  | MsgpackValue[]
  | { [key: string]: MsgpackValue }
  | Map<MsgpackValue, MsgpackValue>;

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v);
    this.length += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v);
    this.length += 4;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, v);
    this.length += 8;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, v);
    this.length += 8;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function writeInt(w: Writer, v: number | bigint): void {
  const b = BigInt(v);
  if (b >= 0n) {
    if (b < 128n) w.u8(Number(b));
    else if (b < 256n) {
      w.u8(0xcc);
      w.u8(Number(b));
    } else if (b < 65536n) {
      w.u8(0xcd);
      w.u16(Number(b));
    } else if (b < 4294967296n) {
      w.u8(0xce);
      w.u32(Number(b));
    } else if (b < 18446744073709551616n) {
      w.u8(0xcf);
      w.u64(b);
    } else throw new SerializationError(`msgpack: integer ${b} does not fit in 64 bits.`);
    return;
  }
  if (b >= -32n) w.u8(Number(b) & 0xff);
  else if (b >= -128n) {
    w.u8(0xd0);
    w.u8(Number(b) & 0xff);
  } else if (b >= -32768n) {
    w.u8(0xd1);
    w.u16(Number(b) & 0xffff);
  } else if (b >= -2147483648n) {
    w.u8(0xd2);
    w.u32(Number(b) >>> 0);
  } else if (b >= -9223372036854775808n) {
    w.u8(0xd3);
    w.i64(b);
  } else throw new SerializationError(`msgpack: integer ${b} does not fit in 64 bits.`);
}

function writeLength(
  w: Writer,
  n: number,
  fix: number | null,
  fixMax: number,
  c8: number | null,
  c16: number,
  c32: number,
): void {
  if (fix !== null && n <= fixMax) w.u8(fix | n);
  else if (c8 !== null && n < 256) {
    w.u8(c8);
    w.u8(n);
  } else if (n < 65536) {
    w.u8(c16);
    w.u16(n);
  } else {
    w.u8(c32);
    w.u32(n);
  }
}

function writeValue(w: Writer, v: unknown, path: string, depth: number): void {
  if (depth > 512)
    throw new SerializationError(`msgpack: nesting deeper than 512 levels at ${path}.`);
  if (v === null || v === undefined) {
    w.u8(0xc0);
    return;
  }
  if (typeof v === 'boolean') {
    w.u8(v ? 0xc3 : 0xc2);
    return;
  }
  if (typeof v === 'bigint') {
    writeInt(w, v);
    return;
  }
  if (typeof v === 'number') {
    // JavaScript cannot tell 2 from 2.0: safe integers are written as msgpack ints.
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) writeInt(w, v);
    else {
      w.u8(0xcb);
      w.f64(v);
    }
    return;
  }
  if (typeof v === 'string') {
    const b = utf8.encode(v);
    writeLength(w, b.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    w.bytes(b);
    return;
  }
  if (v instanceof Uint8Array) {
    writeLength(w, v.length, null, -1, 0xc4, 0xc5, 0xc6);
    w.bytes(v);
    return;
  }
  if (v instanceof ExtType) {
    const n = v.data.length;
    const fixCodes: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
    const fixed = fixCodes[n];
    if (fixed !== undefined) w.u8(fixed);
    else if (n < 256) {
      w.u8(0xc7);
      w.u8(n);
    } else if (n < 65536) {
      w.u8(0xc8);
      w.u16(n);
    } else {
      w.u8(0xc9);
      w.u32(n);
    }
    w.u8(v.code & 0xff);
    w.bytes(v.data);
    return;
  }
  if (Array.isArray(v)) {
    writeLength(w, v.length, 0x90, 15, null, 0xdc, 0xdd);
    v.forEach((x, i) => {
      writeValue(w, x, `${path}[${i}]`, depth + 1);
    });
    return;
  }
  if (v instanceof Map) {
    writeLength(w, v.size, 0x80, 15, null, 0xde, 0xdf);
    for (const [k, x] of v) {
      writeValue(w, k, `${path} (map key)`, depth + 1);
      writeValue(w, x, `${path}[${String(k)}]`, depth + 1);
    }
    return;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new SerializationError(
        `msgpack: cannot encode a ${proto?.constructor?.name ?? 'object'} at ${path}; expected plain objects, arrays, Uint8Array, ExtType or scalars.`,
      );
    }
    const keys = Object.keys(v);
    writeLength(w, keys.length, 0x80, 15, null, 0xde, 0xdf);
    for (const k of keys) {
      writeValue(w, k, path, depth + 1);
      writeValue(w, (v as Record<string, unknown>)[k], `${path}['${k}']`, depth + 1);
    }
    return;
  }
  throw new SerializationError(`msgpack: cannot encode a value of type ${typeof v} at ${path}.`);
}

/** Encodes a value as MessagePack bytes. */
export function encode(v: unknown): Uint8Array {
  const w = new Writer();
  writeValue(w, v, 'root', 0);
  return w.result();
}

class Reader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos = 0;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.bytes.length) {
      throw new SerializationError(
        `msgpack: truncated input: ${what} needs ${n} bytes at offset ${this.pos}, but only ${this.bytes.length - this.pos} remain.`,
      );
    }
  }
  u8(): number {
    this.need(1, 'a byte');
    return this.view.getUint8(this.pos++);
  }
  u16(): number {
    this.need(2, 'a uint16');
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4, 'a uint32');
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  bytesOf(n: number, what: string): Uint8Array {
    this.need(n, what);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  num(kind: 'i8' | 'i16' | 'i32' | 'i64' | 'u64' | 'f32' | 'f64'): number | bigint {
    const size = { i8: 1, i16: 2, i32: 4, i64: 8, u64: 8, f32: 4, f64: 8 }[kind];
    this.need(size, kind);
    const p = this.pos;
    this.pos += size;
    switch (kind) {
      case 'i8':
        return this.view.getInt8(p);
      case 'i16':
        return this.view.getInt16(p);
      case 'i32':
        return this.view.getInt32(p);
      case 'f32':
        return this.view.getFloat32(p);
      case 'f64':
        return this.view.getFloat64(p);
      case 'i64':
        return narrow(this.view.getBigInt64(p));
      case 'u64':
        return narrow(this.view.getBigUint64(p));
    }
  }
}

/** 64-bit integers come back as numbers when exact, as bigints otherwise. */
function narrow(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(b)
    : b;
}

export interface DecodeOptions {
  /** Turns ext values into application values (Flax's ndarray ext, for instance). */
  readonly ext?: (code: number, data: Uint8Array) => unknown;
}

function readString(r: Reader, n: number): string {
  const b = r.bytesOf(n, 'a string');
  try {
    return utf8Decoder.decode(b);
  } catch {
    throw new SerializationError(`msgpack: invalid UTF-8 in a string at offset ${r.pos - n}.`);
  }
}

function readValue(r: Reader, opts: DecodeOptions, depth: number): unknown {
  if (depth > 512) throw new SerializationError('msgpack: nesting deeper than 512 levels.');
  const t = r.u8();
  if (t <= 0x7f) return t;
  if (t >= 0xe0) return t - 0x100;
  if ((t & 0xf0) === 0x80) return readMap(r, t & 0x0f, opts, depth);
  if ((t & 0xf0) === 0x90) return readArray(r, t & 0x0f, opts, depth);
  if ((t & 0xe0) === 0xa0) return readString(r, t & 0x1f);
  switch (t) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return r.bytesOf(r.u8(), 'bin data').slice();
    case 0xc5:
      return r.bytesOf(r.u16(), 'bin data').slice();
    case 0xc6:
      return r.bytesOf(r.u32(), 'bin data').slice();
    case 0xc7:
    case 0xc8:
    case 0xc9: {
      const n = t === 0xc7 ? r.u8() : t === 0xc8 ? r.u16() : r.u32();
      const code = r.num('i8') as number;
      return makeExt(code, r.bytesOf(n, 'ext data').slice(), opts);
    }
    case 0xca:
      return r.num('f32');
    case 0xcb:
      return r.num('f64');
    case 0xcc:
      return r.u8();
    case 0xcd:
      return r.u16();
    case 0xce:
      return r.u32();
    case 0xcf:
      return r.num('u64');
    case 0xd0:
      return r.num('i8');
    case 0xd1:
      return r.num('i16');
    case 0xd2:
      return r.num('i32');
    case 0xd3:
      return r.num('i64');
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8: {
      const n = 1 << (t - 0xd4);
      const code = r.num('i8') as number;
      return makeExt(code, r.bytesOf(n, 'ext data').slice(), opts);
    }
    case 0xd9:
      return readString(r, r.u8());
    case 0xda:
      return readString(r, r.u16());
    case 0xdb:
      return readString(r, r.u32());
    case 0xdc:
      return readArray(r, r.u16(), opts, depth);
    case 0xdd:
      return readArray(r, r.u32(), opts, depth);
    case 0xde:
      return readMap(r, r.u16(), opts, depth);
    case 0xdf:
      return readMap(r, r.u32(), opts, depth);
    default:
      throw new SerializationError(
        `msgpack: invalid type byte 0x${t.toString(16)} at offset ${r.pos - 1}.`,
      );
  }
}

function makeExt(code: number, data: Uint8Array, opts: DecodeOptions): unknown {
  return opts.ext ? opts.ext(code, data) : new ExtType(code, data);
}

function readArray(r: Reader, n: number, opts: DecodeOptions, depth: number): unknown[] {
  // Every element needs at least one byte: reject impossible lengths before allocating.
  r.need(n, `an array of ${n} elements`);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = readValue(r, opts, depth + 1);
  return out;
}

function readMap(
  r: Reader,
  n: number,
  opts: DecodeOptions,
  depth: number,
): Record<string, unknown> {
  r.need(2 * n, `a map of ${n} entries`);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const k = readValue(r, opts, depth + 1);
    if (
      typeof k !== 'string' &&
      typeof k !== 'number' &&
      typeof k !== 'bigint' &&
      typeof k !== 'boolean'
    ) {
      throw new SerializationError(
        `msgpack: map key of unsupported type ${k === null ? 'nil' : typeof k} at offset ${r.pos}.`,
      );
    }
    const key = String(k);
    if (Object.hasOwn(out, key))
      throw new SerializationError(`msgpack: duplicate map key '${key}'.`);
    Object.defineProperty(out, key, {
      value: readValue(r, opts, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Decodes exactly one MessagePack value; trailing bytes are an error. */
export function decode(bytes: Uint8Array, opts: DecodeOptions = {}): unknown {
  const r = new Reader(bytes);
  if (bytes.length === 0) throw new SerializationError('msgpack: empty input.');
  const v = readValue(r, opts, 0);
  if (r.pos !== bytes.length) {
    throw new SerializationError(
      `msgpack: ${bytes.length - r.pos} trailing bytes after the value (offset ${r.pos}).`,
    );
  }
  return v;
}
