/**
 * Checkpoint codecs against files written by real Flax / safetensors (golden/checkpoints.py in
 * @jaxts/tensor): decoding, byte-identical re-encoding, and every class of bad input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serialization as s } from '@jaxts/frozendict';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../tensor/golden/', import.meta.url));
const file = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(`${dir}checkpoints/${name}`));
interface Described {
  dict?: Record<string, Described>;
  array?: { shape: number[]; dtype: string; data: (number | boolean)[] };
  npscalar?: { dtype: string; value: number };
  none?: true;
  int?: number;
  float?: number;
  bool?: boolean;
  str?: string;
}
const golden = JSON.parse(readFileSync(`${dir}checkpoints.json`, 'utf8')) as {
  files: Record<string, { file: string; state: Described }> & {
    safetensors: {
      file: string;
      tensors: Record<string, { shape: number[]; dtype: string; data: number[] }>;
      metadata: Record<string, string>;
    };
  };
};

/** Checks a decoded state dict against Python's description of it. */
function expectMatches(v: unknown, d: Described, path = '/'): void {
  if (d.dict) {
    expect(Object.keys(v as object), path).toEqual(Object.keys(d.dict));
    for (const [k, sub] of Object.entries(d.dict))
      expectMatches((v as Record<string, unknown>)[k], sub, `${path}${k}/`);
  } else if (d.array) {
    expect(v, path).toBeInstanceOf(s.HostArray);
    const a = v as InstanceType<typeof s.HostArray>;
    expect([a.shape, a.dtype], path).toEqual([d.array.shape, d.array.dtype]);
    expect(Array.from(a.data as ArrayLike<number>, Number), path).toEqual(d.array.data.map(Number));
  } else if (d.npscalar) {
    expect(v, path).toBeInstanceOf(s.HostScalar);
    expect(Number((v as InstanceType<typeof s.HostScalar>).data[0]), path).toBe(d.npscalar.value);
  } else if (d.none) expect(v, path).toBeNull();
  else expect(v, path).toBe(d.int ?? d.float ?? d.bool ?? d.str);
}

describe('Flax msgpack checkpoints', () => {
  for (const name of ['variables', 'adam_state', 'mixed'] as const) {
    it(`${name}: decodes a file written by flax.serialization.to_bytes and re-encodes it byte for byte`, () => {
      const bytes = file(`${name}.msgpack`);
      const state = s.msgpackRestore(bytes);
      expectMatches(state, (golden.files[name] as { state: Described }).state);
      expect(s.msgpackSerialize(state)).toEqual(bytes);
    });
  }

  it('restores into a target and checks shapes and dtypes, naming the path', () => {
    const state = s.msgpackRestore(file('variables.msgpack')) as {
      params: { Dense_0: { kernel: unknown } };
    };
    const target = s.toStateDict(state) as Record<string, Record<string, Record<string, unknown>>>;
    const restored = s.fromStateDict(target, state);
    expect(restored).toEqual(state);
    const bad = structuredClone({ ...target });
    (bad.params as Record<string, Record<string, unknown>>).Dense_0 = {
      ...(target.params?.Dense_0 as object),
      kernel: new s.HostArray([4, 5], 'float32', new Float32Array(20)),
    };
    expect(() => s.fromStateDict(bad, state)).toThrow(
      /\/params\/Dense_0\/kernel is float32\[5,4\] but the target expects float32\[4,5\]/,
    );
    const wrongDtype = {
      ...target,
      params: {
        ...target.params,
        Dense_0: {
          ...target.params?.Dense_0,
          bias: new s.HostArray([4], 'int32', new Int32Array(4)),
        },
      },
    };
    expect(() => s.fromStateDict(wrongDtype, state)).toThrow(
      /\/params\/Dense_0\/bias is float32\[4\] but the target expects int32\[4\]/,
    );
    const missing = { params: target.params };
    expect(() => s.fromStateDict(missing, state)).toThrow(/unexpected keys \[batch_stats\]/);
    const extra = { ...target, other: {} };
    expect(() => s.fromStateDict(extra, state)).toThrow(/path \/: missing keys \[other\]/);
  });

  it('rejects truncated, corrupt and trailing bytes with SerializationError', () => {
    const bytes = file('variables.msgpack');
    for (const cut of [0, 1, 7, bytes.length >> 1, bytes.length - 1]) {
      expect(() => s.msgpackRestore(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(
        s.SerializationError,
      );
    }
    const trailing = new Uint8Array([...bytes, 0]);
    expect(() => s.msgpackRestore(trailing)).toThrow(/trailing bytes/);
    expect(() => s.msgpackRestore(new Uint8Array([0xc1]))).toThrow(/invalid type byte 0xc1/);
  });

  it('toBytes of lists writes them as dicts keyed by index, like Flax', () => {
    const bytes = s.toBytes([1, 2.5, null]);
    expect(s.msgpackRestore(bytes)).toEqual({ '0': 1, '1': 2.5, '2': null });
    expect(s.fromBytes([0, 0, null], bytes)).toEqual([1, 2.5, null]);
  });
});

describe('safetensors', () => {
  it('reads the file Python wrote and writes it back byte for byte', () => {
    const bytes = file('params.safetensors');
    const { tensors, metadata } = s.loadSafetensors(bytes);
    expect(metadata).toEqual(golden.files.safetensors.metadata);
    for (const [k, t] of Object.entries(golden.files.safetensors.tensors)) {
      const a = tensors[k] as InstanceType<typeof s.HostArray>;
      expect([a.shape, a.dtype], k).toEqual([t.shape, t.dtype]);
      expect(Array.from(a.data as ArrayLike<number>, Number), k).toEqual(t.data.map(Number));
    }
    expect(s.saveSafetensors(tensors, metadata)).toEqual(bytes);
  });

  it('names the problem in every kind of bad file', () => {
    const bytes = file('params.safetensors');
    expect(() => s.loadSafetensors(bytes.subarray(0, 4))).toThrow(/file too short/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setBigUint64(0, 10n ** 9n, true);
    expect(() => s.loadSafetensors(huge)).toThrow(
      /header length 1000000000 goes beyond the end of the file/,
    );
    expect(() => s.loadSafetensors(bytes.subarray(0, bytes.length - 2))).toThrow(
      /extra.bool|beyond the data/,
    );
    const notJson = bytes.slice();
    notJson[8] = 0x5b;
    expect(() => s.loadSafetensors(notJson)).toThrow(/not valid UTF-8 JSON|not a JSON object/);
    const badDtype = new TextEncoder().encode(
      '{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}',
    );
    const f = new Uint8Array(8 + badDtype.length + 1);
    new DataView(f.buffer).setBigUint64(0, BigInt(badDtype.length), true);
    f.set(badDtype, 8);
    expect(() => s.loadSafetensors(f)).toThrow(/tensor 'a': unsupported dtype "Q8"/);
  });
});
