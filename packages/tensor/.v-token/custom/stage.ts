/** Staging a pytree function to a closed jaxpr with its constants hoisted to leading operands. */
import { type TreeDef, tree } from '@jaxts/frozendict';
import type { ShapedArray } from '../core/aval.ts';
import { ClosedJaxpr, Jaxpr } from '../jaxpr/jaxpr.ts';
import { stageToJaxpr } from '../jaxpr/jaxpr-trace.ts';
import { asTensor } from '../numpy/convert.ts';
import type { Tensor } from '../tensor.ts';

export interface Staged {
  /** invars = [...constvars, ...args]; no constvars left. */
  readonly call: ClosedJaxpr;
  readonly consts: readonly Tensor[];
  readonly outTree: TreeDef;
}

export function stageWithHoistedConsts(
  f: (...args: unknown[]) => unknown,
  inTree: TreeDef,
  avals: readonly ShapedArray[],
): Staged {
  let outTree: TreeDef | null = null;
  const closed = stageToJaxpr((...tracers: Tensor[]) => {
    const args = tree.unflatten(inTree, tracers) as unknown[];
    const [leaves, def] = tree.flatten(f(...args));
    outTree = def;
    return leaves.map((l) => asTensor(l as Tensor, 'custom derivative'));
  }, avals);
  const j = closed.jaxpr;
  const call = new ClosedJaxpr(new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars), []);
  return { call, consts: closed.consts, outTree: outTree as unknown as TreeDef };
}
