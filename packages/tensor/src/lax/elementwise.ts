/**
 * jax.lax elementwise functions: thin wrappers that bind one primitive each. Like lax, they do
 * not promote dtypes (jnp does). JavaScript numbers cannot say "2.0" apart from "2", so a number
 * next to an array takes that array's dtype when it is representable there (a weak scalar, as a
 * Python float next to a float32 array in JAX); alone, a number is a weak int32 or float32.
 */
import { bind1 } from '../core/bind.ts';
import type { BinaryPrimitive, UnaryPrimitive } from '../core/primitives.ts';
import type { DType } from '../dtype.ts';
import { toDType } from '../dtype.ts';
import { ShapeError } from '../errors.ts';
import { asTensor, scalar, type TensorLike } from '../numpy/convert.ts';
import { shapesEqual } from '../shape.ts';
import { Tensor } from '../tensor.ts';

const NONE: Record<string, never> = {};

/** Operands of one lax call: arrays as given, JavaScript scalars in the arrays' dtype. */
function operands(api: string, xs: readonly TensorLike[]): Tensor[] {
  let like: DType | null = null;
  for (const x of xs) {
    if (x instanceof Tensor) {
      like = x.dtype;
      break;
    }
  }
  return xs.map((x) => {
    if (x instanceof Tensor) return x;
    if (like !== null && (typeof x === 'number' || typeof x === 'boolean') && fits(x, like)) {
      return scalar(x, like, true);
    }
    return asTensor(x, api);
  });
}

function fits(x: number | boolean, d: DType): boolean {
  if (typeof x === 'boolean') return d === 'bool';
  if (d === 'float32') return true;
  if (d === 'int32') return Number.isInteger(x) && x >= -2147483648 && x <= 2147483647;
  if (d === 'uint32') return Number.isInteger(x) && x >= 0 && x <= 4294967295;
  return false;
}

/** Unary primitives without params (round and integer_pow take one; copy is internal). */
type UnaryPrim = Exclude<UnaryPrimitive, 'round' | 'integer_pow' | 'copy'>;

type BinaryPrim = BinaryPrimitive;

function unary(prim: UnaryPrim): (x: TensorLike) => Tensor {
  return (x) => bind1(prim, [x instanceof Tensor ? x : asTensor(x, prim)], NONE);
}

function binary(prim: BinaryPrim): (x: TensorLike, y: TensorLike) => Tensor {
  return (x, y) => {
    if (x instanceof Tensor && y instanceof Tensor) return bind1(prim, [x, y], NONE);
    return bind1(prim, operands(prim, [x, y]), NONE);
  };
}

/** lax.add: x + y (one dtype; NumPy broadcasting). */
export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
/** lax.div: float division, or integer division truncating toward zero. */
export const div = binary('div');
/** lax.rem: C fmod; the result has the sign of the dividend. */
export const rem = binary('rem');
/** lax.pow: a float base with a float exponent of its dtype or an integer exponent. */
export function pow(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = operands('pow', [x, y]);
  return bind1('pow', [a as Tensor, b as Tensor], NONE);
}
/** lax.max: NaN-propagating elementwise maximum. */
export const max = binary('max');
export const min = binary('min');
export const atan2 = binary('atan2');
export const nextafter = binary('nextafter');
export const bitwiseAnd = binary('and');
export const bitwiseOr = binary('or');
export const bitwiseXor = binary('xor');
export const shiftLeft = binary('shift_left');
export const shiftRightLogical = binary('shift_right_logical');
export const eq = binary('eq');
export const ne = binary('ne');
export const lt = binary('lt');
export const le = binary('le');
export const gt = binary('gt');
export const ge = binary('ge');

export const neg = unary('neg');
export const sign = unary('sign');
export const floor = unary('floor');
export const ceil = unary('ceil');
/** lax.is_finite: neither infinite nor NaN. */
const isFiniteOp = unary('is_finite');

export { isFiniteOp as isFinite };
export const exp = unary('exp');
export const exp2 = unary('exp2');
export const log = unary('log');
export const log1p = unary('log1p');
export const expm1 = unary('expm1');
export const tanh = unary('tanh');
/** lax.logistic: 1 / (1 + exp(-x)). */
export const logistic = unary('logistic');
export const sin = unary('sin');
export const cos = unary('cos');
export const tan = unary('tan');
export const asin = unary('asin');
export const acos = unary('acos');
export const atan = unary('atan');
export const sinh = unary('sinh');
export const cosh = unary('cosh');
export const asinh = unary('asinh');
export const acosh = unary('acosh');
export const atanh = unary('atanh');
export const sqrt = unary('sqrt');
/** lax.rsqrt: 1 / sqrt(x). */
export const rsqrt = unary('rsqrt');
export const cbrt = unary('cbrt');
export const abs = unary('abs');
export const square = unary('square');
export const erf = unary('erf');
/** lax.erf_inv: the inverse error function (±inf at ±1, NaN outside [-1, 1]). */
export const erfInv = unary('erf_inv');
/** lax.bitwise_not: logical not for bool, bitwise not for integers. */
export const bitwiseNot = unary('not');
/** lax.stop_gradient: the identity, with a zero derivative. */
export const stopGradient = unary('stop_gradient');

/** JAX's RoundingMethod: 0 = AWAY_FROM_ZERO (lax's default), 1 = TO_NEAREST_EVEN (jnp.round). */
export type RoundingMethod = 0 | 1 | 'AWAY_FROM_ZERO' | 'TO_NEAREST_EVEN';

/** lax.round(x, rounding_method=AWAY_FROM_ZERO). */
export function round(x: TensorLike, roundingMethod: RoundingMethod = 0): Tensor {
  const m = roundingMethod === 1 || roundingMethod === 'TO_NEAREST_EVEN' ? 1 : 0;
  return bind1('round', [x instanceof Tensor ? x : asTensor(x, 'round')], { rounding_method: m });
}

/** lax.integer_pow(x, y): x ** y for a static integer y, by repeated multiplication. */
export function integerPow(x: TensorLike, y: number): Tensor {
  return bind1('integer_pow', [x instanceof Tensor ? x : asTensor(x, 'integer_pow')], { y });
}

/** lax.select_n(which, ...cases): cases[which] (which bool: false -> cases[0]). */
export function selectN(which: TensorLike, ...cases: TensorLike[]): Tensor {
  const w = which instanceof Tensor ? which : asTensor(which, 'select_n');
  return bind1('select_n', [w, ...operands('select_n', cases)], NONE);
}

/**
 * lax.select(pred, onTrue, onFalse) = select_n(pred, onFalse, onTrue). As in JAX, `pred` is a
 * scalar or has the cases' shape, and the cases have one shape (jnp.where broadcasts).
 */
export function select(pred: TensorLike, onTrue: TensorLike, onFalse: TensorLike): Tensor {
  const p = pred instanceof Tensor ? pred : asTensor(pred, 'select');
  const [t, f] = operands('select', [onTrue, onFalse]) as [Tensor, Tensor];
  if (!shapesEqual(t.shape, f.shape)) {
    throw new ShapeError(
      `select: cases must have the same shapes; got ${t.aval.strShort()} and ${f.aval.strShort()}. ` +
        'Use jnp.where for broadcasting.',
    );
  }
  if (p.ndim !== 0 && !shapesEqual(p.shape, t.shape)) {
    throw new ShapeError(
      `select: \`which\` must be scalar or have the same shape as cases; expected [] or [${t.shape.join(',')}], ` +
        `got ${p.aval.strShort()}. Use jnp.where for broadcasting.`,
    );
  }
  return bind1('select_n', [p, f, t], NONE);
}

/** lax.clamp(min, x, max): min and max are scalars or have x's shape, as in JAX. */
export function clamp(minVal: TensorLike, x: TensorLike, maxVal: TensorLike): Tensor {
  const [lo, v, hi] = operands('clamp', [minVal, x, maxVal]) as [Tensor, Tensor, Tensor];
  for (const [name, b] of [
    ['min', lo],
    ['max', hi],
  ] as const) {
    if (b.ndim !== 0 && !shapesEqual(b.shape, v.shape)) {
      throw new ShapeError(
        `clamp: requires ${name}.shape == operand.shape or ${name}.shape == []; expected [] or ` +
          `[${v.shape.join(',')}], got ${b.aval.strShort()}.`,
      );
    }
  }
  return bind1('clamp', [lo, v, hi], NONE);
}

/**
 * lax.convert_element_type(x, newDtype): float -> int truncates toward zero and saturates (NaN
 * gives 0), to bool is x != 0, int32 <-> uint32 keep the bits. The result is not weakly typed.
 */
export function convertElementType(x: TensorLike, newDtype: DType | string): Tensor {
  const d = toDType(newDtype, 'convert_element_type');
  const t = x instanceof Tensor ? x : asTensor(x, 'convert_element_type');
  if (t.dtype === d && !t.weakType) return t;
  return bind1('convert_element_type', [t], { new_dtype: d, weak_type: false });
}

/** lax.bitcast_convert_type(x, newDtype): reinterprets the 32-bit patterns. */
export function bitcastConvertType(x: TensorLike, newDtype: DType | string): Tensor {
  const d = toDType(newDtype, 'bitcast_convert_type');
  const t = x instanceof Tensor ? x : asTensor(x, 'bitcast_convert_type');
  return bind1('bitcast_convert_type', [t], { new_dtype: d });
}
