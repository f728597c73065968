// Nested-dict path utilities: flax.traverse_util.flatten_dict / unflatten_dict / path_aware_map /
// empty_node. Only dicts (plain objects and FrozenDicts) are descended into; arrays are leaves.

import { NotADictError, PathConflictError } from './errors.ts';
import { type FrozenDict, freeze, isFrozenDict } from './frozen-dict.ts';
import { internalsOf } from './internals.ts';
import { isPlainObject, setOwn } from './plain.ts';
import { reprString, truncate, typeName } from './repr.ts';

/** The type of {@link emptyNode}. */
export class EmptyNode {
  /** @internal There is one instance, {@link emptyNode}. */
  private constructor() {}
  /** @internal */
  static readonly instance: EmptyNode = Object.freeze(new EmptyNode());
  toString(): string {
    return 'emptyNode';
  }
  /** Node's `util.inspect` prints the name too. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'emptyNode';
  }
}

/**
 * Marks an empty dict in the output of `flattenDict(x, { keepEmptyNodes: true })`;
 * `unflattenDict` turns it back into `{}` (`flax.traverse_util.empty_node`).
 */
export const emptyNode: EmptyNode = EmptyNode.instance;

/** Options of {@link flattenDict}. */
export interface FlattenDictOptions {
  /** Keep empty dicts as entries whose value is {@link emptyNode} (default false: drop them). */
  readonly keepEmptyNodes?: boolean;
  /** Called with each dict's path and value; returning true keeps it whole as a value. */
  readonly isLeaf?: (path: readonly string[], value: unknown) => boolean;
  /** Join path parts with this separator and return an object keyed by the joined paths. */
  readonly sep?: string;
}

function dictEntries(
  x: unknown,
): [readonly string[], Readonly<Record<string, unknown>>] | undefined {
  const internals = internalsOf(x);
  if (internals !== undefined) return [internals.keys, internals.target];
  if (isPlainObject(x)) return [Object.keys(x), x];
  return undefined;
}

function flattenInto(
  out: [string[], unknown][],
  x: unknown,
  path: string[],
  options: FlattenDictOptions,
): void {
  const dict = dictEntries(x);
  if (dict === undefined || options.isLeaf?.(path, x) === true) {
    out.push([path, x]);
    return;
  }
  const [keys, record] = dict;
  if (keys.length === 0) {
    if (options.keepEmptyNodes === true && path.length > 0) out.push([path, emptyNode]);
    return;
  }
  for (const key of keys) flattenInto(out, record[key], [...path, key], options);
}

/**
 * Flattens nested dicts (plain objects / FrozenDicts) to `[path, value]` entries in insertion
 * order (`flax.traverse_util.flatten_dict`). Empty dicts are dropped unless `keepEmptyNodes`.
 * With `sep`, returns an object keyed by the joined paths instead (`'params/Dense_0/kernel'`).
 *
 * Flax returns a dict keyed by tuples; tuples are not usable object keys in JS, so without `sep`
 * the result is an array of entries (`new Map(entries)` or `Object.fromEntries` as needed).
 *
 * @example
 * ```ts
 * flattenDict({ foo: 1, bar: { a: 2, b: {} } });               // [[['foo'], 1], [['bar', 'a'], 2]]
 * flattenDict({ foo: 1, bar: { a: 2, b: {} } }, { sep: '/' }); // { foo: 1, 'bar/a': 2 }
 * ```
 */
export function flattenDict(
  xs: object,
  options: FlattenDictOptions & { readonly sep: string },
): Record<string, unknown>;
export function flattenDict(xs: object, options?: FlattenDictOptions): [string[], unknown][];
export function flattenDict(
  xs: object,
  options: FlattenDictOptions = {},
): [string[], unknown][] | Record<string, unknown> {
  if (dictEntries(xs) === undefined) {
    throw new NotADictError(
      `flattenDict: Expected FrozenDict or dict, got ${typeName(xs)}. Pass a (Frozen)dict of nested dicts.`,
    );
  }
  const entries: [string[], unknown][] = [];
  flattenInto(entries, xs, [], options);
  const { sep } = options;
  if (sep === undefined) return entries;
  const out: Record<string, unknown> = {};
  for (const [path, value] of entries) setOwn(out, path.join(sep), value);
  return out;
}

/** What {@link unflattenDict} accepts: entries with array paths, a Map, or a keyed object. */
export type FlatDict =
  | Iterable<readonly [string | readonly string[], unknown]>
  | Readonly<Record<string, unknown>>;

function splitPath(path: string | readonly string[], sep: string | undefined): readonly string[] {
  if (typeof path !== 'string') return path;
  return sep === undefined ? [path] : path.split(sep);
}

function conflict(path: readonly string[], detail: string): PathConflictError {
  return new PathConflictError(
    truncate(
      `unflattenDict: path ${reprString(path.join('/'))} ${detail}; expected paths where no path is a prefix ` +
        'of another, got a conflict. Remove the shorter or the longer path.',
    ),
  );
}

/**
 * The inverse of {@link flattenDict}: builds nested plain objects from `[path, value]` entries
 * (or a Map / an object keyed by `sep`-joined paths when `sep` is given). {@link emptyNode}
 * values become `{}` (`flax.traverse_util.unflatten_dict`).
 *
 * @example
 * ```ts
 * unflattenDict([[['bar', 'a'], 2], [['foo'], 1]]);       // { bar: { a: 2 }, foo: 1 }
 * unflattenDict({ 'bar/a': 2, foo: 1 }, { sep: '/' });    // { bar: { a: 2 }, foo: 1 }
 * ```
 */
export function unflattenDict(
  xs: FlatDict,
  options: { readonly sep?: string } = {},
): Record<string, unknown> {
  const { sep } = options;
  const pairs: Iterable<readonly [string | readonly string[], unknown]> =
    Symbol.iterator in xs
      ? (xs as Iterable<readonly [string | readonly string[], unknown]>)
      : Object.entries(xs as Record<string, unknown>);
  const result: Record<string, unknown> = {};
  // Objects created here are the only ones we may descend into; user values are never merged.
  const created = new Set<object>([result]);
  for (const [rawPath, rawValue] of pairs) {
    const path = splitPath(rawPath, sep);
    if (path.length === 0) throw conflict(path, 'is empty');
    const value = rawValue === emptyNode ? {} : rawValue;
    let cursor = result;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string;
      if (!Object.hasOwn(cursor, key)) {
        const next = {};
        created.add(next);
        setOwn(cursor, key, next);
      }
      const next = cursor[key];
      if (!created.has(next as object))
        throw conflict(path.slice(0, i + 1), 'is both a value and a subtree');
      cursor = next as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    if (Object.hasOwn(cursor, last))
      throw conflict(path, 'appears twice or is both a value and a subtree');
    setOwn(cursor, last, value);
  }
  return result;
}

/**
 * Maps `f(path, leaf)` over the leaves of nested dicts, keeping the structure and empty dicts
 * (`flax.traverse_util.path_aware_map`). The standard way to build optax masks and labels.
 * Unlike Flax (which always returns a dict), a FrozenDict input gives a FrozenDict, so the result
 * matches the structure of FrozenDict params.
 *
 * @example
 * ```ts
 * pathAwareMap((path, x: number) => (path.includes('x') ? x + 5 : -x), { a: { x: 10, y: 3 }, b: { x: 20 } });
 * // { a: { x: 15, y: -3 }, b: { x: 25 } }
 * ```
 */
export function pathAwareMap<R>(
  f: (path: string[], leaf: never) => R,
  nested: FrozenDict,
): FrozenDict;
export function pathAwareMap<R>(
  f: (path: string[], leaf: never) => R,
  nested: object,
): Record<string, unknown>;
export function pathAwareMap<R>(
  f: (path: string[], leaf: never) => R,
  nested: object,
): Record<string, unknown> {
  const entries = flattenDict(nested, { keepEmptyNodes: true }).map(
    ([path, value]): [string[], unknown] => [
      path,
      value === emptyNode ? value : f(path, value as never),
    ],
  );
  const out = unflattenDict(entries);
  return isFrozenDict(nested) ? freeze(out) : out;
}
