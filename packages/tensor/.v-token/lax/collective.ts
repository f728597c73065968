/**
 * Collectives over named axes (jax.lax.psum, pmean, pmax, pmin, all_gather, axis_index,
 * ppermute). They are primitives of this package so that layers such as BatchNorm need no vmap
 * import; their batching rules live in @jaxts/vmap. Each accepts a pytree, like JAX's.
 */
import { tree } from '@jaxts/frozendict';
import { axisSize } from '../core/axis-env.ts';
import { bind1 } from '../core/bind.ts';
import { InvalidArgumentError } from '../errors.ts';
import { asTensor } from '../numpy/convert.ts';
import { divide } from '../numpy/elementwise.ts';
import { normalizeAxis } from '../shape.ts';
import type { Tensor } from '../tensor.ts';

export type AxisName = string | readonly string[];

/** The result of a collective over a pytree: JavaScript numbers and booleans become arrays. */
export type Collected<T> = T extends number | boolean
  ? Tensor
  : T extends Tensor
    ? Tensor
    : T extends readonly unknown[]
      ? { [K in keyof T]: Collected<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collected<T[K]> }
        : T;

function names(api: string, axisName: AxisName): string[] {
  const list = typeof axisName === 'string' ? [axisName] : [...axisName];
  if (list.length === 0 || list.some((n) => typeof n !== 'string')) {
    throw new InvalidArgumentError(
      `${api}: axisName must be a string or a list of strings; got ${JSON.stringify(axisName)}.`,
    );
  }
  for (const n of list) axisSize(api, n);
  return list;
}

function mapLeaves<T>(x: T, f: (t: Tensor) => Tensor): Collected<T> {
  return tree.map((leaf: unknown) => f(asTensor(leaf as Tensor)), x) as Collected<T>;
}

/** Sum over the named mapped axis (or axes). An unmapped value is multiplied by the axis size. */
export function psum<T>(x: T, axisName: AxisName): Collected<T> {
  const axes = names('psum', axisName);
  return mapLeaves(x, (t) => bind1('psum', [t], { axes }));
}

/** Mean over the named axis: psum divided by the axis size. */
export function pmean<T>(x: T, axisName: AxisName): Collected<T> {
  const axes = names('pmean', axisName);
  const n = axes.reduce((acc, a) => acc * axisSize('pmean', a), 1);
  return mapLeaves(x, (t) => divide(bind1('psum', [t], { axes }), n));
}

export function pmax<T>(x: T, axisName: AxisName): Collected<T> {
  const axes = names('pmax', axisName);
  return mapLeaves(x, (t) => bind1('pmax', [t], { axes }));
}

export function pmin<T>(x: T, axisName: AxisName): Collected<T> {
  const axes = names('pmin', axisName);
  return mapLeaves(x, (t) => bind1('pmin', [t], { axes }));
}

/** Gathers the values of every index of the named axis along a new (or, tiled, an existing) axis. */
export function allGather<T>(
  x: T,
  axisName: string,
  opts: { axis?: number; tiled?: boolean } = {},
): Collected<T> {
  const [name] = names('allGather', axisName) as [string];
  const size = axisSize('allGather', name);
  const tiled = opts.tiled ?? false;
  return mapLeaves(x, (t) => {
    const d = normalizeAxis('allGather', opts.axis ?? 0, t.ndim + (tiled ? 0 : 1));
    return bind1('all_gather', [t], {
      axis_name: name,
      axis_size: size,
      all_gather_dimension: d,
      tiled,
    });
  });
}

/** The index along the named mapped axis, as an int32 scalar. */
export function axisIndex(axisName: string): Tensor {
  const [name] = names('axisIndex', axisName) as [string];
  return bind1('axis_index', [], { axis_name: name });
}

/** Sends the value at index `src` to index `dst` for each pair; under vmap perm must be full. */
export function ppermute<T>(
  x: T,
  axisName: string,
  perm: readonly (readonly [number, number])[],
): Collected<T> {
  const [name] = names('ppermute', axisName) as [string];
  const size = axisSize('ppermute', name);
  for (const [s, d] of perm) {
    if (!Number.isInteger(s) || !Number.isInteger(d) || s < 0 || d < 0 || s >= size || d >= size) {
      throw new InvalidArgumentError(
        `ppermute: perm entries must be indices in [0, ${size}) of axis '${name}'; got ${JSON.stringify(perm)}.`,
      );
    }
  }
  if (perm.length !== size) {
    throw new InvalidArgumentError(
      `ppermute: Permutation doesn't match the axis size! Under vmap the perm must be a full permutation of the ${size} indices of axis '${name}'; got ${JSON.stringify(perm)}.`,
    );
  }
  const p = perm.map(([s, d]) => [s, d] as const);
  return mapLeaves(x, (t) => bind1('ppermute', [t], { axis_name: name, perm: p }));
}
