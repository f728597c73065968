// Key paths into pytrees and their printing: jax.tree_util.KeyPath / DictKey / SequenceKey and
// jax.tree_util.keystr.

import { reprString } from '../repr.ts';

/**
 * One step of a key path: a string for a dict / FrozenDict key (JAX `DictKey`), a number for an
 * array index or a custom node's child index (JAX `SequenceKey` / `FlattenedIndexKey`).
 */
export type PathEntry = string | number;

/** The path from a tree's root to one of its subtrees. */
export type KeyPath = readonly PathEntry[];

/** Options of {@link keystr}. */
export interface KeystrOptions {
  /** Print the bare keys (`a`, `0`) instead of `['a']`, `[0]`. */
  readonly simple?: boolean;
  /** Text put between entries; JAX's default is `''`. */
  readonly separator?: string;
}

/**
 * Prints a key path like JAX: `keystr(['b', 0])` → `"['b'][0]"`; with `{ simple: true,
 * separator: '/' }` → `"b/0"`. String keys use Python's repr quoting (`["it's"]`).
 * @see jax.tree_util.keystr
 */
export function keystr(path: KeyPath, options: KeystrOptions = {}): string {
  const { simple = false, separator = '' } = options;
  const parts = path.map((entry) =>
    simple ? String(entry) : typeof entry === 'number' ? `[${entry}]` : `[${reprString(entry)}]`,
  );
  return parts.join(separator);
}
