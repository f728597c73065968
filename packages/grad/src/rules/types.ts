/** Rule types of @jaxts/grad: JVP rules for every primitive, transpose rules for linear ones. */
import type { Tensor } from '@jaxts/tensor';
import type { Params, Primitive, ShapedArray } from '@jaxts/tensor/core';
import type { Cotangent, LinearArg } from '../transpose.ts';

export type Tangent = Tensor | null;

/**
 * Operand lists as rules see them: typed as tuples so that destructuring `[x, y]` needs no
 * undefined checks (each primitive's abstract eval has already checked its arity).
 */
export type Operands<T> = readonly [T, T, T, T, ...T[]];

/** (primals, tangents) → (primal outputs, output tangents); a null tangent is a symbolic zero. */
export type JvpRule<P extends Primitive> = (
  primals: Operands<Tensor>,
  tangents: Operands<Tangent>,
  params: Params<P>,
) => [Tensor[], Tangent[]];

export type JvpRules = { [P in Primitive]: JvpRule<P> };
export type JvpFamily<F extends Primitive> = { [P in F]: JvpRule<P> };

/** (output cotangents, inputs with the linear ones undefined) → input cotangents. */
export type TransposeRule<P extends Primitive> = (
  cts: Operands<Cotangent>,
  args: Operands<LinearArg>,
  params: Params<P>,
  outAvals: readonly ShapedArray[],
) => Cotangent[];

export type TransposeRules = { [P in Primitive]?: TransposeRule<P> };
