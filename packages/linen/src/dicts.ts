// Small helpers over the two dict kinds variable trees are made of: plain objects and
// FrozenDicts (@jaxts/frozendict). Both expose their entries as own enumerable properties.

import { isFrozenDict } from '@jaxts/frozendict';

/** A plain object or a FrozenDict: a node of a variable tree. */
export type DictLike = Readonly<Record<string, unknown>>;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Whether `x` is a dict node of a variable tree (plain object or FrozenDict). */
export function isDictLike(x: unknown): x is DictLike {
  return isPlainObject(x) || isFrozenDict(x);
}

/** `d[key]` if `key` is an own entry, else undefined (never reads the prototype chain). */
export function getOwn(d: DictLike, key: string): unknown {
  return Object.hasOwn(d, key) ? d[key] : undefined;
}

export function hasOwn(d: DictLike, key: string): boolean {
  return Object.hasOwn(d, key);
}

/** The entry names of a dict node (own enumerable string keys, in order). */
export function dictKeys(d: DictLike): string[] {
  return Object.keys(d);
}
