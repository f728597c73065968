// Key derivation on raw uint32 key data: seeding (PRNGKey / key), split and fold_in in
// JAX's default `jax_threefry_partitionable` mode. Counterpart: jax/_src/random/threefry2x32.py
// (`threefry_seed`, `_threefry_split_foldlike`, `threefry_fold_in`).

import { threefry2x32, threefry2x32Keys } from './threefry.ts';

const TWO_32 = 4294967296;

/**
 * Raw key data of `PRNGKey(seed)` / `key(seed)` as JAX computes it by default (x64 off): the
 * seed is first converted to int32, so only its low 32 bits survive and the high word is 0
 * (`PRNGKey(2**40 + 5)` is `[0, 5]`, `PRNGKey(-1)` is `[0, 4294967295]`). With `x64: true`
 * (JAX with `jax_enable_x64`) the int64 seed is split into `[hi, lo]` words instead.
 */
export function seedKernel(seed: number, options: { x64?: boolean } = {}): Uint32Array {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(
      `PRNGKey: bad seed; expected an integer in [-(2**53 - 1), 2**53 - 1], got ${seed}. ` +
        'Pass an integer seed.',
    );
  }
  const lo = ((seed % TWO_32) + TWO_32) % TWO_32;
  if (options.x64 !== true) return Uint32Array.of(0, lo);
  // Two's-complement high word of the int64 seed.
  const hi = (Math.floor(seed / TWO_32) + TWO_32) % TWO_32;
  return Uint32Array.of(hi, lo);
}

/**
 * `split(key, shape)`: `n = prod(shape)` new keys, key i = threefry2x32(key, (hi(i), lo(i)))
 * with i a 64-bit counter. Returns `[k0_0, k1_0, k0_1, k1_1, ...]` (shape `[...shape, 2]`).
 */
export function splitKernel(key: Uint32Array, shape: readonly number[] | number): Uint32Array {
  checkKey('split', key);
  const n = typeof shape === 'number' ? shape : shape.reduce((a, b) => a * b, 1);
  const out0 = new Uint32Array(n);
  const out1 = new Uint32Array(n);
  threefry2x32(key[0] as number, key[1] as number, counterHi(n), counterLo(n), out0, out1);
  return interleave(out0, out1);
}

/** `split` for a batch of keys `[m, 2]`: returns `[m, n, 2]`, the same as splitting each. */
export function splitKernelBatch(keys: Uint32Array, n: number): Uint32Array {
  const m = checkKeyBatch('split', keys);
  const size = m * n;
  const k0s = new Uint32Array(size);
  const k1s = new Uint32Array(size);
  const x0 = new Uint32Array(size);
  const x1 = new Uint32Array(size);
  for (let b = 0; b < m; b++) {
    k0s.fill(keys[2 * b] as number, b * n, (b + 1) * n);
    k1s.fill(keys[2 * b + 1] as number, b * n, (b + 1) * n);
    x0.set(counterHi(n), b * n);
    x1.set(counterLo(n), b * n);
  }
  threefry2x32Keys(k0s, k1s, x0, x1, x0, x1);
  return interleave(x0, x1);
}

/**
 * `fold_in(key, data)`: threefry2x32(key, (0, uint32(data))). `data` is wrapped to uint32
 * like `jnp.asarray(data, 'uint32')` (so -1 folds in 4294967295).
 */
export function foldInKernel(key: Uint32Array, data: number): Uint32Array {
  checkKey('fold_in', key);
  const out0 = new Uint32Array(1);
  const out1 = new Uint32Array(1);
  threefry2x32(
    key[0] as number,
    key[1] as number,
    new Uint32Array(1),
    Uint32Array.of(data >>> 0),
    out0,
    out1,
  );
  return Uint32Array.of(out0[0] as number, out1[0] as number);
}

/** `fold_in` over a batch: key b `[m, 2]` with datum b (or one datum for all). */
export function foldInKernelBatch(
  keys: Uint32Array,
  data: ArrayLike<number> | number,
): Uint32Array {
  const m = checkKeyBatch('fold_in', keys);
  const k0s = new Uint32Array(m);
  const k1s = new Uint32Array(m);
  const x1 = new Uint32Array(m);
  for (let b = 0; b < m; b++) {
    k0s[b] = keys[2 * b] as number;
    k1s[b] = keys[2 * b + 1] as number;
    x1[b] = (typeof data === 'number' ? data : (data[b] as number)) >>> 0;
  }
  const out0 = new Uint32Array(m);
  const out1 = new Uint32Array(m);
  threefry2x32Keys(k0s, k1s, new Uint32Array(m), x1, out0, out1);
  return interleave(out0, out1);
}

/** High words of the 64-bit counters 0..n-1 (JAX's `iota_2x32_shape`). */
export function counterHi(n: number): Uint32Array {
  const hi = new Uint32Array(n);
  if (n > TWO_32) for (let i = TWO_32; i < n; i++) hi[i] = Math.floor(i / TWO_32);
  return hi;
}

/** Low words of the 64-bit counters 0..n-1. */
export function counterLo(n: number): Uint32Array {
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) lo[i] = i;
  return lo;
}

function interleave(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(2 * a.length);
  for (let i = 0; i < a.length; i++) {
    out[2 * i] = a[i] as number;
    out[2 * i + 1] = b[i] as number;
  }
  return out;
}

export function checkKey(api: string, key: Uint32Array): void {
  if (key.length !== 2) {
    throw new Error(
      `random.${api}: bad key; expected a key of shape [2] and dtype uint32, got u32[${key.length}]. ` +
        'Pass the raw [k0, k1] key data.',
    );
  }
}

function checkKeyBatch(api: string, keys: Uint32Array): number {
  if (keys.length % 2 !== 0) {
    throw new Error(
      `random.${api}: bad key batch; expected keys of shape [m, 2] (even length), got u32[${keys.length}]. ` +
        'Pass the raw key data of m keys, flattened.',
    );
  }
  return keys.length / 2;
}
