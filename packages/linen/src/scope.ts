// The functional core under linen's Module: a Scope holds variable collections, RNG streams and
// name reservations for one position in the module tree. flax.core.scope.Scope, bind, apply,
// init. The Module API (module.ts) is sugar over this file; layers could be written with it alone.

import { tree, unfreeze } from '@jaxts/frozendict';
import { makeJaxpr, random, Tensor } from '@jaxts/tensor';
import { type DictLike, getOwn, hasOwn, isDictLike } from './dicts.ts';
import {
  ApplyScopeInvalidVariablesStructureError,
  ApplyScopeInvalidVariablesTypeError,
  InvalidRngError,
  InvalidScopeError,
  ModifyScopeVariableError,
  ScopeCollectionNotFound,
  ScopeParamNotFoundError,
  ScopeParamShapeError,
  ScopeVariableNotFoundError,
} from './errors.ts';
import { type CollectionFilter, inFilter } from './filters.ts';
import { LazyRng } from './rng.ts';

/** Variable collections: `{ params: {...}, batch_stats: {...}, ... }` (plain or frozen). */
export type VariableDict = DictLike;

/** RNG streams: one key (the `params` stream) or `{ params: key, dropout: key, ... }`. */
export type RNGSequences = Tensor | Readonly<Record<string, Tensor>>;

export interface ScopeFlags {
  /** True under `init` / `initWithOutput` (Module.isInitializing()). */
  readonly initializing?: boolean;
}

/** Per-stream counters of one scope, plus the counters of its children by name. */
interface RngCounters {
  readonly streams: Map<string, number>;
  readonly children: Map<string, RngCounters>;
}

function newCounters(streams: Iterable<string>): RngCounters {
  return { streams: new Map([...streams].map((s) => [s, 0])), children: new Map() };
}

const EMPTY: DictLike = Object.freeze({});

/** Whether `x` is one PRNG key: a u32[2] Tensor (tracers included). */
export function isValidRng(x: unknown): x is Tensor {
  return x instanceof Tensor && x.dtype === 'uint32' && x.ndim === 1 && x.shape[0] === 2;
}

/** Whether `x` is a dict of PRNG keys. */
export function isValidRngs(x: unknown): x is Readonly<Record<string, Tensor>> {
  return isDictLike(x) && Object.values(x).every(isValidRng);
}

/**
 * One node of the variable tree: reads and writes its part of each collection, derives keys for
 * its RNG streams and reserves the names of its params, variables and children.
 * Flax: flax.core.scope.Scope.
 */
export class Scope {
  /** Cached collections of this scope (`{ col: node }`), filled lazily from the parent. */
  private readonly vars: Record<string, DictLike>;
  readonly rngs: ReadonlyMap<string, LazyRng>;
  readonly name: string | null;
  readonly parent: Scope | null;
  readonly path: readonly string[];
  readonly mutable: CollectionFilter;
  readonly flags: ScopeFlags;
  private rngCounters: RngCounters;
  private readonly reservations = new Map<string, Set<string | null>>();
  private invalid = false;
  private readonly rootScope: Scope | null;

  constructor(
    variables: Record<string, DictLike>,
    rngs: ReadonlyMap<string, LazyRng>,
    name: string | null,
    mutable: CollectionFilter,
    parent: Scope | null,
    path: readonly string[],
    flags: ScopeFlags,
  ) {
    this.vars = variables;
    this.rngs = rngs;
    this.name = name;
    this.parent = parent;
    this.path = path;
    this.mutable = mutable;
    this.flags = flags;
    this.rootScope = parent === null ? null : parent.root;
    this.rngCounters = newCounters(rngs.keys());
  }

  get root(): Scope {
    return this.rootScope ?? this;
  }

  /** `/Dense_0/kernel`-style path for messages; the root is `/`. */
  get pathText(): string {
    return `/${this.path.join('/')}`;
  }

  get isInvalid(): boolean {
    return this.invalid;
  }

  invalidate(): void {
    this.invalid = true;
  }

  private checkValid(): void {
    if (this.invalid) throw new InvalidScopeError(this.name ?? 'None');
  }

  /**
   * The same node with its name reservations emptied (a compact method's next call reuses the
   * names); RNG counters are kept unless `rewindRngs`. Flax: Scope.rewound.
   */
  rewound(rewindRngs = false): Scope {
    this.checkValid();
    const s = new Scope(
      this.vars,
      this.rngs,
      this.name,
      this.mutable,
      this.parent,
      this.path,
      this.flags,
    );
    if (!rewindRngs) s.rngCounters = this.rngCounters;
    return s;
  }

  /** Whether `name` is taken by a child (col null) or by a variable of collection `col`. */
  nameReserved(name: string, col: string | null = null): boolean {
    const r = this.reservations.get(name);
    if (r === undefined) return false;
    return r.has(null) || col === null || r.has(col);
  }

  /** Reserves `name` for a child (col null) or a variable of `col`; throws if taken. */
  reserve(name: string, col: string | null = null): void {
    if (this.nameReserved(name, col)) {
      throw new InvalidScopeError(name);
    }
    let r = this.reservations.get(name);
    if (r === undefined) {
      r = new Set();
      this.reservations.set(name, r);
    }
    r.add(col);
  }

  /** A fresh name `${prefix}${i}` not reserved yet. Flax: Scope.default_name. */
  defaultName(prefix: string): string {
    for (let i = 0; ; i++) {
      const name = `${prefix}${i}`;
      if (!this.reservations.has(name)) return name;
    }
  }

  /**
   * The child scope `name`. Its RNG streams get `name` appended to their suffix; its counters
   * are shared by every push of the same name (so a rewound parent re-derives the same keys).
   */
  push(name: string, reuse = false): Scope {
    this.checkValid();
    if (!reuse || !this.reservations.has(name)) this.reserve(name);
    const rngs = new Map<string, LazyRng>();
    for (const [k, v] of this.rngs) rngs.set(k, v.extend(name));
    let counters = this.rngCounters.children.get(name);
    if (counters === undefined) {
      counters = newCounters(rngs.keys());
      this.rngCounters.children.set(name, counters);
    }
    const child = new Scope({}, rngs, name, this.mutable, this, [...this.path, name], this.flags);
    child.rngCounters = counters;
    return child;
  }

  isMutableCollection(col: string): boolean {
    return inFilter(this.mutable, col);
  }

  /** True when `col` was not passed / created at all, or is empty. */
  isCollectionEmpty(col: string): boolean {
    const rootVars = this.root.vars;
    if (hasOwn(rootVars, col)) return Object.keys(rootVars[col] as DictLike).length === 0;
    return true;
  }

  /** This scope's node of `col`, created (as a plain object) if missing. */
  private mutableCollection(col: string): Record<string, unknown> {
    if (!hasOwn(this.vars, col)) {
      if (this.parent === null) {
        this.vars[col] = {};
      } else {
        const parentCol = this.parent.mutableCollection(col);
        if (!hasOwn(parentCol, this.name as string)) parentCol[this.name as string] = {};
        this.vars[col] = parentCol[this.name as string] as DictLike;
      }
    }
    return this.vars[col] as Record<string, unknown>;
  }

  /** This scope's node of `col` (read only), or an empty dict. */
  collection(col: string): DictLike {
    if (!hasOwn(this.vars, col)) {
      if (this.parent === null) return EMPTY;
      const parentCol = this.parent.collection(col);
      const node = getOwn(parentCol, this.name as string);
      if (node === undefined) return EMPTY;
      this.vars[col] = node as DictLike;
    }
    return this.vars[col] as DictLike;
  }

  hasRng(name: string): boolean {
    return this.rngs.has(name);
  }

  /**
   * A new key from stream `name` (falling back to `params`): the stream's counter in this scope
   * is incremented and folded in with the scope path. Flax: Scope.make_rng.
   */
  makeRng(name = 'params'): Tensor {
    let stream = name;
    if (!this.hasRng(stream)) {
      if (this.hasRng('params')) stream = 'params';
      else {
        throw new InvalidRngError(
          `${this.name ?? 'None'} needs PRNG for "${name}". Pass it to apply: ` +
            `{ rngs: { ${name}: key } }.`,
        );
      }
    }
    this.checkValid();
    const count = (this.rngCounters.streams.get(stream) ?? 0) + 1;
    this.rngCounters.streams.set(stream, count);
    return (this.rngs.get(stream) as LazyRng).extend(count).asKey();
  }

  getVariable<T = unknown>(col: string, name: string): T | undefined;
  getVariable<T, D>(col: string, name: string, fallback: D): T | D;
  getVariable(col: string, name: string, fallback?: unknown): unknown {
    const c = this.collection(col);
    return hasOwn(c, name) ? c[name] : fallback;
  }

  hasVariable(col: string, name: string): boolean {
    return hasOwn(this.collection(col), name);
  }

  /** Writes a variable; throws ModifyScopeVariableError when `col` is immutable. */
  putVariable(col: string, name: string, value: unknown): void {
    this.checkValid();
    if (!this.isMutableCollection(col)) {
      throw new ModifyScopeVariableError(col, name, this.pathText);
    }
    this.mutableCollection(col)[name] = value;
  }

  /**
   * Creates the variable `col/name` with `initFn(...initArgs)` unless it exists, and returns a
   * reference to it. Flax: Scope.variable.
   */
  variable<T, A extends unknown[]>(
    col: string,
    name: string,
    initFn?: ((...args: A) => T) | null,
    ...initArgs: A
  ): Variable<T> {
    this.reserve(name, col);
    if (!this.hasVariable(col, name)) {
      if (!this.isMutableCollection(col) || initFn === undefined || initFn === null) {
        if (this.isCollectionEmpty(col))
          throw new ScopeCollectionNotFound(col, name, this.pathText);
        throw new ScopeVariableNotFoundError(name, col, this.pathText);
      }
      this.putVariable(col, name, initFn(...initArgs));
    }
    return new Variable<T>(this, col, name);
  }

  /**
   * Creates the parameter `name` with `initFn(makeRng('params'), ...initArgs)` unless it exists;
   * an existing one is checked against the shape the initializer would produce now (traced
   * abstractly, no kernels run). Flax: Scope.param.
   */
  param<T, A extends unknown[]>(
    name: string,
    initFn: (rng: Tensor, ...args: A) => T,
    ...initArgs: A
  ): T {
    this.reserve(name, 'params');
    if (this.hasVariable('params', name)) {
      const value = this.getVariable('params', name) as T;
      // Checked once per parameter and init/apply call (an RNN cell runs at every time step).
      let checked = CHECKED.get(this.root);
      if (checked === undefined) {
        checked = new Set();
        CHECKED.set(this.root, checked);
      }
      const id = `${this.pathText}\u0000${name}`;
      if (!checked.has(id)) {
        checkParamShape(this.pathText, name, value, initFn, initArgs);
        checked.add(id);
      }
      return value;
    }
    if (!this.isMutableCollection('params')) {
      if (this.isCollectionEmpty('params')) {
        throw new ScopeCollectionNotFound('params', name, this.pathText);
      }
      throw new ScopeParamNotFoundError(name, this.pathText);
    }
    const value = initFn(this.makeRng('params'), ...initArgs);
    this.putVariable('params', name, value);
    return value;
  }

  /** The collections of the root that `mutable` selects. Flax: Scope.mutable_variables. */
  mutableVariables(): Record<string, DictLike> {
    const out: Record<string, DictLike> = {};
    for (const [k, v] of Object.entries(this.root.vars)) {
      if (inFilter(this.mutable, k)) out[k] = v;
    }
    return out;
  }

  /** This scope's node of every collection that has one (Flax: Scope.variables). */
  variables(): Record<string, DictLike> {
    const out: Record<string, DictLike> = {};
    for (const col of Object.keys(this.root.vars)) {
      const node = this.collection(col);
      if (hasOwn(this.vars, col)) out[col] = node;
    }
    return out;
  }

  /** Whether the root has collection `col` at all (passed in or created). */
  hasCollection(col: string): boolean {
    return hasOwn(this.root.vars, col);
  }
}

/** Leaf shapes of a value (Tensor leaves; other leaves count as scalars). */
function leafShapes(x: unknown): number[][] {
  return tree.leaves(x).map((l) => (l instanceof Tensor ? [...l.shape] : []));
}

/** Parameters already shape-checked, per root scope (one init/apply call). */
const CHECKED = new WeakMap<Scope, Set<string>>();

/** Output shapes of initializers, by function and (JSON-able) arguments. */
const INIT_SHAPES = new WeakMap<object, Map<string, number[][]>>();

/** A cache key for initializer arguments (shapes, dtypes, numbers), or null. */
function argsKey(args: readonly unknown[]): string | null {
  const plain = (x: unknown): boolean =>
    typeof x === 'number' ||
    typeof x === 'string' ||
    typeof x === 'boolean' ||
    x === null ||
    (Array.isArray(x) && x.every(plain));
  return args.every(plain) ? JSON.stringify(args) : null;
}

/** The leaf shapes `initFn(key, ...args)` produces, traced abstractly (nothing is computed). */
function initShapes<A extends unknown[]>(
  initFn: (rng: Tensor, ...args: A) => unknown,
  args: A,
): number[][] {
  const key = argsKey(args);
  let byArgs = INIT_SHAPES.get(initFn);
  const cached = key === null ? undefined : byArgs?.get(key);
  if (cached !== undefined) return cached;
  const shapes = makeJaxpr(() => initFn(random.PRNGKey(0), ...args))().outAvals.map((a) => [
    ...a.shape,
  ]);
  if (key !== null) {
    if (byArgs === undefined) {
      byArgs = new Map();
      INIT_SHAPES.set(initFn, byArgs);
    }
    byArgs.set(key, shapes);
  }
  return shapes;
}

/**
 * Flax's apply-time check that an existing parameter still fits its initializer: the init
 * function is traced abstractly (makeJaxpr; like jax.eval_shape, nothing is computed).
 */
function checkParamShape<A extends unknown[]>(
  path: string,
  name: string,
  value: unknown,
  initFn: (rng: Tensor, ...args: A) => unknown,
  initArgs: A,
): void {
  const have = leafShapes(value);
  const expected = initShapes(initFn, initArgs);
  const n = Math.min(have.length, expected.length);
  for (let i = 0; i < n; i++) {
    const v = have[i] as number[];
    const e = expected[i] as number[];
    if (v.length !== e.length || v.some((d, j) => d !== e[j])) {
      throw new ScopeParamShapeError(name, path, v, e);
    }
  }
}

/**
 * A reference to one variable: `.value` reads it, `.value = x` writes it (throws
 * ModifyScopeVariableError when the collection is immutable). Flax: flax.core.scope.Variable.
 */
export class Variable<T = Tensor> {
  readonly scope: Scope;
  readonly collection: string;
  readonly name: string;
  constructor(scope: Scope, collection: string, name: string) {
    this.scope = scope;
    this.collection = collection;
    this.name = name;
  }
  get value(): T {
    return this.scope.getVariable(this.collection, this.name) as T;
  }
  set value(v: T) {
    this.scope.putVariable(this.collection, this.name, v);
  }
  isMutable(): boolean {
    return this.scope.isMutableCollection(this.collection);
  }
}

/** Whether `variables` is a dict of dict collections. Flax: _is_valid_variables. */
function isValidVariables(variables: unknown): variables is VariableDict {
  if (!isDictLike(variables)) return false;
  return Object.values(variables).every(isDictLike);
}

/** Normalizes `rngs` (a key or a dict of keys) to a stream map; throws InvalidRngError. */
export function normalizeRngs(rngs: unknown, what: string): Map<string, LazyRng> {
  if (isValidRng(rngs)) return new Map([['params', new LazyRng(rngs)]]);
  if (isValidRngs(rngs)) {
    return new Map(Object.entries(rngs).map(([k, v]) => [k, new LazyRng(v)]));
  }
  throw new InvalidRngError(
    `${what} should be a PRNG key (u32[2], from random.PRNGKey(seed)) or a dictionary ` +
      `mapping strings to keys; got ${describeValue(rngs)}.`,
  );
}

export function describeValue(x: unknown): string {
  if (x instanceof Tensor) return x.aval.strShort();
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'object') return `an object with keys [${Object.keys(x).join(', ')}]`;
  return `${typeof x} ${String(x)}`;
}

/**
 * A root Scope over `variables` (checked like Flax's apply): mutable collections are copied
 * into plain objects so writes never touch the caller's dicts. Flax: flax.core.scope.bind.
 */
export function bindScope(
  variables: unknown,
  rngs: Map<string, LazyRng>,
  mutable: CollectionFilter,
  flags: ScopeFlags = {},
): Scope {
  if (!isValidVariables(variables)) throw new ApplyScopeInvalidVariablesTypeError();
  const params = getOwn(variables, 'params');
  if (params !== undefined && isDictLike(params) && hasOwn(params, 'params')) {
    throw new ApplyScopeInvalidVariablesStructureError();
  }
  const copy: Record<string, DictLike> = {};
  for (const [k, v] of Object.entries(variables)) {
    copy[k] = inFilter(mutable, k) ? (unfreeze(v) as DictLike) : (v as DictLike);
  }
  return new Scope(copy, rngs, null, mutable, null, [], flags);
}
