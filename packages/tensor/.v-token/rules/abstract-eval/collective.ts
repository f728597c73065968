/** Abstract eval of the collectives (psum, pmax, pmin, all_gather, axis_index, ppermute). */
import { ShapedArray } from '../../core/aval.ts';
import type { CollectivePrimitive } from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import { AxisError, InvalidArgumentError } from '../../errors.ts';

const same = (avals: readonly ShapedArray[]): ShapedArray[] => [avals[0] as ShapedArray];

export const collectiveAbstractEval = {
  psum: same,
  pmax: same,
  pmin: same,
  all_gather: ([x], { all_gather_dimension: d, axis_size: n, tiled }) => {
    const a = x as ShapedArray;
    if (!Number.isInteger(d) || d < 0 || d > a.ndim - (tiled ? 1 : 0)) {
      throw new AxisError(`all_gather: axis ${d} is out of bounds for ${a.strShort()}.`);
    }
    const shape = [...a.shape];
    if (tiled) shape[d] = (shape[d] as number) * n;
    else shape.splice(d, 0, n);
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  axis_index: () => [new ShapedArray([], 'int32', false)],
  ppermute: ([x], { perm }) => {
    const srcs = new Set<number>();
    const dsts = new Set<number>();
    for (const [s, t] of perm) {
      if (srcs.has(s) || dsts.has(t)) {
        throw new InvalidArgumentError(
          `ppermute: perm must not repeat a source or a destination; got ${JSON.stringify(perm)}.`,
        );
      }
      srcs.add(s);
      dsts.add(t);
    }
    return [x as ShapedArray];
  },
} satisfies AbstractEvalFamily<CollectivePrimitive>;
