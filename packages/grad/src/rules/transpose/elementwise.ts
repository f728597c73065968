/** Transpose rules of the linear elementwise primitives (JAX: ad.deflinear / transpose rules in lax.py). */
import type { Tensor } from '@jaxts/tensor';
import { bind1 } from '@jaxts/tensor/core';
import { NonLinearError } from '../../errors.ts';
import { type Cotangent, isUndefined } from '../../transpose.ts';
import { convert, div, mul, neg, unbroadcast, zerosLike } from '../ops.ts';
import type { TransposeRule } from '../types.ts';

const NONE: Record<string, never> = {};

function linearUnary<P extends 'neg' | 'copy'>(prim: P): TransposeRule<P> {
  return ([ct]) => [ct == null ? null : bind1(prim, [ct], NONE)];
}

/** mul/div are linear in one operand when the other is known. */
function scaled(prim: 'mul' | 'div'): TransposeRule<'mul' | 'div'> {
  return ([ct], [x, y]) => {
    if (ct == null) return [null, null];
    if (isUndefined(x!) && isUndefined(y!)) {
      throw new NonLinearError(`transpose: ${prim} of two linear values is not linear.`);
    }
    if (isUndefined(x!)) {
      const v = prim === 'mul' ? mul(ct, y as Tensor) : div(ct, y as Tensor);
      return [unbroadcast(v, x.aval.shape), null];
    }
    if (prim === 'div') throw new NonLinearError('transpose: div is not linear in its divisor.');
    return [
      null,
      unbroadcast(mul(x as Tensor, ct), (y as { aval: { shape: readonly number[] } }).aval.shape),
    ];
  };
}

export const elementwiseTranspose: {
  neg: TransposeRule<'neg'>;
  copy: TransposeRule<'copy'>;
  add: TransposeRule<'add'>;
  sub: TransposeRule<'sub'>;
  mul: TransposeRule<'mul'>;
  div: TransposeRule<'div'>;
  convert_element_type: TransposeRule<'convert_element_type'>;
  select_n: TransposeRule<'select_n'>;
} = {
  neg: linearUnary('neg'),
  copy: linearUnary('copy'),
  add: ([ct], [x, y]) => [
    ct == null || !isUndefined(x!) ? null : unbroadcast(ct, x.aval.shape),
    ct == null || !isUndefined(y!) ? null : unbroadcast(ct, y.aval.shape),
  ],
  sub: ([ct], [x, y]) => [
    ct == null || !isUndefined(x!) ? null : unbroadcast(ct, x.aval.shape),
    ct == null || !isUndefined(y!) ? null : unbroadcast(neg(ct), y.aval.shape),
  ],
  mul: scaled('mul') as TransposeRule<'mul'>,
  div: scaled('div') as TransposeRule<'div'>,
  convert_element_type: ([ct], [x]) => [
    ct == null ? null : convert(ct, (x as { aval: { dtype: Tensor['dtype'] } }).aval.dtype),
  ],
  select_n: ([ct], args, params) => {
    const which = args[0] as Tensor;
    if (isUndefined(args[0]!))
      throw new NonLinearError('transpose: select_n is not linear in its predicate.');
    const out: Cotangent[] = [null];
    const cases = args.slice(1);
    cases.forEach((c, i) => {
      if (ct == null || !isUndefined(c)) {
        out.push(null);
        return;
      }
      const z = zerosLike(ct);
      const branches = cases.map((_, j) => (j === i ? ct : z));
      out.push(unbroadcast(bind1('select_n', [which, ...branches], params), c.aval.shape));
    });
    return out;
  },
};
