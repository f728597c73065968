/**
 * The size of the mapped axis, from the arguments' mapped axes and `axisSize`, with JAX's
 * messages for axes out of range and inconsistent sizes. JAX: api._mapped_axis_size.
 */
import type { Tensor } from '@jaxts/tensor';
import { AxisSizeError, MappedAxisError } from './errors.ts';
import type { BDim } from './rules/types.ts';

/** JAX's long dtype form (`float32[3]`), which this message uses in JAX. */
function typeStr(x: Tensor): string {
  return `${x.dtype}[${x.shape.join(',')}]`;
}

function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The axis `d` of `x` normalized to [0, ndim), or JAX's error when it is out of range. */
export function checkMappedAxis(x: Tensor, d: number): number {
  if (d >= x.ndim || d < -x.ndim) {
    const minRank = d >= 0 ? d + 1 : -d;
    throw new MappedAxisError(
      `vmap was requested to map its argument along axis ${d}, which implies that its rank ` +
        `should be at least ${minRank}, but is only ${x.ndim} (its shape is ${pyShape(x.shape)}). ` +
        'Pass an in_axes entry within the rank of that argument (or null to not map it).',
    );
  }
  return d < 0 ? d + x.ndim : d;
}

/**
 * The common size of the mapped axes. `names[i]` describes leaf i in messages (`args[0]['b']`);
 * `axes` are the in_axes as given (negative ones print as given, as in JAX).
 */
export function mappedAxisSize(
  leaves: readonly Tensor[],
  axes: readonly BDim[],
  names: readonly string[],
  axisSize: number | null,
): number {
  if (leaves.length === 0) {
    if (axisSize !== null) return axisSize;
    throw new AxisSizeError(
      'vmap wrapped function must be passed at least one argument containing an array or ' +
        'axis_size must be specified, got empty *args=() and **kwargs={}. Pass an array ' +
        'argument, or give { axisSize }.',
    );
  }
  const sizes: (number | null)[] = leaves.map((x, i) => {
    const d = axes[i] ?? null;
    return d === null ? null : (x.shape[checkMappedAxis(x, d)] as number);
  });
  const distinct = new Set<number>();
  for (const s of sizes) if (s !== null) distinct.add(s);
  if (axisSize !== null) distinct.add(axisSize);
  if (distinct.size === 1) return distinct.values().next().value as number;
  if (distinct.size === 0) {
    throw new AxisSizeError(
      'vmap must have at least one non-None value in in_axes or axis_size must be ' +
        'specified; every in_axes entry is null. Map at least one argument, or give { axisSize }.',
    );
  }
  // Group the sizes by count, most common first (ties keep first-seen order, as Counter does).
  const counts = new Map<number, number>();
  for (const s of sizes) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const example = (sz: number): string => {
    const i = sizes.indexOf(sz);
    return `axis ${axes[i]} of ${names[i]} of type ${typeStr(leaves[i] as Tensor)}`;
  };
  const lines = ['vmap got inconsistent sizes for array axes to be mapped:'];
  if (axisSize !== null) lines.push(`  * the \`axis_size\` argument was ${axisSize};`);
  order.forEach(([sz, ct], k) => {
    if (ct === 1) lines.push(`  * one axis had size ${sz}: ${example(sz)};`);
    else if (k === 0)
      lines.push(`  * most axes (${ct} of them) had size ${sz}, e.g. ${example(sz)};`);
    else lines.push(`  * some axes (${ct} of them) had size ${sz}, e.g. ${example(sz)};`);
  });
  const msg = lines.join('\n').replace(/;$/, '');
  throw new AxisSizeError(`${msg}\nMap axes of one size, or pass axisSize matching them.`);
}
