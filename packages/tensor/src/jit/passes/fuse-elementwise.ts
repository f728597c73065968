/**
 * Elementwise fusion: groups chains of elementwise equations (and the broadcasts feeding them)
 * that produce results of one shape into a single loop, together with the reductions of those
 * results (their "epilogues"). Values used only inside a group never become arrays; the others
 * are the group's outputs. A group runs where its last member was, and is closed as soon as
 * anything outside it needs one of its values, so the order of the program stays valid.
 * XLA: the loop-fusion pass (producer-consumer fusion, reduction epilogues).
 */
import type { Atom, Var } from '../../jaxpr/jaxpr.ts';
import { Literal } from '../../jaxpr/jaxpr.ts';
import { shapesEqual } from '../../shape.ts';

/** What the pass needs of a program step: an equation, or an already fused pattern. */
export interface Item {
  readonly inputs: readonly Atom[];
  readonly outBinders: readonly Var[];
}

export interface FusedGroup<T extends Item> {
  readonly kind: 'group';
  readonly shape: readonly number[];
  /** Members in program order. */
  readonly eqns: T[];
  /** Member results needed after the group (by other equations or as program outputs). */
  outputs: Var[];
}

export type Unit<T extends Item> = { readonly kind: 'item'; readonly item: T } | FusedGroup<T>;

/**
 * How an item may fuse: 'elementwise' (joins or starts a group of its result's shape), 'sink'
 * (a reduction: joins the open group that computes its operand, whose results it consumes), or
 * null (runs on its own).
 */
export type FusionKind = 'elementwise' | 'sink' | null;

/**
 * Groups the items `kind` allows. The result lists every item exactly once, either alone or in
 * a group, in an order where each unit comes after the units it reads from.
 */
export function fuseElementwise<T extends Item>(
  program: readonly T[],
  outvars: readonly Atom[],
  kind: (item: T) => FusionKind,
): Unit<T>[] {
  const items = reductionsFirst(program, kind);
  const units: Unit<T>[] = [];
  const open = new Set<FusedGroup<T>>();
  const producer = new Map<Var, FusedGroup<T>>();
  /** Results of reductions: complete only after their group's loop. */
  const sinkOutputs = new Set<Var>();
  const seal = (g: FusedGroup<T>): void => {
    if (!open.delete(g)) return;
    units.push(g);
  };
  const openProducersOf = (item: T): FusedGroup<T>[] => {
    const gs: FusedGroup<T>[] = [];
    for (const a of item.inputs) {
      if (a instanceof Literal) continue;
      const g = producer.get(a);
      if (g !== undefined && open.has(g) && !gs.includes(g)) gs.push(g);
    }
    return gs;
  };
  const readsSinkOf = (item: T, g: FusedGroup<T>): boolean =>
    item.inputs.some((a) => !(a instanceof Literal) && sinkOutputs.has(a) && producer.get(a) === g);
  const join = (g: FusedGroup<T>, item: T): void => {
    g.eqns.push(item);
    for (const v of item.outBinders) producer.set(v, g);
  };
  for (const item of items) {
    const producers = openProducersOf(item);
    const k = kind(item);
    if (k === 'sink') {
      const x = item.inputs[0] as Atom;
      const g = x instanceof Literal ? undefined : producer.get(x);
      if (
        g !== undefined &&
        open.has(g) &&
        shapesEqual(g.shape, x.aval.shape) &&
        !readsSinkOf(item, g)
      ) {
        for (const p of producers) if (p !== g) seal(p);
        join(g, item);
        for (const v of item.outBinders) sinkOutputs.add(v);
        continue;
      }
      // A reduction of a value from outside any open loop is a loop of its own (of its operand's
      // shape), which later reductions of the same operand can join.
      if (!(x instanceof Literal)) {
        for (const p of producers) seal(p);
        const own: FusedGroup<T> = { kind: 'group', shape: x.aval.shape, eqns: [], outputs: [] };
        open.add(own);
        join(own, item);
        for (const v of item.outBinders) sinkOutputs.add(v);
        continue;
      }
    }
    if (k !== 'elementwise') {
      for (const g of producers) seal(g);
      units.push({ kind: 'item', item });
      continue;
    }
    const shape = (item.outBinders[0] as Var).aval.shape;
    const same = producers.filter((g) => shapesEqual(g.shape, shape) && !readsSinkOf(item, g));
    for (const g of producers) if (!same.includes(g)) seal(g);
    let target = same[0];
    if (target === undefined) {
      target = { kind: 'group', shape, eqns: [], outputs: [] };
      open.add(target);
    }
    // Other open groups of this shape that feed the item join it: open groups never depend on
    // each other, so their members can run in one loop.
    for (const g of same.slice(1)) {
      open.delete(g);
      for (const e of g.eqns) join(target, e);
    }
    join(target, item);
  }
  for (const g of [...open]) seal(g);
  // Outputs: member results read outside their group or returned by the program.
  const readOutside = new Set<Var>(sinkOutputs);
  for (const u of units) {
    const members = u.kind === 'group' ? u.eqns : [u.item];
    for (const e of members) {
      for (const a of e.inputs) {
        if (a instanceof Literal) continue;
        const g = producer.get(a);
        if (g !== undefined && g !== u) readOutside.add(a);
      }
    }
  }
  for (const a of outvars) if (!(a instanceof Literal)) readOutside.add(a);
  for (const u of units) {
    if (u.kind !== 'group') continue;
    u.outputs = u.eqns.flatMap((e) => e.outBinders.filter((v) => readOutside.has(v)));
  }
  return units;
}

/**
 * Moves each reduction right after the item that computes its operand (a valid order: that is
 * its only input). A reduction placed later, after something that needed another reduction of
 * the same loop, would find the loop already closed; placed early, it joins the loop.
 */
function reductionsFirst<T extends Item>(items: readonly T[], kind: (item: T) => FusionKind): T[] {
  const after = new Map<T, T[]>();
  const producerOf = new Map<Var, T>();
  const head: T[] = [];
  const out: T[] = [];
  for (const item of items) {
    const x = item.inputs[0];
    if (kind(item) === 'sink' && x !== undefined && !(x instanceof Literal)) {
      const p = producerOf.get(x);
      if (p === undefined) head.push(item);
      else {
        const list = after.get(p);
        if (list === undefined) after.set(p, [item]);
        else list.push(item);
      }
    }
    for (const v of item.outBinders) producerOf.set(v, item);
  }
  const moved = new Set<T>(head);
  for (const list of after.values()) for (const s of list) moved.add(s);
  // A moved reduction may itself be the operand of another one: emit followers recursively.
  const emit = (item: T): void => {
    out.push(item);
    for (const s of after.get(item) ?? []) emit(s);
  };
  for (const item of head) emit(item);
  for (const item of items) if (!moved.has(item)) emit(item);
  return out;
}
