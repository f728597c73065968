// Batched (vmap-over-keys) kernels equal looping the single-key kernels; key validation.
import { describe, expect, it } from 'vitest';
import { bitsKernel, bitsKernelBatch } from './bits.ts';
import {
  foldInKernel,
  foldInKernelBatch,
  seedKernel,
  splitKernel,
  splitKernelBatch,
} from './keys.ts';

const keys = Uint32Array.of(0, 0, 0, 42, 0xdeadbeef, 0x12345678);
const keyAt = (b: number): Uint32Array => keys.slice(2 * b, 2 * b + 2);

describe('batched key kernels', () => {
  it('splitKernelBatch equals splitting each key', () => {
    const out = splitKernelBatch(keys, 4);
    for (let b = 0; b < 3; b++) {
      expect(Array.from(out.subarray(8 * b, 8 * b + 8))).toEqual(
        Array.from(splitKernel(keyAt(b), 4)),
      );
    }
  });

  it('foldInKernelBatch equals folding each key, with one datum or one per key', () => {
    const one = foldInKernelBatch(keys, 7);
    const per = foldInKernelBatch(keys, [1, 2, 3]);
    for (let b = 0; b < 3; b++) {
      expect(Array.from(one.subarray(2 * b, 2 * b + 2))).toEqual(
        Array.from(foldInKernel(keyAt(b), 7)),
      );
      expect(Array.from(per.subarray(2 * b, 2 * b + 2))).toEqual(
        Array.from(foldInKernel(keyAt(b), b + 1)),
      );
    }
  });

  it('bitsKernelBatch equals drawing bits from each key', () => {
    for (const width of [8, 16, 32] as const) {
      const out = bitsKernelBatch(keys, 5, width);
      for (let b = 0; b < 3; b++) {
        expect(Array.from(out.subarray(5 * b, 5 * b + 5))).toEqual(
          Array.from(bitsKernel(keyAt(b), 5, width)),
        );
      }
    }
  });

  it('8- and 16-bit draws are the low bits of the 32-bit draws', () => {
    const key = seedKernel(1701);
    const w32 = bitsKernel(key, 9);
    expect(Array.from(bitsKernel(key, 9, 8))).toEqual(Array.from(w32, (v) => v & 0xff));
    expect(Array.from(bitsKernel(key, 9, 16))).toEqual(Array.from(w32, (v) => v & 0xffff));
  });
});

describe('key validation', () => {
  it('rejects keys that are not [2] pairs', () => {
    expect(() => splitKernel(new Uint32Array(3), 2)).toThrow(
      'random.split: bad key; expected a key of shape [2] and dtype uint32, got u32[3].',
    );
    expect(() => bitsKernel(new Uint32Array(1), 2)).toThrow(/random\.bits: bad key/);
    expect(() => splitKernelBatch(new Uint32Array(3), 2)).toThrow(/random\.split: bad key batch/);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => seedKernel(1.5)).toThrow(/PRNGKey: bad seed/);
    expect(() => seedKernel(2 ** 60)).toThrow(/PRNGKey: bad seed/);
  });
});
