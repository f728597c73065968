/**
 * Elementwise fusion: groups chains of elementwise equations (and the broadcasts feeding them)
 * that produce results of one shape into a single loop. Values used only inside a group never
 * become arrays; the others are the group's outputs. A group runs where its last member was,
 * and is closed as soon as anything outside it needs one of its values, so the order of the
 * program stays valid. XLA: the loop-fusion pass (producer-consumer fusion).
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
 * Groups the equations `fusable` accepts. The result lists every equation exactly once, either
 * alone or in a group, in an order where each unit comes after the units it reads from.
 */
export function fuseElementwise<T extends Item>(
  eqns: readonly T[],
  outvars: readonly Atom[],
  fusable: (eqn: T) => boolean,
): Unit<T>[] {
  const units: Unit<T>[] = [];
  const open = new Set<FusedGroup<T>>();
  const producer = new Map<Var, FusedGroup<T>>();
  const seal = (g: FusedGroup<T>): void => {
    if (!open.delete(g)) return;
    units.push(g);
  };
  const openProducersOf = (eqn: T): FusedGroup<T>[] => {
    const gs: FusedGroup<T>[] = [];
    for (const a of eqn.inputs) {
      if (a instanceof Literal) continue;
      const g = producer.get(a);
      if (g !== undefined && open.has(g) && !gs.includes(g)) gs.push(g);
    }
    return gs;
  };
  for (const eqn of eqns) {
    const producers = openProducersOf(eqn);
    if (!fusable(eqn)) {
      for (const g of producers) seal(g);
      units.push({ kind: 'item', item: eqn });
      continue;
    }
    const shape = (eqn.outBinders[0] as Var).aval.shape;
    const same = producers.filter((g) => shapesEqual(g.shape, shape));
    for (const g of producers) if (!same.includes(g)) seal(g);
    let target = same[0];
    if (target === undefined) {
      target = { kind: 'group', shape, eqns: [], outputs: [] };
      open.add(target);
    }
    // Other open groups of this shape that feed the equation join it: open groups never depend
    // on each other, so their members can run in one loop.
    for (const g of same.slice(1)) {
      open.delete(g);
      for (const e of g.eqns) {
        target.eqns.push(e);
        for (const v of e.outBinders) producer.set(v, target);
      }
    }
    target.eqns.push(eqn);
    for (const v of eqn.outBinders) producer.set(v, target);
  }
  for (const g of [...open]) seal(g);
  // Outputs: member results read outside their group or returned by the program.
  const readOutside = new Set<Var>();
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
