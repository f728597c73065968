/** Transpose of custom_lin: the user's bwd applied to the residuals and output cotangents. */
import type { Tensor } from '@jaxts/tensor';
import type { Cotangent } from '../../transpose.ts';
import { zerosLike } from '../ops.ts';
import type { TransposeRule } from '../types.ts';

export const higherOrderTranspose: { custom_lin: TransposeRule<'custom_lin'> } = {
  custom_lin: (cts, args, { num_res, out_avals, bwd }) => {
    const residuals = args.slice(0, num_res) as Tensor[];
    const ctsIn = out_avals.map((a, i) => cts[i] ?? zerosLike(a));
    const out: Cotangent[] = residuals.map(() => null);
    return [...out, ...bwd(residuals, ctsIn)];
  },
};
