/**
 * Variable substitution for the jit passes: a rewrite replaces uses of a variable by another atom
 * (the representative found by CSE, the literal found by folding, the input of an identity op).
 */
import type { Atom, JaxprEqn, Var } from '../../jaxpr/jaxpr.ts';
import { Literal } from '../../jaxpr/jaxpr.ts';

export class Substitution {
  private readonly map = new Map<Var, Atom>();

  get size(): number {
    return this.map.size;
  }

  set(v: Var, to: Atom): void {
    this.map.set(v, to);
  }

  /** The atom `a` stands for after every recorded replacement (chains are followed). */
  apply(a: Atom): Atom {
    let cur = a;
    while (!(cur instanceof Literal)) {
      const next = this.map.get(cur);
      if (next === undefined) break;
      cur = next;
    }
    return cur;
  }

  /** The equation with its inputs substituted (the same object when nothing changes). */
  eqn(e: JaxprEqn): JaxprEqn {
    let changed = false;
    const inputs = e.inputs.map((a) => {
      const b = this.apply(a);
      if (b !== a) changed = true;
      return b;
    });
    return changed ? ({ ...e, inputs } as JaxprEqn) : e;
  }
}
