/**
 * Abstract evaluation of the reductions (reduce_*, argmax/argmin, cumulative ops): axes validity,
 * accepted dtypes, output shapes and weak types. JAX: _reduce_op_shape_rule,
 * _reduce_number_dtype_rule, _reduce_logical_shape_rule, _argminmax_* and _cumred_* rules.
 */
import { ShapedArray } from '../../core/aval.ts';
import type { ReductionPrimitive } from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { AxisError, DTypeError, InvalidArgumentError, ShapeError } from '../../errors.ts';

const NUMBER: readonly DType[] = ['float32', 'int32', 'uint32'];
const LOGICAL: readonly DType[] = ['bool', 'int32', 'uint32'];

function single(prim: string, avals: readonly ShapedArray[]): ShapedArray {
  if (avals.length !== 1) {
    throw new InvalidArgumentError(
      `${prim}: wrong number of operands; expected 1, got ${avals.length}.`,
    );
  }
  return avals[0] as ShapedArray;
}

function checkDType(prim: string, x: ShapedArray, accepted: readonly DType[], what: string): void {
  if (accepted.includes(x.dtype)) return;
  throw new DTypeError(
    `${prim}: does not accept dtype ${x.dtype}; expected ${what} (${accepted.join(', ')}), got ${x.strShort()}. ` +
      'Convert first with lax.convertElementType (jnp reductions do this for bool).',
  );
}

/** Distinct axes in [0, ndim) (the numpy layer normalizes negative axes before binding). */
function checkAxes(prim: string, x: ShapedArray, axes: readonly number[]): void {
  const seen = new Set<number>();
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= x.ndim) {
      throw new AxisError(
        `${prim}: reduction axes [${axes.join(',')}] out of bounds for ${x.strShort()}; ` +
          `expected axes in [0, ${x.ndim - 1}]. Normalize negative axes first (jnp functions do).`,
      );
    }
    if (seen.has(a)) {
      throw new AxisError(
        `${prim}: duplicate value in axes [${axes.join(',')}] for ${x.strShort()}.`,
      );
    }
    seen.add(a);
  }
}

function reducedShape(x: ShapedArray, axes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.ndim; i++) if (!axes.includes(i)) out.push(x.shape[i] as number);
  return out;
}

type ReduceRule = (
  avals: readonly ShapedArray[],
  params: { readonly axes: readonly number[] },
) => ShapedArray[];

function reduce(
  prim: string,
  accepted: readonly DType[],
  what: string,
  keepWeak: boolean,
): ReduceRule {
  return (avals, { axes }) => {
    const x = single(prim, avals);
    checkDType(prim, x, accepted, what);
    checkAxes(prim, x, axes);
    if (axes.length === 0 && (keepWeak || !x.weakType)) return [x];
    return [new ShapedArray(reducedShape(x, axes), x.dtype, keepWeak && x.weakType)];
  };
}

type ArgRule = (
  avals: readonly ShapedArray[],
  params: { readonly axes: readonly [number]; readonly index_dtype: DType },
) => ShapedArray[];

function argRule(prim: string): ArgRule {
  return (avals, { axes, index_dtype }) => {
    const x = single(prim, avals);
    if (axes.length !== 1) {
      throw new AxisError(`${prim}: expected exactly one axis; got [${axes.join(',')}].`);
    }
    checkAxes(prim, x, axes);
    const axis = axes[0];
    if ((x.shape[axis] as number) < 1) {
      throw new ShapeError(
        `${prim}: requires a non-empty reduced dimension; got ${x.strShort()} with axis=${axis}.`,
      );
    }
    if (index_dtype !== 'int32' && index_dtype !== 'uint32') {
      throw new DTypeError(
        `${prim}: index_dtype must be an integer type; expected int32 or uint32, got ${index_dtype}.`,
      );
    }
    return [new ShapedArray(reducedShape(x, axes), index_dtype, false)];
  };
}

type CumRule = (
  avals: readonly ShapedArray[],
  params: { readonly axis: number; readonly reverse: boolean },
) => ShapedArray[];

function cumulative(prim: string): CumRule {
  return (avals, { axis }) => {
    const x = single(prim, avals);
    checkDType(prim, x, NUMBER, 'a number');
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
      throw new AxisError(
        `${prim}: axis ${axis} is out of bounds for ${x.strShort()}; expected an axis in [0, ${x.ndim - 1}] ` +
          '(XLA operations do not allow negative axes; jnp functions normalize them).',
      );
    }
    return [x];
  };
}

export const reductionAbstractEval = {
  reduce_sum: reduce('reduce_sum', NUMBER, 'a number', true),
  reduce_prod: reduce('reduce_prod', NUMBER, 'a number', true),
  reduce_max: reduce('reduce_max', ['float32', 'int32', 'uint32', 'bool'], 'any dtype', true),
  reduce_min: reduce('reduce_min', ['float32', 'int32', 'uint32', 'bool'], 'any dtype', true),
  reduce_and: reduce('reduce_and', LOGICAL, 'bool or an integer', false),
  reduce_or: reduce('reduce_or', LOGICAL, 'bool or an integer', false),
  argmax: argRule('argmax'),
  argmin: argRule('argmin'),
  cumsum: cumulative('cumsum'),
  cumprod: cumulative('cumprod'),
  cummax: cumulative('cummax'),
  cummin: cumulative('cummin'),
} satisfies AbstractEvalFamily<ReductionPrimitive>;
