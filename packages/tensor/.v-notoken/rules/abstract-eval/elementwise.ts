/**
 * Abstract evaluation of the elementwise primitives: NumPy broadcasting, accepted dtypes, result
 * dtypes and weak types. JAX: lax.py's standard_unop / naryop dtype and shape rules, select_n,
 * clamp, convert_element_type, bitcast_convert_type.
 */
import { ShapedArray } from '../../core/aval.ts';
import type { ElementwisePrimitive } from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import { DTYPES, type DType } from '../../dtype.ts';
import { DTypeError, InvalidArgumentError, ShapeError } from '../../errors.ts';
import { shapesEqual, tryBroadcastShapes } from '../../shape.ts';

/** A set of accepted dtypes and how an error message names it (JAX's dtype categories). */
interface DTypeClass {
  readonly dtypes: readonly DType[];
  readonly name: string;
}

const FLOAT: DTypeClass = { dtypes: ['float32'], name: 'floating (float32)' };
const NUM: DTypeClass = {
  dtypes: ['float32', 'int32', 'uint32'],
  name: 'integer or floating (int32, uint32, float32)',
};
const SIGNED_OR_FLOAT: DTypeClass = {
  dtypes: ['float32', 'int32'],
  name: 'signed integer or floating (int32, float32)',
};
const INT: DTypeClass = { dtypes: ['int32', 'uint32'], name: 'integer (int32, uint32)' };
const BOOL_OR_INT: DTypeClass = {
  dtypes: ['bool', 'int32', 'uint32'],
  name: 'bool or integer (bool, int32, uint32)',
};
const ANY: DTypeClass = { dtypes: DTYPES, name: 'any dtype' };

function operand(avals: readonly ShapedArray[], i: number, prim: string, n: number): ShapedArray {
  const a = avals[i];
  if (a === undefined || avals.length !== n) {
    throw new InvalidArgumentError(
      `${prim}: wrong number of operands; expected ${n}, got ${avals.length}.`,
    );
  }
  return a;
}

function fixFor(cls: DTypeClass): string {
  if (cls === FLOAT) {
    return "The jnp function promotes integers to float32; with lax, convert first with lax.convertElementType(x, 'float32').";
  }
  return 'Convert first with lax.convertElementType.';
}

/** JAX: unop_dtype_rule / naryop_dtype_rule ("<prim> does not accept dtype ..."). */
export function checkDType(prim: string, a: ShapedArray, cls: DTypeClass, position?: number): void {
  if (cls.dtypes.includes(a.dtype)) return;
  const at = position === undefined ? '' : ` at position ${position}`;
  throw new DTypeError(
    `${prim}: does not accept dtype ${a.dtype}${at}; expected ${cls.name}, got ${a.strShort()}. ${fixFor(cls)}`,
  );
}

/** JAX: check_same_dtypes, with the jnp function that promotes automatically. */
export function checkSameDType(prim: string, avals: readonly ShapedArray[]): void {
  const d = (avals[0] as ShapedArray).dtype;
  for (let i = 1; i < avals.length; i++) {
    if ((avals[i] as ShapedArray).dtype !== d) {
      throw new DTypeError(
        `${prim}: operands must have the same dtype; got ${avals.map((a) => a.strShort()).join(' and ')}. ` +
          'jnp functions promote automatically; with lax, convert first with lax.convertElementType.',
      );
    }
  }
}

/** NumPy broadcasting of the operand shapes, named after the primitive. */
export function broadcastAvals(prim: string, avals: readonly ShapedArray[]): readonly number[] {
  const first = (avals[0] as ShapedArray).shape;
  let same = true;
  for (let i = 1; i < avals.length; i++) {
    if (!shapesEqual((avals[i] as ShapedArray).shape, first)) {
      same = false;
      break;
    }
  }
  if (same) return first;
  const out = tryBroadcastShapes(avals.map((a) => a.shape));
  if (out === null) {
    throw new ShapeError(
      `${prim}: shapes ${avals.map((a) => `[${a.shape.join(',')}]`).join(', ')} do not broadcast; ` +
        `expected equal sizes or size 1 in every trailing dimension (NumPy broadcasting), got ${avals
          .map((a) => a.strShort())
          .join(', ')}.`,
    );
  }
  return out;
}

function allWeak(avals: readonly ShapedArray[]): boolean {
  for (const a of avals) if (!a.weakType) return false;
  return true;
}

/** An output aval, reusing the operand's when nothing changes (the eager fast path). */
function result(
  like: ShapedArray,
  shape: readonly number[],
  dtype: DType,
  weak: boolean,
): ShapedArray {
  if (like.shape === shape && like.dtype === dtype && like.weakType === weak) return like;
  return new ShapedArray(shape, dtype, weak);
}

type UnaryRule = (avals: readonly ShapedArray[], params: unknown) => ShapedArray[];

function unary(prim: string, cls: DTypeClass, outDType?: DType): UnaryRule {
  return (avals) => {
    const x = operand(avals, 0, prim, 1);
    checkDType(prim, x, cls);
    return [result(x, x.shape, outDType ?? x.dtype, x.weakType)];
  };
}

type BinaryRule = (avals: readonly ShapedArray[], params: unknown) => ShapedArray[];

function binary(prim: string, cls: DTypeClass, outDType?: DType): BinaryRule {
  return (avals) => {
    const x = operand(avals, 0, prim, 2);
    const y = operand(avals, 1, prim, 2);
    checkDType(prim, x, cls, 0);
    checkDType(prim, y, cls, 1);
    checkSameDType(prim, avals);
    const shape = broadcastAvals(prim, avals);
    const weak = x.weakType && y.weakType;
    const dtype = outDType ?? x.dtype;
    if (shape === x.shape) return [result(x, shape, dtype, weak)];
    return [result(y, shape, dtype, weak)];
  };
}

/** JAX: _pow_dtype_rule: a floating base with a floating exponent of its dtype or an integer one. */
function powRule(avals: readonly ShapedArray[]): ShapedArray[] {
  const x = operand(avals, 0, 'pow', 2);
  const y = operand(avals, 1, 'pow', 2);
  checkDType('pow', x, FLOAT, 0);
  checkDType('pow', y, NUM, 1);
  if (y.dtype === 'float32' && x.dtype !== y.dtype) checkSameDType('pow', avals);
  const shape = broadcastAvals('pow', avals);
  return [result(shape === x.shape ? x : y, shape, x.dtype, x.weakType && y.weakType)];
}

function integerPowRule(
  avals: readonly ShapedArray[],
  params: { readonly y: number },
): ShapedArray[] {
  const x = operand(avals, 0, 'integer_pow', 1);
  checkDType('integer_pow', x, NUM);
  if (!Number.isInteger(params.y)) {
    throw new InvalidArgumentError(
      `integer_pow: the exponent must be an integer; got ${params.y}. Use lax.pow for real exponents.`,
    );
  }
  if (params.y < 0 && x.dtype !== 'float32') {
    throw new DTypeError(
      `integer_pow: integers cannot be raised to negative powers; got integer_pow(${x.strShort()}, ${params.y}). ` +
        'Convert to float32 first (jnp.power(x.astype(float32), y)).',
    );
  }
  return [x];
}

/** select_n(which, ...cases): cases share a dtype; which is bool (two cases) or an integer. */
function selectNRule(avals: readonly ShapedArray[]): ShapedArray[] {
  if (avals.length < 2) {
    throw new InvalidArgumentError(
      `select_n: expected a predicate and at least one case; got ${avals.length} operand(s).`,
    );
  }
  const which = avals[0] as ShapedArray;
  const cases = avals.slice(1);
  checkSameDType('select_n', cases);
  if (which.dtype !== 'bool' && which.dtype !== 'int32' && which.dtype !== 'uint32') {
    throw new DTypeError(
      `select_n: the predicate must be bool or an integer; expected bool, int32 or uint32, got ${which.strShort()}. ` +
        'Compare first (x != 0) or use jnp.where, which converts the condition.',
    );
  }
  if (which.dtype === 'bool' && cases.length > 2) {
    throw new DTypeError(
      `select_n: a bool predicate selects between at most 2 cases; got ${cases.length}. Use an int32 predicate.`,
    );
  }
  const shape = broadcastAvals('select_n', avals);
  const c0 = cases[0] as ShapedArray;
  return [result(c0, shape, c0.dtype, allWeak(cases))];
}

/** clamp(min, x, max): one dtype, NumPy broadcasting (JAX allows scalar or equal-shape bounds). */
function clampRule(avals: readonly ShapedArray[]): ShapedArray[] {
  const x = operand(avals, 1, 'clamp', 3);
  checkSameDType('clamp', avals);
  const shape = broadcastAvals('clamp', avals);
  return [result(x, shape, x.dtype, allWeak(avals))];
}

function checkNewDType(prim: string, d: unknown): DType {
  if (typeof d === 'string' && (DTYPES as readonly string[]).includes(d)) return d as DType;
  throw new DTypeError(
    `${prim}: unsupported new_dtype ${JSON.stringify(d)}; expected one of ${DTYPES.join(', ')}. ` +
      'jaxts runs float32 like JAX without x64.',
  );
}

function convertRule(
  avals: readonly ShapedArray[],
  params: { readonly new_dtype: DType; readonly weak_type: boolean },
): ShapedArray[] {
  const x = operand(avals, 0, 'convert_element_type', 1);
  const d = checkNewDType('convert_element_type', params.new_dtype);
  return [result(x, x.shape, d, params.weak_type)];
}

/** JAX: bitcast_convert_type between dtypes of one width; bool only to bool. */
function bitcastRule(
  avals: readonly ShapedArray[],
  params: { readonly new_dtype: DType },
): ShapedArray[] {
  const x = operand(avals, 0, 'bitcast_convert_type', 1);
  const d = checkNewDType('bitcast_convert_type', params.new_dtype);
  if ((x.dtype === 'bool') !== (d === 'bool')) {
    throw new DTypeError(
      `bitcast_convert_type: does not support bool unless the operand and destination types match; ` +
        `expected a 32-bit dtype (int32, uint32, float32) on both sides, got ${x.strShort()} -> ${d}. ` +
        'Use lax.convertElementType for value conversions.',
    );
  }
  return [result(x, x.shape, d, false)];
}

function identity(prim: string): UnaryRule {
  return (avals) => [operand(avals, 0, prim, 1)];
}

export const elementwiseAbstractEval = {
  neg: unary('neg', NUM),
  sign: unary('sign', NUM),
  floor: unary('floor', FLOAT),
  ceil: unary('ceil', FLOAT),
  round: unary('round', FLOAT),
  is_finite: unary('is_finite', FLOAT, 'bool'),
  exp: unary('exp', FLOAT),
  exp2: unary('exp2', FLOAT),
  log: unary('log', FLOAT),
  log1p: unary('log1p', FLOAT),
  expm1: unary('expm1', FLOAT),
  tanh: unary('tanh', FLOAT),
  logistic: unary('logistic', FLOAT),
  sin: unary('sin', FLOAT),
  cos: unary('cos', FLOAT),
  tan: unary('tan', FLOAT),
  asin: unary('asin', FLOAT),
  acos: unary('acos', FLOAT),
  atan: unary('atan', FLOAT),
  sinh: unary('sinh', FLOAT),
  cosh: unary('cosh', FLOAT),
  asinh: unary('asinh', FLOAT),
  acosh: unary('acosh', FLOAT),
  atanh: unary('atanh', FLOAT),
  sqrt: unary('sqrt', FLOAT),
  rsqrt: unary('rsqrt', FLOAT),
  cbrt: unary('cbrt', FLOAT),
  abs: unary('abs', SIGNED_OR_FLOAT),
  square: unary('square', NUM),
  erf: unary('erf', FLOAT),
  erf_inv: unary('erf_inv', FLOAT),
  integer_pow: integerPowRule,
  not: unary('not', BOOL_OR_INT),
  stop_gradient: identity('stop_gradient'),
  copy: identity('copy'),
  add: binary('add', NUM),
  sub: binary('sub', NUM),
  mul: binary('mul', NUM),
  div: binary('div', NUM),
  rem: binary('rem', NUM),
  pow: powRule,
  max: binary('max', ANY),
  min: binary('min', ANY),
  atan2: binary('atan2', FLOAT),
  nextafter: binary('nextafter', FLOAT),
  and: binary('and', BOOL_OR_INT),
  or: binary('or', BOOL_OR_INT),
  xor: binary('xor', BOOL_OR_INT),
  shift_left: binary('shift_left', INT),
  shift_right_logical: binary('shift_right_logical', INT),
  eq: binary('eq', ANY, 'bool'),
  ne: binary('ne', ANY, 'bool'),
  lt: binary('lt', ANY, 'bool'),
  le: binary('le', ANY, 'bool'),
  gt: binary('gt', ANY, 'bool'),
  ge: binary('ge', ANY, 'bool'),
  select_n: selectNRule,
  clamp: clampRule,
  convert_element_type: convertRule,
  bitcast_convert_type: bitcastRule,
} satisfies AbstractEvalFamily<ElementwisePrimitive>;
