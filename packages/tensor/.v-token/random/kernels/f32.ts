// Float32 arithmetic helpers that reproduce XLA:CPU's f32 ops bit for bit in float64 JS:
// bit casts, a correctly rounded fused multiply-add, nextafter. Counterpart: XLA's f32
// elementwise ops (`fma` is what LLVM emits when it contracts `a * b + c` on FMA hardware).

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** The float32 whose IEEE bits are `bits` (a uint32). */
export function f32FromBits(bits: number): number {
  scratchU32[0] = bits;
  return scratchF32[0] as number;
}

/** The IEEE bits (uint32) of `Math.fround(x)`. */
export function bitsFromF32(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0] as number;
}

/**
 * `fma(a, b, c)` rounded once to float32, for float32 inputs. The product of two 24-bit
 * significands is exact in a double, so only the final sum can round twice (to double, then
 * to float32); that double rounding is wrong only when the double sum lands exactly halfway
 * between two floats, which the error term of the sum resolves.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s || Number.isNaN(s)) return r;
  // s is halfway between two floats exactly when r + 2 (s - r), the float on the other side of
  // s, is itself a float32 (s - r and the sum are exact in double).
  const o = r + 2 * (s - r);
  if (Math.fround(o) !== o || !Number.isFinite(s)) return r;
  // TwoSum: err is the exact rounding error of s = p + c; the exact value lies on its side.
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  if (err === 0) return r;
  return err > 0 === o > r ? o : r;
}

/** The next float32 above float32 `x` (towards +inf). */
export function nextUpF32(x: number): number {
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return f32FromBits(1);
  const bits = bitsFromF32(x);
  return f32FromBits(x > 0 ? bits + 1 : bits - 1);
}

/** The next float32 below float32 `x` (towards -inf). */
export function nextDownF32(x: number): number {
  return -nextUpF32(-x);
}

/**
 * `nextafter(x, toward)` in float32 (numpy / `lax.nextafter` semantics): the float32 next to
 * `x` in the direction of `toward`; `toward` itself when they are equal; NaN if either is NaN.
 */
export function nextafterF32(x: number, toward: number): number {
  const xf = Math.fround(x);
  const tf = Math.fround(toward);
  if (Number.isNaN(xf) || Number.isNaN(tf)) return Number.NaN;
  if (xf === tf) return tf;
  return tf > xf ? nextUpF32(xf) : nextDownF32(xf);
}

const FLT_MIN = 1.1754943508222875e-38; // smallest normal float32, 2**-126

/**
 * Flush a float32 denormal to a zero of the same sign. XLA:CPU runs with the x86 FTZ/DAZ
 * modes on (observed: log of a denormal is -inf, erf/log1p of one is 0), so denormal
 * operands read as zero and denormal results are written as zero.
 */
export function flushF32(x: number): number {
  return x > -FLT_MIN && x < FLT_MIN ? x * 0 : x;
}
