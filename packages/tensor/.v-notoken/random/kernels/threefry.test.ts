// Known-answer tests for the Threefry-2x32 kernels (Random123 vectors as cited by
// jax/tests/random_test.py, plus JAX-generated vectors; inventory §4.2).
import { describe, expect, it } from 'vitest';
import { threefry2x32, threefry2x32Array, threefry2x32Keys } from './threefry.ts';

function hash(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const y0 = new Uint32Array(1);
  const y1 = new Uint32Array(1);
  threefry2x32(k0, k1, Uint32Array.of(x0), Uint32Array.of(x1), y0, y1);
  return [y0[0] as number, y1[0] as number];
}

describe('threefry2x32', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hash(0, 0, 0, 0)).toEqual([0x6b200159, 0x99ba4efe]);
    expect(hash(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toEqual([0x1cb996fc, 0xbb002be7]);
    expect(hash(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it('matches JAX on counters (0, i) under the zero key', () => {
    expect([0, 1, 2, 3].map((i) => hash(0, 0, 0, i))).toEqual([
      [0x6b200159, 0x99ba4efe],
      [0x375f238f, 0xcddb151d],
      [0xf71f4ea9, 0xa20e4081],
      [0x9312778b, 0xe4e8dfbe],
    ]);
  });

  it('hashes 10^7 equal counters to the same pair (testThreefry2x32Large)', () => {
    const n = 10_000_000;
    const x0 = new Uint32Array(n).fill(0x243f6a88);
    const x1 = new Uint32Array(n).fill(0x85a308d3);
    threefry2x32(0x13198a2e, 0x03707344, x0, x1, x0, x1);
    expect(x0.every((v) => v === 0xc4923a9c)).toBe(true);
    expect(x1.every((v) => v === 0x483df7a0)).toBe(true);
  });

  it('rejects arrays of different lengths', () => {
    const a = new Uint32Array(2);
    expect(() => threefry2x32(0, 0, a, new Uint32Array(3), a, a)).toThrow(
      /threefry2x32: array lengths differ/,
    );
  });
});

describe('threefry2x32Keys', () => {
  it('equals the scalar-key hash element by element', () => {
    const k0s = Uint32Array.of(0, 0xffffffff, 0x13198a2e, 7);
    const k1s = Uint32Array.of(0, 0xffffffff, 0x03707344, 1337);
    const x0 = Uint32Array.of(0, 0xffffffff, 0x243f6a88, 5);
    const x1 = Uint32Array.of(0, 0xffffffff, 0x85a308d3, 9);
    const y0 = new Uint32Array(4);
    const y1 = new Uint32Array(4);
    threefry2x32Keys(k0s, k1s, x0, x1, y0, y1);
    for (let i = 0; i < 4; i++) {
      expect([y0[i], y1[i]]).toEqual(
        hash(k0s[i] as number, k1s[i] as number, x0[i] as number, x1[i] as number),
      );
    }
  });
});

describe('threefry2x32Array (JAX threefry_2x32)', () => {
  it('matches the tinygrad/JAX vector for key (0, 1337) and count arange(20)', () => {
    const out = threefry2x32Array(
      Uint32Array.of(0, 1337),
      Uint32Array.from({ length: 20 }, (_, i) => i),
    );
    expect(Array.from(out)).toEqual([
      2221762175, 1752107825, 653745012, 1967534793, 1395205442, 3840423848, 2159346757, 603508235,
      3319473678, 3363866483, 3544324138, 1436466838, 2169858556, 2570072943, 2387150698,
      3678370550, 2911697663, 403244401, 2560861638, 1692360114,
    ]);
  });

  it('pads odd counts with one zero and drops the padding', () => {
    const key = Uint32Array.of(0x13198a2e, 0x03707344);
    const odd = threefry2x32Array(key, Uint32Array.of(0x243f6a88));
    expect(Array.from(odd)).toEqual([hash(0x13198a2e, 0x03707344, 0x243f6a88, 0)[0]]);
    expect(threefry2x32Array(key, new Uint32Array(0))).toEqual(new Uint32Array(0));
  });

  it('rejects a key that is not a pair', () => {
    expect(() => threefry2x32Array(new Uint32Array(3), new Uint32Array(2))).toThrow(
      /threefry2x32Array: bad key; expected a key of shape \[2\], got u32\[3\]/,
    );
  });
});
