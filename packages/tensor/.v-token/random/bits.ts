/**
 * Raw random bits. JAX: jax.random.bits (partitionable threefry: element i is the xor of the two
 * words of threefry2x32(key, (hi(i), lo(i)))).
 */
import { DTypeError } from '../errors.ts';
import type { Tensor } from '../tensor.ts';
import { checkKey, checkShape, type ShapeArg } from './common.ts';
import { randomBits } from './prims.ts';

/** uint8 and uint16 bits are JAX's truncated words; jaxts stores them as uint32 values. */
export type BitsDType = 'uint32' | 'uint16' | 'uint8';

const WIDTHS: Record<BitsDType, 8 | 16 | 32> = { uint8: 8, uint16: 16, uint32: 32 };

export interface BitsOptions {
  /**
   * Unsigned dtype of the bits (default uint32). jaxts has no uint8/uint16 dtypes: for those the
   * result is a uint32 array holding JAX's uint8/uint16 values (the low 8/16 bits of each word).
   */
  readonly dtype?: BitsDType;
}

/** Uniform random bits: a uint32 array of `shape`. JAX: jax.random.bits. */
export function bits(key: Tensor, shape: ShapeArg = [], opts: BitsOptions = {}): Tensor {
  const k = checkKey('bits', key);
  const s = checkShape('bits', shape);
  const dtype = opts.dtype ?? 'uint32';
  const width = WIDTHS[dtype];
  if (width === undefined) {
    throw new DTypeError(
      `random.bits: dtype argument to \`bits\` must be an unsigned int dtype; expected uint32, ` +
        `uint16 or uint8, got ${JSON.stringify(dtype)}. Sample uint32 bits and convert them.`,
    );
  }
  return randomBits(k, s, width);
}
