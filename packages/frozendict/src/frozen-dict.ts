// FrozenDict: the deep-frozen string-keyed mapping that holds variable collections; the
// counterpart of flax.core.frozen_dict.FrozenDict (with freeze/unfreeze/copy/pop/pretty_repr).

import { deepEqual, hashValue } from './equality.ts';
import { ImmutableFrozenDictError, MissingKeyError, NotADictError } from './errors.ts';
import { type FrozenDictInternals, INTERNALS, internalsOf } from './internals.ts';
import { isPlainObject, isSorted, setOwn } from './plain.ts';
import { repr, reprString, truncate, typeName } from './repr.ts';

/** Phantom key that carries a FrozenDict's entry type at the type level (never set at runtime). */
export declare const FROZEN_DICT_TYPE: unique symbol;

type FunctionKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T];

/**
 * True for object types that freeze turns into FrozenDicts: object types without methods that
 * are neither arrays nor functions nor FrozenDicts. Class instances (tensors, typed arrays, Maps)
 * have methods, so they stay leaves, as they do at runtime.
 */
export type IsPlainObjectType<T> = T extends object
  ? T extends readonly unknown[]
    ? false
    : T extends (...args: never[]) => unknown
      ? false
      : [FunctionKeys<T>] extends [never]
        ? true
        : false
  : false;

/** The type of a value once frozen: plain object types become FrozenDicts, the rest is kept. */
export type Frozen<T> = T extends object
  ? IsPlainObjectType<T> extends true
    ? FrozenDict<T>
    : T
  : T;

/** The type `unfreeze` returns: FrozenDicts and plain objects become mutable plain objects. */
export type Unfrozen<T> =
  T extends FrozenDictBase<infer U>
    ? UnfrozenObject<U>
    : IsPlainObjectType<T> extends true
      ? UnfrozenObject<T>
      : T;

export type UnfrozenObject<T> = { -readonly [K in keyof T]: Unfrozen<T[K]> };

/** The entries of `T` as read-only properties of a FrozenDict. */
export type FrozenEntries<T> = { readonly [K in keyof T]: Frozen<T[K]> };

/** `{ ...a, ...b }` at the type level (b's keys win). */
export type Merge<A, B> = {
  [K in keyof A | keyof B]: K extends keyof B ? B[K] : K extends keyof A ? A[K] : never;
};

/** Entry type of a FrozenDict type, or the object type itself. */
export type EntriesOf<T> = T extends FrozenDictBase<infer U> ? U : T;

/**
 * A FrozenDict with entry type `T`: the methods of {@link FrozenDictBase} plus every entry as a
 * read-only own enumerable property (`fd.params`, `Object.keys(fd)`, `{ ...fd }` all work).
 */
export type FrozenDict<T extends object = Record<string, unknown>> = FrozenDictBase<T> &
  FrozenEntries<T>;

/** The `FrozenDict` constructor: `new FrozenDict({ a: 1 })`, `x instanceof FrozenDict`. */
export interface FrozenDictConstructor {
  new <T extends object = Record<string, unknown>>(entries?: T): FrozenDict<EntriesOf<T>>;
  readonly prototype: FrozenDict;
}

// Writes are rejected by the Proxy handler below; the target is also Object.frozen, so the
// handler is only there to turn sloppy-mode no-ops into errors.
function immutable(action: string, key: string | symbol): ImmutableFrozenDictError {
  const name = typeof key === 'symbol' ? key.toString() : reprString(key);
  return new ImmutableFrozenDictError(
    `FrozenDict is immutable; cannot ${action} key ${name}. ` +
      'Use fd.copy({ key: value }) or pop(fd, key) to get a modified copy, or unfreeze(fd) for a mutable object.',
  );
}

const handler: ProxyHandler<object> = {
  set(_target, key) {
    throw immutable('set', key);
  },
  deleteProperty(_target, key) {
    throw immutable('delete', key);
  },
  defineProperty(target, key, descriptor) {
    // Object.freeze(fd) redefines every property with identical attributes: allow such no-ops.
    if (Reflect.defineProperty(target, key, descriptor)) return true;
    throw immutable('define', key);
  },
  setPrototypeOf() {
    throw new ImmutableFrozenDictError(
      'FrozenDict is immutable; cannot change its prototype. Build a new object with unfreeze(fd).',
    );
  },
};

function missingKey(api: string, key: string, keys: readonly string[]): MissingKeyError {
  const expected =
    keys.length === 0 ? 'no key (the dict is empty)' : `one of ${keys.map(reprString).join(', ')}`;
  return new MissingKeyError(
    truncate(
      `${api}: key ${reprString(key)} not found; expected ${expected}, got ${reprString(key)}. ` +
        'Check the spelling, or test with has(key) / use getOr(key, fallback).',
    ),
    key,
    keys,
  );
}

function notADict(api: string, x: unknown): NotADictError {
  return new NotADictError(
    `${api}: Expected FrozenDict or dict, got ${typeName(x)}. Pass a FrozenDict or a plain object.`,
  );
}

/** Freezes one value: plain objects become FrozenDicts, FrozenDicts and leaves are kept. */
export function freezeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isPlainObject(value)) return fromPlainObject(value);
  return value;
}

function fromPlainObject(obj: Readonly<Record<string, unknown>>): FrozenDict {
  const keys = Object.keys(obj);
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = freezeValue(obj[keys[i] as string]);
  return makeFrozenDict(keys, values, undefined);
}

/**
 * Builds a FrozenDict from keys and already-frozen values without copying or validation (the
 * pytree unflatten path). `sortedKeys` may be passed when known, to skip the sort.
 */
export function makeFrozenDict(
  keys: readonly string[],
  values: readonly unknown[],
  sortedKeys: readonly string[] | undefined,
): FrozenDict {
  const target = Object.create(FrozenDictBase.prototype) as Record<string, unknown>;
  return initFrozenDict(target, keys, values, sortedKeys);
}

function initFrozenDict(
  target: Record<string, unknown>,
  keys: readonly string[],
  values: readonly unknown[],
  sortedKeys: readonly string[] | undefined,
): FrozenDict {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    // `size` is a getter on the prototype and `__proto__` a setter on Object.prototype, so plain
    // assignment would not create an own property for them.
    if (key === 'size') {
      Object.defineProperty(target, key, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      setOwn(target, key, values[i]);
    }
  }
  // Own-property order puts integer-like keys first, so re-read the order from the object.
  const ownKeys = Object.keys(target);
  const internals: FrozenDictInternals = {
    target,
    keys: ownKeys,
    sortedKeys: sortedKeys ?? (isSorted(ownKeys) ? ownKeys : ownKeys.slice().sort()),
    hash: undefined,
  };
  Object.defineProperty(target, INTERNALS, { value: internals, enumerable: false });
  Object.freeze(target);
  return new Proxy(target, handler) as FrozenDict;
}

function internals(fd: unknown): FrozenDictInternals {
  return internalsOf(fd) as FrozenDictInternals;
}

function entriesOf(
  x: unknown,
  api: string,
): { keys: readonly string[]; record: Readonly<Record<string, unknown>> } {
  const int = internalsOf(x);
  if (int !== undefined) return { keys: int.keys, record: int.target };
  if (isPlainObject(x)) return { keys: Object.keys(x), record: x };
  throw notADict(api, x);
}

/**
 * An immutable, deep-frozen mapping with string keys: `flax.core.FrozenDict`.
 *
 * Construction deep-freezes nested plain objects into FrozenDicts; every other value (tensors,
 * numbers, arrays, class instances) is a leaf and is kept as it is, not copied. Entries are own
 * enumerable properties, so `fd.params`, `Object.keys(fd)` and `{ ...fd }` work; methods live on
 * the prototype. Any write, delete or defineProperty throws {@link ImmutableFrozenDictError}, in
 * strict and in sloppy mode.
 *
 * Key collisions: an entry whose key equals a method name (`keys`, `pop`, `get`, `size`, ...)
 * shadows that method on the instance. `fd.get('pop')` and spreading still work; to call a
 * shadowed method use the free functions (`pop(fd, key)`, `copy`, `unfreeze`, `prettyRepr`) or
 * `FrozenDict.prototype.keys.call(fd)`.
 *
 * @example
 * ```ts
 * const variables = freeze({ params: { w: 1 }, batch_stats: { mean: 0 } });
 * const [state, params] = variables.pop('params');
 * const merged = { params, ...state }; // { params: FrozenDict({ w: 1 }), batch_stats: ... }
 * ```
 * @see flax.core.frozen_dict.FrozenDict
 */
export class FrozenDictBase<T extends object = Record<string, unknown>> {
  constructor(entries?: T) {
    let keys: readonly string[] = [];
    let values: unknown[] = [];
    if (entries !== undefined) {
      const source = entriesOf(entries, 'FrozenDict');
      const fromFrozen = internalsOf(entries) !== undefined;
      keys = source.keys;
      values = keys.map((k) => (fromFrozen ? source.record[k] : freezeValue(source.record[k])));
    }
    const target = this as unknown as Record<string, unknown>;
    // Returning the Proxy from the constructor makes `new FrozenDict(...)` yield it.
    // biome-ignore lint/correctness/noConstructorReturn: the instance must be the guarding Proxy.
    return initFrozenDict(target, keys, values, undefined) as unknown as FrozenDictBase<T>;
  }

  /** @internal Phantom carrier of the entry type (used by `Unfrozen<>`); always undefined. */
  declare readonly [FROZEN_DICT_TYPE]?: T;

  /**
   * Entries are own properties. The index signature makes every `FrozenDict<T>` assignable to
   * the default `FrozenDict` (= `FrozenDict<Record<string, unknown>>`); known keys keep their
   * precise types through {@link FrozenEntries}.
   */
  readonly [key: string]: unknown;

  /** Number of entries (Python `len(fd)`). */
  get size(): number {
    return internals(this).keys.length;
  }

  get [Symbol.toStringTag](): string {
    return 'FrozenDict';
  }

  /**
   * The value at `key`; throws {@link MissingKeyError} naming the available keys when missing
   * (Python `fd[key]`). Use {@link FrozenDictBase.getOr} for `dict.get(key, default)`.
   */
  get<K extends keyof T & string>(key: K): Frozen<T[K]>;
  get(key: string): unknown;
  get(key: string): unknown {
    const int = internals(this);
    if (!Object.hasOwn(int.target, key)) throw missingKey('FrozenDict.get', key, int.keys);
    return int.target[key];
  }

  /** The value at `key`, or `fallback` when missing (Python `fd.get(key, default)`). */
  getOr<K extends keyof T & string, F>(key: K, fallback: F): Frozen<T[K]> | F;
  getOr<F>(key: string, fallback: F): unknown;
  getOr(key: string, fallback: unknown): unknown {
    const int = internals(this);
    return Object.hasOwn(int.target, key) ? int.target[key] : fallback;
  }

  /** Whether `key` is an entry (Python `key in fd`). */
  has(key: string): boolean {
    return Object.hasOwn(internals(this).target, key);
  }

  /** The keys in insertion order (a fresh array). */
  keys(): string[] {
    return internals(this).keys.slice();
  }

  /** The values in key order; nested dicts are FrozenDicts. */
  values(): Frozen<T[keyof T]>[] {
    const int = internals(this);
    return int.keys.map((k) => int.target[k]) as Frozen<T[keyof T]>[];
  }

  /** `[key, value]` pairs in key order (Python `fd.items()`). */
  entries(): [string, Frozen<T[keyof T]>][] {
    const int = internals(this);
    return int.keys.map((k) => [k, int.target[k]]) as [string, Frozen<T[keyof T]>][];
  }

  /** Iterates over the keys, like iterating a Python Mapping (not over entries like a Map). */
  [Symbol.iterator](): IterableIterator<string> {
    return internals(this).keys[Symbol.iterator]();
  }

  /**
   * A new FrozenDict with the entries of `addOrReplace` added or replaced: a shallow top-level
   * merge `{ ...fd, ...addOrReplace }`, deep-frozen (flax `FrozenDict.copy`).
   */
  copy<U extends object = Record<never, never>>(
    addOrReplace?: U,
  ): FrozenDict<Merge<T, EntriesOf<U>>> {
    const int = internals(this);
    if (addOrReplace === undefined) return this as unknown as FrozenDict<Merge<T, EntriesOf<U>>>;
    const extra = entriesOf(addOrReplace, 'FrozenDict.copy');
    const keys = int.keys.slice();
    const values = keys.map((k) => int.target[k]);
    for (const key of extra.keys) {
      const value = freezeValue(extra.record[key]);
      const at = Object.hasOwn(int.target, key) ? keys.indexOf(key) : -1;
      if (at >= 0) values[at] = value;
      else {
        keys.push(key);
        values.push(value);
      }
    }
    return makeFrozenDict(keys, values, undefined) as unknown as FrozenDict<Merge<T, EntriesOf<U>>>;
  }

  /**
   * Removes `key`: returns `[rest, value]` where `rest` is a new FrozenDict without the entry
   * (flax `FrozenDict.pop`). Throws {@link MissingKeyError} when the key is missing.
   */
  pop<K extends keyof T & string>(key: K): [FrozenDict<Omit<T, K>>, Frozen<T[K]>];
  pop(key: string): [FrozenDict<T>, unknown];
  pop(key: string): [unknown, unknown] {
    const int = internals(this);
    if (!Object.hasOwn(int.target, key)) throw missingKey('FrozenDict.pop', key, int.keys);
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const k of int.keys) {
      if (k === key) continue;
      keys.push(k);
      values.push(int.target[k]);
    }
    const sorted = int.sortedKeys.filter((k) => k !== key);
    return [makeFrozenDict(keys, values, sorted) as FrozenDict<T>, int.target[key]];
  }

  /** A deep mutable copy made of plain objects; leaves are shared, not copied. */
  unfreeze(): UnfrozenObject<T> {
    return unfreeze(this) as UnfrozenObject<T>;
  }

  /**
   * Structural equality with a FrozenDict or a plain object: same keys, equal values
   * (nested dicts recursively, arrays element-wise, other leaves by SameValueZero).
   */
  equals(other: unknown): boolean {
    return deepEqual(this, other);
  }

  /** A 32-bit hash consistent with {@link FrozenDictBase.equals}; cached. */
  hash(): number {
    return hashValue(this);
  }

  /** Flax's indented representation: `FrozenDict({\n    a: 1,\n})`. */
  prettyRepr(numSpaces = 4): string {
    return `FrozenDict(${prettyDict(this, numSpaces)})`;
  }

  toString(): string {
    return this.prettyRepr();
  }

  /** Node's `util.inspect` / `console.log` print the pretty representation. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return FrozenDictBase.prototype.prettyRepr.call(this);
  }
}

// The class is exposed as `FrozenDict`; make its runtime name agree (messages, inspectors).
Object.defineProperty(FrozenDictBase, 'name', { value: 'FrozenDict' });

// The prototype methods, callable on any FrozenDict even when an entry shadows the method name.
const protoCopy = FrozenDictBase.prototype.copy as (this: unknown, add?: object) => unknown;
const protoPop = FrozenDictBase.prototype.pop as (this: unknown, key: string) => [unknown, unknown];
const protoPrettyRepr = FrozenDictBase.prototype.prettyRepr as (
  this: unknown,
  n?: number,
) => string;

/**
 * The FrozenDict constructor and type. `new FrozenDict(obj)` deep-freezes `obj` (see
 * {@link FrozenDictBase}); `x instanceof FrozenDict` works.
 */
export const FrozenDict: FrozenDictConstructor = FrozenDictBase as unknown as FrozenDictConstructor;

/** Whether `x` is a FrozenDict (also one created by another copy of this package). */
export function isFrozenDict(x: unknown): x is FrozenDict {
  return internalsOf(x) !== undefined;
}

/**
 * Deep-freezes a plain object into a FrozenDict (a FrozenDict is returned as it is).
 * @see flax.core.freeze
 */
export function freeze<T extends object>(x: T): FrozenDict<EntriesOf<T>> {
  if (isFrozenDict(x)) return x as unknown as FrozenDict<EntriesOf<T>>;
  if (!isPlainObject(x)) throw notADict('freeze', x);
  return fromPlainObject(x) as unknown as FrozenDict<EntriesOf<T>>;
}

/**
 * A deep mutable copy: FrozenDicts and plain objects become fresh plain objects, recursively;
 * leaves (arrays included) are passed through. Non-dicts are returned unchanged.
 * @see flax.core.unfreeze
 */
export function unfreeze<T>(x: T): Unfrozen<T> {
  const int = internalsOf(x);
  if (int === undefined && !isPlainObject(x)) return x as Unfrozen<T>;
  const { keys, record } =
    int !== undefined
      ? { keys: int.keys, record: int.target }
      : { keys: Object.keys(x as object), record: x as Record<string, unknown> };
  const out: Record<string, unknown> = {};
  for (const key of keys) setOwn(out, key, unfreeze(record[key]));
  return out as Unfrozen<T>;
}

// Deep copy of the dict and array structure of a plain object (flax uses tree_map(identity));
// FrozenDicts are immutable and shared.
function copyStructure(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(copyStructure);
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(x)) setOwn(out, key, copyStructure(x[key]));
  return out;
}

/** `copy` result type: FrozenDict in, FrozenDict out; plain object in, plain object out. */
export type CopyResult<T, U> =
  T extends FrozenDictBase<infer E> ? FrozenDict<Merge<E, EntriesOf<U>>> : Merge<T, EntriesOf<U>>;

/**
 * A copy of `x` with entries added or replaced (shallow top-level merge), preserving the type:
 * FrozenDict in → FrozenDict out, plain object in → deep-copied plain object out.
 * @see flax.core.copy
 */
export function copy<T extends object, U extends object = Record<never, never>>(
  x: T,
  addOrReplace?: U,
): CopyResult<T, U> {
  if (isFrozenDict(x)) {
    return protoCopy.call(x, addOrReplace) as CopyResult<T, U>;
  }
  if (!isPlainObject(x)) throw notADict('copy', x);
  const out = copyStructure(x) as Record<string, unknown>;
  if (addOrReplace !== undefined) {
    const extra = entriesOf(addOrReplace, 'copy');
    for (const key of extra.keys) setOwn(out, key, extra.record[key]);
  }
  return out as CopyResult<T, U>;
}

/** `pop` result type: `[rest, value]` with `rest` of the same kind as the input. */
export type PopResult<T, K extends string> =
  T extends FrozenDictBase<infer E>
    ? [FrozenDict<Omit<E, K>>, K extends keyof E ? Frozen<E[K]> : unknown]
    : [Omit<T, K>, K extends keyof T ? T[K] : unknown];

/**
 * Removes `key`, returning `[rest, value]`. FrozenDict in → FrozenDict `rest`; plain object in
 * → deep-copied plain `rest` (the input is never mutated). Works even when the FrozenDict has an
 * entry named `pop`.
 * @see flax.core.pop
 */
export function pop<T extends object, K extends string>(x: T, key: K): PopResult<T, K> {
  if (isFrozenDict(x)) return protoPop.call(x, key) as PopResult<T, K>;
  if (!isPlainObject(x)) throw notADict('pop', x);
  if (!Object.hasOwn(x, key)) throw missingKey('pop', key, Object.keys(x));
  const rest = copyStructure(x) as Record<string, unknown>;
  const value = rest[key];
  delete rest[key];
  return [rest, value] as PopResult<T, K>;
}

function indent(text: string, numSpaces: number): string {
  const pad = ' '.repeat(numSpaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function prettyDict(x: unknown, numSpaces: number): string {
  const int = internalsOf(x);
  if (int === undefined && !isPlainObject(x)) return repr(x);
  const { keys, record } =
    int !== undefined
      ? { keys: int.keys, record: int.target }
      : { keys: Object.keys(x as object), record: x as Record<string, unknown> };
  if (keys.length === 0) return '{}';
  let body = '';
  for (const key of keys) body += `${key}: ${prettyDict(record[key], numSpaces)},\n`;
  return '{\n' + indent(body, numSpaces) + '}';
}

/**
 * Flax's indented representation of a FrozenDict (`FrozenDict({...})`), a plain object (`{...}`
 * without the wrapper) or any other value (its repr). Keys are not quoted; values use a
 * Python-style repr (`None`, `True`, `'text'`).
 * @see flax.core.pretty_repr
 */
export function prettyRepr(x: unknown, numSpaces = 4): string {
  if (isFrozenDict(x)) return protoPrettyRepr.call(x, numSpaces);
  return prettyDict(x, numSpaces);
}
