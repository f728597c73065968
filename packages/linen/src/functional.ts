// The functional entry points nn.init, nn.initWithOutput and nn.apply: run any function
// `fn(module, ...args)` with `module` bound to variables (flax.linen.module.init / apply).

import { APPLY_KEYS, INIT_KEYS, splitTrailingOptions } from './init-apply.ts';
import type { Module } from './module.ts';
import type { ApplyOptions, InitOptions, Variables } from './module-types.ts';
import type { RNGSequences, VariableDict } from './scope.ts';

type BoundFn<M, A extends unknown[], R> = (module: M, ...args: A) => R;

/**
 * `nn.apply(fn, module, { mutable })` returns `(variables, ...args, { rngs }?) => result`, which
 * runs `fn(boundModule, ...args)`; with `mutable` set it returns `[result, mutated]`.
 */
export function apply<M extends Module<object>, A extends unknown[], R>(
  fn: BoundFn<M, A, R>,
  module: M,
  opts: Omit<ApplyOptions, 'method' | 'rngs'> = {},
): (variables: VariableDict, ...args: unknown[]) => unknown {
  return (variables, ...rest) => {
    const [args, extra] = splitTrailingOptions<ApplyOptions>(rest, APPLY_KEYS);
    return module.applyWith(variables, { ...opts, ...extra, method: fn }, ...args);
  };
}

/** `nn.initWithOutput(fn, module)`: `(rngs, ...args) => [result, variables]`. */
export function initWithOutput<M extends Module<object>, A extends unknown[], R>(
  fn: BoundFn<M, A, R>,
  module: M,
  opts: Omit<InitOptions, 'method'> = {},
): (rngs: RNGSequences, ...args: unknown[]) => [R, Variables] {
  return (rngs, ...rest) => {
    const [args, extra] = splitTrailingOptions<InitOptions>(rest, INIT_KEYS);
    return module.initWith(rngs, { ...opts, ...extra, method: fn }, ...args) as [R, Variables];
  };
}

/** `nn.init(fn, module)`: `(rngs, ...args) => variables`. */
export function init<M extends Module<object>, A extends unknown[], R>(
  fn: BoundFn<M, A, R>,
  module: M,
  opts: Omit<InitOptions, 'method'> = {},
): (rngs: RNGSequences, ...args: unknown[]) => Variables {
  const f = initWithOutput(fn, module, opts);
  return (rngs, ...args) => f(rngs, ...args)[1];
}
