// Plain-object helpers: what counts as a "dict" (Python's `dict`) in jaxts, and how to write a key
// safely. Shared by FrozenDict, the pytree flattener and traverse utilities.

/** A JS object whose prototype is `Object.prototype` or `null`: the jaxts analogue of a `dict`. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * `obj[key] = value` that also works for the key `__proto__`, which plain assignment would turn
 * into a prototype change instead of an own property.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

/** True when `keys` is in ascending code-unit order (what `Array.prototype.sort` produces). */
export function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  }
  return true;
}

/** Object.keys sorted the way JAX sorts dict keys; skips the sort when already in order. */
export function sortedKeysOf(obj: object): string[] {
  const keys = Object.keys(obj);
  return isSorted(keys) ? keys : keys.sort();
}
