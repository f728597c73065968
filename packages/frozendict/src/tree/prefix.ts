// Matching a tree against a structure that may be a prefix of it: PyTreeDef.flatten_up_to,
// jax.tree_util's prefix_errors wording, and broadcast_prefix / jax.tree.broadcast.

import { TreePrefixError, TreeStructureError } from '../errors.ts';
import { internalsOf } from '../internals.ts';
import { isPlainObject, sortedKeysOf } from '../plain.ts';
import { reprString, truncate, typeName } from '../repr.ts';
import { flatten, type IsLeaf } from './flatten.ts';
import { type KeyPath, keystr, type PathEntry } from './keypath.ts';
import { lookupNode, PYTREE, type PytreeParts } from './registry.ts';
import {
  ARRAY,
  auxKey,
  CUSTOM,
  type CustomNodeData,
  FROZEN_DICT,
  LEAF,
  NONE,
  OBJECT,
  type TreeDef,
  UNDEFINED,
} from './treedef.ts';

/** Where and how a value differs from the prefix structure it is matched against. */
export interface StructureMismatch {
  readonly kind: 'types' | 'length' | 'children' | 'metadata';
  readonly path: KeyPath;
  readonly prefixType: string;
  readonly fullType: string;
  readonly prefixLength?: number;
  readonly fullLength?: number;
  readonly prefixKeys?: readonly string[];
  readonly fullKeys?: readonly string[];
  readonly prefixMeta?: string;
  readonly fullMeta?: string;
}

/** Thrown internally to unwind the walk; converted to a user-facing error by the callers. */
class MismatchSignal {
  readonly mismatch: StructureMismatch;
  constructor(mismatch: StructureMismatch) {
    this.mismatch = mismatch;
  }
}

function prefixTypeName(def: TreeDef, i: number): string {
  switch (def.kinds[i]) {
    case NONE:
      return 'null';
    case UNDEFINED:
      return 'undefined';
    case ARRAY:
      return 'Array';
    case OBJECT:
      return 'Object';
    case FROZEN_DICT:
      return 'FrozenDict';
    case CUSTOM:
      return (def.data[i] as CustomNodeData).name;
    default:
      return 'leaf';
  }
}

interface CustomChildren {
  readonly children: readonly unknown[];
  readonly aux: unknown;
}

// The children of `x` if it is a custom node of the same type as `custom`.
function customChildren(custom: CustomNodeData, x: unknown): CustomChildren | undefined {
  if (x === null || typeof x !== 'object') return undefined;
  const ctor = (x as { constructor?: unknown }).constructor;
  const definition = lookupNode(ctor);
  if (definition !== undefined) {
    if (definition.type !== custom.type) return undefined;
    const [children, aux] = definition.flatten(x as never);
    return { children, aux };
  }
  if (ctor !== custom.type) return undefined;
  const method = (x as Partial<Record<typeof PYTREE, unknown>>)[PYTREE];
  if (typeof method !== 'function') return undefined;
  const parts = (method as () => PytreeParts).call(x);
  return { children: parts.children, aux: parts.aux };
}

/** @internal Recursive walk of `def` alongside `x`, pushing one subtree per prefix leaf. */
class UpToWalker {
  readonly def: TreeDef;
  readonly out: unknown[] = [];
  readonly path: PathEntry[] = [];

  constructor(def: TreeDef) {
    this.def = def;
  }

  private fail(mismatch: Omit<StructureMismatch, 'path'>): never {
    throw new MismatchSignal({ ...mismatch, path: this.path.slice() });
  }

  private child(i: number, entry: PathEntry, value: unknown): void {
    this.path.push(entry);
    this.walk(i, value);
    this.path.pop();
  }

  walk(i: number, x: unknown): void {
    const { def } = this;
    const kind = def.kinds[i];
    if (kind === LEAF) {
      this.out.push(x);
      return;
    }
    const prefixType = prefixTypeName(def, i);
    const arity = def.arities[i] as number;
    if (kind === NONE || kind === UNDEFINED) {
      if (x !== (kind === NONE ? null : undefined)) {
        this.fail({ kind: 'types', prefixType, fullType: typeName(x) });
      }
      return;
    }
    let child = i + 1;
    if (kind === ARRAY) {
      if (!Array.isArray(x)) this.fail({ kind: 'types', prefixType, fullType: typeName(x) });
      if (x.length !== arity) {
        this.fail({
          kind: 'length',
          prefixType,
          fullType: 'Array',
          prefixLength: arity,
          fullLength: x.length,
        });
      }
      for (let j = 0; j < arity; j++) {
        this.child(child, j, x[j]);
        child += def.sizes[child] as number;
      }
      return;
    }
    if (kind === OBJECT || kind === FROZEN_DICT) {
      // Plain objects and FrozenDicts match each other here (a jaxts leniency; see README).
      const internals = internalsOf(x);
      if (
        internals === undefined &&
        !(isPlainObject(x) && (x as Record<symbol, unknown>)[PYTREE] === undefined)
      ) {
        this.fail({ kind: 'types', prefixType, fullType: typeName(x) });
      }
      const record = (internals?.target ?? x) as Record<string, unknown>;
      const keys = internals?.sortedKeys ?? sortedKeysOf(record);
      const expected = def.data[i] as readonly string[];
      if (keys.length !== expected.length || keys.some((k, j) => k !== expected[j])) {
        this.fail({
          kind: keys.length !== expected.length ? 'children' : 'metadata',
          prefixType,
          fullType: typeName(x),
          prefixKeys: expected,
          fullKeys: keys,
        });
      }
      for (let j = 0; j < arity; j++) {
        const key = expected[j] as string;
        this.child(child, key, record[key]);
        child += def.sizes[child] as number;
      }
      return;
    }
    const custom = def.data[i] as CustomNodeData;
    const parts = customChildren(custom, x);
    if (parts === undefined) {
      this.fail({ kind: 'types', prefixType, fullType: typeName(x) });
    }
    if (auxKey(parts.aux) !== auxKey(custom.aux) || parts.children.length !== arity) {
      this.fail({
        kind: parts.children.length !== arity ? 'length' : 'metadata',
        prefixType,
        fullType: prefixType,
        prefixLength: arity,
        fullLength: parts.children.length,
        prefixMeta: String(custom.aux),
        fullMeta: String(parts.aux),
      });
    }
    for (let j = 0; j < arity; j++) {
      this.child(child, custom.keys?.[j] ?? j, parts.children[j]);
      child += def.sizes[child] as number;
    }
  }
}

/**
 * The subtrees of `full` at the leaves of the prefix structure `def`, or the first mismatch.
 * @internal
 */
export function tryFlattenUpTo(def: TreeDef, full: unknown): unknown[] | StructureMismatch {
  const walker = new UpToWalker(def);
  try {
    walker.walk(0, full);
  } catch (error) {
    if (error instanceof MismatchSignal) return error.mismatch;
    throw error;
  }
  return walker.out;
}

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((k) => !sb.has(k)), ...b.filter((k) => !sa.has(k))].sort();
}

/**
 * JAX's multi-line description of a structure mismatch (`pytree structure error: different
 * types at key path ...`). `name` labels the prefix tree in the key path.
 */
export function describeMismatch(m: StructureMismatch, name: string): string {
  const at = `${name}${keystr(m.path)}`;
  switch (m.kind) {
    case 'types':
      return (
        `pytree structure error: different types at key path\n    ${at}\n` +
        `At that key path, the prefix pytree ${name} has a subtree of type\n    ${m.prefixType}\n` +
        `but at the same key path the full pytree has a subtree of different type\n    ${m.fullType}.`
      );
    case 'length':
      return (
        `pytree structure error: different lengths of ${m.prefixType} at key path\n    ${at}\n` +
        `At that key path, the prefix pytree ${name} has a subtree of type ${m.prefixType} of length ${m.prefixLength}, ` +
        `but the full pytree has a subtree of the same type but of length ${m.fullLength}.`
      );
    case 'children': {
      const pk = m.prefixKeys ?? [];
      const fk = m.fullKeys ?? [];
      return (
        `pytree structure error: different numbers of pytree children at key path\n    ${at}\n` +
        `At that key path, the prefix pytree ${name} has a subtree of type\n    ${m.prefixType}\n` +
        `with ${pk.length} child keys\n    ${pk.join(' ')}\n` +
        `but at the same key path the full pytree has a subtree of the same type but with ${fk.length} child keys\n    ${fk.join(' ')}\n` +
        `so the symmetric difference on key sets is\n    ${symmetricDifference(pk, fk).join(' ')}`
      );
    }
    case 'metadata': {
      const keyed = m.prefixKeys !== undefined;
      const pm = keyed
        ? `[${(m.prefixKeys ?? []).map(reprString).join(', ')}]`
        : (m.prefixMeta ?? '');
      const fm = keyed ? `[${(m.fullKeys ?? []).map(reprString).join(', ')}]` : (m.fullMeta ?? '');
      const diff = keyed
        ? `\nso the symmetric difference on key sets is\n    ${symmetricDifference(m.prefixKeys ?? [], m.fullKeys ?? []).join(' ')}`
        : '';
      return (
        `pytree structure error: different pytree metadata at key path\n    ${at}\n` +
        `At that key path, the prefix pytree ${name} has a subtree of type\n    ${m.prefixType}\n` +
        `with metadata\n    ${pm}\n` +
        `but at the same key path the full pytree has a subtree of the same type but with metadata\n    ${fm}` +
        diff
      );
    }
  }
}

function structureString(x: unknown): string {
  return truncate(flatten(x)[1].toString(), 300);
}

/**
 * The subtrees of `full` that sit at the leaves of `def` (`PyTreeDef.flatten_up_to`): `def`
 * must be a prefix of `full`'s structure, else a TreeStructureError shows both structures.
 */
export function flattenUpTo(def: TreeDef, full: unknown, api = 'tree.flattenUpTo'): unknown[] {
  const result = tryFlattenUpTo(def, full);
  if (Array.isArray(result)) return result;
  throw new TreeStructureError(
    `${api}: the tree does not have the expected structure; expected ${truncate(def.toString(), 300)} ` +
      `(or a structure it is a prefix of), got ${structureString(full)}. ` +
      'Pass a tree whose structure matches.\n' +
      describeMismatch(result, 'tree'),
    result.path,
  );
}

/** Options of {@link broadcastPrefix} and {@link broadcast}. */
export interface BroadcastOptions {
  /** Applied to the prefix tree: `(x) => x === null` makes `null` a leaf ("not mapped"). */
  readonly isLeaf?: IsLeaf | undefined;
  /** API name at the start of the error message (default `'broadcastPrefix'`). */
  readonly api?: string;
  /** What the prefix is, for the error message (for vmap: `'in_axes specification'`). */
  readonly what?: string;
}

/**
 * Expands a prefix tree to one value per leaf of `full`: every leaf of `prefix` is repeated for
 * each leaf of the subtree of `full` it covers (`broadcast_prefix`).
 *
 * In a prefix such as vmap's `inAxes`, `null` means "not mapped" and must be a leaf, not an empty
 * node: pass `{ isLeaf: (x) => x === null }`.
 *
 * @example
 * ```ts
 * tree.broadcastPrefix([null, 0], [{ a: 1, b: 2 }, 3], { isLeaf: (x) => x === null }); // [null, null, 0]
 * ```
 * @see jax.tree_util.broadcast_prefix
 */
export function broadcastPrefix<P = unknown>(
  prefix: unknown,
  full: unknown,
  options: BroadcastOptions = {},
): P[] {
  const { isLeaf, api = 'broadcastPrefix', what = 'prefix tree' } = options;
  const [prefixLeaves, prefixDef] = flatten<P>(prefix, { isLeaf });
  const subtrees = tryFlattenUpTo(prefixDef, full);
  if (!Array.isArray(subtrees)) {
    throw new TreePrefixError(
      `${api}: ${what} must be a tree prefix of the corresponding value; expected a prefix of ` +
        `${structureString(full)}, got ${truncate(prefixDef.toString(), 300)}. ` +
        `Give the ${what} the structure of the value, or cut it off higher up (one entry covers a whole subtree).\n` +
        `  Mismatch details:\n  ${describeMismatch(subtrees, what).replaceAll('\n', '\n  ')}`,
      subtrees.path,
    );
  }
  const out: P[] = [];
  for (let j = 0; j < subtrees.length; j++) {
    const count = flatten(subtrees[j])[1];
    const leaf = prefixLeaves[j] as P;
    for (let k = 0; k < count.numLeaves; k++) out.push(leaf);
  }
  return out;
}

/**
 * Like {@link broadcastPrefix} but returns a tree with the structure of `full`.
 * @see jax.tree.broadcast
 */
export function broadcast(prefix: unknown, full: unknown, options: BroadcastOptions = {}): unknown {
  const leaves = broadcastPrefix(prefix, full, options);
  return flatten(full)[1].unflatten(leaves);
}
