// Structural equality and hashing of variable trees: FrozenDict.__eq__ (Mapping equality) and
// FrozenDict.__hash__ (XOR of the entries' hashes) from flax.core.frozen_dict.

import { internalsOf } from './internals.ts';
import { isPlainObject } from './plain.ts';

interface DictView {
  readonly record: Readonly<Record<string, unknown>>;
  readonly keys: readonly string[];
}

function dictView(x: unknown): DictView | undefined {
  const internals = internalsOf(x);
  if (internals !== undefined) return { record: internals.target, keys: internals.keys };
  if (isPlainObject(x)) return { record: x, keys: Object.keys(x) };
  return undefined;
}

/**
 * Deep equality for variable trees. FrozenDicts and plain objects compare by their entries (so a
 * FrozenDict equals a plain object with equal entries, like a Python Mapping equals a dict),
 * arrays element-wise, and every other value with SameValueZero (`NaN` equals `NaN`, tensors by
 * identity).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const da = dictView(a);
  const db = dictView(b);
  if (da === undefined || db === undefined || da.keys.length !== db.keys.length) return false;
  for (const key of da.keys) {
    if (!Object.hasOwn(db.record, key)) return false;
    if (!deepEqual(da.record[key], db.record[key])) return false;
  }
  return true;
}

/** 32-bit FNV-1a of a string. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Mixes two hashes into one (order-sensitive). */
function mix(a: number, b: number): number {
  return (Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b) ^ (a >>> 13)) | 0;
}

// Objects that are compared by identity get a per-object id, so equal objects hash alike.
const identityIds = new WeakMap<object, number>();
let nextIdentityId = 1;

function identityHash(x: object): number {
  let id = identityIds.get(x);
  if (id === undefined) {
    id = nextIdentityId++;
    identityIds.set(x, id);
  }
  return mix(0x1d, id);
}

/**
 * A hash consistent with {@link deepEqual}: `deepEqual(a, b)` implies `hashValue(a) ===
 * hashValue(b)`. Dicts hash order-independently (XOR over entries, as flax does).
 */
export function hashValue(x: unknown): number {
  switch (typeof x) {
    case 'string':
      return hashString('s' + x);
    case 'number':
      // -0 and 0 are equal under SameValueZero, so they must hash alike.
      return hashString('n' + String(x === 0 ? 0 : x));
    case 'boolean':
      return x ? 0x2b : 0x2c;
    case 'undefined':
      return 0x2d;
    case 'bigint':
      return hashString('b' + x.toString());
    case 'symbol':
      return hashString('y' + x.toString());
    case 'function':
      return identityHash(x);
  }
  if (x === null) return 0x2e;
  if (Array.isArray(x)) {
    let h = 0x2f;
    for (const item of x) h = mix(h, hashValue(item));
    return h;
  }
  const internals = internalsOf(x);
  if (internals !== undefined) {
    if (internals.hash === undefined) internals.hash = hashDict(internals.target, internals.keys);
    return internals.hash;
  }
  if (isPlainObject(x)) return hashDict(x, Object.keys(x));
  return identityHash(x as object);
}

function hashDict(record: Readonly<Record<string, unknown>>, keys: readonly string[]): number {
  let h = 0x3b;
  for (const key of keys) h ^= mix(hashString('s' + key), hashValue(record[key]));
  return h;
}
