/**
 * vmap: the vectorizing map. `vmapFlat` maps a function on flat lists of arrays; `vmap` is the
 * pytree wrapper (flatten arguments, broadcast `inAxes` over them, unflatten outputs and apply
 * `outAxes`). JAX: jax.vmap (api.py) over batching.batch; Autodidax's vmap_flat / vmap.
 */

import type { FrozenDict } from '@jaxts/frozendict';
import { keystr, tree } from '@jaxts/frozendict';
import { numpy as np, Tensor } from '@jaxts/tensor';
import { checkMappedAxis, mappedAxisSize } from './axis-size.ts';
import { batchFlat } from './batch-trace.ts';
import { InvalidLeafError } from './errors.ts';
import { matchOutAxis } from './out-axes.ts';
import type { BDim } from './rules/types.ts';
import {
  type AxesSpec,
  type AxisSpec,
  checkAxisOptions,
  checkInAxes,
  checkInAxesLength,
  checkOutAxes,
  type InAxes,
  reprSpec,
} from './spec.ts';

export interface VmapOptions {
  /**
   * Which axis of each argument to map over: a number for all arguments (negative counts from
   * the end), `null` for none, or a list with one entry per argument, each a pytree prefix of
   * that argument (`[null, 0, { a: 0, b: null }]`). Default 0. JAX: `in_axes`.
   */
  readonly inAxes?: InAxes;
  /**
   * Where the mapped axis goes in each output: a pytree prefix of the output (`[0, null]` returns
   * the second output unbatched). Default 0. JAX: `out_axes`.
   */
  readonly outAxes?: AxesSpec;
  /** Names the mapped axis so collectives (`psum(x, name)` ...) can refer to it. JAX: `axis_name`. */
  readonly axisName?: string | null;
  /** The axis size, needed when no argument is mapped; must agree with mapped sizes. JAX: `axis_size`. */
  readonly axisSize?: number | null;
  /** Sum outputs that are batched but have out axis null, instead of raising. JAX: `sum_match`. */
  readonly sumMatch?: boolean;
  /** Sharding only in JAX: accepted and ignored (jaxts runs on one device). JAX: `spmd_axis_name`. */
  readonly spmdAxisName?: string | readonly string[] | null;
}

/**
 * The type of a mapped function's result: f's result with every number or boolean leaf turned
 * into a Tensor (vmap returns arrays for them, broadcast along the mapped axis).
 */
export type Mapped<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends (...args: never[]) => unknown
      ? T
      : T extends FrozenDict
        ? T
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Mapped<T[K]> }
          : T extends object
            ? { [K in keyof T]: Mapped<T[K]> }
            : T;

function toTensor(x: unknown, where: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number' || typeof x === 'boolean') return np.asTensor(x);
  throw new InvalidLeafError(
    `vmap: ${where} of type ${x === null ? 'null' : typeof x} (${reprSpec(x)}) is not a valid array; ` +
      'expected a Tensor, a number or a boolean. Pass arrays, or close over non-array values.',
  );
}

/** Normalized in axes of the leaves (negative ones counted from the end). */
function normalizeDims(leaves: readonly Tensor[], axes: readonly BDim[]): BDim[] {
  return leaves.map((x, i) => {
    const d = axes[i] ?? null;
    return d === null ? null : checkMappedAxis(x, d);
  });
}

export interface VmapFlatOptions {
  /** One axis per argument, or one axis for all (default 0). */
  readonly inAxes?: AxisSpec | readonly AxisSpec[];
  /** One axis per output, or one axis for all (default 0). */
  readonly outAxes?: AxisSpec | readonly AxisSpec[];
  readonly axisName?: string | null;
  readonly axisSize?: number | null;
  readonly sumMatch?: boolean;
}

/**
 * vmap on flat lists of arrays: `f` maps `args` (each mapped along its in axis) to a list of
 * arrays. The core that `vmap` wraps. Autodidax: vmap_flat.
 */
export function vmapFlat(
  f: (...xs: Tensor[]) => Tensor[],
  args: readonly Tensor[],
  opts: VmapFlatOptions = {},
): Tensor[] {
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes;
  checkInAxes(inAxes);
  checkOutAxes(outAxes);
  checkInAxesLength(inAxes, args.length);
  checkAxisOptions(opts.axisName, opts.axisSize);
  const axes = args.map((_, i) =>
    Array.isArray(inAxes) ? (inAxes[i] ?? null) : (inAxes as AxisSpec),
  );
  const names = args.map((_, i) => `args[${i}]`);
  const size = mappedAxisSize(args, axes, names, opts.axisSize ?? null);
  const axisName = opts.axisName ?? null;
  const { outs, dims } = batchFlat(f, args, normalizeDims(args, axes), {
    axisName,
    axisSize: size,
  });
  return outs.map((x, i) => {
    const dst = Array.isArray(outAxes) ? (outAxes[i] ?? null) : (outAxes as AxisSpec);
    return matchOutAxis(x, dims[i] ?? null, dst, {
      size,
      axisName,
      sumMatch: opts.sumMatch ?? false,
      path: `[${i}]`,
    });
  });
}

/**
 * Vectorizing map: `vmap(f)` maps `f` over an axis of its arguments, as if it ran once per index
 * and the results were stacked, but as one batched program (the same number of kernels whatever
 * the batch size). Arguments and results may be pytrees.
 *
 * @example
 * ```ts
 * const perExample = vmap((w, x) => jnp.dot(w, x), { inAxes: [null, 0] });
 * perExample(w, xs); // w @ xs[i] for every i, stacked
 * const centered = vmap((x) => x.sub(pmean(x, 'b')), { axisName: 'b' });
 * ```
 * @see jax.vmap
 */
export function vmap<A extends unknown[], R>(
  f: (...args: A) => R,
  opts: VmapOptions = {},
): (...args: A) => Mapped<R> {
  const inAxes: unknown = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes: unknown = opts.outAxes === undefined ? 0 : opts.outAxes;
  checkInAxes(inAxes);
  checkOutAxes(outAxes);
  checkAxisOptions(opts.axisName, opts.axisSize);
  const axisName = opts.axisName ?? null;
  const sumMatch = opts.sumMatch ?? false;
  const isLeaf = (x: unknown): boolean => x === null;

  const mapped = (...args: A): Mapped<R> => {
    checkInAxesLength(inAxes, args.length);
    const [pairs, inTree] = tree.flattenWithPath(args);
    const axes = tree.broadcastPrefix<BDim>(inAxes, args, {
      isLeaf,
      api: 'vmap',
      what: 'in_axes specification',
    });
    const names = pairs.map(([path]) => `args${keystr(path)}`);
    const leaves = pairs.map(([, leaf], i) => toTensor(leaf, `argument ${names[i]}`));
    const size = mappedAxisSize(leaves, axes, names, opts.axisSize ?? null);
    let outTree: ReturnType<typeof tree.structure> | null = null;
    let outPaths: string[] = [];
    const fFlat = (...xs: Tensor[]): Tensor[] => {
      const out = f(...(tree.unflatten(inTree, xs) as A));
      const [outPairs, def] = tree.flattenWithPath(out);
      outTree = def;
      outPaths = outPairs.map(([path]) => keystr(path));
      return outPairs.map(([, leaf], i) => toTensor(leaf, `output${outPaths[i]}`));
    };
    const { outs, dims } = batchFlat(fFlat, leaves, normalizeDims(leaves, axes), {
      axisName,
      axisSize: size,
    });
    const def = outTree as unknown as ReturnType<typeof tree.structure>;
    const outAxesFlat = tree.broadcastPrefix<BDim>(outAxes, def.unflatten(outs), {
      isLeaf,
      api: 'vmap',
      what: 'out_axes specification',
    });
    const moved = outs.map((x, i) =>
      matchOutAxis(x, dims[i] ?? null, outAxesFlat[i] ?? null, {
        size,
        axisName,
        sumMatch,
        path: outPaths[i] ?? '',
      }),
    );
    return def.unflatten(moved) as Mapped<R>;
  };
  return mapped;
}
