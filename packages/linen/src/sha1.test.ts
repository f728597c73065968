import { describe, expect, it } from 'vitest';
import { sha1, sha1Hex } from './sha1.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sha1', () => {
  // FIPS 180-2 appendix A and RFC 3174 test vectors.
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    ],
    ['The quick brown fox jumps over the lazy dog', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
  ])('hashes %j', (msg, hex) => {
    expect(sha1Hex(utf8(msg))).toBe(hex);
  });

  it('hashes one million "a" (multi-block)', () => {
    expect(sha1Hex(new Uint8Array(1_000_000).fill(0x61))).toBe(
      '34aa973cd4c4daa4f61eeb2bdbad27316534016f',
    );
  });

  it('handles every length around the 55/56/64-byte padding boundaries', () => {
    // 'a'*55, 'a'*56, 'a'*64 from Python hashlib.
    expect(sha1Hex(new Uint8Array(55).fill(0x61))).toBe('c1c8bbdc22796e28c0e15163d20899b65621d65a');
    expect(sha1Hex(new Uint8Array(56).fill(0x61))).toBe('c2db330f6083854c99d4b5bfb6e8f29f201be699');
    expect(sha1Hex(new Uint8Array(64).fill(0x61))).toBe('0098ba824b5c16427bd7a1122a5a442a25ec644d');
  });

  it("gives Flax's RNG hashes (inventory 1.4)", () => {
    const first4 = (b: Uint8Array): number => new DataView(sha1(b).buffer).getUint32(0);
    expect(first4(new Uint8Array([1]))).toBe(3213575472);
    expect(first4(new Uint8Array([...utf8('Dense_0'), 1]))).toBe(2998342421);
  });
});
