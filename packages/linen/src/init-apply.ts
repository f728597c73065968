// init / initWithOutput / apply: binding a clone of the module to a fresh root Scope, running
// the chosen method and returning the variables (flax.linen.Module.init / apply and
// flax.core.scope.init / apply). Also the trailing-options rule shared by these entry points.

import { freeze } from '@jaxts/frozendict';
import { isPlainObject } from './dicts.ts';
import { ApplyModuleInvalidMethodError, InvalidRngError, LinenError } from './errors.ts';
import { type CollectionFilter, DenyList, isCollectionFilter } from './filters.ts';
import { Module } from './module.ts';
import {
  type AnyMethod,
  captureStack,
  className,
  cloneModule,
  ORIGINAL,
  stateOf,
  trySetup,
} from './module-state.ts';
import type {
  ApplyOptions,
  CaptureFilter,
  InitOptions,
  MethodSpec,
  Variables,
} from './module-types.ts';
import {
  bindScope,
  describeValue,
  isValidRng,
  isValidRngs,
  normalizeRngs,
  type Scope,
} from './scope.ts';

// ---------------------------------------------------------------------------------------------
// init / apply
// ---------------------------------------------------------------------------------------------

export const INIT_KEYS = new Set(['method', 'mutable', 'captureIntermediates']);
export const APPLY_KEYS = new Set(['rngs', 'method', 'mutable', 'captureIntermediates']);
export const TABULATE_KEYS = new Set(['depth', 'showRepeated', 'mutable', 'method']);

/**
 * Splits trailing options from positional arguments. The last argument is an options object
 * when it is a non-empty plain object whose keys are all option names (`mutable`, `rngs`,
 * `method`, `captureIntermediates`); anything else is a positional argument of the method.
 * @internal
 */
export function splitTrailingOptions<O>(
  args: readonly unknown[],
  keys: ReadonlySet<string>,
): [unknown[], O] {
  const last = args.at(-1);
  if (args.length > 0 && isPlainObject(last)) {
    const ks = Object.keys(last);
    if (ks.length > 0 && ks.every((k) => keys.has(k))) return [args.slice(0, -1), last as O];
  }
  return [[...args], {} as O];
}

/** The function `method` designates, called on the bound clone `m`. */
function resolveMethod(m: Module, method: MethodSpec | undefined): (args: unknown[]) => unknown {
  const rec = m as unknown as Record<string, unknown>;
  if (method === undefined) {
    const call = rec.call;
    if (typeof call !== 'function') {
      throw new ApplyModuleInvalidMethodError(`${className(m)}.call`);
    }
    return (args) => (call as AnyMethod).apply(m, args);
  }
  if (typeof method === 'string') {
    return (args) => {
      // A string naming a setup() submodule calls that submodule.
      trySetup(m);
      const attr = rec[method];
      if (attr instanceof Module) {
        return (attr as unknown as { call: (...a: unknown[]) => unknown }).call(...args);
      }
      if (typeof attr !== 'function')
        throw new ApplyModuleInvalidMethodError(JSON.stringify(method));
      return (attr as AnyMethod).apply(m, args);
    };
  }
  if (typeof method === 'function') {
    // A method of the module (wrapped or its original): call it as a method.
    for (let p = Object.getPrototypeOf(m); p !== null; p = Object.getPrototypeOf(p)) {
      for (const key of Object.getOwnPropertyNames(p)) {
        const d = Object.getOwnPropertyDescriptor(p, key);
        if (d === undefined || typeof d.value !== 'function') continue;
        if (d.value === method || ORIGINAL.get(d.value) === method) {
          const f = rec[key] as AnyMethod;
          return (args) => f.apply(m, args);
        }
      }
    }
    // Any other function is called as fn(module, ...args) (Flax's `method=fn`). Setup runs
    // first so that setup attributes are there (Flax runs it on attribute access).
    return (args) => {
      trySetup(m);
      return (method as (mod: Module, ...a: unknown[]) => unknown)(m, ...args);
    };
  }
  throw new ApplyModuleInvalidMethodError(describeValue(method));
}

function captureFilter(c: boolean | CaptureFilter | undefined): CaptureFilter | null {
  if (c === undefined || c === false) return null;
  if (c === true) return (_m, name) => name === 'call';
  return c;
}

export function checkMutable(api: string, mutable: unknown): CollectionFilter {
  if (!isCollectionFilter(mutable)) {
    throw new LinenError(
      `${api}: invalid mutable option; expected a boolean, a collection name, a list of names, a ` +
        `DenyList or a predicate, got ${describeValue(mutable)}.`,
    );
  }
  return mutable;
}

interface RunOptions {
  readonly rngs: unknown;
  readonly method: MethodSpec | undefined;
  readonly mutable: CollectionFilter;
  readonly capture: CaptureFilter | null;
  readonly initializing: boolean;
}

/** Binds a clone of `module` to a new root scope and runs the method. Flax: core apply/init. */
function run(module: Module, variables: unknown, args: unknown[], o: RunOptions): [unknown, Scope] {
  const rngs = o.rngs === undefined ? new Map() : normalizeRngs(o.rngs, 'rngs');
  const root = bindScope(variables, rngs, o.mutable, o.initializing ? { initializing: true } : {});
  const clone = cloneModule(module, null, stateOf(module).name);
  stateOf(clone).scope = root;
  const fn = resolveMethod(clone, o.method);
  captureStack.push(o.capture);
  try {
    const y = fn(args);
    return [y, root];
  } finally {
    captureStack.pop();
    root.invalidate();
  }
}

/** Python-like repr of an invalid rngs argument (`0`, `f32[3]`, an object's keys). */
function rngsRepr(x: unknown): string {
  return x === null || typeof x !== 'object' ? String(x) : describeValue(x);
}

function checkInitRngs(module: Module, rngs: unknown): void {
  if (!isValidRng(rngs) && !isValidRngs(rngs)) {
    throw new InvalidRngError(
      `RNGs should be of shape (2,) or PRNGKey in Module ${className(module)}, but rngs are: ` +
        `${rngsRepr(rngs)}. Pass random.PRNGKey(seed) or { params: key, ... }.`,
    );
  }
}

export function initWithOutputImpl(
  module: Module,
  rngs: unknown,
  args: unknown[],
  opts: InitOptions,
): [unknown, Variables] {
  checkInitRngs(module, rngs);
  const mutable = checkMutable('init', opts.mutable ?? new DenyList('intermediates'));
  const [y, root] = run(module, {}, args, {
    rngs,
    method: opts.method,
    mutable,
    capture: captureFilter(opts.captureIntermediates),
    initializing: true,
  });
  return [y, freeze(root.mutableVariables()) as Variables];
}

export function applyImpl(
  module: Module,
  variables: unknown,
  args: unknown[],
  opts: ApplyOptions,
): unknown {
  if (opts.rngs !== undefined && !isValidRng(opts.rngs) && !isValidRngs(opts.rngs)) {
    throw new InvalidRngError(
      `RNGs should be of shape (2,) or PRNGKey in Module ${className(module)}, but rngs are: ` +
        `${rngsRepr(opts.rngs)}. Pass random.PRNGKey(seed) or { dropout: key, ... }.`,
    );
  }
  const mutable = checkMutable('apply', opts.mutable ?? false);
  const [y, root] = run(module, variables, args, {
    rngs: opts.rngs,
    method: opts.method,
    mutable,
    capture: captureFilter(opts.captureIntermediates),
    initializing: false,
  });
  if (mutable === false) return y;
  return [y, freeze(root.mutableVariables()) as Variables];
}
