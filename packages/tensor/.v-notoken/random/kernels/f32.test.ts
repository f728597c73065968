// Unit tests for the float32 helpers: the single-rounding FMA, nextafter and the FTZ flush.
import { describe, expect, it } from 'vitest';
import { bitsFromF32, f32FromBits, flushF32, fmaF32, nextafterF32 } from './f32.ts';

describe('fmaF32', () => {
  it('rounds a * b + c once, unlike fround(fround(a * b) + c)', () => {
    const x = Math.fround(1 + 2 ** -12);
    // x * x = 1 + 2^-11 + 2^-24: rounding the product alone would drop the 2^-24.
    expect(fmaF32(x, x, -1)).toBe(2 ** -11 + 2 ** -24);
    expect(Math.fround(Math.fround(x * x) - 1)).toBe(2 ** -11);
  });

  it('resolves a double-rounding tie with the error of the double sum', () => {
    // x * x = 1 + 2^-11 + 2^-24 is exactly halfway between two float32 values; adding
    // +-2^-80 decides the direction, but the double sum rounds the 2^-80 away.
    const x = Math.fround(1 + 2 ** -12);
    expect(fmaF32(x, x, 2 ** -80)).toBe(Math.fround(1 + 2 ** -11 + 2 ** -23));
    expect(fmaF32(x, x, -(2 ** -80))).toBe(Math.fround(1 + 2 ** -11));
    expect(Math.fround(x * x + 2 ** -80)).toBe(Math.fround(1 + 2 ** -11));
  });

  it('propagates infinities and NaN', () => {
    expect(fmaF32(Number.POSITIVE_INFINITY, 2, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(fmaF32(Number.NaN, 2, 1)).toBeNaN();
    expect(fmaF32(3.4e38, 10, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('nextafterF32', () => {
  it('steps one float32 ulp', () => {
    expect(nextafterF32(-1, 0)).toBe(Math.fround(-1 + 2 ** -24));
    expect(nextafterF32(1, 2)).toBe(Math.fround(1 + 2 ** -23));
    expect(nextafterF32(0, 1)).toBe(f32FromBits(1));
    expect(nextafterF32(0, -1)).toBe(-f32FromBits(1));
    expect(nextafterF32(2, 2)).toBe(2);
    expect(nextafterF32(Number.NEGATIVE_INFINITY, 0)).toBe(-f32FromBits(0x7f7fffff));
    expect(nextafterF32(Number.NaN, 0)).toBeNaN();
  });
});

describe('bit casts and flushF32', () => {
  it('round-trips bits', () => {
    expect(bitsFromF32(1)).toBe(0x3f800000);
    expect(f32FromBits(0xbf800000)).toBe(-1);
  });

  it('flushes denormals to a signed zero and keeps normals', () => {
    expect(Object.is(flushF32(f32FromBits(5)), 0)).toBe(true);
    expect(Object.is(flushF32(-f32FromBits(5)), -0)).toBe(true);
    expect(flushF32(f32FromBits(0x00800000))).toBe(f32FromBits(0x00800000));
    expect(flushF32(Number.NaN)).toBeNaN();
  });
});
