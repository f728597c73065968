/**
 * jax.numpy elementwise functions (ufuncs): JAX's type promotion (weak types included), then lax
 * primitives, following jax/_src/numpy/ufuncs.py function by function so results, dtypes and weak
 * types match JAX's.
 */
import { bind1 } from '../core/bind.ts';
import type { BinaryPrimitive, UnaryPrimitive } from '../core/primitives.ts';
import { type DType, promoteTypes as latticeResult, scalarDType, toDType } from '../dtype.ts';
import { InvalidArgumentError } from '../errors.ts';
import { broadcastShapes, shapesEqual } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { composite } from './composite.ts';
import { asTensor, scalar, type TensorLike } from './convert.ts';

const NONE: Record<string, never> = {};
const F32_MAX = 3.4028234663852886e38;

type Operand = Tensor | number | boolean;
interface Kind {
  readonly dtype: DType;
  readonly weakType: boolean;
}
const WEAK_INT: Kind = { dtype: 'int32', weakType: true };
const WEAK_FLOAT: Kind = { dtype: 'float32', weakType: true };
const BOOL: Kind = { dtype: 'bool', weakType: false };

// --- promotion --------------------------------------------------------------------------------

function operand(api: string, x: TensorLike): Operand {
  if (x instanceof Tensor || typeof x === 'number' || typeof x === 'boolean') return x;
  return asTensor(x, api);
}

/**
 * The kind of a JavaScript scalar: integers in int32's range are weak int32 (Python ints), other
 * numbers weak float32 (see scalarDType).
 */
function kindOf(_api: string, x: Operand): Kind {
  if (x instanceof Tensor) return x.aval;
  if (typeof x === 'boolean') return BOOL;
  return scalarDType(x) === 'float32' ? WEAK_FLOAT : WEAK_INT;
}

export function convert(x: Tensor, dtype: DType, weakType: boolean): Tensor {
  return bind1('convert_element_type', [x], { new_dtype: dtype, weak_type: weakType });
}

/** `x` as `dtype`; a JavaScript scalar becomes a cached constant of that dtype. */
function cast(x: Operand, dtype: DType, weakType: boolean): Tensor {
  if (x instanceof Tensor) {
    // Same dtype: the primitive's weak-type rule (all inputs weak) already gives JAX's answer,
    // except for bools (bool has no weak type in JAX's lattice).
    if (x.dtype === dtype && (dtype !== 'bool' || x.weakType === weakType)) return x;
    return convert(x, dtype, weakType);
  }
  return scalar(x, dtype, weakType);
}

type Category = 'any' | 'numeric' | 'inexact';

function categorize(d: DType, category: Category): DType {
  if (category === 'inexact') return 'float32';
  if (category === 'numeric' && d === 'bool') return 'int32';
  return d;
}

/** JAX's promote_args / promote_args_numeric / promote_args_inexact. */
export function promoteArgs(
  api: string,
  xs: readonly TensorLike[],
  category: Category = 'any',
): Tensor[] {
  const ops = xs.map((x) => operand(api, x));
  const r = latticeResult(ops.map((o) => kindOf(api, o)));
  const dtype = categorize(r.dtype, category);
  return ops.map((o) => cast(o, dtype, r.weakType));
}

function promote1(api: string, x: TensorLike, category: Category): Tensor {
  if (x instanceof Tensor && categorize(x.dtype, category) === x.dtype) return x;
  return promoteArgs(api, [x], category)[0] as Tensor;
}

/** The shapes of `xs` broadcast, or a ShapeError naming the jnp function. */
function checkBroadcast(api: string, xs: readonly Tensor[]): void {
  const s0 = (xs[0] as Tensor).shape;
  for (let i = 1; i < xs.length; i++) {
    if (!shapesEqual((xs[i] as Tensor).shape, s0)) {
      broadcastShapes(api, ...xs.map((x) => x.shape));
      return;
    }
  }
}

type Bin = BinaryPrimitive;
type Un = Exclude<UnaryPrimitive, 'round' | 'integer_pow'>;

function p2(prim: Bin, a: Tensor, b: Tensor): Tensor {
  return bind1(prim, [a, b], NONE);
}

function p1(prim: Un, x: Tensor): Tensor {
  return bind1(prim, [x], NONE);
}

/**
 * A jnp binary function over one lax primitive. Two arrays of one dtype go straight to the
 * primitive (the eager fast path: no scope, no conversion); otherwise operands are promoted.
 */
function binaryUfunc(
  api: string,
  prim: Bin,
  category: Category = 'any',
): (x: TensorLike, y: TensorLike) => Tensor {
  return (x, y) => {
    if (
      x instanceof Tensor &&
      y instanceof Tensor &&
      x.dtype === y.dtype &&
      categorize(x.dtype, category) === x.dtype
    ) {
      if (!shapesEqual(x.shape, y.shape)) broadcastShapes(api, x.shape, y.shape);
      return p2(prim, x, y);
    }
    return composite(() => {
      const [a, b] = promoteArgs(api, [x, y], category) as [Tensor, Tensor];
      checkBroadcast(api, [a, b]);
      return p2(prim, a, b);
    });
  };
}

function unaryUfunc(api: string, prim: Un, category: Category): (x: TensorLike) => Tensor {
  return (x) => {
    if (x instanceof Tensor && categorize(x.dtype, category) === x.dtype) return p1(prim, x);
    return composite(() => p1(prim, promote1(api, x, category)));
  };
}

/** lax._const(x, v): weak when x is a weakly typed scalar, strong otherwise. */
function laxConst(x: Tensor, v: number | boolean): Tensor {
  return scalar(v, x.dtype, x.weakType && x.ndim === 0);
}

/** lax.full_like(x, v) as a scalar (select_n broadcasts): weak iff x is. */
function filled(x: Tensor, v: number | boolean): Tensor {
  return scalar(v, x.dtype, x.weakType);
}

/** jnp's _constant_like(x, v): a strong constant of x's dtype. */
function constLike(x: Tensor, v: number | boolean): Tensor {
  return scalar(v, x.dtype, false);
}

/** lax.full_like(x, value, dtype): a value broadcast to x's shape. */
function fullLike(x: Tensor, value: number | boolean, dtype: DType): Tensor {
  const s = scalar(value, dtype, false);
  if (x.ndim === 0) return s;
  return bind1('broadcast_in_dim', [s], { shape: [...x.shape], broadcast_dimensions: [] });
}

function selectN(which: Tensor, onFalse: Tensor, onTrue: Tensor): Tensor {
  return bind1('select_n', [which, onFalse, onTrue], NONE);
}

/** JAX's internal _where: condition (made bool by != 0) ? x : y, with x and y promoted. */
function whereImpl(api: string, cond: TensorLike, x: TensorLike, y: TensorLike): Tensor {
  let c = cond instanceof Tensor ? cond : asTensor(cond, api);
  const [a, b] = promoteArgs(api, [x, y]) as [Tensor, Tensor];
  checkBroadcast(api, [c, a, b]);
  if (c.dtype !== 'bool') c = p2('ne', c, filled(c, 0));
  return selectN(c, b, a);
}

// --- arithmetic -----------------------------------------------------------------------------

const addPrim = binaryUfunc('add', 'add');
/** jnp.add (logical or for bools). */
export function add(x: TensorLike, y: TensorLike): Tensor {
  if (x instanceof Tensor && y instanceof Tensor && x.dtype === y.dtype && x.dtype !== 'bool') {
    if (!shapesEqual(x.shape, y.shape)) broadcastShapes('add', x.shape, y.shape);
    return p2('add', x, y);
  }
  return composite(() => {
    const [a, b] = promoteArgs('add', [x, y]) as [Tensor, Tensor];
    checkBroadcast('add', [a, b]);
    return a.dtype === 'bool' ? p2('or', a, b) : addPrim(a, b);
  });
}

export const subtract = binaryUfunc('subtract', 'sub');

const mulPrim = binaryUfunc('multiply', 'mul');
/** jnp.multiply (logical and for bools). */
export function multiply(x: TensorLike, y: TensorLike): Tensor {
  if (x instanceof Tensor && y instanceof Tensor && x.dtype === y.dtype && x.dtype !== 'bool') {
    return mulPrim(x, y);
  }
  return composite(() => {
    const [a, b] = promoteArgs('multiply', [x, y]) as [Tensor, Tensor];
    checkBroadcast('multiply', [a, b]);
    return a.dtype === 'bool' ? p2('and', a, b) : p2('mul', a, b);
  });
}

/** jnp.true_divide: integers and bools divide as float32. */
export const trueDivide = binaryUfunc('true_divide', 'div', 'inexact');
export const divide = binaryUfunc('divide', 'div', 'inexact');

/** CPython's float_divmod, as JAX: floor(x1 / x2) and the matching remainder. */
function floatDivmod(x1: Tensor, x2: Tensor): [Tensor, Tensor] {
  let mod = p2('rem', x1, x2);
  const x1c = whereImpl('floor_divide', p2('eq', x2, laxConst(x2, 0)), x1, p2('sub', x1, mod));
  let div = p2('div', x1c, x2);
  const ind = p2('and', p2('ne', mod, laxConst(mod, 0)), p2('ne', p1('sign', x2), p1('sign', mod)));
  mod = selectN(ind, mod, add(mod, x2));
  div = selectN(ind, div, subtract(div, 1.0));
  return [bind1('round', [div], { rounding_method: 0 }), mod];
}

/** jnp.floor_divide: floor of the quotient (integers: Python's // with XLA's x // 0 = -1). */
export function floorDivide(x: TensorLike, y: TensorLike): Tensor {
  return composite(() => {
    const [a, b] = promoteArgs('floor_divide', [x, y], 'numeric') as [Tensor, Tensor];
    checkBroadcast('floor_divide', [a, b]);
    if (a.dtype === 'uint32') return p2('div', a, b);
    if (a.dtype === 'int32') {
      const q = p2('div', a, b);
      const sel = logicalAnd(notEqual(p1('sign', a), p1('sign', b)), notEqual(p2('rem', a, b), 0));
      return whereImpl('floor_divide', sel, subtract(q, 1), q);
    }
    return floatDivmod(a, b)[0];
  });
}

/** jnp.remainder / jnp.mod: the result has the sign of the divisor (Python's %). */
export function remainder(x: TensorLike, y: TensorLike): Tensor {
  return composite(() => {
    const [a, b0] = promoteArgs('remainder', [x, y], 'numeric') as [Tensor, Tensor];
    checkBroadcast('remainder', [a, b0]);
    const zero = constLike(a, 0);
    let b = b0;
    if (b.dtype !== 'float32')
      b = whereImpl('remainder', p2('eq', b, laxConst(b, 0)), filled(b, 1), b);
    const truncMod = p2('rem', a, b);
    const notZero = p2('ne', truncMod, zero);
    const doPlus = p2(
      'and',
      p2('ne', p2('lt', truncMod, zero), p2('lt', b, laxConst(b, 0))),
      notZero,
    );
    return selectN(doPlus, truncMod, p2('add', truncMod, b));
  });
}
export const mod = remainder;

/** JAX's _pow_int_int: binary exponentiation over 6 exponent bits. */
function powIntInt(x1: Tensor, x2: Tensor): Tensor {
  const zero = constLike(x2, 0);
  const one = constLike(x2, 1);
  let acc = whereImpl('power', p2('and', p2('eq', x1, zero), p2('ne', x2, zero)), zero, one);
  let base = x1;
  let e = x2;
  for (let i = 0; i < 6; i++) {
    acc = whereImpl('power', p2('and', e, one), p2('mul', acc, base), acc);
    base = p2('mul', base, base);
    e = p2('shift_right_logical', e, one);
  }
  return acc;
}

/**
 * jnp.power. A JavaScript integer exponent uses lax.integer_pow (like a concrete Python int);
 * integer bases with integer exponents use binary exponentiation; a float base with an integer
 * array exponent uses lax.pow without promoting the exponent.
 */
export function power(x: TensorLike, y: TensorLike): Tensor {
  return composite(() => {
    if (typeof y === 'number' && scalarDType(y) === 'int32') {
      const base = promote1('power', x, 'numeric');
      return bind1('integer_pow', [base], { y });
    }
    const a0 = operand('power', x);
    const b0 = operand('power', y);
    const [a, b] = promoteArgs('power', [a0, b0], 'numeric') as [Tensor, Tensor];
    checkBroadcast('power', [a, b]);
    if (a.dtype !== 'float32') return powIntInt(a, b);
    const k0 = kindOf('power', a0);
    if (
      k0.dtype === 'float32' &&
      b0 instanceof Tensor &&
      (b0.dtype === 'int32' || b0.dtype === 'uint32')
    ) {
      // A float base with an integer exponent array: lax.pow without promoting the exponent.
      return p2('pow', cast(a0, 'float32', k0.weakType), b0);
    }
    return p2('pow', a, b);
  });
}

/** jnp.negative (an error for bools, like JAX's lax.neg). */
export const negative = unaryUfunc('negative', 'neg', 'any');

/** jnp.positive: the array itself. */
export function positive(x: TensorLike): Tensor {
  return x instanceof Tensor ? x : asTensor(x, 'positive');
}

/** jnp.reciprocal: integer_pow(x, -1) in float32. */
export function reciprocal(x: TensorLike): Tensor {
  return composite(() => bind1('integer_pow', [promote1('reciprocal', x, 'inexact')], { y: -1 }));
}

/** jnp.abs / jnp.absolute: bools and unsigned integers are returned as they are. */
export function abs(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'abs');
  if (t.dtype === 'bool' || t.dtype === 'uint32') return t;
  return p1('abs', t);
}
export const absolute = abs;

/** jnp.sign (an error for bools, like JAX). */
export const sign = unaryUfunc('sign', 'sign', 'any');

export const exp = unaryUfunc('exp', 'exp', 'inexact');
export const exp2 = unaryUfunc('exp2', 'exp2', 'inexact');
export const expm1 = unaryUfunc('expm1', 'expm1', 'inexact');
export const log = unaryUfunc('log', 'log', 'inexact');
export const log1p = unaryUfunc('log1p', 'log1p', 'inexact');
export const sqrt = unaryUfunc('sqrt', 'sqrt', 'inexact');
export const cbrt = unaryUfunc('cbrt', 'cbrt', 'inexact');
export const sin = unaryUfunc('sin', 'sin', 'inexact');
export const cos = unaryUfunc('cos', 'cos', 'inexact');
export const tan = unaryUfunc('tan', 'tan', 'inexact');
export const arcsin = unaryUfunc('arcsin', 'asin', 'inexact');
export const arccos = unaryUfunc('arccos', 'acos', 'inexact');
export const arctan = unaryUfunc('arctan', 'atan', 'inexact');
export const sinh = unaryUfunc('sinh', 'sinh', 'inexact');
export const cosh = unaryUfunc('cosh', 'cosh', 'inexact');
export const tanh = unaryUfunc('tanh', 'tanh', 'inexact');
export const arcsinh = unaryUfunc('arcsinh', 'asinh', 'inexact');
export const arccosh = unaryUfunc('arccosh', 'acosh', 'inexact');
export const arctanh = unaryUfunc('arctanh', 'atanh', 'inexact');

/** jnp.log2: log(x) / log(2) (float32 log(2), as XLA computes it). */
export function log2(x: TensorLike): Tensor {
  return composite(() => {
    const t = promote1('log2', x, 'inexact');
    return p2('div', p1('log', t), scalar(Math.fround(Math.LN2), 'float32', false));
  });
}

/** jnp.log10: log(x) * (1 / log(10)). */
export function log10(x: TensorLike): Tensor {
  return composite(() => {
    const t = promote1('log10', x, 'inexact');
    return p2('mul', p1('log', t), scalar(Math.LOG10E, 'float32', false));
  });
}

/** jnp.square: x * x (bools become int32). */
export const square = unaryUfunc('square', 'square', 'numeric');

export const arctan2 = binaryUfunc('arctan2', 'atan2', 'inexact');
export const maximum = binaryUfunc('maximum', 'max');
export const minimum = binaryUfunc('minimum', 'min');

// --- rounding -------------------------------------------------------------------------------

/** jnp.floor: integers and bools are returned as they are. */
export function floor(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'floor');
  return t.dtype === 'float32' ? p1('floor', t) : t;
}

export function ceil(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'ceil');
  return t.dtype === 'float32' ? p1('ceil', t) : t;
}

/** jnp.trunc: rounds toward zero. */
export function trunc(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'trunc');
  if (t.dtype !== 'float32') return t;
  return composite(() => selectN(p2('lt', t, laxConst(t, 0)), p1('floor', t), p1('ceil', t)));
}

/**
 * jnp.round(x, decimals = 0): half to even. With decimals != 0 it scales, rounds and unscales
 * like JAX (so 0.15 rounds through 1.5). Integers are returned as they are.
 */
export function round(x: TensorLike, decimals = 0): Tensor {
  if (!Number.isInteger(decimals)) {
    throw new InvalidArgumentError(`round: decimals must be an integer; got ${decimals}.`);
  }
  const t = x instanceof Tensor ? x : asTensor(x, 'round');
  if (t.dtype === 'int32' || t.dtype === 'uint32') {
    if (decimals < 0) {
      throw new InvalidArgumentError(
        `round: integer round is not implemented for decimals < 0 (as in JAX); got decimals=${decimals}. ` +
          'Convert to float32 first.',
      );
    }
    return t;
  }
  if (decimals === 0) return bind1('round', [t], { rounding_method: 1 });
  return composite(() => {
    const factor = laxConst(t, 10 ** decimals);
    const r = bind1('round', [p2('mul', t, factor)], { rounding_method: 1 });
    return p2('div', r, factor);
  });
}

/** jnp.clip(x, min, max): maximum(min, x) then minimum(max, x); null bounds are skipped. */
export function clip(
  x: TensorLike,
  min: TensorLike | null = null,
  max: TensorLike | null = null,
): Tensor {
  return composite(() => {
    let r: TensorLike = x;
    if (min !== null) r = maximum(min, r);
    if (max !== null) r = minimum(max, r);
    return r instanceof Tensor ? r : asTensor(r, 'clip');
  });
}

// --- selection and tests --------------------------------------------------------------------

/** jnp.where(condition, x, y): x where condition (non-bool: != 0), else y; broadcasting. */
export function where(condition: TensorLike, x: TensorLike, y: TensorLike): Tensor {
  return composite(() => whereImpl('where', condition, x, y));
}

/** jnp.isnan: x != x for floats; all false otherwise. */
export function isnan(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'isnan');
  if (t.dtype !== 'float32') return fullLike(t, false, 'bool');
  return p2('ne', t, t);
}

/** jnp.isinf: |x| == inf for floats; all false otherwise. */
export function isinf(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'isinf');
  if (t.dtype !== 'float32') return fullLike(t, false, 'bool');
  return composite(() => p2('eq', p1('abs', t), constLike(t, Number.POSITIVE_INFINITY)));
}

/** jnp.isfinite: all true for integers and bools. */
export function isfinite(x: TensorLike): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'isfinite');
  if (t.dtype !== 'float32') return fullLike(t, true, 'bool');
  return p1('is_finite', t);
}

export interface NanToNumOptions {
  /** Replacement for NaN (default 0). */
  readonly nan?: number;
  /** Replacement for +inf (default the largest float32). */
  readonly posinf?: number | null;
  /** Replacement for -inf (default the lowest float32). */
  readonly neginf?: number | null;
}

/** jnp.nan_to_num: replaces NaN and infinities; integers and bools are returned as they are. */
export function nanToNum(x: TensorLike, options: NanToNumOptions = {}): Tensor {
  const t = x instanceof Tensor ? x : asTensor(x, 'nan_to_num');
  if (t.dtype !== 'float32') return t;
  const nan = options.nan ?? 0;
  const posinf = options.posinf ?? F32_MAX;
  const neginf = options.neginf ?? -F32_MAX;
  return composite(() => {
    let out = whereImpl('nan_to_num', p2('ne', t, t), scalar(nan, 'float32', false), t);
    out = whereImpl(
      'nan_to_num',
      p2('eq', out, constLike(out, Number.POSITIVE_INFINITY)),
      scalar(posinf, 'float32', false),
      out,
    );
    return whereImpl(
      'nan_to_num',
      p2('eq', out, constLike(out, Number.NEGATIVE_INFINITY)),
      scalar(neginf, 'float32', false),
      out,
    );
  });
}

// --- comparisons and logic ------------------------------------------------------------------

export const equal = binaryUfunc('equal', 'eq');
export const notEqual = binaryUfunc('not_equal', 'ne');
export const less = binaryUfunc('less', 'lt');
export const lessEqual = binaryUfunc('less_equal', 'le');
export const greater = binaryUfunc('greater', 'gt');
export const greaterEqual = binaryUfunc('greater_equal', 'ge');

/** JAX's _to_bool: x != 0 unless already bool. */
function toBool(x: Tensor): Tensor {
  return x.dtype === 'bool' ? x : p2('ne', x, laxConst(x, 0));
}

function logical(
  api: string,
  prim: 'and' | 'or' | 'xor',
): (x: TensorLike, y: TensorLike) => Tensor {
  return (x, y) => {
    if (x instanceof Tensor && y instanceof Tensor && x.dtype === 'bool' && y.dtype === 'bool') {
      if (!shapesEqual(x.shape, y.shape)) broadcastShapes(api, x.shape, y.shape);
      return p2(prim, x, y);
    }
    return composite(() => {
      const [a, b] = promoteArgs(api, [x, y]) as [Tensor, Tensor];
      checkBroadcast(api, [a, b]);
      return p2(prim, toBool(a), toBool(b));
    });
  };
}

export const logicalAnd = logical('logical_and', 'and');
export const logicalOr = logical('logical_or', 'or');
export const logicalXor = logical('logical_xor', 'xor');

export function logicalNot(x: TensorLike): Tensor {
  if (x instanceof Tensor && x.dtype === 'bool') return p1('not', x);
  return composite(() => p1('not', toBool(promoteArgs('logical_not', [x])[0] as Tensor)));
}

/** jnp.logaddexp: log(exp(x1) + exp(x2)) without overflow (JAX's lax_other.logaddexp). */
export function logaddexp(x: TensorLike, y: TensorLike): Tensor {
  return composite(() => {
    const [a, b] = promoteArgs('logaddexp', [x, y], 'inexact') as [Tensor, Tensor];
    checkBroadcast('logaddexp', [a, b]);
    const amax = p2('max', a, b);
    const delta = p2('sub', a, b);
    const soft = p2('add', amax, p1('log1p', p1('exp', p1('neg', p1('abs', delta)))));
    // NaN delta: NaNs or infinities of the same sign; their sum is the answer.
    return selectN(p2('ne', delta, delta), soft, p2('add', a, b));
  });
}

// --- dtypes ---------------------------------------------------------------------------------

/** x.astype(dtype): lax.convert_element_type (not weakly typed); the array itself if unchanged. */
export function astype(x: TensorLike, dtype: DType | string): Tensor {
  const d = toDType(dtype, 'astype');
  const t = x instanceof Tensor ? x : asTensor(x, 'astype');
  if (t.dtype === d && !t.weakType) return t;
  return convert(t, d, false);
}

/** jnp.promote_types(a, b): the dtype two (strongly typed) dtypes promote to. */
export function promoteTypes(a: DType | string, b: DType | string): DType {
  return latticeResult([
    { dtype: toDType(a, 'promote_types'), weakType: false },
    { dtype: toDType(b, 'promote_types'), weakType: false },
  ]).dtype;
}

/** jnp.result_type(...args): the dtype jnp functions compute in for these operands. */
export function resultType(...args: TensorLike[]): DType {
  return latticeResult(args.map((a) => kindOf('result_type', operand('result_type', a)))).dtype;
}
