// The user-facing Module: typed hyperparameters (`props`), a compact `call` method, setup(),
// parameters and variables, automatic submodule naming, init/apply. flax.linen.Module, built on
// the explicit Scope of scope.ts (no dataclass transforms: see the README for the design).

import { freeze, tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { isPlainObject } from './dicts.ts';
import {
  InitializationNotAllowedError,
  LinenError,
  MergeParamError,
  NameInUseError,
  ReservedModuleAttributeError,
} from './errors.ts';
import type { CollectionFilter } from './filters.ts';
import {
  APPLY_KEYS,
  applyImpl,
  checkMutable,
  INIT_KEYS,
  initWithOutputImpl,
  splitTrailingOptions,
  TABULATE_KEYS,
} from './init-apply.ts';
import {
  className,
  cloneModule,
  currentModule,
  freshState,
  initializationAllowed,
  register,
  setState,
  stateOf,
  trySetup,
  wrapPrototypes,
} from './module-state.ts';
import type {
  ApplyFn,
  ApplyOptions,
  InitFn,
  InitOptions,
  InitWithOutputFn,
  ModuleArgs,
  ModuleBaseProps,
  SowOptions,
  Variables,
} from './module-types.ts';
import {
  bindScope,
  describeValue,
  normalizeRngs,
  type RNGSequences,
  type Scope,
  type Variable,
  type VariableDict,
} from './scope.ts';
import { type TabulateOptions, tabulate as tabulateImpl } from './tabulate.ts';

export { splitTrailingOptions } from './init-apply.ts';
export { type CallInfo, recordCalls } from './module-state.ts';
export type * from './module-types.ts';

// ---------------------------------------------------------------------------------------------
// Module
// ---------------------------------------------------------------------------------------------

/**
 * Base class of every layer and model: Flax's `nn.Module`.
 *
 * Hyperparameters are a typed `props` object (with defaults where the class gives them); the
 * computation is `call(...)`, a compact method (Flax's `@nn.compact __call__`): submodules and
 * parameters are created inline where they are used, with names like Flax's.
 *
 * @example
 * ```ts
 * class MLP extends nn.Module<{ hidden: number }> {
 *   call(x: Tensor): Tensor {
 *     x = nn.relu(nn.Dense({ features: this.props.hidden }).call(x));
 *     return nn.Dense({ features: 1 }).call(x);
 *   }
 * }
 * const model = new MLP({ hidden: 16 });
 * const variables = model.init(random.PRNGKey(0), x); // { params: { Dense_0, Dense_1 } }
 * const y = model.apply(variables, x);
 * ```
 * @see flax.linen.Module
 */
export class Module<P extends object = {}> {
  /**
   * Names of methods besides `call` that may create submodules and parameters inline (Flax's
   * extra `@nn.compact` methods). Other methods can use what setup() or `call` created.
   */
  static compactMethods: readonly string[] = [];

  /**
   * Names for submodules passed in props, by prop key (default: the key itself). Built-in layers
   * use it to keep Flax's snake_case field names in parameter paths.
   */
  static adoptedNames: Readonly<Record<string, string>> = {};

  /** The hyperparameters (without `name` / `parent`). */
  readonly props: Readonly<P>;

  constructor(...args: ModuleArgs<P>) {
    const given = (args[0] ?? {}) as P & ModuleBaseProps;
    if (!isPlainObject(given)) {
      throw new ReservedModuleAttributeError(
        `${new.target.name}: props must be a plain object; got ${describeValue(given)}. ` +
          `Write new ${new.target.name}({ ... }).`,
      );
    }
    const { name, parent, ...rest } = given as P & ModuleBaseProps & Record<string, unknown>;
    if (name !== undefined && typeof name !== 'string') {
      throw new ReservedModuleAttributeError(
        `${new.target.name}: name must be a string; got ${describeValue(name)}.`,
      );
    }
    if (parent !== undefined && parent !== null && !(parent instanceof Module)) {
      throw new ReservedModuleAttributeError(
        `${new.target.name}: parent must be a Module or null; got ${describeValue(parent)}.`,
      );
    }
    this.props = Object.freeze(rest) as unknown as Readonly<P>;
    wrapPrototypes(new.target.prototype as object);
    const p = parent !== undefined ? parent : currentModule();
    const st = freshState(p, name ?? null);
    setState(this, st);
    if (p !== null) {
      const ps = stateOf(p);
      // Unnamed modules created in setup() are named when setup assigns them to an attribute.
      if (!(ps.inSetup && st.name === null)) register(this, p);
    }
  }

  /**
   * Called once, lazily, before the first method call of a bound module. Submodules assigned to
   * attributes here are named after the attribute (`this.layers = [...]` → `layers_0`, ...).
   */
  setup(): void {}

  /** The module's name in its parent (null for a top-level module). */
  get name(): string | null {
    return stateOf(this).name;
  }

  /** The parent module (null at top level). */
  get parent(): Module | null {
    return stateOf(this).parent;
  }

  /** The functional Scope this module is bound to (null when unbound). */
  get scope(): Scope | null {
    return stateOf(this).scope;
  }

  /** The module's path in the variable tree, e.g. `['Encoder_0', 'Dense_1']`. */
  get path(): readonly string[] {
    return this.boundScope('path').path;
  }

  private boundScope(what: string): Scope {
    const s = stateOf(this).scope;
    if (s === null) {
      throw new LinenError(
        `${className(this)}.${what}: Can't access variables on unbound modules; call it inside ` +
          'init/apply (or on a module returned by bind).',
      );
    }
    return s;
  }

  /**
   * Declares (during init) or fetches (during apply) the parameter `name` of collection
   * `params`: `initFn(rng, ...initArgs)` creates it, with a fresh key from the `params` stream.
   * On apply the stored value is checked against the shape `initFn` would produce.
   * @see flax.linen.Module.param
   */
  param<A extends unknown[], T = Tensor>(
    name: string,
    initFn: (rng: Tensor, ...args: A) => T,
    ...initArgs: A
  ): T {
    const st = stateOf(this);
    const scope = this.boundScope('param');
    if (!initializationAllowed(st)) throw new InitializationNotAllowedError('Parameters');
    if (scope.nameReserved(name, 'params')) {
      throw new NameInUseError('param', name, className(this));
    }
    const v = scope.param(name, initFn, ...initArgs);
    st.children.set(name, 'params');
    return v;
  }

  /**
   * Declares or fetches the variable `col/name`, created with `initFn(...initArgs)` (no key is
   * passed: call `this.makeRng(stream)` yourself). Returns a reference with `.value`.
   * @see flax.linen.Module.variable
   */
  variable<T = Tensor, A extends unknown[] = []>(
    col: string,
    name: string,
    initFn?: ((...args: A) => T) | null,
    ...initArgs: A
  ): Variable<T> {
    const st = stateOf(this);
    const scope = this.boundScope('variable');
    if (!initializationAllowed(st)) throw new InitializationNotAllowedError('Variables');
    if (scope.nameReserved(name, col)) throw new NameInUseError('variable', name, className(this));
    const v = scope.variable(col, name, initFn, ...initArgs);
    st.children.set(name, col);
    return v;
  }

  /** Whether the variable `col/name` exists. */
  hasVariable(col: string, name: string): boolean {
    return this.boundScope('hasVariable').hasVariable(col, name);
  }

  /** The value of `col/name`, or `fallback` (default undefined) when it does not exist. */
  getVariable<T = Tensor>(col: string, name: string): T | undefined;
  getVariable<T, D>(col: string, name: string, fallback: D): T | D;
  getVariable(col: string, name: string, fallback?: unknown): unknown {
    return this.boundScope('getVariable').getVariable(col, name, fallback);
  }

  /** Writes `col/name` (ModifyScopeVariableError when `col` is immutable). */
  putVariable(col: string, name: string, value: unknown): void {
    this.boundScope('putVariable').putVariable(col, name, value);
  }

  /** A fresh key from stream `name` (default `params`). @see flax.linen.Module.make_rng */
  makeRng(name = 'params'): Tensor {
    return this.boundScope('makeRng').makeRng(name);
  }

  hasRng(name: string): boolean {
    return this.boundScope('hasRng').hasRng(name);
  }

  isMutableCollection(col: string): boolean {
    return this.boundScope('isMutableCollection').isMutableCollection(col);
  }

  /** True under `init` / `initWithOutput`. */
  isInitializing(): boolean {
    return this.boundScope('isInitializing').flags.initializing === true;
  }

  /** The variables visible to this module (its subtree of every collection). */
  get variables(): Record<string, unknown> {
    return this.boundScope('variables').variables();
  }

  /**
   * Stores `value` in collection `col` under `name` when `col` is mutable (returns false and does
   * nothing otherwise). By default values accumulate in an array (Flax: a tuple).
   * @see flax.linen.Module.sow
   */
  sow<T, K = T[]>(col: string, name: string, value: T, opts: SowOptions<K, T> = {}): boolean {
    const scope = this.boundScope('sow');
    if (!scope.isMutableCollection(col)) return false;
    let xs: K;
    if (scope.hasVariable(col, name)) xs = scope.getVariable(col, name) as K;
    else {
      scope.reserve(name, col);
      stateOf(this).children.set(name, col);
      xs = opts.initFn !== undefined ? opts.initFn() : ([] as unknown as K);
    }
    const reduce =
      opts.reduceFn ?? ((acc: K, v: T) => [...(acc as unknown as T[]), v] as unknown as K);
    scope.putVariable(col, name, reduce(xs, value));
    return true;
  }

  /**
   * Adds a zero-initialized "perturbation" variable to `value` (for gradients with respect to
   * intermediates). @see flax.linen.Module.perturb
   */
  perturb<T>(name: string, value: T, collection = 'perturbations'): T {
    const scope = this.boundScope('perturb');
    if (scope.isMutableCollection(collection) && !scope.hasVariable(collection, name)) {
      scope.reserve(name, collection);
      stateOf(this).children.set(name, collection);
      scope.putVariable(
        collection,
        name,
        tree.map((x: unknown) => jnp.zerosLike(x as Tensor), value),
      );
    }
    if (scope.hasCollection(collection)) {
      if (!scope.hasVariable(collection, name)) {
        throw new LinenError(
          `Perturbation collection ${collection} present, but missing perturbation variable ${name}`,
        );
      }
      const old = scope.getVariable(collection, name);
      return tree.map(
        (a: unknown, b: unknown) => jnp.add(a as Tensor, b as Tensor),
        value,
        old,
      ) as T;
    }
    return value;
  }

  /**
   * `init(rngs, ...args, { method, mutable, captureIntermediates }?)`: runs the method with
   * every collection (except `intermediates`) mutable and returns the created variables as a
   * FrozenDict. The same function object on every access; usable detached.
   * @see flax.linen.Module.init
   */
  get init(): InitFn<this> {
    const st = stateOf(this);
    if (st.bound.init === undefined) {
      st.bound.init = (rngs: RNGSequences, ...rest: unknown[]) => {
        const [args, opts] = splitTrailingOptions<InitOptions>(rest, INIT_KEYS);
        return initWithOutputImpl(this, rngs, args, opts)[1];
      };
    }
    return st.bound.init as InitFn<this>;
  }

  /** Like init, returning `[output, variables]`. */
  get initWithOutput(): InitWithOutputFn<this> {
    const st = stateOf(this);
    if (st.bound.initWithOutput === undefined) {
      st.bound.initWithOutput = ((rngs: RNGSequences, ...rest: unknown[]) => {
        const [args, opts] = splitTrailingOptions<InitOptions>(rest, INIT_KEYS);
        return initWithOutputImpl(this, rngs, args, opts);
      }) as InitWithOutputFn<Module>;
    }
    return st.bound.initWithOutput as InitWithOutputFn<this>;
  }

  /**
   * `apply(variables, ...args, { mutable, rngs, method }?)`: runs the method on the variables.
   * Returns the output, or `[output, mutatedCollections]` when `mutable` is set. Bound once per
   * instance: `model.apply === model.apply`, so it can be passed to jit as a static argument.
   * @see flax.linen.Module.apply
   */
  get apply(): ApplyFn<this> {
    const st = stateOf(this);
    if (st.bound.apply === undefined) {
      st.bound.apply = ((variables: VariableDict, ...rest: unknown[]) => {
        const [args, opts] = splitTrailingOptions<ApplyOptions>(rest, APPLY_KEYS);
        return applyImpl(this, variables, args, opts);
      }) as ApplyFn<Module>;
    }
    return st.bound.apply as ApplyFn<this>;
  }

  /** apply with explicit options (never inspects the positional arguments). */
  applyWith(variables: VariableDict, opts: ApplyOptions, ...args: unknown[]): unknown {
    return applyImpl(this, variables, args, opts);
  }

  /** initWithOutput with explicit options (never inspects the positional arguments). */
  initWith(rngs: RNGSequences, opts: InitOptions, ...args: unknown[]): [unknown, Variables] {
    return initWithOutputImpl(this, rngs, args, opts);
  }

  /**
   * `tabulate(rngs, ...args, { depth, showRepeated, mutable, method }?)`: a text table of the
   * module calls made by init (path, module, inputs, outputs, variables per collection with
   * counts and bytes, totals). @see flax.linen.Module.tabulate
   */
  tabulate(rngs: RNGSequences, ...rest: unknown[]): string {
    const [args, opts] = splitTrailingOptions<TabulateOptions>(rest, TABULATE_KEYS);
    return tabulateImpl(this, rngs, args, opts);
  }

  /**
   * A copy of this module bound to `variables`, for interactive use: its methods (and setup
   * attributes, after a first method call) work outside apply. Flax: Module.bind.
   */
  bind(
    variables: VariableDict,
    opts: { rngs?: RNGSequences; mutable?: CollectionFilter } = {},
  ): this {
    const rngs = opts.rngs === undefined ? new Map() : normalizeRngs(opts.rngs, 'rngs');
    const root = bindScope(variables, rngs, checkMutable('bind', opts.mutable ?? false));
    const clone = cloneModule(this, null, stateOf(this).name);
    stateOf(clone).scope = root;
    trySetup(clone);
    return clone;
  }

  /**
   * An unbound copy with some props replaced (Flax's `clone(**updates)` / `copy`). Inside a
   * compact method the copy becomes a submodule like any newly constructed module.
   */
  clone(updates: Partial<P> & ModuleBaseProps = {}): this {
    const { name, parent, ...rest } = updates as Partial<P> &
      ModuleBaseProps &
      Record<string, unknown>;
    const st = stateOf(this);
    const baseProps = (st.fieldOriginals.get('props') ?? this.props) as Record<string, unknown>;
    const c = cloneModule(this, null, name ?? null);
    Object.defineProperty(c, 'props', {
      value: Object.freeze({ ...baseProps, ...rest }),
      writable: true,
      enumerable: true,
      configurable: true,
    });
    const p = parent !== undefined ? parent : currentModule();
    if (p !== null) {
      const ps = stateOf(p);
      stateOf(c).parent = p;
      if (!(ps.inSetup && name === undefined)) register(c, p);
    }
    return c;
  }

  /** Same as clone (Flax's user-facing `copy`). */
  copy(updates: Partial<P> & ModuleBaseProps = {}): this {
    return this.clone(updates);
  }

  /**
   * `[unboundCopy, variables]` of a bound module (e.g. a submodule of `bind`'s result), to use
   * it on its own with init/apply. Flax: Module.unbind.
   */
  unbind(): [this, Variables] {
    const scope = stateOf(this).scope;
    if (scope === null) {
      throw new LinenError("Can't call `unbind()` on unbound modules");
    }
    return [this.clone(), freeze(this.variables) as Variables];
  }

  toString(): string {
    const repr = (v: unknown): string => {
      if (v instanceof Module) return v.toString();
      if (typeof v === 'function') return v.name || '<function>';
      if (v !== null && typeof v === 'object' && 'aval' in v) {
        return (v as { aval: { strShort(): string } }).aval.strShort();
      }
      if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
      return JSON.stringify(v) ?? String(v);
    };
    const entries = Object.entries(this.props as Record<string, unknown>).map(
      ([k, v]) => `${k}=${repr(v)}`,
    );
    return `${className(this)}(${entries.join(', ')})`;
  }
}

/**
 * A hyperparameter that can be given to the constructor or at call time, but exactly once.
 * Flax: flax.linen.module.merge_param.
 */
export function mergeParam<T>(name: string, a: T | null | undefined, b: T | null | undefined): T {
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing && bMissing) {
    throw new MergeParamError(
      `Parameter "${name}" must be passed to the constructor or at call time.`,
    );
  }
  if (!aMissing && !bMissing) {
    throw new MergeParamError(
      `Parameter "${name}" was passed to the constructor and at call time. Should be passed just once.`,
    );
  }
  return (aMissing ? b : a) as T;
}

/** Merges defined entries of `props` over `defaults` (undefined entries keep the default). */
export function withDefaults<D extends object, P extends object>(defaults: D, props: P): D & P {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  return out as D & P;
}
