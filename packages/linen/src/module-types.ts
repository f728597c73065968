// Types of the Module API: props, method signatures of init/apply, their options and results.
// The counterparts of the keyword arguments of flax.linen.Module.init / apply / sow.

import type { FrozenDict } from '@jaxts/frozendict';
import type { CollectionFilter, DenyList } from './filters.ts';
import type { Module } from './module.ts';
import type { RNGSequences, VariableDict } from './scope.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Props every module accepts besides its own hyperparameters. */
export interface ModuleBaseProps {
  /**
   * The submodule's name in its parent (Flax's `name=`). Without it a submodule created in a
   * compact method is named `ClassName_N`, one in setup() after its attribute.
   */
  readonly name?: string;
  /**
   * The parent module. By default it is the module whose method is running when the submodule
   * is constructed; `null` makes a detached module even inside a compact method.
   */
  readonly parent?: Module | null;
}

/** Constructor arguments: the props object is optional when every prop is optional. */
export type ModuleArgs<P> = {} extends P
  ? [props?: P & ModuleBaseProps]
  : [props: P & ModuleBaseProps];

/** The parameter list of a module's `call`. */
export type CallArgs<M> = M extends { call(...args: infer A): unknown } ? A : unknown[];
/** The return type of a module's `call`. */
export type CallResult<M> = M extends { call(...args: never[]): infer R } ? R : unknown;

/** Variable collections as `init` returns them: `{ params: {...}, batch_stats: {...} }`. */
export type Variables = FrozenDict<Record<string, FrozenDict>>;

/**
 * Which method `init`/`apply` runs: a method name, a method of the module (`Model.prototype.encode`)
 * or a function `(module, ...args) => result`.
 */
export type MethodSpec = string | ((...args: never[]) => unknown);

/** Filter choosing the method calls captured in `intermediates`: `(module, methodName) => bool`. */
export type CaptureFilter = (module: Module, methodName: string) => boolean;

export interface InitOptions {
  /** The method to run instead of `call`. */
  readonly method?: MethodSpec;
  /** Collections to create; default `new DenyList('intermediates')`. */
  readonly mutable?: CollectionFilter;
  /** Store the outputs of `call` (true) or of the methods a filter selects in `intermediates`. */
  readonly captureIntermediates?: boolean | CaptureFilter;
}

export interface ApplyOptions {
  /** RNG streams: a key (for `params`) or `{ dropout: key, ... }`. */
  readonly rngs?: RNGSequences;
  /** The method to run instead of `call`. */
  readonly method?: MethodSpec;
  /**
   * Collections that may change. When set (and not false) apply returns
   * `[output, mutatedCollections]`.
   */
  readonly mutable?: CollectionFilter;
  readonly captureIntermediates?: boolean | CaptureFilter;
}

/** ApplyOptions whose `mutable` is set: apply returns `[output, mutated]`. */
export interface MutableApplyOptions extends ApplyOptions {
  readonly mutable: true | string | readonly string[] | DenyList | ((col: string) => boolean);
}

/**
 * The argument lists a method accepts when its optional parameters are left out from the end:
 * `[x: T, k?: K]` → `[T] | [T, K]` (so trailing options can follow any of them).
 */
export type ArgLists<T extends readonly unknown[]> = number extends T['length']
  ? T
  : T extends readonly []
    ? []
    : [] extends T
      ? [] | (T extends readonly [(infer H)?, ...infer R] ? [H, ...ArgLists<R>] : never)
      : T extends readonly [infer H, ...infer R]
        ? [H, ...ArgLists<R>]
        : T;

/** `model.apply`: a function bound once per module instance (safe to pass around and to jit). */
export interface ApplyFn<M> {
  (
    variables: VariableDict,
    ...args: [...ArgLists<CallArgs<M>>, MutableApplyOptions]
  ): [CallResult<M>, Variables];
  (
    variables: VariableDict,
    ...args: CallArgs<M> | [...ArgLists<CallArgs<M>>, ApplyOptions]
  ): CallResult<M>;
  (variables: VariableDict, ...args: unknown[]): unknown;
}

/** `model.init`: returns the created collections. */
export interface InitFn<M> {
  (rngs: RNGSequences, ...args: CallArgs<M> | [...ArgLists<CallArgs<M>>, InitOptions]): Variables;
  (rngs: RNGSequences, ...args: unknown[]): Variables;
}

/** `model.initWithOutput`: returns `[output, variables]`. */
export interface InitWithOutputFn<M> {
  (
    rngs: RNGSequences,
    ...args: CallArgs<M> | [...ArgLists<CallArgs<M>>, InitOptions]
  ): [CallResult<M>, Variables];
  (rngs: RNGSequences, ...args: unknown[]): [unknown, Variables];
}

export interface SowOptions<K, T> {
  /** Combines the stored value with the new one (default: append to a tuple / array). */
  readonly reduceFn?: (acc: K, value: T) => K;
  /** The initial stored value (default: an empty array). */
  readonly initFn?: () => K;
}
