/**
 * JVP rules of the elementwise primitives, as in jax._src.lax.lax (`ad.defjvp` calls). Binary
 * primitives broadcast, so each operand's tangent is broadcast to the output shape.
 */
import type { Tensor } from '@jaxts/tensor';
import {
  bind,
  bind1,
  type ElementwisePrimitive,
  type Params,
  type Primitive,
} from '@jaxts/tensor/core';
import {
  add,
  addTangents,
  and,
  broadcastTo,
  constLike,
  convert,
  cos,
  div,
  eq,
  exp,
  gt,
  intPow,
  log,
  lt,
  mul,
  neg,
  rsqrt,
  select,
  sign,
  sin,
  square,
  sub,
  zerosLike,
} from '../ops.ts';
import type { JvpFamily, JvpRule, Tangent } from '../types.ts';

const NONE: Record<string, never> = {};

function primal<P extends Primitive>(prim: P, xs: readonly Tensor[], params: Params<P>): Tensor {
  return bind1(prim, xs, params);
}

/** f(x) with tangent t * df(x, y) where y = f(x). */
function unaryJvp<P extends Primitive>(prim: P, df: (x: Tensor, y: Tensor) => Tensor): JvpRule<P> {
  return ([x], [t], params) => {
    const y = primal(prim, [x as Tensor], params);
    return [[y], [t === null ? null : mul(t, df(x as Tensor, y))]];
  };
}

/** Primitives with zero derivative almost everywhere (or non-float outputs). */
function zeroJvp<P extends Primitive>(prim: P): JvpRule<P> {
  return (xs, _ts, params) => {
    const outs = bind(prim, xs, params);
    return [outs, outs.map(() => null)];
  };
}

/** Primitives that are linear in their single operand. */
function linearUnary<P extends Primitive>(prim: P): JvpRule<P> {
  return ([x], [t], params) => [
    [primal(prim, [x as Tensor], params)],
    [t === null ? null : primal(prim, [t], params)],
  ];
}

/**
 * Binary f(x, y) with tangent tx * dfdx + ty * dfdy, each broadcast to the output shape
 * (`'one'`: the partial derivative is 1, so the tangent passes unscaled).
 */
function binaryJvp<P extends Primitive>(
  prim: P,
  dfdx: ((x: Tensor, y: Tensor, out: Tensor) => Tensor) | 'one' | null,
  dfdy: ((x: Tensor, y: Tensor, out: Tensor) => Tensor) | null,
): JvpRule<P> {
  return ([x, y], [tx, ty], params) => {
    const a = x as Tensor;
    const b = y as Tensor;
    const out = primal(prim, [a, b], params);
    const gx =
      tx === null || dfdx === null
        ? null
        : broadcastTo(dfdx === 'one' ? tx : mul(tx, dfdx(a, b, out)), out.shape);
    const gy =
      ty === null || dfdy === null ? null : broadcastTo(mul(ty, dfdy(a, b, out)), out.shape);
    return [[out], [addTangents(gx, gy)]];
  };
}

/** add/sub: the tangent is tx ± ty, each broadcast to the output shape. */
function linearBinary<P extends 'add' | 'sub'>(prim: P, negateY: boolean): JvpRule<P> {
  return ([x, y], [tx, ty], params) => {
    const out = primal(prim, [x as Tensor, y as Tensor], params);
    const gx = tx === null ? null : broadcastTo(tx, out.shape);
    const gy = ty === null ? null : broadcastTo(negateY ? neg(ty) : ty, out.shape);
    return [[out], [addTangents(gx, gy)]];
  };
}

/** 1 where x equals the result, halved where y equals it too (JAX's _balanced_eq for max/min). */
function balancedEq(x: Tensor, z: Tensor, y: Tensor): Tensor {
  const one = constLike(z, 1);
  const half = constLike(z, 0.5);
  const zero = constLike(z, 0);
  return select(eq(x, z), select(eq(y, z), half, one), zero);
}

export const elementwiseJvp = {
  neg: linearUnary('neg'),
  sign: zeroJvp('sign'),
  floor: zeroJvp('floor'),
  ceil: zeroJvp('ceil'),
  round: zeroJvp('round'),
  is_finite: zeroJvp('is_finite'),
  exp: unaryJvp('exp', (_x, y) => y),
  exp2: unaryJvp('exp2', (_x, y) => mul(y, constLike(y, Math.LN2))),
  log: unaryJvp('log', (x) => div(constLike(x, 1), x)),
  log1p: unaryJvp('log1p', (x) => div(constLike(x, 1), add(x, constLike(x, 1)))),
  expm1: unaryJvp('expm1', (_x, y) => add(y, constLike(y, 1))),
  tanh: unaryJvp('tanh', (_x, y) => sub(constLike(y, 1), square(y))),
  logistic: unaryJvp('logistic', (_x, y) => mul(y, sub(constLike(y, 1), y))),
  sin: unaryJvp('sin', (x) => cos(x)),
  cos: unaryJvp('cos', (x) => neg(sin(x))),
  tan: unaryJvp('tan', (_x, y) => add(constLike(y, 1), square(y))),
  asin: unaryJvp('asin', (x) => rsqrt(sub(constLike(x, 1), square(x)))),
  acos: unaryJvp('acos', (x) => neg(rsqrt(sub(constLike(x, 1), square(x))))),
  atan: unaryJvp('atan', (x) => div(constLike(x, 1), add(constLike(x, 1), square(x)))),
  sinh: unaryJvp('sinh', (x) => bind1('cosh', [x], NONE)),
  cosh: unaryJvp('cosh', (x) => bind1('sinh', [x], NONE)),
  asinh: unaryJvp('asinh', (x) => rsqrt(add(square(x), constLike(x, 1)))),
  acosh: unaryJvp('acosh', (x) => rsqrt(mul(sub(x, constLike(x, 1)), add(x, constLike(x, 1))))),
  atanh: unaryJvp('atanh', (x) => div(constLike(x, 1), sub(constLike(x, 1), square(x)))),
  sqrt: unaryJvp('sqrt', (_x, y) => div(constLike(y, 0.5), y)),
  rsqrt: unaryJvp('rsqrt', (x, y) => mul(div(y, x), constLike(y, -0.5))),
  cbrt: unaryJvp('cbrt', (_x, y) => mul(intPow(y, -2), constLike(y, 1 / 3))),
  abs: unaryJvp('abs', (x) => sign(x)),
  square: unaryJvp('square', (x) => mul(x, constLike(x, 2))),
  erf: unaryJvp('erf', (x) => mul(constLike(x, 2 / Math.sqrt(Math.PI)), exp(neg(square(x))))),
  erf_inv: unaryJvp('erf_inv', (_x, y) =>
    mul(constLike(y, Math.sqrt(Math.PI) / 2), exp(square(y))),
  ),
  integer_pow: ([x], [t], params) => {
    const a = x as Tensor;
    const y = bind1('integer_pow', [a], params);
    const n = params.y;
    if (t === null || n === 0) return [[y], [null]];
    const d = n === 1 ? constLike(a, 1) : mul(constLike(a, n), n - 1 === 1 ? a : intPow(a, n - 1));
    return [[y], [mul(t, d)]];
  },
  not: zeroJvp('not'),
  stop_gradient: zeroJvp('stop_gradient'),
  copy: linearUnary('copy'),
  add: linearBinary('add', false),
  sub: linearBinary('sub', true),
  mul: binaryJvp(
    'mul',
    (_x, y) => y,
    (x) => x,
  ),
  div: binaryJvp(
    'div',
    (_x, y) => div(constLike(y, 1), y),
    (x, y) => neg(div(x, square(y))),
  ),
  // d/dx rem(x, y) = 1; d/dy = -sign(x/y) floor(|x/y|) (JAX's rem_p JVP).
  rem: binaryJvp('rem', 'one', (x, y) => {
    const q = div(x, y);
    return neg(mul(sign(q), bind1('floor', [bind1('abs', [q], NONE)], NONE)));
  }),
  pow: binaryJvp(
    'pow',
    (x, y) => mul(y, bind1('pow', [x, sub(y, constLike(y, 1))], NONE)),
    (x, _y, out) => {
      // d/dy x^y = log(x) x^y, taken as 0 where x == 0 (as JAX does).
      const zero = constLike(x, 0);
      const safeX = select(eq(x, zero), constLike(x, 1), x);
      return select(eq(x, zero), zero, mul(log(safeX), out));
    },
  ),
  max: binaryJvp(
    'max',
    (x, y, out) => balancedEq(x, out, y),
    (x, y, out) => balancedEq(y, out, x),
  ),
  min: binaryJvp(
    'min',
    (x, y, out) => balancedEq(x, out, y),
    (x, y, out) => balancedEq(y, out, x),
  ),
  atan2: binaryJvp(
    'atan2',
    (x, y) => div(y, add(square(x), square(y))),
    (x, y) => neg(div(x, add(square(x), square(y)))),
  ),
  nextafter: zeroJvp('nextafter'),
  and: zeroJvp('and'),
  or: zeroJvp('or'),
  xor: zeroJvp('xor'),
  shift_left: zeroJvp('shift_left'),
  shift_right_logical: zeroJvp('shift_right_logical'),
  eq: zeroJvp('eq'),
  ne: zeroJvp('ne'),
  lt: zeroJvp('lt'),
  le: zeroJvp('le'),
  gt: zeroJvp('gt'),
  ge: zeroJvp('ge'),
  select_n: (primals, tangents, params) => {
    const out = bind1('select_n', primals, params);
    const caseTangents = tangents.slice(1);
    if (caseTangents.every((t) => t === null)) return [[out], [null]];
    const cases = caseTangents.map((t, i) =>
      t === null ? zerosLike(primals[i + 1] as Tensor) : t,
    );
    return [[out], [bind1('select_n', [primals[0] as Tensor, ...cases], params)]];
  },
  clamp: ([lo, x, hi], [tlo, tx, thi], params) => {
    const a = lo as Tensor;
    const b = x as Tensor;
    const c = hi as Tensor;
    const out = bind1('clamp', [a, b, c], params);
    const zero = constLike(out, 0);
    // JAX's clamp_p JVP: strict comparisons, so at a bound neither x nor the bound gets the
    // tangent (jnp.clip, built from maximum/minimum, splits it instead).
    let t: Tangent = null;
    if (tx !== null)
      t = addTangents(t, broadcastTo(select(and(gt(b, a), lt(b, c)), tx, zero), out.shape));
    if (tlo !== null)
      t = addTangents(t, broadcastTo(select(and(gt(a, b), lt(a, c)), tlo, zero), out.shape));
    if (thi !== null) t = addTangents(t, broadcastTo(select(lt(c, b), thi, zero), out.shape));
    return [[out], [t]];
  },
  convert_element_type: ([x], [t], params) => {
    const out = bind1('convert_element_type', [x as Tensor], params);
    const float = (x as Tensor).dtype === 'float32' && params.new_dtype === 'float32';
    return [[out], [t === null || !float ? null : convert(t, 'float32')]];
  },
  bitcast_convert_type: zeroJvp('bitcast_convert_type'),
} satisfies JvpFamily<ElementwisePrimitive>;
