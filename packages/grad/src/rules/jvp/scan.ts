/**
 * Cumulative products/maxima with their tangents, computed by a Hillis-Steele scan of shifted
 * copies (log2(n) steps of binary ops), so zeros and ties need no division or special casing.
 * JAX derives these JVPs the same way, from an associative scan.
 */
import type { Tensor } from '@jaxts/tensor';
import { bind1 } from '@jaxts/tensor/core';
import { add, constLike, ge, mul, select } from '../ops.ts';

/** `x` shifted by `s` along `axis` (towards higher indices, or lower when reverse), filled with `fill`. */
function shift(x: Tensor, s: number, axis: number, reverse: boolean, fill: number): Tensor {
  const config = x.shape.map((d, i) => {
    if (i !== axis) return [0, 0, 0] as const;
    const n = Math.min(s, d);
    return reverse ? ([-n, n, 0] as const) : ([n, -n, 0] as const);
  });
  return bind1('pad', [x, constLike(x, fill)], { padding_config: config });
}

export type ScanKind = 'prod' | 'max' | 'min';

/** Primal and tangent of a cumulative reduction along `axis`. */
export function scanJvp(
  x: Tensor,
  t: Tensor,
  axis: number,
  reverse: boolean,
  kind: ScanKind,
): [Tensor, Tensor] {
  const n = x.shape[axis] as number;
  const fill =
    kind === 'prod' ? 1 : kind === 'max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let y = x;
  let ty = t;
  for (let s = 1; s < n; s *= 2) {
    const ys = shift(y, s, axis, reverse, fill);
    const ts = shift(ty, s, axis, reverse, 0);
    if (kind === 'prod') {
      ty = add(mul(ty, ys), mul(y, ts));
      y = mul(y, ys);
    } else {
      // The running extreme keeps its own tangent on ties (the later element wins in JAX's scan).
      const keep = kind === 'max' ? ge(y, ys) : ge(ys, y);
      ty = select(keep, ty, ts);
      y = select(keep, y, ys);
    }
  }
  return [y, ty];
}
