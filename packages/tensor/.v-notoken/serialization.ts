/**
 * Checkpoints of Tensor trees (flax.serialization and safetensors): converts Tensor leaves to
 * host arrays and delegates to @jaxts/frozendict's tfjs-free codecs. Bytes in, bytes out: works
 * with files in Node (fs.readFileSync / writeFileSync) and with ArrayBuffers or Blobs in browsers.
 */
import { serialization as codec, FrozenDict, isFrozenDict } from '@jaxts/frozendict';
import type { DType } from './dtype.ts';
import { fromValues } from './numpy/convert.ts';
import { Tensor } from './tensor.ts';

type HostArray = InstanceType<typeof codec.HostArray>;

const SUPPORTED: ReadonlySet<string> = new Set(['float32', 'int32', 'uint32', 'bool']);

/** A Tensor's values as a host array (the array is read synchronously). */
export function toHostArray(t: Tensor): HostArray {
  const values = t.dataSync();
  const data = t.dtype === 'bool' ? Uint8Array.from(values) : values;
  return new codec.HostArray([...t.shape], t.dtype, data);
}

/** A Tensor from a host array; dtypes jaxts has no Tensor for are a clear error naming `where`. */
export function fromHostArray(a: HostArray, where = 'array'): Tensor {
  if (!SUPPORTED.has(a.dtype)) {
    throw new codec.SerializationError(
      `${where}: dtype ${a.dtype} has no jaxts Tensor dtype (float32, int32, uint32, bool). ` +
        'Convert the checkpoint in Python, or read it with @jaxts/frozendict serialization as host arrays.',
    );
  }
  return fromValues(a.data as ArrayLike<number>, a.shape, a.dtype as DType);
}

/**
 * Maps the leaves of dicts/FrozenDicts/lists, keeping key order (tree.map would sort keys as
 * JAX does): checkpoint bytes follow the order in which the tree was built, as in Flax.
 */
function mapOrdered(x: unknown, f: (leaf: unknown) => unknown): unknown {
  if (isFrozenDict(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = mapOrdered((x as Record<string, unknown>)[k], f);
    return new FrozenDict(out);
  }
  if (Array.isArray(x)) return x.map((v) => mapOrdered(v, f));
  if (
    x !== null &&
    typeof x === 'object' &&
    [Object.prototype, null].includes(Object.getPrototypeOf(x))
  ) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = mapOrdered((x as Record<string, unknown>)[k], f);
    return out;
  }
  return f(x);
}

function hostify(x: unknown): unknown {
  return mapOrdered(x, (leaf) => (leaf instanceof Tensor ? toHostArray(leaf) : leaf));
}

function tensorize(x: unknown): unknown {
  return mapOrdered(x, (leaf) =>
    leaf instanceof codec.HostArray && SUPPORTED.has(leaf.dtype) ? fromHostArray(leaf) : leaf,
  );
}

/** flax.serialization.to_state_dict for a tree with Tensor leaves (arrays become host arrays). */
export function toStateDict(target: unknown): unknown {
  return codec.toStateDict(hostify(target));
}

/** flax.serialization.from_state_dict: checks structure, shapes and dtypes; leaves become Tensors. */
export function fromStateDict<T>(target: T, state: unknown): T {
  return tensorize(codec.fromStateDict(target, state)) as T;
}

/** flax.serialization.to_bytes: Flax's msgpack checkpoint of a tree (loads in Python). */
export function toBytes(target: unknown): Uint8Array {
  return codec.toBytes(hostify(target));
}

/** flax.serialization.from_bytes: restores bytes (e.g. written by Flax) into `target`'s structure. */
export function fromBytes<T>(target: T, bytes: Uint8Array | ArrayBuffer): T {
  return tensorize(codec.fromBytes(target, bytes)) as T;
}

/** flax.serialization.msgpack_serialize for a state dict with Tensor leaves. */
export function msgpackSerialize(stateDict: unknown): Uint8Array {
  return codec.msgpackSerialize(hostify(stateDict));
}

/** flax.serialization.msgpack_restore: the stored state dict, arrays as Tensors. */
export function msgpackRestore(bytes: Uint8Array | ArrayBuffer): unknown {
  return tensorize(codec.msgpackRestore(bytes));
}

/** safetensors bytes of flat named Tensors (e.g. `flattenDict(params, { sep: '.' })`). */
export function saveSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const host: Record<string, HostArray> = {};
  for (const [k, v] of Object.entries(tensors)) host[k] = toHostArray(v);
  return codec.saveSafetensors(host, metadata);
}

/** Reads safetensors bytes (e.g. written by Python) into named Tensors plus metadata. */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
} {
  const file = codec.loadSafetensors(bytes);
  const tensors: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(file.tensors))
    tensors[k] = fromHostArray(v, `loadSafetensors: tensor '${k}'`);
  return { tensors, metadata: file.metadata };
}

/** Bytes of a Blob, ArrayBuffer or Uint8Array (browsers hand out Blobs from file inputs). */
export async function readBytes(input: Blob | ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(await input.arrayBuffer());
}
