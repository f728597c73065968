/**
 * Jacobians and Hessians of functions of pytrees: jacfwd (a JVP per input basis vector), jacrev
 * (a VJP per output basis vector), both batched with vmap, and hessian = jacfwd(jacrev). JAX:
 * jax.jacfwd, jax.jacrev / jax.jacobian, jax.hessian. Layout as in JAX: each output leaf holds
 * the input's structure with arrays of shape `out.shape + in.shape`.
 */
import { type TreeDef, tree } from '@jaxts/frozendict';
import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import { type AuxCarrier, carryAux, flattenArg, normalizeArgnums, splitAux } from './args.ts';
import { type BasisResult, mapBasis } from './basis.ts';
import { GradTypeError } from './errors.ts';
import { jvpFlat, vjpFlat } from './flat.ts';

export interface JacobianOptions {
  /** Which positional argument(s) to differentiate; a list gives a tuple per output leaf. */
  readonly argnums?: number | readonly number[];
  /** The function returns `[out, aux]`; the result is then `[jacobian, aux]`. */
  readonly hasAux?: boolean;
}

type AnyFn = (...args: never[]) => unknown;

interface Prepared {
  readonly argnums: number[];
  readonly defs: TreeDef[];
  readonly sizes: number[];
  /** The differentiated leaves of all argnums, in order. */
  readonly leaves: Tensor[];
  /** f on the differentiated leaves: the output leaves, then the aux arrays (if hasAux). */
  readonly fFlat: (...xs: Tensor[]) => Tensor[];
  /** Output structure and count, known once fFlat has run. */
  readonly outDef: () => TreeDef;
  readonly nOut: () => number;
  /** Rebuilds aux from the (primal) values of its arrays; null without hasAux. */
  readonly aux: () => AuxCarrier | null;
}

function prepare(
  api: string,
  f: AnyFn,
  opts: JacobianOptions,
  args: readonly unknown[],
  inputError: (dtype: string) => string,
): Prepared {
  const argnums = normalizeArgnums(api, opts.argnums ?? 0, args.length);
  const flats = argnums.map((a) => flattenArg(api, args[a], true));
  for (const { leaves } of flats) {
    for (const l of leaves) if (l.dtype !== 'float32') throw new GradTypeError(inputError(l.dtype));
  }
  const sizes = flats.map((fl) => fl.leaves.length);
  const defs = flats.map((fl) => fl.def);
  const hasAux = opts.hasAux ?? false;
  let outDef: TreeDef | null = null;
  let nOut = 0;
  let aux: AuxCarrier | null = null;
  const fFlat = (...xs: Tensor[]): Tensor[] => {
    const full = [...args];
    let k = 0;
    argnums.forEach((a, i) => {
      const n = sizes[i] as number;
      full[a] = tree.unflatten(defs[i] as TreeDef, xs.slice(k, k + n));
      k += n;
    });
    let out = (f as (...a: unknown[]) => unknown)(...full);
    let auxValue: unknown;
    if (hasAux) [out, auxValue] = splitAux(out);
    const [leaves, def] = tree.flatten(out);
    outDef = def;
    const outLeaves = flattenArg(api, leaves, false).leaves;
    nOut = outLeaves.length;
    if (!hasAux) return outLeaves;
    aux = carryAux(auxValue);
    return [...outLeaves, ...aux.arrays];
  };
  return {
    argnums,
    defs,
    sizes,
    leaves: flats.flatMap((fl) => fl.leaves),
    fFlat,
    outDef: () => outDef as unknown as TreeDef,
    nOut: () => nOut,
    aux: () => aux,
  };
}

/** Rows of the identity matrix for each leaf: leaf i gets shape [n, ...leaf.shape]. */
function standardBasis(xs: readonly Tensor[]): Tensor[] {
  const n = xs.reduce((acc, x) => acc + x.size, 0);
  const eye = jnp.eye(n, undefined, undefined, 'float32');
  let offset = 0;
  return xs.map((x) => {
    const cols = lax.slice(eye, [0, offset], [n, offset + x.size]);
    offset += x.size;
    return jnp.reshape(cols, [n, ...x.shape]);
  });
}

/**
 * The Jacobian blocks of one output leaf (one per input leaf), regrouped into the input pytrees
 * (a tuple over argnums), or the single tree for a number argnums.
 */
function regroup(p: Prepared, blocks: readonly Tensor[], scalarArgnums: boolean): unknown {
  const perArg: unknown[] = [];
  let k = 0;
  p.argnums.forEach((_, i) => {
    const n = p.sizes[i] as number;
    perArg.push(tree.unflatten(p.defs[i] as TreeDef, blocks.slice(k, k + n)));
    k += n;
  });
  return scalarArgnums ? perArg[0] : perArg;
}

/** The Jacobian pytree (output structure outside, input structure inside), plus aux. */
function finish(
  p: Prepared,
  outBlocks: readonly Tensor[][],
  opts: JacobianOptions,
  auxValues: readonly Tensor[],
): unknown {
  const scalar = typeof (opts.argnums ?? 0) === 'number';
  const jac = tree.unflatten(
    p.outDef(),
    outBlocks.map((blocks) => regroup(p, blocks, scalar)),
  );
  const aux = p.aux();
  return aux === null ? jac : [jac, aux.rebuild(auxValues)];
}

/**
 * `jacfwd(f, { argnums, hasAux })(...args)`: the Jacobian by forward mode (one JVP per input
 * element, batched with vmap). Each output leaf holds the differentiated argument's structure
 * with arrays of shape `out.shape + in.shape`.
 */
export function jacfwd(f: AnyFn, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  return (...args: unknown[]): unknown => {
    const p = prepare(
      'jacfwd',
      f,
      opts,
      args,
      (dt) =>
        `jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), but got ${dt}. ` +
        'For differentiation of functions with integer inputs, use jvp directly.',
    );
    const nIn = p.leaves.reduce((acc, x) => acc + x.size, 0);
    // The primal outputs and aux leave the vmap unbatched (JAX: out_axes=(None, -1)).
    const pushfwd = (...ts: Tensor[]): BasisResult => {
      const [primals, tangents] = jvpFlat(p.fFlat, p.leaves, ts);
      const n = p.nOut();
      return {
        mapped: tangents.slice(0, n).map((t, i) => t ?? jnp.zerosLike(primals[i] as Tensor)),
        fixed: primals,
      };
    };
    let res: BasisResult;
    if (nIn === 0) {
      // No input elements: one pass for the outputs, empty Jacobians.
      const r = pushfwd(...p.leaves);
      res = { mapped: r.mapped.map((t) => jnp.zeros([0, ...t.shape], t.dtype)), fixed: r.fixed };
    } else {
      res = mapBasis(pushfwd, standardBasis(p.leaves));
    }
    const outs = res.fixed.slice(0, p.nOut());
    // mapped[o]: [nIn, ...out.shape] → [...out.shape, nIn], then split into the input leaves.
    const blocks = res.mapped.map((j, o) => {
      const out = outs[o] as Tensor;
      const moved = jnp.moveaxis(j, 0, -1);
      let offset = 0;
      return p.leaves.map((x) => {
        const piece = lax.sliceInDim(moved, offset, offset + x.size, 1, out.ndim);
        offset += x.size;
        return jnp.reshape(piece, [...out.shape, ...x.shape]);
      });
    });
    return finish(p, blocks, opts, res.fixed.slice(p.nOut()));
  };
}

/**
 * `jacrev(f, { argnums, hasAux })(...args)`: the Jacobian by reverse mode (one VJP per output
 * element, batched with vmap). Same layout as jacfwd. JAX: jax.jacrev (= jax.jacobian).
 */
export function jacrev(f: AnyFn, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  return (...args: unknown[]): unknown => {
    const p = prepare(
      'jacrev',
      f,
      opts,
      args,
      (dt) =>
        `jacrev requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got ${dt}. ` +
        'If you want to use Boolean- or integer-valued inputs, use vjp.',
    );
    const { primalsOut: all, vjp } = vjpFlat(p.fFlat, p.leaves);
    const primalsOut = all.slice(0, p.nOut());
    const auxNulls = all.slice(p.nOut()).map(() => null);
    for (const o of primalsOut) {
      if (o.dtype !== 'float32') {
        throw new GradTypeError(
          `jacrev requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${o.dtype}. ` +
            'For differentiation of functions with integer outputs, use vjp directly.',
        );
      }
    }
    const nOut = primalsOut.reduce((acc, o) => acc + o.size, 0);
    const pullback = (...cts: Tensor[]): BasisResult => ({
      mapped: vjp([...cts, ...auxNulls]).map((c, i) => c ?? jnp.zerosLike(p.leaves[i] as Tensor)),
      fixed: [],
    });
    const jacs =
      nOut === 0
        ? p.leaves.map((x) => jnp.zeros([0, ...x.shape], x.dtype))
        : mapBasis(pullback, standardBasis(primalsOut)).mapped;
    // jacs[i]: [nOut, ...in.shape]; output leaf o owns a block of rows → [...out.shape, ...in.shape].
    let offset = 0;
    const blocks = primalsOut.map((o) => {
      const start = offset;
      offset += o.size;
      return p.leaves.map((x, i) => {
        const rows = lax.sliceInDim(jacs[i] as Tensor, start, start + o.size, 1, 0);
        return jnp.reshape(rows, [...o.shape, ...x.shape]);
      });
    });
    return finish(p, blocks, opts, all.slice(p.nOut()));
  };
}

/** jax.jacobian: the reverse-mode Jacobian. */
export const jacobian = jacrev;

/**
 * `hessian(f, { argnums, hasAux })(...args)` = jacfwd(jacrev(f)): for an input of shape S and a
 * scalar output, an array of shape S + S. JAX: jax.hessian.
 */
export function hessian(f: AnyFn, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  return jacfwd(jacrev(f, opts) as AnyFn, opts);
}
