/**
 * Impl of the elementwise primitives on tfjs kernels (cpu and wasm), with host kernels where a
 * backend lacks a kernel or its semantics differ from XLA's (integer division and remainder,
 * uint32, bit operations, NaN-propagating max/min on wasm, saturating float-to-int casts).
 * JAX: the XLA lowerings of lax's elementwise primitives.
 */
import {
  type BackendArray,
  backendName,
  currentBackend,
  disposeInfo,
  incRef,
  readDataSync,
  runKernel,
  type TensorInfo,
  writeData,
} from '../../backend/engine.ts';
import { broadcastIndex, writeStorage } from '../../backend/host-kernel.ts';
import { jsBinary, jsSelect } from '../../backend/js-kernels.ts';
import { broadcastInfo } from '../../backend/movement.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { ElementwisePrimitive } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { nextafterF32 } from '../../random/kernels/f32.ts';
import { erfInvF32 } from '../../random/kernels/xla-math.ts';
import { shapesEqual, sizeOf } from '../../shape.ts';

// --- host kernels ---------------------------------------------------------------------------

/** Values of a buffer in jaxts's dtype (uint32 seen as Uint32Array). */
export type HostArray = Float32Array | Int32Array | Uint32Array | Uint8Array;

/**
 * Reads a buffer as the typed array of `dtype`. The cpu backend's Cast shares storage across
 * dtypes (an int32 tensor cast to float32 keeps its Int32Array), so the array class is checked.
 * The result may be the backend's own storage: read it, never write it.
 */
export function hostRead(info: TensorInfo, dtype: DType): HostArray {
  const raw = readDataSync(info);
  switch (dtype) {
    case 'float32':
      return raw instanceof Float32Array ? raw : Float32Array.from(raw);
    case 'int32':
      return raw instanceof Int32Array ? raw : Int32Array.from(raw);
    case 'uint32': {
      const i = raw instanceof Int32Array ? raw : Int32Array.from(raw);
      return new Uint32Array(i.buffer, i.byteOffset, i.length);
    }
    case 'bool':
      return raw instanceof Uint8Array ? raw : Uint8Array.from(raw);
  }
}

/** Fresh storage for `n` values of `dtype` and a view to write them through. */
export function hostAlloc(dtype: DType, n: number): { storage: BackendArray; view: HostArray } {
  switch (dtype) {
    case 'float32': {
      const s = new Float32Array(n);
      return { storage: s, view: s };
    }
    case 'int32': {
      const s = new Int32Array(n);
      return { storage: s, view: s };
    }
    case 'uint32': {
      const s = new Int32Array(n);
      return { storage: s, view: new Uint32Array(s.buffer) };
    }
    case 'bool': {
      const s = new Uint8Array(n);
      return { storage: s, view: s };
    }
  }
}

/** Writes host storage as a new buffer of `dtype` (uint32 stored as int32 bits). */
export function hostWrite(
  storage: BackendArray,
  shape: readonly number[],
  dtype: DType,
): TensorInfo {
  return writeStorage(storage, shape, dtype);
}

/** A buffer of `shape` filled with `value`. */
export function hostFill(shape: readonly number[], dtype: DType, value: number): TensorInfo {
  const { storage, view } = hostAlloc(dtype, sizeOf(shape));
  view.fill(value);
  return hostWrite(storage, shape, dtype);
}

export function hostUnary(
  x: TensorInfo,
  inD: DType,
  outD: DType,
  fn: (a: number) => number,
): TensorInfo {
  const a = hostRead(x, inD);
  const n = a.length;
  const { storage, view } = hostAlloc(outD, n);
  for (let i = 0; i < n; i++) view[i] = fn(a[i] as number);
  return hostWrite(storage, x.shape, outD);
}

export function hostBinary(
  x: TensorInfo,
  y: TensorInfo,
  inD: DType,
  outShape: readonly number[],
  outD: DType,
  fn: (a: number, b: number) => number,
): TensorInfo {
  const a = hostRead(x, inD);
  const b = hostRead(y, inD);
  const n = sizeOf(outShape);
  const ia = broadcastIndex(x.shape, outShape);
  const ib = broadcastIndex(y.shape, outShape);
  const { storage, view } = hostAlloc(outD, n);
  if (ia === null && ib === null) {
    for (let i = 0; i < n; i++) view[i] = fn(a[i] as number, b[i] as number);
  } else {
    for (let i = 0; i < n; i++) {
      const ai = ia === null ? i : (ia[i] as number);
      const bi = ib === null ? i : (ib[i] as number);
      view[i] = fn(a[ai] as number, b[bi] as number);
    }
  }
  return hostWrite(storage, outShape, outD);
}

// --- kernel helpers ---------------------------------------------------------------------------

const constants = new WeakMap<object, Map<string, TensorInfo>>();

/** A cached scalar buffer on the current backend (borrowed by kernels, never freed). */
export function constant(value: number, dtype: TensorInfo['dtype']): TensorInfo {
  const backend = currentBackend().backend;
  let m = constants.get(backend);
  if (m === undefined) {
    m = new Map();
    constants.set(backend, m);
  }
  const key = `${dtype}|${Object.is(value, -0) ? '-0' : String(value)}`;
  let c = m.get(key);
  if (c === undefined) {
    const data =
      dtype === 'float32'
        ? Float32Array.of(value)
        : dtype === 'int32'
          ? Int32Array.of(value)
          : Uint8Array.of(value);
    c = writeData(data, [], dtype);
    m.set(key, c);
  }
  return c;
}

/** Storage dtype of a jaxts dtype. */
export function storage(d: DType): TensorInfo['dtype'] {
  return d === 'uint32' ? 'int32' : d;
}

/** One more reference to the same buffer (a result that equals its input). */
export function share(x: TensorInfo, dtype: DType = x.dtype): TensorInfo {
  incRef(x);
  return { dataId: x.dataId, shape: x.shape, dtype: storage(dtype) };
}

export const isWasm = (): boolean => backendName() === 'wasm';

export function k1(name: string, x: TensorInfo, attrs?: Record<string, unknown>): TensorInfo {
  return runKernel(name, { x }, attrs);
}

export function k2(name: string, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runKernel(name, { a, b });
}

/** Runs `f` on temporaries and frees them afterwards. */
function withTemps<T>(f: (temp: (t: TensorInfo) => TensorInfo) => T): T {
  const temps: TensorInfo[] = [];
  try {
    return f((t) => {
      temps.push(t);
      return t;
    });
  } finally {
    for (const t of temps) disposeInfo(t);
  }
}

/** `x` broadcast to `shape` (a copy in JavaScript); shares the buffer when the shape already matches. */
export function broadcastTo(x: TensorInfo, shape: readonly number[]): TensorInfo {
  if (shapesEqual(x.shape, shape)) return share(x);
  return broadcastInfo(x, shape);
}

/** Select(cond ? t : e) on buffers broadcast to `shape`, for any dtype, on both backends. */
export function selectInfo(
  cond: TensorInfo,
  t: TensorInfo,
  e: TensorInfo,
  shape: readonly number[],
): TensorInfo {
  // The wasm Select kernel mishandles bool data: a JavaScript loop on the heap instead.
  if (t.dtype === 'bool' && isWasm()) return jsSelect(cond, t, e, shape);
  return withTemps((temp) => {
    const c = temp(broadcastTo(cond, shape));
    const tt = temp(broadcastTo(t, shape));
    const ee = temp(broadcastTo(e, shape));
    return runKernel('Select', { condition: c, t: tt, e: ee });
  });
}

/**
 * NaN-propagating max/min (XLA semantics), as a JavaScript loop with Math.max/min (measured on
 * f32[64,28,28,16]: ~2.3 ns per element, against ~3 ns for wasm's Maximum, whose std::max also
 * drops a NaN second operand, and ~14 ns for the cpu kernel's index arithmetic).
 */
export function maxMin(
  which: 'max' | 'min',
  a: TensorInfo,
  b: TensorInfo,
  dtype: DType,
  outShape: readonly number[],
): TensorInfo {
  if (dtype === 'bool') return k2(which === 'max' ? 'LogicalOr' : 'LogicalAnd', a, b);
  if (dtype === 'uint32') {
    return hostBinary(a, b, 'uint32', outShape, 'uint32', which === 'max' ? Math.max : Math.min);
  }
  return jsBinary(which, a, b, outShape);
}

// --- conversions ----------------------------------------------------------------------------

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const U32_MAX = 4294967295;

/** XLA's saturating float-to-int conversion: truncate, clamp to the range, NaN to 0. */
function f32ToInt(v: number, lo: number, hi: number): number {
  if (Number.isNaN(v)) return 0;
  if (v <= lo) return lo;
  if (v >= hi) return hi;
  return Math.trunc(v);
}

export function convertInfo(x: TensorInfo, from: DType, to: DType): TensorInfo {
  if (from === to) return share(x);
  const wasm = isWasm();
  if (to === 'bool') return k2('NotEqual', x, constant(0, storage(from)));
  switch (from) {
    case 'float32':
      if (to === 'int32')
        return hostUnary(x, 'float32', 'int32', (v) => f32ToInt(v, I32_MIN, I32_MAX));
      return hostUnary(x, 'float32', 'uint32', (v) => f32ToInt(v, 0, U32_MAX));
    case 'int32':
      if (to === 'uint32') return share(x, 'uint32');
      // cpu's Cast keeps the Int32Array as float32 storage (no rounding to float32).
      return wasm
        ? k1('Cast', x, { dtype: 'float32' })
        : hostUnary(x, 'int32', 'float32', (v) => v);
    case 'uint32':
      if (to === 'int32') return share(x, 'int32');
      return hostUnary(x, 'uint32', 'float32', (v) => v);
    case 'bool':
      if (wasm && to !== 'uint32') return k1('Cast', x, { dtype: to });
      return hostUnary(x, 'bool', to, (v) => v);
  }
}

/** Reinterprets 32-bit patterns (JAX: bitcast_convert_type). */
function bitcastInfo(x: TensorInfo, from: DType, to: DType): TensorInfo {
  if (from === to) return share(x);
  if (from !== 'float32' && to !== 'float32') return share(x, to);
  const src = hostRead(x, from);
  const copy = src.slice();
  const out = to === 'float32' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
  return hostWrite(out, x.shape, to);
}

// --- arithmetic with XLA semantics ------------------------------------------------------------

/** XLA integer division: truncates; x / 0 = -1 (all bits set); INT_MIN / -1 = INT_MIN. */
function intDiv(a: number, b: number): number {
  if (b === 0) return -1;
  return Math.trunc(a / b);
}

/** XLA integer remainder: sign of the dividend; x % 0 = x; INT_MIN % -1 = 0. */
function intRem(a: number, b: number): number {
  if (b === 0) return a;
  return a % b;
}

/** C pow semantics where they differ from Math.pow: pow(1, y) = 1, pow(-1, ±inf) = 1. */
function powF32(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) return 1;
  return a ** b;
}

/** Round half away from zero (rounding_method 0). */
function roundAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

function shiftLeft(a: number, b: number): number {
  return b >>> 0 >= 32 ? 0 : a << b;
}

function shiftRightLogical(a: number, b: number): number {
  return b >>> 0 >= 32 ? 0 : a >>> b;
}

/** Unsigned comparisons (uint32 is stored as int32 bits, so the kernels would compare signed). */
const U32_COMPARE: Record<'lt' | 'le' | 'gt' | 'ge', (a: number, b: number) => number> = {
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};

function intPowHost(x: TensorInfo, dtype: DType, y: number): TensorInfo {
  return hostUnary(x, dtype, dtype, (v) => {
    let acc = 1;
    let base = v;
    let e = y;
    while (e > 0) {
      if (e & 1) acc = Math.imul(acc, base);
      e >>>= 1;
      if (e > 0) base = Math.imul(base, base);
    }
    return acc;
  });
}

/** JAX's _integer_pow: binary exponentiation with the same multiplication order. */
function floatIntegerPow(x: TensorInfo, y: number): TensorInfo {
  if (y === 0) return hostFill(x.shape, 'float32', 1);
  const reciprocal = y < 0;
  let e = Math.abs(y);
  return withTemps((temp) => {
    let base = x;
    let acc: TensorInfo | null = null;
    while (e > 0) {
      if (e & 1) acc = acc === null ? base : temp(k2('Multiply', acc, base));
      e >>>= 1;
      if (e > 0) base = temp(k2('Multiply', base, base));
    }
    const a = acc as TensorInfo;
    return reciprocal ? k2('RealDiv', constant(1, 'float32'), a) : share(a);
  });
}

// --- rule builders ----------------------------------------------------------------------------

type Rule<Pm = unknown> = (
  xs: readonly TensorInfo[],
  params: Pm,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
) => TensorInfo[];

const x0 = (xs: readonly TensorInfo[]): TensorInfo => xs[0] as TensorInfo;
const x1 = (xs: readonly TensorInfo[]): TensorInfo => xs[1] as TensorInfo;
const in0 = (avals: readonly ShapedArray[]): DType => (avals[0] as ShapedArray).dtype;
const out0 = (avals: readonly ShapedArray[]): ShapedArray => avals[0] as ShapedArray;

/** Zero-size outputs skip the kernels (some wasm kernels do not handle them). */
function guard<Pm>(rule: Rule<Pm>): Rule<Pm> {
  return (xs, params, outAvals, inAvals) => {
    const out = out0(outAvals);
    if (out.size === 0) return [hostWrite(hostAlloc(out.dtype, 0).storage, out.shape, out.dtype)];
    return rule(xs, params, outAvals, inAvals);
  };
}

/** A float-only unary op on a tfjs kernel. */
function floatKernel(name: string): Rule {
  return guard((xs) => [k1(name, x0(xs))]);
}

function floatHost(fn: (v: number) => number): Rule {
  return guard((xs) => [hostUnary(x0(xs), 'float32', 'float32', fn)]);
}

/** A binary op computed on the host in the operands' dtype. */
function hostRule(fn: (a: number, b: number) => number): Rule {
  return guard((xs, _p, outAvals, inAvals) => {
    const d = in0(inAvals);
    return [hostBinary(x0(xs), x1(xs), d, out0(outAvals).shape, d, fn)];
  });
}

function compareRule(op: 'lt' | 'le' | 'gt' | 'ge'): Rule {
  return guard((xs, _p, outAvals, inAvals) => {
    if (in0(inAvals) !== 'uint32') {
      // The JavaScript loop (~2.2 ns per element) beats the kernels (wasm ~3 ns, cpu ~10 ns).
      return [jsBinary(op, x0(xs), x1(xs), out0(outAvals).shape)];
    }
    return [hostBinary(x0(xs), x1(xs), 'uint32', out0(outAvals).shape, 'bool', U32_COMPARE[op])];
  });
}

function logicRule(boolKernel: string, host: (a: number, b: number) => number): Rule {
  return guard((xs, _p, outAvals, inAvals) => {
    const d = in0(inAvals);
    if (d === 'bool') return [k2(boolKernel, x0(xs), x1(xs))];
    return [hostBinary(x0(xs), x1(xs), d, out0(outAvals).shape, d, host)];
  });
}

const identityRule: Rule = (xs) => [share(x0(xs))];

/** select_n with an integer predicate: case clamp(which, 0, n - 1), as XLA's select tree. */
function selectIntWhich(
  xs: readonly TensorInfo[],
  inAvals: readonly ShapedArray[],
  out: ShapedArray,
): TensorInfo {
  const n = sizeOf(out.shape);
  const which = hostRead(x0(xs), in0(inAvals));
  const wIdx = broadcastIndex(x0(xs).shape, out.shape);
  const cases = xs.slice(1);
  const views = cases.map((c) => hostRead(c, out.dtype));
  const idxs = cases.map((c) => broadcastIndex(c.shape, out.shape));
  const last = cases.length - 1;
  const { storage: s, view } = hostAlloc(out.dtype, n);
  for (let i = 0; i < n; i++) {
    const w = which[wIdx === null ? i : (wIdx[i] as number)] as number;
    const k = w <= 0 ? 0 : Math.min(w, last);
    const ix = idxs[k] as Int32Array | null;
    view[i] = (views[k] as HostArray)[ix === null ? i : (ix[i] as number)] as number;
  }
  return hostWrite(s, out.shape, out.dtype);
}

export const elementwiseImpl = {
  neg: guard((xs, _p, _o, inAvals) => {
    const d = in0(inAvals);
    return [d === 'float32' ? k1('Neg', x0(xs)) : hostUnary(x0(xs), d, d, (v) => -v)];
  }),
  sign: guard((xs, _p, _o, inAvals) => {
    const d = in0(inAvals);
    if (d === 'int32') return [k1('Sign', x0(xs))];
    if (d === 'uint32') return [hostUnary(x0(xs), d, d, (v) => (v === 0 ? 0 : 1))];
    // JAX: sign(NaN) = NaN and sign(-0) = -0; tfjs's Sign returns 0 for both.
    return [hostUnary(x0(xs), d, d, (v) => (v > 0 ? 1 : v < 0 ? -1 : v))];
  }),
  floor: floatKernel('Floor'),
  ceil: floatKernel('Ceil'),
  round: guard((xs, params: { readonly rounding_method: 0 | 1 }) => [
    params.rounding_method === 1
      ? k1('Round', x0(xs))
      : hostUnary(x0(xs), 'float32', 'float32', roundAway),
  ]),
  is_finite: floatKernel('IsFinite'),
  exp: floatKernel('Exp'),
  // JAX lowers exp2 to exp(log(2) * x); pow(2, x) is exact at integers and as accurate elsewhere.
  exp2: guard((xs) => [k2('Pow', constant(2, 'float32'), x0(xs))]),
  log: floatKernel('Log'),
  log1p: floatKernel('Log1p'),
  expm1: floatKernel('Expm1'),
  tanh: floatKernel('Tanh'),
  logistic: floatKernel('Sigmoid'),
  sin: floatKernel('Sin'),
  cos: floatKernel('Cos'),
  tan: floatKernel('Tan'),
  asin: floatKernel('Asin'),
  acos: floatKernel('Acos'),
  atan: floatKernel('Atan'),
  sinh: floatKernel('Sinh'),
  cosh: floatKernel('Cosh'),
  asinh: floatKernel('Asinh'),
  acosh: floatKernel('Acosh'),
  atanh: floatKernel('Atanh'),
  sqrt: floatKernel('Sqrt'),
  rsqrt: floatKernel('Rsqrt'),
  cbrt: floatHost(Math.cbrt),
  abs: guard((xs) => [k1('Abs', x0(xs))]),
  square: guard((xs, _p, _o, inAvals) => {
    const d = in0(inAvals);
    return [
      d === 'float32' ? k1('Square', x0(xs)) : hostUnary(x0(xs), d, d, (v) => Math.imul(v, v)),
    ];
  }),
  erf: floatKernel('Erf'),
  erf_inv: floatHost(erfInvF32),
  integer_pow: guard((xs, params: { readonly y: number }, _o, inAvals) => {
    const d = in0(inAvals);
    return [d === 'float32' ? floatIntegerPow(x0(xs), params.y) : intPowHost(x0(xs), d, params.y)];
  }),
  not: guard((xs, _p, _o, inAvals) => {
    const d = in0(inAvals);
    return [d === 'bool' ? k1('LogicalNot', x0(xs)) : hostUnary(x0(xs), d, d, (v) => ~v)];
  }),
  stop_gradient: identityRule,
  copy: identityRule,
  add: guard((xs) => [k2('Add', x0(xs), x1(xs))]),
  sub: guard((xs) => [k2('Sub', x0(xs), x1(xs))]),
  // cpu multiplies int32 in float64 (inexact past 2^53); Math.imul wraps like XLA.
  mul: guard((xs, _p, outAvals, inAvals) => {
    const d = in0(inAvals);
    if (d === 'float32' || isWasm()) return [k2('Multiply', x0(xs), x1(xs))];
    return [hostBinary(x0(xs), x1(xs), d, out0(outAvals).shape, d, Math.imul)];
  }),
  div: guard((xs, _p, outAvals, inAvals) => {
    const d = in0(inAvals);
    if (d === 'float32') return [k2('RealDiv', x0(xs), x1(xs))];
    const out = out0(outAvals);
    return [hostBinary(x0(xs), x1(xs), d, out.shape, d, intDiv)];
  }),
  // C fmod (JavaScript's %) for floats: exact, with the sign of the dividend.
  rem: guard((xs, _p, outAvals, inAvals) => {
    const d = in0(inAvals);
    const out = out0(outAvals);
    return [
      hostBinary(x0(xs), x1(xs), d, out.shape, d, d === 'float32' ? (a, b) => a % b : intRem),
    ];
  }),
  pow: guard((xs, _p, outAvals, inAvals) => {
    const out = out0(outAvals);
    const yd = (inAvals[1] as ShapedArray).dtype;
    return withTemps((temp) => {
      const y = yd === 'float32' ? x1(xs) : temp(convertInfo(x1(xs), yd, 'float32'));
      if (isWasm()) return [k2('Pow', x0(xs), y)];
      return [hostBinary(x0(xs), y, 'float32', out.shape, 'float32', powF32)];
    });
  }),
  max: guard((xs, _p, outAvals, inAvals) => [
    maxMin('max', x0(xs), x1(xs), in0(inAvals), out0(outAvals).shape),
  ]),
  min: guard((xs, _p, outAvals, inAvals) => [
    maxMin('min', x0(xs), x1(xs), in0(inAvals), out0(outAvals).shape),
  ]),
  atan2: guard((xs) => [k2('Atan2', x0(xs), x1(xs))]),
  nextafter: guard((xs, _p, outAvals) => [
    hostBinary(x0(xs), x1(xs), 'float32', out0(outAvals).shape, 'float32', nextafterF32),
  ]),
  and: logicRule('LogicalAnd', (a, b) => a & b),
  or: logicRule('LogicalOr', (a, b) => a | b),
  // LogicalXor exists only on wasm; on bools, xor is !=.
  xor: logicRule('NotEqual', (a, b) => a ^ b),
  shift_left: hostRule(shiftLeft),
  shift_right_logical: hostRule(shiftRightLogical),
  // JavaScript loops (see compareRule); equality compares bits for uint32 (stored as int32) too.
  eq: guard((xs, _p, outAvals) => [jsBinary('eq', x0(xs), x1(xs), out0(outAvals).shape)]),
  ne: guard((xs, _p, outAvals) => [jsBinary('ne', x0(xs), x1(xs), out0(outAvals).shape)]),
  lt: compareRule('lt'),
  le: compareRule('le'),
  gt: compareRule('gt'),
  ge: compareRule('ge'),
  select_n: guard((xs, _p, outAvals, inAvals) => {
    const out = out0(outAvals);
    if (xs.length === 2) return [broadcastTo(x1(xs), out.shape)];
    if (in0(inAvals) !== 'bool') return [selectIntWhich(xs, inAvals, out)];
    return [selectInfo(x0(xs), xs[2] as TensorInfo, x1(xs), out.shape)];
  }),
  // XLA clamp = min(max(x, lo), hi) with NaN propagation (a NaN bound gives NaN, like JAX).
  clamp: guard((xs, _p, outAvals, inAvals) => {
    const d = in0(inAvals);
    const shape = out0(outAvals).shape;
    return withTemps((temp) => {
      const lo = temp(maxMin('max', x1(xs), x0(xs), d, shape));
      return [maxMin('min', lo, xs[2] as TensorInfo, d, shape)];
    });
  }),
  convert_element_type: guard((xs, params: { readonly new_dtype: DType }, _o, inAvals) => [
    convertInfo(x0(xs), in0(inAvals), params.new_dtype),
  ]),
  bitcast_convert_type: guard((xs, params: { readonly new_dtype: DType }, _o, inAvals) => [
    bitcastInfo(x0(xs), in0(inAvals), params.new_dtype),
  ]),
} satisfies ImplFamily<ElementwisePrimitive>;
