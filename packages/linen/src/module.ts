// The user-facing Module: typed hyperparameters (`props`), a compact `call` method, setup(),
// parameters and variables, automatic submodule naming, init/apply. flax.linen.Module, built on
// the explicit Scope of scope.ts (no dataclass transforms: see the README for the design).

import { type FrozenDict, freeze, tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { isPlainObject } from './dicts.ts';
import {
  ApplyModuleInvalidMethodError,
  AssignSubModuleError,
  CallCompactUnboundModuleError,
  InitializationNotAllowedError,
  InvalidRngError,
  LinenError,
  MergeParamError,
  NameInUseError,
  ReservedModuleAttributeError,
} from './errors.ts';
import { type CollectionFilter, DenyList, isCollectionFilter } from './filters.ts';
import {
  bindScope,
  describeValue,
  isValidRng,
  isValidRngs,
  normalizeRngs,
  type RNGSequences,
  type Scope,
  type Variable,
  type VariableDict,
} from './scope.ts';
import { type TabulateOptions, tabulate as tabulateImpl } from './tabulate.ts';

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
// biome-ignore lint/complexity/noBannedTypes: any function is accepted and checked at runtime.
export type MethodSpec = string | Function;

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

/** `model.apply`: a function bound once per module instance (safe to pass around and to jit). */
export interface ApplyFn<M> {
  (
    variables: VariableDict,
    ...args: [...CallArgs<M>, MutableApplyOptions]
  ): [CallResult<M>, Variables];
  (variables: VariableDict, ...args: [...CallArgs<M>, ApplyOptions?]): CallResult<M>;
  (variables: VariableDict, ...args: unknown[]): unknown;
}

/** `model.init`: returns the created collections. */
export interface InitFn<M> {
  (rngs: RNGSequences, ...args: [...CallArgs<M>, InitOptions?]): Variables;
  (rngs: RNGSequences, ...args: unknown[]): Variables;
}

/** `model.initWithOutput`: returns `[output, variables]`. */
export interface InitWithOutputFn<M> {
  (rngs: RNGSequences, ...args: [...CallArgs<M>, InitOptions?]): [CallResult<M>, Variables];
  (rngs: RNGSequences, ...args: unknown[]): [unknown, Variables];
}

export interface SowOptions<K, T> {
  /** Combines the stored value with the new one (default: append to a tuple / array). */
  readonly reduceFn?: (acc: K, value: T) => K;
  /** The initial stored value (default: an empty array). */
  readonly initFn?: () => K;
}

// ---------------------------------------------------------------------------------------------
// Internal state (kept out of the instance so props and user fields are the only own properties)
// ---------------------------------------------------------------------------------------------

interface ModuleState {
  parent: Module | null;
  name: string | null;
  scope: Scope | null;
  inCompactMethod: boolean;
  inSetup: boolean;
  setupCalled: boolean;
  autonameCursor: Map<string, number>;
  children: Map<string, Module | string>;
  /** Own properties assigned by setup() (re-created by setup, never cloned). */
  setupKeys: Set<string>;
  /** Own properties replaced by adopted clones: their original (unadopted) values. */
  fieldOriginals: Map<string, unknown>;
  bound: {
    apply?: ApplyFn<Module>;
    init?: InitFn<Module>;
    initWithOutput?: InitWithOutputFn<Module>;
  };
}

const STATE = new WeakMap<Module, ModuleState>();

function freshState(parent: Module | null, name: string | null): ModuleState {
  return {
    parent,
    name,
    scope: null,
    inCompactMethod: false,
    inSetup: false,
    setupCalled: false,
    autonameCursor: new Map(),
    children: new Map(),
    setupKeys: new Set(),
    fieldOriginals: new Map(),
    bound: {},
  };
}

function stateOf(m: Module): ModuleState {
  const st = STATE.get(m);
  if (st === undefined) {
    throw new LinenError(
      'Module: this object is not a constructed Module; expected an instance created with ' +
        '`new`. Subclasses must call super(props) in their constructor.',
    );
  }
  return st;
}

/** Modules whose wrapped method is running (Flax's _context.module_stack). */
const moduleStack: Module[] = [];
/** Intermediate-capture filters of the running init/apply calls. */
const captureStack: (CaptureFilter | null)[] = [];

/** One recorded method call (for tabulate). */
export interface CallInfo {
  readonly index: number;
  readonly path: readonly string[];
  readonly module: Module;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly output: unknown;
}

interface CallRecorder {
  next: number;
  calls: CallInfo[];
}
const callRecorders: CallRecorder[] = [];

/** Runs `f` while recording every wrapped method call (tabulate). @internal */
export function recordCalls<T>(f: () => T): [T, CallInfo[]] {
  const rec: CallRecorder = { next: 0, calls: [] };
  callRecorders.push(rec);
  try {
    const out = f();
    return [out, rec.calls.sort((a, b) => a.index - b.index)];
  } finally {
    callRecorders.pop();
  }
}

function className(m: Module): string {
  return (Object.getPrototypeOf(m) as { constructor: { name: string } }).constructor.name;
}

function initializationAllowed(st: ModuleState): boolean {
  return st.inSetup || st.inCompactMethod;
}

/** Attaches `m` to `parent`: auto-name, name check, child scope. Flax: __post_init__. */
function register(m: Module, parent: Module): void {
  const st = stateOf(m);
  const ps = stateOf(parent);
  if (!initializationAllowed(ps) || ps.scope === null) {
    throw new AssignSubModuleError(className(m));
  }
  if (st.name === null) {
    const prefix = className(m);
    const cursor = ps.autonameCursor.get(prefix) ?? 0;
    st.name = `${prefix}_${cursor}`;
    ps.autonameCursor.set(prefix, cursor + 1);
  }
  if (ps.scope.nameReserved(st.name)) {
    throw new NameInUseError('submodule', st.name, className(parent));
  }
  ps.children.set(st.name, m);
  st.parent = parent;
  st.scope = ps.scope.push(st.name);
}

// ---------------------------------------------------------------------------------------------
// Method wrapping: every public method of a subclass runs through callWrapped (Flax wraps
// methods in _call_wrapped_method). Prototypes are patched once, on first construction.
// ---------------------------------------------------------------------------------------------

const WRAPPED = Symbol('linen.wrappedMethods');
// biome-ignore lint/complexity/noBannedTypes: wrappers and originals are arbitrary functions.
const ORIGINAL = new WeakMap<Function, Function>();

type AnyMethod = (this: Module, ...args: unknown[]) => unknown;

function callWrapped(
  m: Module,
  fn: AnyMethod,
  methodName: string,
  args: unknown[],
  compact: boolean,
): unknown {
  const st = STATE.get(m);
  if (st === undefined) return fn.apply(m, args);
  if (st.scope === null) {
    if (compact) throw new CallCompactUnboundModuleError();
    // Non-compact methods of unbound modules run as plain functions (e.g. initializeCarry).
    return fn.apply(m, args);
  }
  trySetup(m);
  const recurrent = st.inCompactMethod;
  if (compact) st.inCompactMethod = true;
  const recorder = callRecorders.at(-1);
  const index = recorder === undefined ? 0 : recorder.next++;
  moduleStack.push(m);
  try {
    const y = fn.apply(m, args);
    const filter = captureStack.at(-1);
    if (filter !== undefined && filter !== null && filter(m, methodName)) {
      m.sow('intermediates', methodName === 'call' ? '__call__' : methodName, y);
    }
    if (recorder !== undefined) {
      recorder.calls.push({
        index,
        path: st.scope.path,
        module: m,
        method: methodName,
        args,
        output: y,
      });
    }
    return y;
  } finally {
    moduleStack.pop();
    if (compact && !recurrent) {
      // The next call of a compact method reuses the same names (and so the same variables).
      st.scope = st.scope.rewound();
      st.inCompactMethod = false;
      st.autonameCursor = new Map();
    }
  }
}

function wrapPrototypes(proto: object): void {
  for (let p = proto; p !== null && p !== Module.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, WRAPPED)) continue;
    const ctor = (p as { constructor: { compactMethods?: readonly string[] } }).constructor;
    const compact = new Set(['call', ...(ctor.compactMethods ?? [])]);
    for (const key of Object.getOwnPropertyNames(p)) {
      if (key === 'constructor' || key === 'setup' || key.startsWith('_')) continue;
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d === undefined || typeof d.value !== 'function' || !d.configurable) continue;
      const original = d.value as AnyMethod;
      const isCompact = compact.has(key);
      const wrapped = function (this: Module, ...args: unknown[]): unknown {
        return callWrapped(this, original, key, args, isCompact);
      };
      Object.defineProperty(wrapped, 'name', { value: key });
      ORIGINAL.set(wrapped, original);
      Object.defineProperty(p, key, { ...d, value: wrapped });
    }
    Object.defineProperty(p, WRAPPED, { value: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Setup and adoption of submodules held in props, fields and setup attributes
// ---------------------------------------------------------------------------------------------

/** Clones of modules passed in from outside, per root scope (keeps sharing by identity). */
const adoptionCaches = new WeakMap<Scope, Map<Module, Module>>();

/**
 * Maps `fn(suffix, module)` over the modules inside a value (a module, or arrays and plain
 * objects of them). Suffixes follow Flax: `''`, `_0`, `_a`, `_0_b`.
 */
function mapModules(
  value: unknown,
  suffix: string,
  fn: (suffix: string, m: Module) => Module,
): unknown {
  if (value instanceof Module) return fn(suffix, value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v, i) => {
      const r = mapModules(v, `${suffix}_${i}`, fn);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = mapModules(v, `${suffix}_${k}`, fn);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * Gives the modules inside `value` to `owner` under `baseName`: modules from outside (no
 * parent) are cloned first, unnamed ones get `baseName + suffix`. Flax: _register_submodules.
 */
function adopt(owner: Module, baseName: string, value: unknown): unknown {
  const ost = stateOf(owner);
  const root = (ost.scope as Scope).root;
  let cache = adoptionCaches.get(root);
  if (cache === undefined) {
    cache = new Map();
    adoptionCaches.set(root, cache);
  }
  const c = cache;
  return mapModules(value, '', (suffix, sub) => {
    let m = sub;
    const sst = stateOf(sub);
    if (sst.parent === null && sst.scope === null) {
      let clone = c.get(sub);
      if (clone === undefined) {
        clone = cloneModule(sub, null);
        c.set(sub, clone);
      }
      m = clone;
    }
    const mst = stateOf(m);
    // Modules already named (explicitly, or inline in some compact method) stay where they are.
    if (mst.name === null) {
      mst.name = `${baseName}${suffix}`;
      register(m, owner);
    }
    return m;
  });
}

/** Runs setup() once, adopting prop/field submodules first. Flax: Module._try_setup. */
function trySetup(m: Module): void {
  const st = stateOf(m);
  if (st.scope === null || st.inSetup || st.setupCalled) return;
  st.inSetup = true;
  moduleStack.push(m);
  try {
    // Props and instance fields: adopted under their key (Flax's dataclass fields).
    const props = (m as { props: unknown }).props;
    if (isPlainObject(props)) {
      const adopted: Record<string, unknown> = {};
      let changed = false;
      for (const [k, v] of Object.entries(props)) {
        const r = adopt(m, k, v);
        if (r !== v) changed = true;
        adopted[k] = r;
      }
      if (changed) {
        if (!st.fieldOriginals.has('props')) st.fieldOriginals.set('props', props);
        Object.defineProperty(m, 'props', {
          value: Object.freeze(adopted),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
    for (const key of Object.keys(m)) {
      if (key === 'props') continue;
      const v = (m as unknown as Record<string, unknown>)[key];
      const r = adopt(m, key, v);
      if (r !== v) {
        if (!st.fieldOriginals.has(key)) st.fieldOriginals.set(key, v);
        (m as unknown as Record<string, unknown>)[key] = r;
      }
    }
    const before = new Map(Object.entries(m));
    m.setup();
    // Attributes assigned in setup (new or changed own properties, so declared class fields
    // work too): submodules are named after the attribute (layers_0, d_a).
    for (const key of Object.keys(m)) {
      const value = (m as unknown as Record<string, unknown>)[key];
      if (before.has(key) && before.get(key) === value) continue;
      st.setupKeys.add(key);
      const v = (m as unknown as Record<string, unknown>)[key];
      const r = adopt(m, key, v);
      if (r !== v) (m as unknown as Record<string, unknown>)[key] = r;
    }
  } finally {
    moduleStack.pop();
    st.inSetup = false;
    st.setupCalled = true;
  }
}

/** A fresh unbound copy of `m` (props and construction-time fields), optionally parented. */
function cloneModule<M extends Module>(m: M, parent: Module | null, name: string | null = null): M {
  const st = stateOf(m);
  const c = Object.create(Object.getPrototypeOf(m)) as M;
  for (const key of Reflect.ownKeys(m)) {
    if (typeof key === 'string' && st.setupKeys.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(m, key) as PropertyDescriptor;
    if (typeof key === 'string' && st.fieldOriginals.has(key)) d.value = st.fieldOriginals.get(key);
    Object.defineProperty(c, key, d);
  }
  STATE.set(c, freshState(parent, name));
  return c;
}

// ---------------------------------------------------------------------------------------------
// init / apply
// ---------------------------------------------------------------------------------------------

const INIT_KEYS = new Set(['method', 'mutable', 'captureIntermediates']);
const APPLY_KEYS = new Set(['rngs', 'method', 'mutable', 'captureIntermediates']);
const TABULATE_KEYS = new Set(['depth', 'showRepeated', 'mutable', 'method']);

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
    // Any other function is called as fn(module, ...args) (Flax's `method=fn`).
    return (args) => (method as (mod: Module, ...a: unknown[]) => unknown)(m, ...args);
  }
  throw new ApplyModuleInvalidMethodError(describeValue(method));
}

function captureFilter(c: boolean | CaptureFilter | undefined): CaptureFilter | null {
  if (c === undefined || c === false) return null;
  if (c === true) return (_m, name) => name === 'call';
  return c;
}

function checkMutable(api: string, mutable: unknown): CollectionFilter {
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

function initWithOutputImpl(
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

function applyImpl(
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
    const p = parent !== undefined ? parent : (moduleStack.at(-1) ?? null);
    const st = freshState(p, name ?? null);
    STATE.set(this, st);
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
    if (Object.hasOwn(scope.root.variables(), collection)) {
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
    const p = parent !== undefined ? parent : (moduleStack.at(-1) ?? null);
    if (p !== null) {
      const ps = stateOf(p);
      stateOf(c).parent = p;
      if (!(ps.inSetup && name === undefined)) register(c, p);
    }
    return c;
  }

  toString(): string {
    const entries = Object.entries(this.props as Record<string, unknown>).map(
      ([k, v]) =>
        `${k}=${typeof v === 'function' ? v.name || '<function>' : v instanceof Module ? v.toString() : (JSON.stringify(v) ?? String(v))}`,
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
