/**
 * jvp and linearize over pytrees. JAX: jax.jvp, jax.linearize.
 */
import { tree } from '@jaxts/frozendict';
import type { Tensor } from '@jaxts/tensor';
import { type AuxCarrier, carryAux, flattenArg, shapeStr, splitAux } from './args.ts';
import { GradTypeError, TangentMismatchError } from './errors.ts';
import { jvpFlat, linearizeFlatApi, zerosFor } from './flat.ts';

/** Primals and tangents: JavaScript numbers are differentiated as float32 (as in grad). */
function flattenArgs(
  api: string,
  xs: readonly unknown[],
): { leaves: Tensor[]; def: ReturnType<typeof tree.structure> } {
  const { leaves, def } = flattenArg(api, xs, true);
  return { leaves, def };
}

/**
 * `jvp(f, primals, tangents)` → `[primalsOut, tangentsOut]` (pytrees); with `{ hasAux: true }`
 * the function returns `[out, aux]` and jvp returns `[primalsOut, tangentsOut, aux]`.
 */
export function jvp(
  f: (...args: never[]) => unknown,
  primals: readonly unknown[],
  tangents: readonly unknown[],
  opts: { readonly hasAux?: boolean } = {},
): [unknown, unknown] | [unknown, unknown, unknown] {
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new GradTypeError(
      `primal and tangent arguments to jvp must be tuples or lists; found ${Array.isArray(primals) ? 'array' : typeof primals} and ${Array.isArray(tangents) ? 'array' : typeof tangents}.`,
    );
  }
  const p = flattenArgs('jvp', primals);
  const t = flattenArgs('jvp', tangents);
  if (!p.def.equals(t.def)) {
    throw new TangentMismatchError(
      `primal and tangent arguments to jvp must have the same tree structure; primals have tree structure ${p.def.toString()} whereas tangents have tree structure ${t.def.toString()}.`,
    );
  }
  p.leaves.forEach((x, i) => {
    const tx = t.leaves[i] as Tensor;
    if (x.shape.length !== tx.shape.length || x.shape.some((d, j) => d !== tx.shape[j])) {
      throw new TangentMismatchError(
        `jvp called with different primal and tangent shapes;Got primal shape ${shapeStr(x.shape)} and tangent shape as ${shapeStr(tx.shape)}`,
      );
    }
    if (x.dtype === 'float32' && tx.dtype !== x.dtype) {
      throw new TangentMismatchError(
        `primal and tangent arguments to jvp do not match; dtypes must be equal. Got primal dtype ${x.dtype} and so expected tangent dtype ${x.dtype}, but got tangent dtype ${tx.dtype} instead.`,
      );
    }
  });
  const hasAux = opts.hasAux ?? false;
  let aux: AuxCarrier | null = null;
  let outDef: ReturnType<typeof tree.structure> | null = null;
  let nOut = 0;
  const fFlat = (...xs: Tensor[]): Tensor[] => {
    let out = (f as (...a: unknown[]) => unknown)(...(tree.unflatten(p.def, xs) as unknown[]));
    let auxValue: unknown;
    if (hasAux) [out, auxValue] = splitAux(out);
    const [leaves, def] = tree.flatten(out);
    outDef = def;
    const outLeaves = flattenArg('jvp', leaves, false).leaves;
    nOut = outLeaves.length;
    if (!hasAux) return outLeaves;
    aux = carryAux(auxValue);
    return [...outLeaves, ...aux.arrays];
  };
  const [allOuts, allTangents] = jvpFlat(fFlat, p.leaves, t.leaves);
  const outs = allOuts.slice(0, nOut);
  const outTangents = allTangents.slice(0, nOut);
  const def = outDef as unknown as ReturnType<typeof tree.structure>;
  const primalsOut = tree.unflatten(def, outs);
  const tangentsOut = tree.unflatten(
    def,
    outTangents.map((tg, i) => tg ?? zerosFor(outs[i] as Tensor)),
  );
  const carried = aux as AuxCarrier | null;
  return carried === null
    ? [primalsOut, tangentsOut]
    : [primalsOut, tangentsOut, carried.rebuild(allOuts.slice(nOut))];
}

/** `linearize(f, ...primals)` → `[out, fJvp]` where `fJvp(...tangents)` is the linear map. */
export function linearize(
  f: (...args: never[]) => unknown,
  ...primals: unknown[]
): [unknown, (...tangents: unknown[]) => unknown] {
  const p = flattenArgs('linearize', primals);
  let outDef: ReturnType<typeof tree.structure> | null = null;
  const fFlat = (...xs: Tensor[]): Tensor[] => {
    const out = (f as (...a: unknown[]) => unknown)(...(tree.unflatten(p.def, xs) as unknown[]));
    const [leaves, def] = tree.flatten(out);
    outDef = def;
    return flattenArg('linearize', leaves, false).leaves;
  };
  const { primalsOut, jvp: jvpLin } = linearizeFlatApi(fFlat, p.leaves);
  const def = outDef as unknown as ReturnType<typeof tree.structure>;
  const fJvp = (...tangents: unknown[]): unknown => {
    const t = flattenArgs('linearize', tangents);
    if (!t.def.equals(p.def)) {
      throw new TangentMismatchError(
        `linearize: tangents have tree structure ${t.def.toString()} but primals have ${p.def.toString()}.`,
      );
    }
    return tree.unflatten(def, jvpLin(t.leaves));
  };
  return [tree.unflatten(def, primalsOut), fJvp];
}
