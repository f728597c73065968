// Hidden state of a FrozenDict (the analogue of flax FrozenDict's `_dict` / `_hash` slots), kept
// under a registered symbol so tree code reads entries without going through the Proxy.

/**
 * Key of the hidden, non-enumerable state record on every FrozenDict. It is registered
 * (`Symbol.for`) so two copies of this package in one program still recognise each other's
 * FrozenDicts.
 */
export const INTERNALS: symbol = Symbol.for('@jaxts/frozendict/internals');

/** The state record; `target` is the frozen, unproxied instance that owns the entries. */
export interface FrozenDictInternals {
  readonly target: Readonly<Record<string, unknown>>;
  /** Keys in insertion order (JS own-property order: integer-like keys first). */
  readonly keys: readonly string[];
  /** Keys sorted like JAX sorts dict keys; the same array as `keys` when already sorted. */
  readonly sortedKeys: readonly string[];
  /** Cached `hash()`; the only mutable slot. */
  hash: number | undefined;
}

/** The state record of `x` when `x` is a FrozenDict, else undefined. */
export function internalsOf(x: unknown): FrozenDictInternals | undefined {
  if (x === null || typeof x !== 'object') return undefined;
  return (x as Record<symbol, FrozenDictInternals | undefined>)[INTERNALS];
}
