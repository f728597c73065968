/** Shared argument handling of the differentiation APIs: pytrees of arrays in, checks, errors. */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor, Tensor as TensorClass } from '@jaxts/tensor';
import { GradTypeError } from './errors.ts';

/**
 * A leaf as an array. JavaScript numbers cannot tell 3 from 3.0, so a number being differentiated
 * becomes a weakly typed float32 scalar (JAX would make `3` an int and refuse it).
 */
export function leafToTensor(
  api: string,
  leaf: unknown,
  path: string,
  forceFloat: boolean,
): Tensor {
  if (leaf instanceof TensorClass) return leaf;
  if (typeof leaf === 'number')
    return forceFloat ? jnp.asarray(leaf, 'float32').astype('float32') : jnp.asarray(leaf);
  if (typeof leaf === 'boolean') return jnp.asarray(leaf);
  throw new GradTypeError(
    `${api}: argument ${path} is not an array; got ${leaf === null ? 'null' : typeof leaf}. ` +
      'Differentiable arguments must be arrays, numbers, or pytrees of them.',
  );
}

export function flattenArg(
  api: string,
  x: unknown,
  forceFloat: boolean,
): { leaves: Tensor[]; def: TreeDef } {
  const [leaves, def] = tree.flatten(x);
  return { leaves: leaves.map((l, i) => leafToTensor(api, l, `leaf ${i}`, forceFloat)), def };
}

export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function normalizeArgnums(
  api: string,
  argnums: number | readonly number[],
  nargs: number,
): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const a of list) {
    if (!Number.isInteger(a))
      throw new GradTypeError(`${api}: argnums must be integers; got ${JSON.stringify(argnums)}.`);
    const need = a < 0 ? -a : a + 1;
    if (need > nargs) {
      throw new GradTypeError(
        `differentiating with respect to argnums=${JSON.stringify(argnums)} requires at least ${need} positional ` +
          `arguments to be passed by the caller, but got only ${nargs} positional arguments.`,
      );
    }
  }
  return list.map((a) => (a < 0 ? a + nargs : a));
}

/** Splits a `hasAux` function's result, with JAX's error when it is not a pair. */
export function splitAux(result: unknown): [unknown, unknown] {
  if (!Array.isArray(result) || result.length !== 2) {
    const desc = Array.isArray(result) ? `an array of length ${result.length}` : typeof result;
    throw new GradTypeError(
      `expected function with aux output to return a two-element tuple, but got ${desc}. ` +
        'With hasAux: true, return [value, aux].',
    );
  }
  return [result[0], result[1]];
}

/**
 * The array leaves of an aux output, carried out of a transformation as extra outputs of the
 * flat function so that callers get their primal values, not tracers of a finished trace (JAX
 * returns aux values lowered the same way). Other leaves (strings, numbers) pass through as is.
 */
export interface AuxCarrier {
  readonly arrays: Tensor[];
  rebuild(values: readonly Tensor[]): unknown;
}

export function carryAux(aux: unknown): AuxCarrier {
  const [leaves, def] = tree.flatten(aux);
  const at = leaves.flatMap((l, i) => (l instanceof TensorClass ? [i] : []));
  return {
    arrays: at.map((i) => leaves[i] as Tensor),
    rebuild: (values) => {
      const out = [...leaves];
      at.forEach((i, k) => {
        out[i] = values[k];
      });
      return tree.unflatten(def, out);
    },
  };
}
