// Static types of pytrees: the TypeScript side of jax.tree_util's PyTree / tree_map typing.

import type { FrozenDict, FrozenDictBase, IsPlainObjectType } from '../frozen-dict.ts';

/**
 * A pytree whose leaves have type `L`: a leaf, `null`/`undefined` (empty nodes), an array of
 * pytrees, a plain object of pytrees or a FrozenDict. `PyTree` (= `PyTree<unknown>`) accepts
 * anything, since any value is at least a leaf.
 */
export type PyTree<L = unknown> =
  | L
  | null
  | undefined
  | readonly PyTree<L>[]
  | { readonly [key: string]: PyTree<L> }
  | FrozenDict;

/** The leaf type of a tree type: `TreeLeaf<{ a: Tensor; b: Tensor[] }>` is `Tensor`. */
export type TreeLeaf<T> = unknown extends T
  ? unknown
  : T extends null | undefined
    ? never
    : T extends readonly (infer E)[]
      ? TreeLeaf<E>
      : T extends FrozenDictBase<infer U>
        ? TreeLeaf<U[keyof U]>
        : IsPlainObjectType<T> extends true
          ? TreeLeaf<T[keyof T]>
          : T;

/** The type of `tree.map(f, t)` when `f` returns `R`: the structure of `T` with leaves `R`. */
export type MapTree<T, R> = unknown extends T
  ? unknown
  : T extends null | undefined
    ? T
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: MapTree<T[K], R> }
      : T extends FrozenDictBase<infer U>
        ? FrozenDict<{ [K in keyof U]: MapTree<U[K], R> }>
        : IsPlainObjectType<T> extends true
          ? { [K in keyof T]: MapTree<T[K], R> }
          : R;
