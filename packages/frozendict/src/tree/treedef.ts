// TreeDef: the structure of a pytree without its leaves; jax.tree_util.PyTreeDef. Stored as flat
// pre-order node arrays (like JAX's C++ PyTreeDef) so flatten/unflatten allocate little.

import { TreeStructureError } from '../errors.ts';
import { freezeValue, makeFrozenDict } from '../frozen-dict.ts';
import { setOwn } from '../plain.ts';
import { repr, reprString, truncate } from '../repr.ts';
import type { PathEntry } from './keypath.ts';

/** Node kinds, stored as small integers in `TreeDef.kinds`. */
export const LEAF = 0;
export const NONE = 1;
export const UNDEFINED = 2;
export const ARRAY = 3;
export const OBJECT = 4;
export const FROZEN_DICT = 5;
export const CUSTOM = 6;

/** The kind of a TreeDef's root node, as reported by {@link TreeDef.kind}. */
export type NodeKind = 'leaf' | 'none' | 'undefined' | 'array' | 'object' | 'frozendict' | 'custom';

const KIND_NAMES: readonly NodeKind[] = [
  'leaf',
  'none',
  'undefined',
  'array',
  'object',
  'frozendict',
  'custom',
];

/** Node data of a custom node: a registered class or an object with the `[PYTREE]` protocol. */
export interface CustomNodeData {
  /** Identifies the node type: the registered class, or the protocol object's constructor. */
  readonly type: unknown;
  readonly name: string;
  readonly aux: unknown;
  readonly keys: readonly PathEntry[] | undefined;
  readonly rebuild: (aux: never, children: unknown[]) => unknown;
}

// Objects inside aux data (and node types) are identified by a per-object id in `key`.
const identityIds = new WeakMap<object, number>();
let nextId = 1;

function identityId(x: object): number {
  let id = identityIds.get(x);
  if (id === undefined) {
    id = nextId++;
    identityIds.set(x, id);
  }
  return id;
}

/**
 * An injective string encoding of aux data: primitives, arrays and plain objects structurally
 * (plain-object keys sorted), every other object by identity.
 */
export function auxKey(aux: unknown): string {
  switch (typeof aux) {
    case 'string':
      return JSON.stringify(aux);
    case 'number':
      return 'n' + String(aux);
    case 'boolean':
      return aux ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'bigint':
      return 'i' + aux.toString();
    case 'symbol': {
      const registered = Symbol.keyFor(aux);
      return registered !== undefined ? 'y' + JSON.stringify(registered) : 'Y' + String(aux);
    }
    case 'function':
      return '#' + identityId(aux);
  }
  if (aux === null) return 'N';
  if (Array.isArray(aux)) return '[' + aux.map(auxKey).join(',') + ']';
  const proto: unknown = Object.getPrototypeOf(aux);
  if (proto === Object.prototype || proto === null) {
    const rec = aux as Record<string, unknown>;
    const keys = Object.keys(rec).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + auxKey(rec[k])).join(',') + '}';
  }
  return '#' + identityId(aux as object);
}

function closer(kind: number): string {
  return kind === ARRAY ? ']' : kind === CUSTOM ? ')' : '}';
}

/** A stable small integer identifying a custom node type (for `TreeDef.key`). */
export function customNodeTypeId(type: unknown): number {
  return identityId(type as object);
}

/**
 * The structure of a pytree: node kinds, keys and custom-node data, without the leaves.
 *
 * Cheap to compare: {@link TreeDef.key} is a cached string that identifies the structure
 * (equal keys ⇔ equal treedefs), suitable as a cache key (jit does this).
 * @see jax.tree_util.PyTreeDef
 */
export class TreeDef {
  /** @internal Node kinds in pre-order (root first). */
  readonly kinds: readonly number[];
  /** @internal Number of children of each node. */
  readonly arities: readonly number[];
  /** @internal Sorted keys (dict nodes) or {@link CustomNodeData} (custom nodes). */
  readonly data: readonly unknown[];
  /** @internal Number of nodes in each node's subtree, itself included. */
  readonly sizes: readonly number[];
  /** @internal Number of leaves in each node's subtree. */
  readonly leafCounts: readonly number[];
  #key: string | undefined;
  #string: string | undefined;

  /** @internal Use `tree.flatten` / `tree.structure` to make a TreeDef. */
  constructor(
    kinds: readonly number[],
    arities: readonly number[],
    data: readonly unknown[],
    sizes: readonly number[],
    leafCounts: readonly number[],
  ) {
    this.kinds = kinds;
    this.arities = arities;
    this.data = data;
    this.sizes = sizes;
    this.leafCounts = leafCounts;
  }

  /** The number of leaves (`PyTreeDef.num_leaves`). */
  get numLeaves(): number {
    return this.leafCounts[0] as number;
  }

  /** The number of nodes, leaves and empty nodes included (`PyTreeDef.num_nodes`). */
  get numNodes(): number {
    return this.kinds.length;
  }

  /** The kind of the root node. */
  get kind(): NodeKind {
    return KIND_NAMES[this.kinds[0] as number] as NodeKind;
  }

  /** Whether this is the structure of a single leaf (`treedef_is_leaf`). */
  get isLeaf(): boolean {
    return this.kinds[0] === LEAF;
  }

  /**
   * The root's node data: sorted keys for objects and FrozenDicts, `{ type, aux }` for custom
   * nodes, the length for arrays, `undefined` otherwise (`PyTreeDef.node_data()`).
   */
  nodeData():
    | readonly string[]
    | { readonly type: unknown; readonly aux: unknown }
    | number
    | undefined {
    const kind = this.kinds[0];
    if (kind === OBJECT || kind === FROZEN_DICT) return this.data[0] as readonly string[];
    if (kind === ARRAY) return this.arities[0];
    if (kind === CUSTOM) {
      const custom = this.data[0] as CustomNodeData;
      return { type: custom.type, aux: custom.aux };
    }
    return undefined;
  }

  /** The TreeDefs of the root's children (`PyTreeDef.children()`). */
  children(): TreeDef[] {
    const out: TreeDef[] = [];
    let child = 1;
    for (let j = 0; j < (this.arities[0] as number); j++) {
      out.push(this.subtree(child));
      child += this.sizes[child] as number;
    }
    return out;
  }

  /** @internal The TreeDef of the subtree rooted at pre-order index `i`. */
  subtree(i: number): TreeDef {
    if (i === 0) return this;
    const end = i + (this.sizes[i] as number);
    return new TreeDef(
      this.kinds.slice(i, end),
      this.arities.slice(i, end),
      this.data.slice(i, end),
      this.sizes.slice(i, end),
      this.leafCounts.slice(i, end),
    );
  }

  /**
   * A string that identifies this structure: two TreeDefs are equal exactly when their keys are.
   * Cached; custom-node types and non-plain aux objects are encoded by identity.
   */
  get key(): string {
    if (this.#key === undefined) this.#key = this.computeKey();
    return this.#key;
  }

  // One pass over the pre-order arrays with a stack of open containers (no recursion, no
  // intermediate arrays): this runs on every jit call. Dict keys are length-prefixed, which is
  // injective without escaping.
  private computeKey(): string {
    const { kinds, arities, data } = this;
    const open: number[] = [];
    const left: number[] = [];
    let out = '';
    for (let i = 0; i < kinds.length; i++) {
      const depth = open.length;
      if (depth > 0) {
        const parent = open[depth - 1] as number;
        const remaining = left[depth - 1] as number;
        const childNo = (arities[parent] as number) - remaining;
        if (childNo > 0) out += ',';
        const parentKind = kinds[parent];
        if (parentKind === OBJECT || parentKind === FROZEN_DICT) {
          const key = (data[parent] as readonly string[])[childNo] as string;
          out += key.length + ':' + key + '=';
        }
        left[depth - 1] = remaining - 1;
      }
      const kind = kinds[i] as number;
      if (kind === LEAF) out += '*';
      else if (kind === NONE) out += 'N';
      else if (kind === UNDEFINED) out += 'U';
      else {
        if (kind === ARRAY) out += '[';
        else if (kind === OBJECT) out += '{';
        else if (kind === FROZEN_DICT) out += 'F{';
        else {
          const custom = data[i] as CustomNodeData;
          out += `C${customNodeTypeId(custom.type)}<${auxKey(custom.aux)}>(`;
        }
        if ((arities[i] as number) > 0) {
          open.push(i);
          left.push(arities[i] as number);
          continue;
        }
        out += closer(kind);
      }
      // The subtree at i is complete: close every container whose last child it was.
      while (open.length > 0 && left[open.length - 1] === 0) {
        out += closer(kinds[open.pop() as number] as number);
        left.pop();
      }
    }
    return out;
  }

  /** Structural equality (same kinds, keys, custom types and aux data). */
  equals(other: TreeDef): boolean {
    if (this === other) return true;
    if (this.kinds.length !== other.kinds.length || this.numLeaves !== other.numLeaves) {
      return false;
    }
    return this.key === other.key;
  }

  /**
   * JAX's printed form: `PyTreeDef({'a': *, 'b': [*, None]})`. FrozenDicts print as
   * `FrozenDict({...})`, custom nodes as `CustomNode(Name[aux], [children])`.
   */
  toString(): string {
    if (this.#string === undefined) this.#string = `PyTreeDef(${this.reprAt(0)})`;
    return this.#string;
  }

  /** @internal The printed form of the subtree at `i`, without the `PyTreeDef(...)` wrapper. */
  reprAt(i: number): string {
    const kind = this.kinds[i];
    if (kind === LEAF) return '*';
    if (kind === NONE) return 'None';
    if (kind === UNDEFINED) return 'undefined';
    const parts: string[] = [];
    let child = i + 1;
    const arity = this.arities[i] as number;
    const keys = this.data[i] as readonly string[];
    for (let j = 0; j < arity; j++) {
      const sub = this.reprAt(child);
      parts.push(
        kind === OBJECT || kind === FROZEN_DICT ? `${reprString(keys[j] as string)}: ${sub}` : sub,
      );
      child += this.sizes[child] as number;
    }
    if (kind === ARRAY) return '[' + parts.join(', ') + ']';
    if (kind === OBJECT) return '{' + parts.join(', ') + '}';
    if (kind === FROZEN_DICT) return 'FrozenDict({' + parts.join(', ') + '})';
    const custom = this.data[i] as CustomNodeData;
    return `CustomNode(${custom.name}[${repr(custom.aux)}], [${parts.join(', ')}])`;
  }

  /**
   * Rebuilds a tree of this structure from `leaves` (`tree_unflatten`). Plain objects come back
   * with sorted keys, FrozenDicts as FrozenDicts, custom nodes through their unflatten/rebuild.
   */
  unflatten<L>(leaves: readonly L[]): unknown {
    const n = this.numLeaves;
    if (leaves.length !== n) {
      const which = leaves.length < n ? 'Too few' : 'Too many';
      throw new TreeStructureError(
        truncate(
          `tree.unflatten: ${which} leaves for ${this.toString()}; expected ${n}, got ${leaves.length}. ` +
            'Pass exactly treedef.numLeaves leaves, in the order tree.flatten returned them.',
        ),
      );
    }
    const { kinds, arities, data } = this;
    // Reverse pre-order: every node's children are already built and sit on the stack with the
    // first child on top.
    const stack: unknown[] = [];
    let leaf = n - 1;
    for (let i = kinds.length - 1; i >= 0; i--) {
      switch (kinds[i]) {
        case LEAF:
          stack.push(leaves[leaf--]);
          break;
        case NONE:
          stack.push(null);
          break;
        case UNDEFINED:
          stack.push(undefined);
          break;
        case ARRAY: {
          const arity = arities[i] as number;
          const out = new Array<unknown>(arity);
          for (let j = 0; j < arity; j++) out[j] = stack.pop();
          stack.push(out);
          break;
        }
        case OBJECT: {
          const keys = data[i] as readonly string[];
          const out: Record<string, unknown> = {};
          for (let j = 0; j < keys.length; j++) setOwn(out, keys[j] as string, stack.pop());
          stack.push(out);
          break;
        }
        case FROZEN_DICT: {
          const keys = data[i] as readonly string[];
          const values = new Array<unknown>(keys.length);
          for (let j = 0; j < keys.length; j++) values[j] = freezeValue(stack.pop());
          stack.push(makeFrozenDict(keys, values, keys));
          break;
        }
        default: {
          const custom = data[i] as CustomNodeData;
          const arity = arities[i] as number;
          const children = new Array<unknown>(arity);
          for (let j = 0; j < arity; j++) children[j] = stack.pop();
          stack.push(custom.rebuild(custom.aux as never, children));
        }
      }
    }
    return stack[0];
  }
}
