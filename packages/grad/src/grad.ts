/**
 * grad and valueAndGrad: reverse-mode gradients of scalar functions of pytrees, as the
 * transpose of the linearized function. JAX: jax.grad, jax.value_and_grad.
 */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor, Tensor as TensorClass } from '@jaxts/tensor';
import {
  type AuxCarrier,
  carryAux,
  flattenArg,
  normalizeArgnums,
  shapeStr,
  splitAux,
} from './args.ts';
import { GradTypeError } from './errors.ts';
import { vjpFlat } from './flat.ts';

export interface GradOptions {
  /** Which positional argument(s) to differentiate; a list gives a tuple of gradients. */
  readonly argnums?: number | readonly number[];
  /** The function returns `[value, aux]`; aux is passed through undifferentiated. */
  readonly hasAux?: boolean;
}

function checkScalarOutput(out: unknown): Tensor {
  if (!(out instanceof TensorClass)) {
    if (typeof out === 'number') return jnp.asarray(out, 'float32');
    const desc = Array.isArray(out)
      ? `(${out.map((o) => (o instanceof TensorClass ? o.aval.strShort() : typeof o)).join(', ')})`
      : typeof out;
    throw new GradTypeError(
      `Gradient only defined for scalar-output functions. Output was ${desc}.`,
    );
  }
  if (out.ndim !== 0) {
    const hint =
      out.size === 1
        ? 'To get the gradient, extract the scalar with output.reshape([]), or reduce the output with output.sum(), or use jacrev to differentiate a function with a non-scalar output.'
        : 'To get the gradient, reduce the output to a scalar with output.sum(), or use jacrev to differentiate a function with a non-scalar output.';
    throw new GradTypeError(
      `Gradient only defined for scalar-output functions. Output had shape: ${shapeStr(out.shape)}. ${hint}`,
    );
  }
  if (out.dtype !== 'float32') {
    throw new GradTypeError(
      `grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${out.dtype}. ` +
        'For differentiation of functions with integer outputs, use vjp directly.',
    );
  }
  return out;
}

type ValueAndGradFn = (...args: unknown[]) => [unknown, unknown];

function makeValueAndGrad(
  f: (...args: never[]) => unknown,
  opts: GradOptions,
  api: string,
): ValueAndGradFn {
  const hasAux = opts.hasAux ?? false;
  const argnumsOpt = opts.argnums ?? 0;
  return (...args: unknown[]): [unknown, unknown] => {
    const argnums = normalizeArgnums(api, argnumsOpt, args.length);
    const flats = argnums.map((a) => flattenArg(api, args[a], true));
    for (const { leaves } of flats) {
      for (const l of leaves) {
        if (l.dtype !== 'float32') {
          throw new GradTypeError(
            `grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got ${l.dtype}. ` +
              'If you want to use Boolean- or integer-valued inputs, use vjp.',
          );
        }
      }
    }
    const sizes = flats.map((fl) => fl.leaves.length);
    const allLeaves = flats.flatMap((fl) => fl.leaves);
    let aux: AuxCarrier | null = null;
    const fFlat = (...xs: Tensor[]): Tensor[] => {
      const full = [...args];
      let k = 0;
      argnums.forEach((a, i) => {
        const n = sizes[i] as number;
        full[a] = tree.unflatten((flats[i] as { def: TreeDef }).def, xs.slice(k, k + n));
        k += n;
      });
      const result = (f as (...a: unknown[]) => unknown)(...full);
      if (!hasAux) return [checkScalarOutput(result)];
      const [value, auxValue] = splitAux(result);
      aux = carryAux(auxValue);
      return [checkScalarOutput(value), ...aux.arrays];
    };
    const { primalsOut, vjp } = vjpFlat(fFlat, allLeaves);
    const value = primalsOut[0] as Tensor;
    const cts = vjp([jnp.onesLike(value), ...primalsOut.slice(1).map(() => null)]);
    const grads: unknown[] = [];
    let k = 0;
    argnums.forEach((_, i) => {
      const n = sizes[i] as number;
      const leafCts = cts
        .slice(k, k + n)
        .map((c, j) => c ?? jnp.zerosLike(allLeaves[k + j] as Tensor));
      grads.push(tree.unflatten((flats[i] as { def: TreeDef }).def, leafCts));
      k += n;
    });
    const g = typeof argnumsOpt === 'number' ? grads[0] : grads;
    const carried = aux as AuxCarrier | null;
    return [carried === null ? value : [value, carried.rebuild(primalsOut.slice(1))], g];
  };
}

/** Arguments of a differentiated function: a Tensor parameter also accepts a JavaScript number. */
export type ArgsLike<A extends unknown[]> = {
  [K in keyof A]: A[K] extends Tensor ? A[K] | number : A[K];
};

/** The gradient's type: the differentiated argument's pytree structure (numbers become arrays). */
export type GradOf<T> = T extends number ? Tensor : T;

/**
 * `valueAndGrad(f, { argnums, hasAux })(...args)` → `[value, grads]`, or `[[value, aux], grads]`
 * with hasAux (the seed: `const [[l, updatedState], grads] = valueAndGrad(loss, { hasAux: true })(params)`).
 * With a list of argnums the gradients are a tuple.
 */
export function valueAndGrad<A extends unknown[], V, X, N extends number = 0>(
  f: (...args: A) => readonly [V, X],
  opts: { readonly argnums?: N; readonly hasAux: true },
): (...args: ArgsLike<A>) => [[Tensor, X], GradOf<A[N]>];
export function valueAndGrad<A extends unknown[], N extends number = 0>(
  f: (...args: A) => unknown,
  opts?: { readonly argnums?: N; readonly hasAux?: false },
): (...args: ArgsLike<A>) => [Tensor, GradOf<A[N]>];
export function valueAndGrad<A extends unknown[]>(
  f: (...args: A) => unknown,
  opts: GradOptions,
): (...args: A) => [unknown, unknown];
export function valueAndGrad<A extends unknown[]>(
  f: (...args: A) => unknown,
  opts: GradOptions = {},
): (...args: A) => [unknown, unknown] {
  return makeValueAndGrad(f as (...args: never[]) => unknown, opts, 'valueAndGrad') as (
    ...args: A
  ) => [unknown, unknown];
}

/** `grad(f, { argnums, hasAux })(...args)` → gradients (and `[grads, aux]` with hasAux). */
export function grad<A extends unknown[], V, X, N extends number = 0>(
  f: (...args: A) => readonly [V, X],
  opts: { readonly argnums?: N; readonly hasAux: true },
): (...args: ArgsLike<A>) => [GradOf<A[N]>, X];
export function grad<A extends unknown[], N extends number = 0>(
  f: (...args: A) => unknown,
  opts?: { readonly argnums?: N; readonly hasAux?: false },
): (...args: ArgsLike<A>) => GradOf<A[N]>;
export function grad<A extends unknown[]>(
  f: (...args: A) => unknown,
  opts: GradOptions,
): (...args: A) => unknown;
export function grad<A extends unknown[]>(
  f: (...args: A) => unknown,
  opts: GradOptions = {},
): (...args: A) => unknown {
  const vg = makeValueAndGrad(f as (...args: never[]) => unknown, opts, 'grad');
  return (...args: A): unknown => {
    const [value, g] = vg(...args);
    if (opts.hasAux ?? false) return [g, (value as [unknown, unknown])[1]];
    return g;
  };
}
