// Tree math for optimizer states and updates: the `tree` namespace of @jaxts/optax-ts. Mirrors
// optax.tree (optax/tree_utils/_tree_math.py, _casting.py, _random.py).

import { tree as ptree } from '@jaxts/frozendict';
import { type DType, numpy as jnp, random, type Tensor, type TensorLike } from '@jaxts/tensor';
import type { Scalar } from './base.ts';
import { InvalidHyperparameterError } from './errors.ts';
import * as s from './internal/scalar.ts';
import { asTensor, mapTree, tensorLeaves } from './internal/tree.ts';

/** Zeros with the shape (and dtype, unless given) of every leaf. @see optax.tree.zeros_like */
export function zerosLike<T>(tree: T, dtype?: DType | null): T {
  return mapTree((x) => jnp.zerosLike(x, dtype ?? null), tree) as T;
}

/** Ones with the shape (and dtype, unless given) of every leaf. @see optax.tree.ones_like */
export function onesLike<T>(tree: T, dtype?: DType | null): T {
  return mapTree((x) => jnp.onesLike(x, dtype ?? null), tree) as T;
}

/** `fillValue` with the shape (and dtype, unless given) of every leaf. @see optax.tree.full_like */
export function fullLike<T>(tree: T, fillValue: TensorLike, dtype?: DType | null): T {
  return mapTree((x) => jnp.fullLike(x, fillValue, dtype ?? null), tree) as T;
}

/** Leafwise sum of two or more trees. @see optax.tree.add */
export function add<T>(x: T, y: unknown, ...others: unknown[]): T {
  return mapTree(
    (...leaves) => leaves.slice(1).reduce((acc, l) => jnp.add(acc, l), leaves[0] as Tensor),
    x,
    y,
    ...others,
  ) as T;
}

/** Leafwise `x - y`. @see optax.tree.sub */
export function sub<T>(x: T, y: unknown): T {
  return mapTree((a, b) => jnp.subtract(a, b as Tensor), x, y) as T;
}

/** Leafwise `x * y`. @see optax.tree.mul */
export function mul<T>(x: T, y: unknown): T {
  return mapTree((a, b) => jnp.multiply(a, b as Tensor), x, y) as T;
}

/** Leafwise `x / y`. @see optax.tree.div */
export function div<T>(x: T, y: unknown): T {
  return mapTree((a, b) => jnp.divide(a, b as Tensor), x, y) as T;
}

/** Multiplies every leaf by a scalar. @see optax.tree.scale */
export function scale<T>(scalar: Scalar, tree: T): T {
  return mapTree((x) => jnp.multiply(scalar, x), tree) as T;
}

/** `x + scalar * y`, leafwise. @see optax.tree.add_scale */
export function addScale<T>(x: T, scalar: Scalar, y: unknown): T {
  const c = s.tensorOf(scalar);
  return mapTree((a, b) => jnp.add(a, jnp.multiply(c, b as Tensor)), x, y) as T;
}

/** The inner product of two trees: the sum of the leafwise `vdot`s. @see optax.tree.vdot */
export function vdot(x: unknown, y: unknown): Tensor {
  const parts = tensorLeaves(mapTree((a, b) => jnp.vdot(a, b as Tensor), x, y));
  return asTensor(parts.reduce<TensorLike>((acc, p) => jnp.add(acc, p), 0));
}

/** The sum of all elements of all leaves (0 for a tree without leaves). @see optax.tree.sum */
export function sum(tree: unknown): Tensor {
  const sums = tensorLeaves(tree).map((x) => jnp.sum(x));
  return asTensor(sums.reduce<TensorLike>((acc, x) => jnp.add(acc, x), 0));
}

/** The largest element of all leaves (`-Infinity` for a tree without elements). @see optax.tree.max */
export function max(tree: unknown): Tensor {
  const maxes = tensorLeaves(tree)
    .filter((x) => x.size > 0)
    .map((x) => jnp.max(x));
  return asTensor(maxes.reduce<TensorLike>((acc, x) => jnp.maximum(acc, x), -Infinity));
}

/** The smallest element of all leaves (`Infinity` for a tree without elements). @see optax.tree.min */
export function min(tree: unknown): Tensor {
  const mins = tensorLeaves(tree)
    .filter((x) => x.size > 0)
    .map((x) => jnp.min(x));
  return asTensor(mins.reduce<TensorLike>((acc, x) => jnp.minimum(acc, x), Infinity));
}

/** The total number of elements of all leaves. @see optax.tree.size */
export function size(tree: unknown): number {
  return tensorLeaves(tree).reduce((acc, x) => acc + x.size, 0);
}

/** Options of {@link norm}. */
export interface TreeNormOptions {
  /** 2 (default, also `null`): Euclidean; 1: sum of absolute values; `Infinity`: largest |x|. */
  readonly ord?: 1 | 2 | typeof Infinity | 'inf' | null;
  /** Return the squared norm. */
  readonly squared?: boolean;
}

/**
 * The norm of a tree seen as one flat vector (Euclidean by default).
 *
 * @example
 * ```ts
 * optax.tree.norm({ w: jnp.array([3, 4], 'float32') }); // 5
 * ```
 * @see optax.tree.norm
 */
export function norm(tree: unknown, options: TreeNormOptions = {}): Tensor {
  const ord = options.ord ?? 2;
  const squared = options.squared ?? false;
  if (ord === 2) {
    const sqnorm = sum(mapTree((x) => jnp.square(x), tree));
    return squared ? sqnorm : jnp.sqrt(sqnorm);
  }
  let ret: Tensor;
  if (ord === 1) ret = sum(mapTree((x) => jnp.abs(x), tree));
  else if (ord === Infinity || ord === 'inf') ret = max(mapTree((x) => jnp.abs(x), tree));
  else {
    throw new InvalidHyperparameterError(
      `tree.norm: unsupported ord; expected 1, 2, Infinity or null, got ${String(ord)}.`,
    );
  }
  return squared ? jnp.square(ret) : ret;
}

/** The Euclidean norm of a tree: {@link norm} with default options (Optax's older `tree_l2_norm`). */
export function l2Norm(tree: unknown, squared = false): Tensor {
  return norm(tree, { squared });
}

/** Clips every leaf to `[minValue, maxValue]` (`null` bounds are open). @see optax.tree.clip */
export function clip<T>(tree: T, minValue: TensorLike | null, maxValue: TensorLike | null): T {
  return mapTree((x) => jnp.clip(x, minValue, maxValue), tree) as T;
}

/** Leafwise `where(condition, x, y)` with one (scalar) condition. @see optax.tree.where */
export function where<T>(condition: TensorLike, x: T, y: unknown): T {
  return mapTree((a, b) => jnp.where(condition, a, b as Tensor), x, y) as T;
}

/** Casts every leaf to `dtype`; `null`/omitted returns the tree unchanged. @see optax.tree.cast */
export function cast<T>(tree: T, dtype?: DType | null): T {
  if (dtype === null || dtype === undefined) return tree;
  return mapTree((x) => jnp.astype(x, dtype), tree) as T;
}

/** Casts every leaf to the dtype of the matching leaf of `other`. @see optax.tree.cast_like */
export function castLike<T>(tree: T, other: unknown): T {
  return mapTree((x, o) => jnp.astype(x, o.dtype), tree, other) as T;
}

// The dtype lattice of jaxts: bool < int32, uint32 < float32.
function lowerDtype(a: DType, b: DType): DType {
  const p = jnp.promoteTypes(a, b);
  if (p === a) return b;
  if (p === b) return a;
  throw new InvalidHyperparameterError(
    `tree.dtype: cannot compare dtypes ${a} and ${b}; expected one to promote to the other, got neither. Cast the leaves to a common dtype.`,
  );
}

/**
 * The dtype of the leaves. Without a handler all leaves must share one dtype; `'promote'`,
 * `'highest'` and `'lowest'` combine mixed dtypes. @see optax.tree.dtype
 */
export function dtype(tree: unknown, mixedDtypeHandler?: 'promote' | 'highest' | 'lowest'): DType {
  const dtypes = tensorLeaves(tree).map((x) => x.dtype);
  const first = dtypes[0];
  if (first === undefined) return 'float32';
  if (mixedDtypeHandler === undefined) {
    const other = dtypes.find((d) => d !== first);
    if (other !== undefined) {
      throw new InvalidHyperparameterError(
        `tree.dtype: the leaves have different dtypes; expected every leaf to be ${first}, got ${other}. Pass a mixedDtypeHandler ('promote', 'highest' or 'lowest').`,
      );
    }
    return first;
  }
  if (mixedDtypeHandler === 'promote') return dtypes.reduce((a, b) => jnp.promoteTypes(a, b));
  if (mixedDtypeHandler === 'lowest') return dtypes.reduce(lowerDtype);
  return dtypes.reduce((a, b) => (lowerDtype(a, b) === a ? b : a));
}

/**
 * The exponential moving average of `updates ** order`: `(1 - decay) * g^order + decay * m`.
 * @see optax.tree.update_moment
 */
export function updateMoment<T>(updates: unknown, moments: T, decay: Scalar, order: number): T {
  const w = s.sub(1, decay);
  return mapTree(
    (g, t) => jnp.add(jnp.multiply(w, jnp.power(g, order)), jnp.multiply(decay, t as Tensor)),
    updates,
    moments,
  ) as T;
}

/**
 * The moving average of the `order`-th power of the elementwise norm of the updates (for the
 * real dtypes of jaxts, the same as {@link updateMoment}).
 * @see optax.tree.update_moment_per_elem_norm
 */
export function updateMomentPerElemNorm<T>(
  updates: unknown,
  moments: T,
  decay: Scalar,
  order: number,
): T {
  return updateMoment(updates, moments, decay, order);
}

/** Another name for {@link updateMomentPerElemNorm}. */
export const updateMomentPerElementNorm = updateMomentPerElemNorm;

/**
 * The infinity-norm moment of Adamax: `max(|g| + eps, decay * m)`.
 * @see optax.tree.update_infinity_moment
 */
export function updateInfinityMoment<T>(
  updates: unknown,
  moments: T,
  decay: Scalar,
  eps: Scalar,
): T {
  return mapTree(
    (g, t) => jnp.maximum(jnp.add(jnp.abs(g), eps), jnp.multiply(decay, t as Tensor)),
    updates,
    moments,
  ) as T;
}

/**
 * Divides a moment by `1 - decay^count` (Adam's bias correction; `count` is the number of
 * updates so far, at least 1).
 * @see optax.tree.bias_correction
 */
export function biasCorrection<T>(moment: T, decay: Scalar, count: Tensor): T {
  const correction = jnp.subtract(1, jnp.power(decay, count));
  return mapTree((t) => jnp.divide(t, jnp.astype(correction, t.dtype)), moment) as T;
}

/** One new key per leaf of `target`, from `random.split(key, numLeaves)`. @see optax.tree.split_key_like */
export function splitKeyLike(key: Tensor, target: unknown): unknown {
  const treedef = ptree.structure(target);
  const keys = random.split(key, treedef.numLeaves);
  const perLeaf: Tensor[] = [];
  for (let i = 0; i < treedef.numLeaves; i++) perLeaf.push(jnp.getItem(keys, i));
  return treedef.unflatten(perLeaf);
}

/** A sampler for {@link randomLike}: `(key, shape, dtype) => Tensor` (e.g. `random.normal`). */
export type Sampler = (key: Tensor, shape: readonly number[], dtype: DType) => Tensor;

/**
 * A tree of random values with the structure, shapes and dtypes of `target`, each leaf drawn with
 * its own key from `random.split(key, numLeaves)`. The default sampler is `random.normal`.
 * @see optax.tree.random_like
 */
export function randomLike<T>(
  key: Tensor,
  target: T,
  sampler: Sampler = (k, shape, d) => random.normal(k, shape, { dtype: d }),
  dtypeOverride?: DType,
): T {
  const keys = splitKeyLike(key, target);
  return mapTree(
    (leaf, k) => sampler(k as Tensor, leaf.shape, dtypeOverride ?? leaf.dtype),
    target,
    keys,
  ) as T;
}

/**
 * The Euclidean norm of all leaves together: `sqrt(Σ sum(x²))`.
 *
 * @example
 * ```ts
 * optax.globalNorm({ w: jnp.array([0.1, -0.2, 0.3]), b: jnp.array(-1) }); // 1.0677078
 * ```
 * @see optax.global_norm (deprecated there in favour of optax.tree.norm)
 */
export function globalNorm(updates: unknown): Tensor {
  return norm(updates);
}
