/**
 * makeJaxpr(f)(...args): stages f on abstract values of its (pytree) arguments and returns the
 * closed jaxpr, printable in JAX's syntax. JAX: jax.make_jaxpr.
 */
import { tree } from '@jaxts/frozendict';
import { ShapedArray } from '../core/aval.ts';
import { InvalidArgumentError } from '../errors.ts';
import { asTensor } from '../numpy/convert.ts';
import { Tensor } from '../tensor.ts';
import type { ClosedJaxpr } from './jaxpr.ts';
import { stageToJaxpr } from './jaxpr-trace.ts';

/** Abstract value of an argument leaf: arrays keep theirs, JS numbers are weak scalars. */
export function leafAval(api: string, leaf: unknown, path: string): ShapedArray {
  if (leaf instanceof Tensor) return leaf.aval;
  if (typeof leaf === 'number' || typeof leaf === 'boolean') return asTensor(leaf).aval;
  if (leaf instanceof ShapedArray) return leaf;
  throw new InvalidArgumentError(
    `${api}: error interpreting argument ${path} as an abstract array; got a value of type ` +
      `${leaf === null ? 'null' : typeof leaf}. Pass arrays, numbers or pytrees of them.`,
  );
}

/**
 * Returns a function that stages `f` and returns its closed jaxpr. Arguments may be arrays,
 * numbers, ShapedArrays (shape-only) or pytrees of them; outputs may be pytrees.
 */
export function makeJaxpr<A extends unknown[]>(
  f: (...args: A) => unknown,
): (...args: A) => ClosedJaxpr {
  return (...args: A): ClosedJaxpr => {
    const [leaves, inTree] = tree.flatten(args);
    const avals = leaves.map((l, i) => leafAval('makeJaxpr', l, `leaf ${i}`));
    return stageToJaxpr((...tracers: Tensor[]) => {
      const unflat = tree.unflatten(inTree, tracers) as A;
      const out = f(...unflat);
      const [outLeaves] = tree.flatten(out);
      return outLeaves.map((l) => asTensor(l as Tensor, 'makeJaxpr'));
    }, avals);
  };
}
