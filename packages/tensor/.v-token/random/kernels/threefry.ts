// Threefry-2x32 (20 rounds) hash on typed arrays: the counter-based PRNG behind jax.random.
// Counterpart: jax/_src/random/threefry2x32.py (`threefry2x32_p`, `threefry_2x32`).
// Pure int32 arithmetic (`| 0` adds, shift/or rotations) so V8 keeps everything in registers.

// The key-schedule parity constant of Threefry (Random123).
const PARITY = 0x1bd11bda;

/**
 * Hashes counter pairs `(x0[i], x1[i])` under one key `(k0, k1)`, writing `(out0[i], out1[i])`.
 * All arrays must have the same length; `out*` may alias `x*`.
 */
export function threefry2x32(
  k0: number,
  k1: number,
  x0: Uint32Array,
  x1: Uint32Array,
  out0: Uint32Array,
  out1: Uint32Array,
): void {
  const n = x0.length;
  checkLengths('threefry2x32', n, x1.length, out0.length, out1.length);
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = (ks0 ^ ks1 ^ PARITY) | 0;
  for (let i = 0; i < n; i++) {
    const pair = hashPair(ks0, ks1, ks2, x0[i] as number, x1[i] as number);
    out0[i] = pair;
    out1[i] = lastY1;
  }
}

/**
 * Like {@link threefry2x32} but with one key per counter pair (`k0s[i], k1s[i]`): the form a
 * batched (vmapped) key needs. All arrays must have the same length.
 */
export function threefry2x32Keys(
  k0s: Uint32Array,
  k1s: Uint32Array,
  x0: Uint32Array,
  x1: Uint32Array,
  out0: Uint32Array,
  out1: Uint32Array,
): void {
  const n = x0.length;
  checkLengths('threefry2x32Keys', n, x1.length, out0.length, out1.length, k0s.length, k1s.length);
  for (let i = 0; i < n; i++) {
    const ks0 = (k0s[i] as number) | 0;
    const ks1 = (k1s[i] as number) | 0;
    const pair = hashPair(ks0, ks1, (ks0 ^ ks1 ^ PARITY) | 0, x0[i] as number, x1[i] as number);
    out0[i] = pair;
    out1[i] = lastY1;
  }
}

/**
 * JAX's array form `threefry_2x32(keypair, count)`: the flattened count is padded with one 0
 * if its length is odd, its first half feeds x0 and its second half x1, and the result is
 * `concat(out0, out1)` with the padding dropped. Same length as `count`.
 */
export function threefry2x32Array(key: Uint32Array, count: Uint32Array): Uint32Array {
  if (key.length !== 2) {
    throw new Error(
      `threefry2x32Array: bad key; expected a key of shape [2], got u32[${key.length}]. ` +
        'Pass the raw [k0, k1] key data.',
    );
  }
  const n = count.length;
  const half = (n + 1) >>> 1;
  const x0 = count.subarray(0, half);
  const x1 = new Uint32Array(half);
  x1.set(count.subarray(half));
  const out = new Uint32Array(2 * half);
  threefry2x32(
    key[0] as number,
    key[1] as number,
    x0,
    x1,
    out.subarray(0, half),
    out.subarray(half),
  );
  return n === 2 * half ? out : out.slice(0, n);
}

// The second output word of the last `hashPair` call. Returning it through a module variable
// (instead of an array or object) keeps the hot loop allocation-free.
let lastY1 = 0;

// One 20-round Threefry-2x32 block; returns y0 (as int32) and leaves y1 in `lastY1`.
function hashPair(ks0: number, ks1: number, ks2: number, c0: number, c1: number): number {
  let x0 = (c0 + ks0) | 0;
  let x1 = (c1 + ks1) | 0;
  // Rounds 1-4, rotations R0 = [13, 15, 26, 6].
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + ks1) | 0;
  x1 = (x1 + ks2 + 1) | 0;
  // Rounds 5-8, rotations R1 = [17, 29, 16, 24].
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + ks2) | 0;
  x1 = (x1 + ks0 + 2) | 0;
  // Rounds 9-12.
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + ks0) | 0;
  x1 = (x1 + ks1 + 3) | 0;
  // Rounds 13-16.
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + ks1) | 0;
  x1 = (x1 + ks2 + 4) | 0;
  // Rounds 17-20.
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + ks2) | 0;
  x1 = (x1 + ks0 + 5) | 0;
  lastY1 = x1;
  return x0;
}

function checkLengths(api: string, n: number, ...others: number[]): void {
  for (const m of others) {
    if (m !== n) {
      throw new Error(
        `${api}: array lengths differ; expected every array to have length ${n}, got ${m}. ` +
          'Broadcast keys and counters to one length first.',
      );
    }
  }
}
