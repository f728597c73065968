/**
 * Index maps of strided views: for each element of a result, the flat index it reads in an
 * operand. Broadcasts, transposes, reversals and slices are all such views, and so is the
 * element-to-output map of a reduction. Built once per program, when it is compiled.
 */
import { sizeOf } from '../../shape.ts';

/** map[i] = base + Σ_k coord_k(i) * strides[k] over the row-major coordinates of `shape`. */
export function linearMap(
  shape: readonly number[],
  strides: readonly number[],
  base = 0,
): Int32Array {
  const n = sizeOf(shape);
  const rank = shape.length;
  const map = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let cur = base;
  for (let k = 0; k < n; k++) {
    map[k] = cur;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      cur += strides[d] as number;
      if ((counter[d] as number) < (shape[d] as number)) break;
      cur -= (strides[d] as number) * (shape[d] as number);
      counter[d] = 0;
    }
  }
  return map;
}
