/**
 * Transpose rules of the linear collectives. transpose(psum) = psum, so under vmap the
 * per-example gradient of pmean(x**2) is 2x as in JAX; all_gather transposes to a psum followed
 * by taking this index's block; ppermute to the inverse permutation.
 */
import { bind1 } from '@jaxts/tensor/core';
import { constLike } from '../ops.ts';
import type { TransposeRule } from '../types.ts';

export const collectiveTranspose: {
  psum: TransposeRule<'psum'>;
  all_gather: TransposeRule<'all_gather'>;
  ppermute: TransposeRule<'ppermute'>;
} = {
  psum: ([ct], _args, params) => [ct == null ? null : bind1('psum', [ct], params)],
  all_gather: ([ct], _args, { axis_name, all_gather_dimension: d, axis_size: n, tiled }) => {
    if (ct == null) return [null];
    const summed = bind1('psum', [ct], { axes: [axis_name] });
    const idx = bind1('axis_index', [], { axis_name });
    const block = tiled ? (summed.shape[d] as number) / n : 1;
    const start = tiled ? bind1('mul', [idx, constLike(idx, block)], {}) : idx;
    const zero = constLike(idx, 0);
    const starts = summed.shape.map((_, i) => (i === d ? start : zero));
    const sizes = summed.shape.map((s, i) => (i === d ? block : s));
    const sl = bind1('dynamic_slice', [summed, ...starts], { slice_sizes: sizes });
    return [tiled ? sl : bind1('squeeze', [sl], { dimensions: [d] })];
  },
  ppermute: ([ct], _args, { axis_name, perm }) => [
    ct == null
      ? null
      : bind1('ppermute', [ct], { axis_name, perm: perm.map(([s, d]) => [d, s] as const) }),
  ],
};
