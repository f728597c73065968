/**
 * Validation of `inAxes` / `outAxes` (ints, null, or containers of them), with JAX's messages.
 * JAX: the checks at the top of jax.vmap.
 */
import { tree } from '@jaxts/frozendict';
import { Tensor } from '@jaxts/tensor';
import { AxesSpecError } from './errors.ts';

/** One axis: a (possibly negative) integer, or null for "not mapped". */
export type AxisSpec = number | null;

/** A pytree prefix of axes: an axis, or an array / object of prefixes. */
export type AxesSpec = AxisSpec | readonly AxesSpec[] | { readonly [key: string]: AxesSpec };

/**
 * `inAxes`: one axis for every argument, or one entry (itself a prefix) per positional argument.
 * JAX forbids a dict at the top level (it would be ambiguous with kwargs); wrap it in a list.
 */
export type InAxes = AxisSpec | readonly AxesSpec[];

const PREFIX =
  'must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function';

/** A short Python-flavoured repr for messages (`[0, None]`, `{'a': 0}`). */
export function reprSpec(x: unknown, depth = 0): string {
  if (x === null) return 'None';
  if (x === undefined) return 'undefined';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return `'${x}'`;
  if (x instanceof Tensor) return `Tensor(${x.aval.strShort()})`;
  if (depth > 4) return '...';
  if (Array.isArray(x)) return `[${x.map((e) => reprSpec(e, depth + 1)).join(', ')}]`;
  if (typeof x === 'object') {
    const entries = Object.entries(x as Record<string, unknown>).map(
      ([k, v]) => `'${k}': ${reprSpec(v, depth + 1)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return String(x);
}

const isAxisLeaf = (x: unknown): boolean => x === null || x === undefined;

function validLeaf(x: unknown): boolean {
  return x === null || (typeof x === 'number' && Number.isInteger(x));
}

/** Checks an `inAxes` value as JAX's vmap does before any call. */
export function checkInAxes(inAxes: unknown): void {
  const top =
    inAxes === null ||
    Array.isArray(inAxes) ||
    (typeof inAxes === 'number' && Number.isInteger(inAxes));
  if (!top) {
    throw new AxesSpecError(
      `vmap in_axes ${PREFIX}, but got ${reprSpec(inAxes)}. Pass a number, null, or a list with one entry ` +
        'per argument (an object prefix goes inside that list: [{ a: 0, b: null }]).',
    );
  }
  const leaves = tree.leaves(inAxes, { isLeaf: isAxisLeaf });
  if (!leaves.every(validLeaf)) {
    throw new AxesSpecError(
      `vmap in_axes must be an int, None, or (nested) container with those types as leaves, but got ` +
        `${reprSpec(inAxes)}. Use integers (axis numbers) and null only.`,
    );
  }
}

/** Checks an `outAxes` value (any container of ints and nulls). */
export function checkOutAxes(outAxes: unknown): void {
  const leaves = tree.leaves(outAxes, { isLeaf: isAxisLeaf });
  if (!leaves.every(validLeaf)) {
    throw new AxesSpecError(
      `vmap out_axes must be an int, None, or (nested) container with those types as leaves, but got ` +
        `${reprSpec(outAxes)}. Use integers (axis numbers) and null only.`,
    );
  }
}

/** The per-call check of a list `inAxes` against the arguments. */
export function checkInAxesLength(inAxes: unknown, nargs: number): void {
  if (Array.isArray(inAxes) && inAxes.length !== nargs) {
    throw new AxesSpecError(
      `vmap in_axes ${PREFIX}, but got len(in_axes)=${inAxes.length}, len(args)=${nargs}. ` +
        'Give one inAxes entry per argument, or a single number for all of them.',
    );
  }
}

export function checkAxisOptions(axisName: unknown, axisSize: unknown): void {
  if (axisName !== null && axisName !== undefined && typeof axisName !== 'string') {
    throw new AxesSpecError(
      `vmap: axisName must be a string; got ${reprSpec(axisName)}. Name the axis with a string, e.g. 'batch'.`,
    );
  }
  if (
    axisSize !== null &&
    axisSize !== undefined &&
    !(typeof axisSize === 'number' && Number.isInteger(axisSize) && axisSize >= 0)
  ) {
    throw new AxesSpecError(
      `vmap: axisSize must be a non-negative integer; got ${reprSpec(axisSize)}.`,
    );
  }
}
