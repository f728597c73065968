/**
 * The elementwise primitives jit can run in JavaScript on small arrays, each with the exact
 * semantics of its impl rule: float32 results are rounded to float32 after every op (Math.fround),
 * so a fused chain gives the numbers op-by-op kernels give; int32 arithmetic wraps like XLA's.
 * Each op has a scalar function (the interpreter) and an expression template (generated loops).
 * uint32 (stored as int32 bits) is left to the kernels. JAX/XLA: the elementwise HLO ops.
 */
import type { Primitive } from '../../core/primitives.ts';
import type { DType } from '../../dtype.ts';
import { nextafterF32 } from '../../random/kernels/f32.ts';
import { erfInvF32 } from '../../random/kernels/xla-math.ts';

/** Helpers the expressions may call (passed to generated code as `H`). */
export const HELPERS = {
  fr: Math.fround,
  f32ToI32(v: number): number {
    if (Number.isNaN(v)) return 0;
    if (v <= -2147483648) return -2147483648;
    if (v >= 2147483647) return 2147483647;
    return Math.trunc(v);
  },
  intDiv(a: number, b: number): number {
    return b === 0 ? -1 : Math.trunc(a / b) | 0;
  },
  intRem(a: number, b: number): number {
    return b === 0 ? a : (a % b) | 0;
  },
  powF32(a: number, b: number): number {
    if (a === 1) return 1;
    if (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) return 1;
    return Math.fround(a ** b);
  },
  roundAway(v: number): number {
    return v < 0 ? -Math.round(-v) : Math.round(v);
  },
  /** Half to even, as tfjs's Round kernel (jnp.round). */
  roundEven(v: number): number {
    const base = Math.floor(v);
    const d = v - base;
    if (d < 0.5) return base;
    if (d > 0.5) return Math.ceil(v);
    return base % 2 === 0 ? base : base + 1;
  },
  sign(v: number): number {
    return v > 0 ? 1 : v < 0 ? -1 : v;
  },
  /** JAX's _integer_pow on float32: binary exponentiation, each product rounded. */
  ipowF32(x: number, y: number): number {
    if (y === 0) return 1;
    let e = Math.abs(y);
    let base = x;
    let acc = Number.NaN;
    let first = true;
    while (e > 0) {
      if (e & 1) {
        acc = first ? base : Math.fround(acc * base);
        first = false;
      }
      e >>>= 1;
      if (e > 0) base = Math.fround(base * base);
    }
    return y < 0 ? Math.fround(1 / acc) : acc;
  },
  ipowI32(x: number, y: number): number {
    let acc = 1;
    let base = x;
    let e = y;
    while (e > 0) {
      if (e & 1) acc = Math.imul(acc, base);
      e >>>= 1;
      if (e > 0) base = Math.imul(base, base);
    }
    return acc;
  },
  logistic(v: number): number {
    return Math.fround(1 / (1 + Math.exp(-v)));
  },
  erfInv: erfInvF32,
  nextafter: nextafterF32,
};

export type Helpers = typeof HELPERS;

/** One elementwise operation on numbers: a scalar function and its expression template. */
export interface HostOp {
  readonly fn: (...xs: number[]) => number;
  readonly expr: (xs: readonly string[]) => string;
}

const H = HELPERS;
const fr = Math.fround;

function op(fn: (...xs: number[]) => number, expr: (xs: readonly string[]) => string): HostOp {
  return { fn, expr };
}

const a0 = (xs: readonly string[]): string => xs[0] as string;
const a1 = (xs: readonly string[]): string => xs[1] as string;

/** Float32 unary ops of the form fr(Math.f(x)). */
const MATH_UNARY: Partial<Record<Primitive, (v: number) => number>> = {
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
};

const identity = op(
  (a) => a,
  (xs) => a0(xs),
);

function floatOp(prim: Primitive, params: unknown): HostOp | null {
  const math = MATH_UNARY[prim];
  if (math !== undefined) {
    const name = math.name;
    return op(
      (a) => fr(math(a)),
      (xs) => `fr(Math.${name}(${a0(xs)}))`,
    );
  }
  switch (prim) {
    case 'neg':
      return op(
        (a) => -a,
        (xs) => `(-${a0(xs)})`,
      );
    case 'sign':
      return op(H.sign, (xs) => `H.sign(${a0(xs)})`);
    case 'floor':
      return op(Math.floor, (xs) => `Math.floor(${a0(xs)})`);
    case 'ceil':
      return op(Math.ceil, (xs) => `Math.ceil(${a0(xs)})`);
    case 'round':
      return (params as { rounding_method: number }).rounding_method === 1
        ? op(H.roundEven, (xs) => `H.roundEven(${a0(xs)})`)
        : op(H.roundAway, (xs) => `H.roundAway(${a0(xs)})`);
    case 'exp2':
      return op(
        (a) => fr(2 ** a),
        (xs) => `fr(Math.pow(2, ${a0(xs)}))`,
      );
    case 'logistic':
      return op(H.logistic, (xs) => `H.logistic(${a0(xs)})`);
    case 'rsqrt':
      return op(
        (a) => fr(1 / Math.sqrt(a)),
        (xs) => `fr(1 / Math.sqrt(${a0(xs)}))`,
      );
    case 'abs':
      return op(Math.abs, (xs) => `Math.abs(${a0(xs)})`);
    case 'square':
      return op(
        (a) => fr(a * a),
        (xs) => `fr(${a0(xs)} * ${a0(xs)})`,
      );
    case 'erf_inv':
      return op(
        (a) => fr(H.erfInv(a)),
        (xs) => `fr(H.erfInv(${a0(xs)}))`,
      );
    case 'integer_pow': {
      const y = (params as { y: number }).y;
      return op(
        (a) => H.ipowF32(a, y),
        (xs) => `H.ipowF32(${a0(xs)}, ${y})`,
      );
    }
    case 'add':
      return op(
        (a, b) => fr(a + b),
        (xs) => `fr(${a0(xs)} + ${a1(xs)})`,
      );
    case 'sub':
      return op(
        (a, b) => fr(a - b),
        (xs) => `fr(${a0(xs)} - ${a1(xs)})`,
      );
    case 'mul':
      return op(
        (a, b) => fr(a * b),
        (xs) => `fr(${a0(xs)} * ${a1(xs)})`,
      );
    case 'div':
      return op(
        (a, b) => fr(a / b),
        (xs) => `fr(${a0(xs)} / ${a1(xs)})`,
      );
    case 'rem':
      return op(
        (a, b) => fr(a % b),
        (xs) => `fr(${a0(xs)} % ${a1(xs)})`,
      );
    case 'pow':
      return op(H.powF32, (xs) => `H.powF32(${a0(xs)}, ${a1(xs)})`);
    case 'max':
      return op(Math.max, (xs) => `Math.max(${a0(xs)}, ${a1(xs)})`);
    case 'min':
      return op(Math.min, (xs) => `Math.min(${a0(xs)}, ${a1(xs)})`);
    case 'atan2':
      return op(
        (a, b) => fr(Math.atan2(a, b)),
        (xs) => `fr(Math.atan2(${a0(xs)}, ${a1(xs)}))`,
      );
    case 'nextafter':
      return op(H.nextafter, (xs) => `H.nextafter(${a0(xs)}, ${a1(xs)})`);
    default:
      return null;
  }
}

function intOp(prim: Primitive, params: unknown): HostOp | null {
  switch (prim) {
    case 'neg':
      return op(
        (a) => -a | 0,
        (xs) => `(-${a0(xs)} | 0)`,
      );
    case 'sign':
      return op(Math.sign, (xs) => `Math.sign(${a0(xs)})`);
    case 'abs':
      return op(
        (a) => Math.abs(a) | 0,
        (xs) => `(Math.abs(${a0(xs)}) | 0)`,
      );
    case 'square':
      return op(
        (a) => Math.imul(a, a),
        (xs) => `Math.imul(${a0(xs)}, ${a0(xs)})`,
      );
    case 'integer_pow': {
      const y = (params as { y: number }).y;
      if (y < 0) return null;
      return op(
        (a) => H.ipowI32(a, y),
        (xs) => `H.ipowI32(${a0(xs)}, ${y})`,
      );
    }
    case 'not':
      return op(
        (a) => ~a,
        (xs) => `(~${a0(xs)})`,
      );
    case 'add':
      return op(
        (a, b) => (a + b) | 0,
        (xs) => `((${a0(xs)} + ${a1(xs)}) | 0)`,
      );
    case 'sub':
      return op(
        (a, b) => (a - b) | 0,
        (xs) => `((${a0(xs)} - ${a1(xs)}) | 0)`,
      );
    case 'mul':
      return op(Math.imul, (xs) => `Math.imul(${a0(xs)}, ${a1(xs)})`);
    case 'div':
      return op(H.intDiv, (xs) => `H.intDiv(${a0(xs)}, ${a1(xs)})`);
    case 'rem':
      return op(H.intRem, (xs) => `H.intRem(${a0(xs)}, ${a1(xs)})`);
    case 'max':
      return op(Math.max, (xs) => `Math.max(${a0(xs)}, ${a1(xs)})`);
    case 'min':
      return op(Math.min, (xs) => `Math.min(${a0(xs)}, ${a1(xs)})`);
    case 'and':
      return op(
        (a, b) => a & b,
        (xs) => `(${a0(xs)} & ${a1(xs)})`,
      );
    case 'or':
      return op(
        (a, b) => a | b,
        (xs) => `(${a0(xs)} | ${a1(xs)})`,
      );
    case 'xor':
      return op(
        (a, b) => a ^ b,
        (xs) => `(${a0(xs)} ^ ${a1(xs)})`,
      );
    default:
      return null;
  }
}

function boolOp(prim: Primitive): HostOp | null {
  switch (prim) {
    case 'not':
      return op(
        (a) => (a === 0 ? 1 : 0),
        (xs) => `(${a0(xs)} === 0 ? 1 : 0)`,
      );
    case 'and':
    case 'min':
      return op(
        (a, b) => a & b,
        (xs) => `(${a0(xs)} & ${a1(xs)})`,
      );
    case 'or':
    case 'max':
      return op(
        (a, b) => a | b,
        (xs) => `(${a0(xs)} | ${a1(xs)})`,
      );
    case 'xor':
    case 'ne':
      return op(
        (a, b) => a ^ b,
        (xs) => `(${a0(xs)} ^ ${a1(xs)})`,
      );
    default:
      return null;
  }
}

const COMPARE: Partial<Record<Primitive, string>> = {
  eq: '===',
  ne: '!==',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

function compareOp(sym: string): HostOp {
  const fn = new Map<string, (a: number, b: number) => number>([
    ['===', (a, b) => (a === b ? 1 : 0)],
    ['!==', (a, b) => (a !== b ? 1 : 0)],
    ['<', (a, b) => (a < b ? 1 : 0)],
    ['<=', (a, b) => (a <= b ? 1 : 0)],
    ['>', (a, b) => (a > b ? 1 : 0)],
    ['>=', (a, b) => (a >= b ? 1 : 0)],
  ]).get(sym) as (a: number, b: number) => number;
  return op(fn, (xs) => `(${a0(xs)} ${sym} ${a1(xs)} ? 1 : 0)`);
}

function convertOp(from: DType, to: DType): HostOp | null {
  if (from === to) return identity;
  if (to === 'bool') {
    return op(
      (a) => (a !== 0 ? 1 : 0),
      (xs) => `(${a0(xs)} !== 0 ? 1 : 0)`,
    );
  }
  if (from === 'bool') return identity;
  if (from === 'float32' && to === 'int32') return op(H.f32ToI32, (xs) => `H.f32ToI32(${a0(xs)})`);
  if (from === 'int32' && to === 'float32') {
    return op(fr, (xs) => `fr(${a0(xs)})`);
  }
  return null;
}

function selectOp(numCases: number, whichIsBool: boolean): HostOp {
  if (whichIsBool) {
    return op(
      (w, f, t) => (w !== 0 ? (t as number) : (f as number)),
      (xs) => `(${a0(xs)} !== 0 ? ${xs[2]} : ${xs[1]})`,
    );
  }
  const last = numCases - 1;
  return op(
    (w, ...cases) => cases[w <= 0 ? 0 : Math.min(w, last)] as number,
    (xs) => {
      let e = xs[numCases] as string;
      for (let k = last - 1; k >= 1; k--) e = `(${a0(xs)} === ${k} ? ${xs[k + 1]} : ${e})`;
      return `(${a0(xs)} <= 0 ? ${xs[1]} : ${e})`;
    },
  );
}

const clampOp = op(
  (lo, x, hi) => Math.min(Math.max(lo as number, x as number), hi as number),
  (xs) => `Math.min(Math.max(${xs[0]}, ${xs[1]}), ${xs[2]})`,
);

/**
 * The host op for an equation, or null when it must run on a kernel (uint32, unsupported
 * primitives or dtypes). `inDTypes` are the operands' dtypes, `outDType` the result's.
 */
export function hostOpFor(
  prim: Primitive,
  params: unknown,
  inDTypes: readonly DType[],
  outDType: DType,
): HostOp | null {
  if (outDType === 'uint32' || inDTypes.some((d) => d === 'uint32')) return null;
  switch (prim) {
    case 'stop_gradient':
    case 'copy':
      return identity;
    case 'convert_element_type':
      return convertOp(inDTypes[0] as DType, (params as { new_dtype: DType }).new_dtype);
    case 'select_n':
      return selectOp(inDTypes.length - 1, inDTypes[0] === 'bool');
    case 'clamp':
      return outDType === 'bool' ? null : clampOp;
    case 'is_finite':
      return op(
        (a) => (Number.isFinite(a) ? 1 : 0),
        (xs) => `(Number.isFinite(${a0(xs)}) ? 1 : 0)`,
      );
    default:
      break;
  }
  const cmp = COMPARE[prim];
  if (cmp !== undefined) return compareOp(cmp);
  const d = inDTypes[0] as DType;
  if (inDTypes.some((x) => x !== d) || d !== outDType) return null;
  if (d === 'float32') return floatOp(prim, params);
  if (d === 'int32') return intOp(prim, params);
  return boolOp(prim);
}
