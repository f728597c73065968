/** vjp over pytrees. JAX: jax.vjp. */
import { tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { type AuxCarrier, carryAux, flattenArg, splitAux } from './args.ts';
import { TangentMismatchError } from './errors.ts';
import { vjpFlat } from './flat.ts';

export interface VjpOptions {
  readonly hasAux?: boolean;
}

function isOptions(x: unknown): x is VjpOptions {
  if (x === null || typeof x !== 'object' || Object.getPrototypeOf(x) !== Object.prototype)
    return false;
  const keys = Object.keys(x);
  return keys.length === 1 && keys[0] === 'hasAux' && typeof (x as VjpOptions).hasAux === 'boolean';
}

/**
 * `vjp(f, ...primals)` → `[out, vjpFn]`; `vjpFn(cotangent)` returns a tuple with one cotangent per
 * primal. A trailing `{ hasAux: true }` (an object with only that key) makes f return
 * `[out, aux]` and vjp return `[out, vjpFn, aux]`.
 */
export function vjp(
  f: (...args: never[]) => unknown,
  ...primalsAndOptions: unknown[]
): [unknown, (ct: unknown) => unknown[]] | [unknown, (ct: unknown) => unknown[], unknown] {
  const last = primalsAndOptions[primalsAndOptions.length - 1];
  const hasOpts = primalsAndOptions.length > 0 && isOptions(last);
  const primals = hasOpts ? primalsAndOptions.slice(0, -1) : primalsAndOptions;
  const hasAux = hasOpts ? ((last as VjpOptions).hasAux ?? false) : false;
  // JavaScript numbers are differentiated as float32 (as in grad).
  const p = flattenArg('vjp', primals, true);
  let aux: AuxCarrier | null = null;
  let outDef: ReturnType<typeof tree.structure> | null = null;
  let nOut = 0;
  const fFlat = (...xs: Tensor[]): Tensor[] => {
    let out = (f as (...a: unknown[]) => unknown)(...(tree.unflatten(p.def, xs) as unknown[]));
    let auxValue: unknown;
    if (hasAux) [out, auxValue] = splitAux(out);
    const [leaves, def] = tree.flatten(out);
    outDef = def;
    const outLeaves = flattenArg('vjp', leaves, false).leaves;
    nOut = outLeaves.length;
    if (!hasAux) return outLeaves;
    aux = carryAux(auxValue);
    return [...outLeaves, ...aux.arrays];
  };
  const { primalsOut: allOuts, vjp: vjpLin } = vjpFlat(fFlat, p.leaves);
  const primalsOut = allOuts.slice(0, nOut);
  const auxNulls = allOuts.slice(nOut).map(() => null);
  const def = outDef as unknown as ReturnType<typeof tree.structure>;
  const vjpFn = (ct: unknown): unknown[] => {
    const c = flattenArg('vjp', ct, true);
    if (!c.def.equals(def)) {
      throw new TangentMismatchError(
        `vjp: cotangent has tree structure ${c.def.toString()} but the function's output has ${def.toString()}.`,
      );
    }
    c.leaves.forEach((x, i) => {
      const o = primalsOut[i] as Tensor;
      if (!x.aval.sameType(o.aval)) {
        throw new TangentMismatchError(
          `unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got ${x.aval.strShort()}, but expected ${o.aval.strShort()} because the corresponding output of the differentiated function had JAX type ${o.aval.strShort()}`,
        );
      }
    });
    const cts = vjpLin([...c.leaves, ...auxNulls]).map(
      (x, i) => x ?? jnp.zerosLike(p.leaves[i] as Tensor),
    );
    return tree.unflatten(p.def, cts) as unknown[];
  };
  const out = tree.unflatten(def, primalsOut);
  const carried = aux as AuxCarrier | null;
  return carried === null ? [out, vjpFn] : [out, vjpFn, carried.rebuild(allOuts.slice(nOut))];
}
