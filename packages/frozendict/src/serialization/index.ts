/**
 * Checkpoints without tfjs: Flax's msgpack format, state dicts and safetensors over HostArrays.
 * @jaxts/tensor's `serialization` wraps these for trees of Tensors.
 */
export { SerializationError } from './errors.ts';
export {
  fromBytes,
  HostScalar,
  MAX_CHUNK_SIZE,
  msgpackRestore,
  msgpackSerialize,
  toBytes,
} from './flax-msgpack.ts';
export type { HostData, HostDType } from './host-array.ts';
export { HostArray, isHostDType, itemSize } from './host-array.ts';
export type { DecodeOptions, MsgpackValue } from './msgpack.ts';
export { decode as msgpackDecode, ExtType, encode as msgpackEncode } from './msgpack.ts';
export type { SafetensorsFile } from './safetensors.ts';
export { loadSafetensors, saveSafetensors } from './safetensors.ts';
export type { ArrayLikeSpec } from './state-dict.ts';
export { fromStateDict, isArrayLeaf, toStateDict } from './state-dict.ts';
