// Random bits in JAX's default partitionable mode: element i hashes the 64-bit counter i.
// Counterpart: jax/_src/random/threefry2x32.py `_threefry_random_bits_partitionable`
// (`jax.random.bits` and the source of every sampler).

import { checkKey, counterHi, counterLo } from './keys.ts';
import { threefry2x32, threefry2x32Keys } from './threefry.ts';

export type BitWidth = 8 | 16 | 32;

/**
 * `bits(key, shape)` for `size = prod(shape)`: element i is `y0 ^ y1` of
 * threefry2x32(key, (hi(i), lo(i))). 8- and 16-bit widths keep the low bits of that word
 * (a truncating `convert_element_type`), so they are a prefix of the 32-bit stream's bits.
 */
export function bitsKernel(key: Uint32Array, size: number, bitWidth?: 32): Uint32Array;
export function bitsKernel(key: Uint32Array, size: number, bitWidth: 16): Uint16Array;
export function bitsKernel(key: Uint32Array, size: number, bitWidth: 8): Uint8Array;
export function bitsKernel(
  key: Uint32Array,
  size: number,
  bitWidth: BitWidth,
): Uint32Array | Uint16Array | Uint8Array;
export function bitsKernel(
  key: Uint32Array,
  size: number,
  bitWidth: BitWidth = 32,
): Uint32Array | Uint16Array | Uint8Array {
  checkKey('bits', key);
  const y0 = counterHi(size);
  const y1 = counterLo(size);
  threefry2x32(key[0] as number, key[1] as number, y0, y1, y0, y1);
  return xorWords(y0, y1, bitWidth);
}

/** `bits` for a batch of keys `[m, 2]`: returns `m * size` words, key-major (vmap over keys). */
export function bitsKernelBatch(keys: Uint32Array, size: number, bitWidth?: 32): Uint32Array;
export function bitsKernelBatch(keys: Uint32Array, size: number, bitWidth: 16): Uint16Array;
export function bitsKernelBatch(keys: Uint32Array, size: number, bitWidth: 8): Uint8Array;
export function bitsKernelBatch(
  keys: Uint32Array,
  size: number,
  bitWidth: BitWidth,
): Uint32Array | Uint16Array | Uint8Array;
export function bitsKernelBatch(
  keys: Uint32Array,
  size: number,
  bitWidth: BitWidth = 32,
): Uint32Array | Uint16Array | Uint8Array {
  if (keys.length % 2 !== 0) {
    throw new Error(
      `random.bits: bad key batch; expected keys of shape [m, 2] (even length), got u32[${keys.length}]. ` +
        'Pass the raw key data of m keys, flattened.',
    );
  }
  const m = keys.length / 2;
  const total = m * size;
  const k0s = new Uint32Array(total);
  const k1s = new Uint32Array(total);
  const y0 = new Uint32Array(total);
  const y1 = new Uint32Array(total);
  const hi = counterHi(size);
  const lo = counterLo(size);
  for (let b = 0; b < m; b++) {
    k0s.fill(keys[2 * b] as number, b * size, (b + 1) * size);
    k1s.fill(keys[2 * b + 1] as number, b * size, (b + 1) * size);
    y0.set(hi, b * size);
    y1.set(lo, b * size);
  }
  threefry2x32Keys(k0s, k1s, y0, y1, y0, y1);
  return xorWords(y0, y1, bitWidth);
}

function xorWords(
  y0: Uint32Array,
  y1: Uint32Array,
  bitWidth: BitWidth,
): Uint32Array | Uint16Array | Uint8Array {
  const n = y0.length;
  const out = bitWidth === 32 ? y0 : bitWidth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  // Typed-array stores truncate to the element width, which is exactly the uint8/16 cast.
  for (let i = 0; i < n; i++) out[i] = (y0[i] as number) ^ (y1[i] as number);
  return out;
}
