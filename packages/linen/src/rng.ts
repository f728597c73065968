// Flax's RNG derivation: LazyRng (a root key plus a static suffix of scope names and counters)
// and _fold_in_static (SHA-1 of the suffix, first 4 bytes big-endian, folded into the key).
// flax.core.scope.LazyRng / _fold_in_static.

import { random, type Tensor } from '@jaxts/tensor';
import { sha1 } from './sha1.ts';

/** A string (a scope name) or a non-negative integer (a counter). */
export type PRNGFoldable = string | number;

const encoder = new TextEncoder();

/** Python's `int.to_bytes((x.bit_length() + 7) // 8, 'big')`: 0 → no bytes, 1 → [1]. */
function intBytes(x: number): number[] {
  const out: number[] = [];
  let v = x;
  while (v > 0) {
    out.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  return out;
}

/**
 * The 32-bit hash Flax folds into the key for a static suffix:
 * `int.from_bytes(sha1(b''.join(encode(x) for x in data)).digest()[:4], 'big')`.
 * (flax_fix_rng_separator is off by default, so no separator bytes.)
 */
export function hashSuffix(data: readonly PRNGFoldable[]): number {
  const bytes: number[] = [];
  for (const x of data) {
    if (typeof x === 'string') bytes.push(...encoder.encode(x));
    else bytes.push(...intBytes(x));
  }
  const digest = sha1(Uint8Array.from(bytes));
  return new DataView(digest.buffer).getUint32(0);
}

/** `fold_in(rng, hash(data))`, or `rng` itself for an empty suffix. */
export function foldInStatic(rng: Tensor, data: readonly PRNGFoldable[]): Tensor {
  if (data.length === 0) return rng;
  return random.foldIn(rng, hashSuffix(data));
}

/** A root key with the static data still to be folded into it. */
export class LazyRng {
  readonly rng: Tensor;
  readonly suffix: readonly PRNGFoldable[];
  constructor(rng: Tensor, suffix: readonly PRNGFoldable[] = []) {
    this.rng = rng;
    this.suffix = suffix;
  }
  /** The key with the suffix folded in. */
  asKey(): Tensor {
    return foldInStatic(this.rng, this.suffix);
  }
  /** A LazyRng with more static data appended (the key itself is not touched). */
  extend(...suffix: PRNGFoldable[]): LazyRng {
    return new LazyRng(this.rng, [...this.suffix, ...suffix]);
  }
}
