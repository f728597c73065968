/**
 * Batching rules of the PRNG primitives. random_bits / random_split / random_fold_in take one key,
 * so a batch of keys is computed from threefry2x32, which broadcasts keys against counters: the
 * same partitionable-threefry formulas as the kernels (element i of `bits(key, shape)` is
 * `y0 ^ y1` of threefry2x32(key, (0, i))), in one bind whatever the batch size. threefry2x32 and
 * random_transform broadcast like elementwise ops. JAX: prng.random_bits_p etc. batch by
 * vectorizing the same threefry calls.
 */
import { lax, numpy as np, type Tensor } from '@jaxts/tensor';
import { bind, bind1, type Params, type RandomPrimitive } from '@jaxts/tensor/core';
import { moveaxis, pair } from '../batching.ts';
import { naryBatch } from './nary.ts';
import type { BatchFamily, BatchResult, BDim } from './types.ts';

const u32 = (v: number): Tensor => np.scalar(v, 'uint32', false);

/** The two key words: [B] vectors for a batch of keys, scalars for one key. */
function keyWords(key: Tensor, d: BDim): [Tensor, Tensor] {
  if (d === null) {
    return [lax.reshape(lax.slice(key, [0], [1]), []), lax.reshape(lax.slice(key, [1], [2]), [])];
  }
  const k = moveaxis(key, d, 0);
  const b = k.shape[0] as number;
  return [
    lax.reshape(lax.slice(k, [0, 0], [b, 1]), [b]),
    lax.reshape(lax.slice(k, [0, 1], [b, 2]), [b]),
  ];
}

/** threefry2x32 of keys [B] against the counters 0..prod(shape)-1: two u32[B, ...shape]. */
function hashCounters(key: Tensor, d: number, shape: readonly number[]): [Tensor, Tensor] {
  const [k0, k1] = keyWords(key, d);
  const b = k0.shape[0] as number;
  const ones = new Array<number>(shape.length).fill(1);
  const n = shape.reduce((a, s) => a * s, 1);
  const lo = lax.reshape(lax.iota('uint32', n), shape);
  const outs = bind(
    'threefry2x32',
    [lax.reshape(k0, [b, ...ones]), lax.reshape(k1, [b, ...ones]), u32(0), lo],
    {},
  );
  return outs as [Tensor, Tensor];
}

/** Stacks two equal-shape arrays along a new last axis (key words → keys). */
function stackLast(a: Tensor, b: Tensor): Tensor {
  return lax.concatenate([lax.expandDims(a, [a.ndim]), lax.expandDims(b, [b.ndim])], a.ndim);
}

function randomBits(
  [key]: readonly Tensor[],
  [d]: readonly BDim[],
  { shape, bit_width }: Params<'random_bits'>,
): BatchResult {
  const [y0, y1] = hashCounters(key as Tensor, d as number, shape);
  let bits = bind1('xor', [y0, y1], {});
  // 8/16-bit words are the low bits of the 32-bit word (a truncating cast in JAX).
  if (bit_width !== 32) bits = bind1('and', [bits, u32(bit_width === 8 ? 0xff : 0xffff)], {});
  return [[bits], [0]];
}

function randomSplit(
  [key]: readonly Tensor[],
  [d]: readonly BDim[],
  { shape }: Params<'random_split'>,
): BatchResult {
  const [y0, y1] = hashCounters(key as Tensor, d as number, shape);
  return [[stackLast(y0, y1)], [0]];
}

function randomFoldIn([key, data]: readonly Tensor[], dims: readonly BDim[]): BatchResult {
  const [dk, dd] = pair(dims);
  const [k0, k1] = keyWords(key as Tensor, dk);
  const x1 = dd === null ? (data as Tensor) : moveaxis(data as Tensor, dd, 0);
  const [y0, y1] = bind('threefry2x32', [k0, k1, u32(0), x1], {}) as [Tensor, Tensor];
  return [[stackLast(y0, y1)], [0]];
}

export const randomBatch = {
  threefry2x32: (vals, dims, params) => naryBatch('threefry2x32', vals, dims, params),
  random_bits: randomBits,
  random_split: randomSplit,
  random_fold_in: randomFoldIn,
  random_transform: (vals, dims, params) => naryBatch('random_transform', vals, dims, params),
} satisfies BatchFamily<RandomPrimitive>;
