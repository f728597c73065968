/**
 * jnp.unstack: the slices of an array along an axis, as a list. JavaScript destructuring of a
 * Tensor is not supported (making Tensors iterable breaks deep-equality helpers, which would
 * iterate them), so `key, subkey = random.split(key)` is `const [key, subkey] = jnp.unstack(random.split(key))`.
 */
import { AxisError } from '../errors.ts';
import { normalizeAxis } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor, type TensorLike } from './convert.ts';
import { moveaxis } from './shape.ts';

export function unstack(x: TensorLike, opts: { axis?: number } = {}): Tensor[] {
  const t = asTensor(x, 'unstack');
  if (t.ndim === 0)
    throw new AxisError('unstack: requires an array of rank >= 1; got a 0-d array.');
  const axis = normalizeAxis('unstack', opts.axis ?? 0, t.ndim);
  const moved = axis === 0 ? t : moveaxis(t, axis, 0);
  const n = moved.shape[0] as number;
  const out: Tensor[] = [];
  for (let i = 0; i < n; i++) out.push(moved.get(i));
  return out;
}
