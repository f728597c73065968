/**
 * Checkpoints of Tensor trees: Flax-written files load into Tensor targets (and re-encode byte for
 * byte, so Flax reads ours), safetensors interop, mismatches name the path, round trips are exact.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { serialization as codec, flattenDict, freeze } from '@jaxts/frozendict';
import { numpy as jnp, serialization, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../golden/', import.meta.url));
const file = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(`${dir}checkpoints/${name}`));

interface Described {
  dict?: Record<string, Described>;
  array?: { shape: number[]; dtype: 'float32' | 'int32' | 'uint32' | 'bool'; data: number[] };
}
const golden = JSON.parse(readFileSync(`${dir}checkpoints.json`, 'utf8')) as {
  files: Record<string, { state: Described }>;
};

/** The tree Python saved, rebuilt from its description with jaxts Tensors (same key order). */
function rebuild(d: Described): unknown {
  if (d.dict) return Object.fromEntries(Object.entries(d.dict).map(([k, v]) => [k, rebuild(v)]));
  const a = d.array as NonNullable<Described['array']>;
  return jnp.fromValues(a.data, a.shape, a.dtype);
}

/** Zeros with the same structure: a restore target whose values must all be replaced. */
function zerosLike(x: unknown): unknown {
  if (x !== null && typeof x === 'object' && !('shape' in x)) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, zerosLike(v)]));
  }
  const t = x as Tensor;
  return jnp.zeros([...t.shape], t.dtype);
}

describe('Flax checkpoints with Tensor trees', () => {
  for (const name of ['variables', 'adam_state']) {
    it(`${name}: loads the file Flax wrote into a Tensor target, and toBytes writes the same bytes`, () => {
      const expected = rebuild(golden.files[name]?.state as Described);
      const target = freeze(zerosLike(expected) as Record<string, unknown>);
      const restored = serialization.fromBytes(target, file(`${name}.msgpack`));
      const a = flattenDict(restored, { sep: '/' }) as Record<string, Tensor>;
      const b = flattenDict(expected as Record<string, unknown>, { sep: '/' }) as Record<
        string,
        Tensor
      >;
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(b))
        expect(a[k], k).toBeAllclose(b[k] as Tensor, { rtol: 0, atol: 0 });
      expect(serialization.toBytes(restored)).toEqual(file(`${name}.msgpack`));
    });
  }

  it('a target with the wrong shape or structure is an error naming the path', () => {
    const expected = rebuild(golden.files.variables?.state as Described) as Record<
      string,
      Record<string, Record<string, Tensor>>
    >;
    const target = zerosLike(expected) as Record<string, Record<string, Record<string, Tensor>>>;
    (target.params as Record<string, Record<string, Tensor>>).Dense_1 = {
      bias: jnp.zeros([3]),
      kernel: jnp.zeros([4, 2]),
    };
    expect(() => serialization.fromBytes(target, file('variables.msgpack'))).toThrow(
      /path \/params\/Dense_1\/bias is float32\[2\] but the target expects float32\[3\]/,
    );
    expect(() =>
      serialization.fromBytes({ params: target.params }, file('variables.msgpack')),
    ).toThrow(codec.SerializationError);
  });

  it('safetensors written by Python load as Tensors, and ours load in Python (same bytes)', () => {
    const bytes = file('params.safetensors');
    const { tensors, metadata } = serialization.loadSafetensors(bytes);
    expect((tensors['extra.int'] as Tensor).toArray()).toEqual([0, 1, 2, 3]);
    expect((tensors['extra.bool'] as Tensor).toArray()).toEqual([true, false]);
    expect(serialization.saveSafetensors(tensors, metadata)).toEqual(bytes);
  });

  it('reads Blobs and ArrayBuffers (the browser path)', async () => {
    const bytes = file('params.safetensors');
    const viaBlob = await serialization.readBytes(new Blob([bytes.slice().buffer]));
    expect(viaBlob).toEqual(bytes);
    expect(await serialization.readBytes(bytes.slice().buffer)).toEqual(bytes);
  });

  it('dtypes without a Tensor dtype are a clear error', () => {
    const host = new codec.HostArray([2], 'float64', new Float64Array([1, 2]));
    const bytes = codec.toBytes({ w: host });
    expect(() => serialization.fromBytes({ w: jnp.zeros([2]) }, bytes)).toThrow(
      /float64\[2\] but the target expects float32\[2\]/,
    );
    expect(() => serialization.fromHostArray(host)).toThrow(
      /dtype float64 has no jaxts Tensor dtype/,
    );
  });
});

const shapeArb = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 });
const tensorArb = fc.oneof(
  shapeArb.chain((shape) =>
    fc
      .array(fc.float({ noNaN: true, noDefaultInfinity: true }), {
        minLength: shape.reduce((a, b) => a * b, 1),
        maxLength: shape.reduce((a, b) => a * b, 1),
      })
      .map((v) => jnp.fromValues(v, shape, 'float32')),
  ),
  shapeArb.chain((shape) =>
    fc
      .array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), {
        minLength: shape.reduce((a, b) => a * b, 1),
        maxLength: shape.reduce((a, b) => a * b, 1),
      })
      .map((v) => jnp.fromValues(v, shape, 'int32')),
  ),
);
const treeArb = fc.dictionary(
  fc.constantFrom('a', 'b', 'kernel', 'bias', 'mu'),
  fc.oneof(
    tensorArb,
    fc.dictionary(fc.constantFrom('x', 'y'), tensorArb, { minKeys: 1, maxKeys: 2 }),
  ),
  { minKeys: 1, maxKeys: 3 },
);

test.prop([treeArb])('fromBytes(target, toBytes(tree)) restores every value exactly', (tree) => {
  const restored = serialization.fromBytes(zerosLike(tree), serialization.toBytes(tree));
  const a = flattenDict(restored as Record<string, unknown>, { sep: '/' }) as Record<
    string,
    Tensor
  >;
  const b = flattenDict(tree, { sep: '/' }) as Record<string, Tensor>;
  for (const k of Object.keys(b)) {
    expect((a[k] as Tensor).dtype).toBe((b[k] as Tensor).dtype);
    expect(Array.from((a[k] as Tensor).dataSync())).toEqual(
      Array.from((b[k] as Tensor).dataSync()),
    );
  }
});
