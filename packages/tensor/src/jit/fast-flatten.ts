/**
 * The hot path of a jitted call: a matcher compiled from a cached signature's tree structure that
 * checks whether new arguments have that structure and collects their leaves in one walk, without
 * building a TreeDef or its cache key (what tree.flatten does on a miss). It accepts exactly what
 * tree.flatten would flatten to the same structure with array or number leaves; anything else
 * (custom pytree nodes, other leaf types, a different structure) says "no" and the call takes
 * the general path. JAX: the C++ fast path of jit's dispatch (pjit's cpp_pjit).
 */
import { FrozenDictBase, PYTREE, type TreeDef } from '@jaxts/frozendict';
import { Tensor } from '../tensor.ts';

/** Pushes the leaves of `x` onto `out` and returns true when `x` has the compiled structure. */
export type Matcher = (x: unknown, out: unknown[]) => boolean;

// TreeDef's node kinds (its pre-order `kinds` array; @jaxts/frozendict's tree/treedef.ts).
const LEAF = 0;
const NONE = 1;
const UNDEFINED = 2;
const ARRAY = 3;
const OBJECT = 4;
const FROZEN_DICT = 5;

/** Where a FrozenDict keeps its entries and sorted keys (a registered symbol, see frozendict). */
const INTERNALS = Symbol.for('@jaxts/frozendict/internals');
const FROZEN_DICT_PROTO: object = FrozenDictBase.prototype;

interface Internals {
  readonly target: Readonly<Record<string, unknown>>;
  readonly sortedKeys: readonly string[];
}

const leaf: Matcher = (x, out) => {
  if (x instanceof Tensor || typeof x === 'number' || typeof x === 'boolean') {
    out.push(x);
    return true;
  }
  return false;
};

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compiles the subtree at pre-order index `i`; returns its matcher and the next index. */
function build(def: TreeDef, i: number): [Matcher, number] | null {
  const kind = def.kinds[i];
  const arity = def.arities[i] as number;
  if (kind === LEAF) return [leaf, i + 1];
  if (kind === NONE) return [(x) => x === null, i + 1];
  if (kind === UNDEFINED) return [(x) => x === undefined, i + 1];
  const children: Matcher[] = [];
  let next = i + 1;
  for (let j = 0; j < arity; j++) {
    const c = build(def, next);
    if (c === null) return null;
    children.push(c[0]);
    next = c[1];
  }
  if (kind === ARRAY) {
    return [
      (x, out) => {
        if (!Array.isArray(x) || x.length !== arity) return false;
        for (let j = 0; j < arity; j++) if (!(children[j] as Matcher)(x[j], out)) return false;
        return true;
      },
      next,
    ];
  }
  const keys = def.data[i] as readonly string[];
  if (kind === OBJECT) {
    return [
      (x, out) => {
        if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
        const proto = Object.getPrototypeOf(x);
        if (proto !== Object.prototype && proto !== null) return false;
        const rec = x as Record<string | symbol, unknown>;
        if (rec[PYTREE] !== undefined) return false;
        let n = 0;
        for (const k in rec) if (Object.hasOwn(rec, k)) n++;
        if (n !== arity) return false;
        for (let j = 0; j < arity; j++) {
          const k = keys[j] as string;
          if (!Object.hasOwn(rec, k) || !(children[j] as Matcher)(rec[k], out)) return false;
        }
        return true;
      },
      next,
    ];
  }
  if (kind === FROZEN_DICT) {
    return [
      (x, out) => {
        if (x === null || typeof x !== 'object' || Object.getPrototypeOf(x) !== FROZEN_DICT_PROTO)
          return false;
        const int = (x as Record<symbol, Internals | undefined>)[INTERNALS];
        if (int === undefined || !sameKeys(int.sortedKeys, keys)) return false;
        const t = int.target;
        for (let j = 0; j < arity; j++)
          if (!(children[j] as Matcher)(t[keys[j] as string], out)) return false;
        return true;
      },
      next,
    ];
  }
  // Custom nodes (registered classes, [PYTREE] objects) always take the general path.
  return null;
}

/**
 * A matcher for the jitted function's argument list: `def` is the structure of the dynamic
 * arguments (a list), `positions` says which argument each of its children is.
 */
export function compileArgsMatcher(
  def: TreeDef,
  positions: readonly number[],
  numArgs: number,
): ((args: readonly unknown[], out: unknown[]) => boolean) | null {
  if (def.kinds[0] !== ARRAY || def.arities[0] !== positions.length) return null;
  const children: Matcher[] = [];
  let next = 1;
  for (let j = 0; j < positions.length; j++) {
    const c = build(def, next);
    if (c === null) return null;
    children.push(c[0]);
    next = c[1];
  }
  const n = positions.length;
  return (args, out) => {
    if (args.length !== numArgs) return false;
    for (let j = 0; j < n; j++)
      if (!(children[j] as Matcher)(args[positions[j] as number], out)) return false;
    return true;
  };
}
