// Collection filters: which variable collections are mutable (flax.core.scope Filter, DenyList,
// in_filter, is_filter_empty). jaxts also accepts a predicate function.

import { InvalidFilterError } from './errors.ts';

/**
 * An opt-out filter: every collection except the ones `deny` matches. `init` uses
 * `new DenyList('intermediates')` by default. Flax: flax.core.DenyList.
 */
export class DenyList {
  readonly deny: CollectionFilter;
  constructor(deny: CollectionFilter) {
    this.deny = deny;
  }
  toString(): string {
    return `DenyList(${describeFilter(this.deny)})`;
  }
}

/**
 * A collection filter: `true` (all), `false` (none), a collection name, a list of names, a
 * DenyList, or a predicate `(collection) => boolean`.
 */
export type CollectionFilter =
  | boolean
  | string
  | readonly string[]
  | DenyList
  | ((collection: string) => boolean);

export function describeFilter(f: CollectionFilter): string {
  if (typeof f === 'function') return f.name === '' ? '<function>' : `<function ${f.name}>`;
  if (f instanceof DenyList) return f.toString();
  return JSON.stringify(f);
}

/** Whether `col` passes the filter. Flax: flax.core.scope.in_filter. */
export function inFilter(filter: CollectionFilter, col: string): boolean {
  if (typeof filter === 'string') return col === filter;
  if (typeof filter === 'boolean') return filter;
  if (typeof filter === 'function') return filter(col);
  if (filter instanceof DenyList) return !inFilter(filter.deny, col);
  if (Array.isArray(filter)) return filter.includes(col);
  throw new InvalidFilterError(String(filter));
}

/** Whether the filter matches nothing (`false`, `[]`). Flax: is_filter_empty. */
export function isFilterEmpty(filter: CollectionFilter): boolean {
  if (typeof filter === 'string') return false;
  if (typeof filter === 'boolean') return !filter;
  if (typeof filter === 'function') return false;
  if (filter instanceof DenyList) return inFilter(filter.deny, '__flax_internal_stub__');
  if (Array.isArray(filter)) return filter.length === 0;
  throw new InvalidFilterError(String(filter));
}

/** Checks a user-supplied filter (for options parsing). */
export function isCollectionFilter(x: unknown): x is CollectionFilter {
  return (
    typeof x === 'boolean' ||
    typeof x === 'string' ||
    typeof x === 'function' ||
    x instanceof DenyList ||
    (Array.isArray(x) && x.every((c) => typeof c === 'string'))
  );
}
