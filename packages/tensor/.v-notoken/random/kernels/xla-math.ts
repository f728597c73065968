// XLA:CPU's float32 log, log1p, erf and erf_inv, op for op, so jax.random's normal,
// truncated_normal, exponential, gumbel, laplace and logistic come out bit-identical.
// Counterparts: the LLVM IR XLA:CPU (jaxlib 0.10.2) emits for `log`, `log-plus-one`, `erf`
// and the `chlo.erf_inv` expansion, with `a * b + c` pairs contracted to FMA exactly where
// LLVM's x86 backend contracts them (checked against the generated machine code).

import { bitsFromF32, f32FromBits, flushF32, fmaF32 } from './f32.ts';

const fr = Math.fround;
const h = f32FromBits;

// Eigen's `plog_float` (Cephes logf) as XLA:CPU inlines it.
const LOG_SQRTHF = h(0x3f3504f3);
const LOG_P0 = h(0x3d9021bb);
const LOG_P1 = h(0xbdebd1b8);
const LOG_P2 = h(0xbdfe5d4f);
const LOG_P3 = h(0x3e11e9bf);
const LOG_P4 = h(0x3e4cceac);
const LOG_P5 = h(0xbe7ffffc);
const LOG_P6 = h(0x3def251a);
const LOG_P7 = h(0xbe2aae50);
const LOG_P8 = h(0x3eaaaaaa);
const LOG_Q1 = h(0xb95e8083); // -2.12194440e-4
const LOG_Q2 = h(0x3f318000); // 0.693359375

/** XLA:CPU float32 natural log. */
export function logF32(input: number): number {
  const v = flushF32(input);
  if (!(v > 0)) return v === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (v === Number.POSITIVE_INFINITY) return v;
  // Eigen clamps denormals to FLT_MIN here; after the flush above none reach this point.
  const bits = bitsFromF32(v);
  const mant = h((bits & 0x807fffff) | 0x3f000000); // in [0.5, 1)
  let e = (bits >>> 23) - 126; // exponent + 1, exact in float32
  let x: number;
  if (mant < LOG_SQRTHF) {
    x = fr(fr(mant - 1) + mant);
    e -= 1;
  } else {
    x = fr(mant - 1);
  }
  const x2 = fr(x * x);
  const x3 = fr(x2 * x);
  let p0 = fmaF32(x, LOG_P0, LOG_P1);
  let p1 = fmaF32(x, LOG_P2, LOG_P3);
  let p2 = fmaF32(x, LOG_P4, LOG_P5);
  p0 = fmaF32(p0, x, LOG_P6);
  p1 = fmaF32(p1, x, LOG_P7);
  p2 = fmaF32(p2, x, LOG_P8);
  let q = fmaF32(p0, x3, p1);
  q = fmaF32(q, x3, p2);
  const s = fmaF32(q, x3, fr(e * LOG_Q1));
  const t = fr(fmaF32(-0.5, x2, x) + s);
  return fmaF32(e, LOG_Q2, t);
}

// Cephes log1p rational approximation, used by XLA for |x| < sqrt(2) - 1 (unrolled: this is
// the hot path of normal()).
const LOG1P_SMALL = h(0x3ed413cd);
const D1 = h(0x417101ad);
const D2 = h(0x42a6185b);
const D3 = h(0x435dc32d);
const D4 = h(0x439a8ca3);
const D5 = h(0x43586d8a);
const D6 = h(0x42707982);
const N0 = fr(4.527e-5);
const N1 = h(0x3eff40c5);
const N2 = h(0x40d284fa);
const N3 = h(0x41ef4b9c);
const N4 = h(0x4273cc76);
const N5 = h(0x426473ad);
const N6 = h(0x41a05101);

/** XLA:CPU float32 log1p. */
export function log1pF32(input: number): number {
  const x = flushF32(input);
  if (!(Math.abs(x) < LOG1P_SMALL)) return logF32(fr(x + 1));
  const x2 = fr(x * x);
  // Denominator 1 + D1 x + ... and numerator N0 + N1 x + ..., Horner with FMAs.
  let d = fr(x + D1);
  d = fmaF32(d, x, D2);
  d = fmaF32(d, x, D3);
  d = fmaF32(d, x, D4);
  d = fmaF32(d, x, D5);
  d = fmaF32(d, x, D6);
  let n = fmaF32(N0, x, N1);
  n = fmaF32(n, x, N2);
  n = fmaF32(n, x, N3);
  n = fmaF32(n, x, N4);
  n = fmaF32(n, x, N5);
  n = fmaF32(n, x, N6);
  const r = fr(fr(x * x2) * fr(n / d));
  return flushF32(fr(x + fmaF32(-0.5, x2, r)));
}

// Eigen's rational erf interpolant, as XLA:CPU's `xla.erf.f32` intrinsic (explicit FMAs).
const ERF_CLAMP = h(0x407547cb); // 3.8325068
const ERF_A = [h(0x39702d51), h(0x3b5f5da2), h(0x3d50b6eb), h(0x3e3da740), h(0x3f906eba)];
const ERF_B = [
  h(0xb3fd3906),
  h(0x37c588df),
  h(0x3a856d28),
  h(0x3c6687d4),
  h(0x3de34c21),
  h(0x3efeb44a),
  1,
];

/** XLA:CPU float32 erf. */
export function erfF32(input: number): number {
  const x = flushF32(input);
  if (Math.abs(x) >= ERF_CLAMP) return x < 0 ? -1 : 1;
  if (Number.isNaN(x)) return x;
  const x2 = fr(x * x);
  let p = fmaF32(x2, ERF_A[0] as number, ERF_A[1] as number);
  for (let i = 2; i < ERF_A.length; i++) p = fmaF32(x2, p, ERF_A[i] as number);
  p = fr(x * p);
  let q = fmaF32(x2, ERF_B[0] as number, ERF_B[1] as number);
  for (let i = 2; i < ERF_B.length; i++) q = fmaF32(x2, q, ERF_B[i] as number);
  return flushF32(fr(p / q));
}

// Giles' single-precision erfinv polynomials (XLA `ErfInv32`): central (w < 5) and tail.
const ERFINV_CENTRAL = [
  h(0x32f16588),
  h(0x34b84b36),
  h(0xb66c7357),
  h(0xb6935ac1),
  h(0x396532db),
  h(0xbaa45408),
  h(0xbb88e4ef),
  h(0x3e7c8f63),
  h(0x3fc02e2f),
];
const ERFINV_TAIL = [
  h(0xb951f09b),
  h(0x38d3b56b),
  h(0x3ab0dc72),
  h(0xbb70bde7),
  h(0x3bbc127b),
  h(0xbbf9c5d7),
  h(0x3c1aa57e),
  h(0x3f8036db),
  h(0x40354f7e),
];

/** XLA:CPU float32 erf_inv (`lax.erf_inv`): ±inf at ±1, NaN outside [-1, 1]. */
export function erfInvF32(input: number): number {
  const x = flushF32(input);
  const l = log1pF32(fr(x * -x));
  let coeffs: number[];
  let t: number;
  if (l > -5) {
    coeffs = ERFINV_CENTRAL;
    t = fr(-2.5 - l);
  } else {
    coeffs = ERFINV_TAIL;
    t = fr(fr(Math.sqrt(-l)) - 3);
  }
  let p = coeffs[0] as number;
  for (let i = 1; i < coeffs.length; i++) p = fmaF32(t, p, coeffs[i] as number);
  if (Math.abs(x) === 1) p = Number.POSITIVE_INFINITY;
  return flushF32(fr(x * p));
}
