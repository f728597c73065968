/**
 * Named axes bound by enclosing transformations (vmap's axisName): collectives look their axis
 * up here. A transformation binds a name by putting `{ axisName, axisSize }` in its main trace's
 * global data. JAX: core.axis_frame / the axis environment.
 */
import { UnboundAxisNameError } from '../errors.ts';
import { findMain, type MainTrace } from './trace.ts';

export interface AxisFrame {
  readonly axisName: string | null;
  readonly axisSize: number;
}

function frameOf(main: MainTrace): AxisFrame | null {
  const g = main.globalData as Partial<AxisFrame> | null;
  if (g === null || typeof g !== 'object' || typeof g.axisSize !== 'number' || !('axisName' in g))
    return null;
  return g as AxisFrame;
}

/** The innermost main trace binding `name` (inner vmaps shadow outer ones with the same name). */
export function findAxisMain(name: string): MainTrace | null {
  return findMain((m) => frameOf(m)?.axisName === name);
}

/** Size of a bound axis, or JAX's unbound-axis error naming the collective. */
export function axisSize(api: string, name: string): number {
  const main = findAxisMain(name);
  if (main === null) throw unboundAxis(api, name);
  return (frameOf(main) as AxisFrame).axisSize;
}

export function unboundAxis(api: string, name: string): UnboundAxisNameError {
  return new UnboundAxisNameError(
    `${api}: unbound axis name '${name}'. Collectives need an enclosing vmap(f, { axisName: '${name}' }).`,
  );
}
