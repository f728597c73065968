/**
 * Serialization laws: state dicts and safetensors round-trip exactly, and any byte string —
 * random or a mutated real checkpoint — either decodes to something that re-encodes to the same
 * bytes or fails with a SerializationError. Nothing else (no RangeError, no garbage).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { serialization as s } from '@jaxts/frozendict';
import { expect } from 'vitest';

const dir = fileURLToPath(new URL('../../tensor/golden/checkpoints/', import.meta.url));
const samples = ['variables.msgpack', 'adam_state.msgpack', 'mixed.msgpack'].map(
  (f) => new Uint8Array(readFileSync(dir + f)),
);
const safetensors = new Uint8Array(readFileSync(`${dir}params.safetensors`));

const dtypes = ['float32', 'int32', 'uint32', 'bool', 'float64', 'int8', 'uint16'] as const;
const hostArray = fc
  .tuple(fc.constantFrom(...dtypes), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }))
  .chain(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fc
      .array(fc.integer({ min: 0, max: 255 }), {
        minLength: n * s.itemSize(dtype),
        maxLength: n * s.itemSize(dtype),
      })
      .map((bytes) => s.HostArray.fromBytes(shape, dtype, new Uint8Array(bytes)));
  });
const leaf = fc.oneof(
  hostArray,
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
);
const key = fc
  .string({ minLength: 1, maxLength: 6 })
  .filter((k) => k !== '__proto__' && !/^\d+$/.test(k) && k !== '__msgpack_chunked_array__');
const stateDict = fc.letrec((tie) => ({
  node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), { maxKeys: 4 }),
})).node;

/** Exact decode-then-encode, or a SerializationError: the only acceptable outcomes. */
function roundTripOrClearError(bytes: Uint8Array): void {
  let decoded: unknown;
  try {
    decoded = s.msgpackRestore(bytes);
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(s.SerializationError);
    return;
  }
  // Valid msgpack can encode the same value in more than one way (e.g. a non-minimal int); the
  // decoded value must at least survive its own round trip unchanged.
  const again = s.msgpackSerialize(decoded);
  expect(s.msgpackRestore(again)).toEqual(decoded);
}

test.prop([stateDict])(
  'msgpackSerialize then msgpackRestore is the identity on state dicts',
  (sd) => {
    expect(s.msgpackRestore(s.msgpackSerialize(sd))).toEqual(sd);
  },
);

test.prop([stateDict])('fromStateDict(toStateDict(x)) restores x against itself', (sd) => {
  expect(s.fromStateDict(sd, s.toStateDict(sd))).toEqual(sd);
});

test.prop([
  fc.dictionary(key, hostArray, { maxKeys: 5 }),
  fc.dictionary(key, fc.string({ maxLength: 5 }), { maxKeys: 2 }),
])('saveSafetensors then loadSafetensors is the identity', (tensors, metadata) => {
  const back = s.loadSafetensors(s.saveSafetensors(tensors, metadata));
  expect(back.tensors).toEqual(tensors);
  expect(back.metadata).toEqual(metadata);
});

test.prop([fc.uint8Array({ maxLength: 64 })])(
  'random bytes: a clear error or an exact round trip',
  (bytes) => {
    roundTripOrClearError(bytes);
    try {
      s.loadSafetensors(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(s.SerializationError);
    }
  },
);

const mutation = fc.record({
  sample: fc.integer({ min: 0, max: samples.length - 1 }),
  edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
    minLength: 1,
    maxLength: 4,
  }),
  cut: fc.option(fc.nat(), { nil: undefined }),
});

test.prop([mutation])(
  'mutated Flax checkpoints: a clear error or an exact round trip',
  ({ sample, edits, cut }) => {
    const src = samples[sample] as Uint8Array;
    const bytes = src.slice(0, cut === undefined ? src.length : cut % (src.length + 1));
    for (const [pos, v] of edits) if (bytes.length > 0) bytes[pos % bytes.length] = v;
    roundTripOrClearError(bytes);
  },
);

test.prop([
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  fc.option(fc.nat(), { nil: undefined }),
])(
  'mutated safetensors: a clear error or exactly the tensors the header describes',
  (edits, cut) => {
    const bytes = safetensors.slice(
      0,
      cut === undefined ? safetensors.length : cut % (safetensors.length + 1),
    );
    for (const [pos, v] of edits) if (bytes.length > 0) bytes[pos % bytes.length] = v;
    try {
      const f = s.loadSafetensors(bytes);
      const again = s.loadSafetensors(s.saveSafetensors(f.tensors, f.metadata));
      expect(again.tensors).toEqual(f.tensors);
    } catch (e) {
      expect(e, String(e)).toBeInstanceOf(s.SerializationError);
    }
  },
);
