/**
 * A compiled jaxpr: a flat list of impl-rule calls over buffer slots, with every intermediate
 * freed right after its last use. Running it involves no tracers, no interpreter stack and no
 * per-call allocation beyond the slot array. JAX: the executable behind a jit cache entry.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  currentBackend,
  ensureOnCurrentBackend,
  type TensorInfo,
  writeData,
} from '../backend/engine.ts';
import type { ShapedArray } from '../core/aval.ts';
import type { Primitive } from '../core/primitives.ts';
import { type Atom, type ClosedJaxpr, Literal, type Var } from '../jaxpr/jaxpr.ts';
import { encodeValues, storageDType } from '../numpy/convert.ts';
import { implRules } from '../rules/impl.ts';
import type { ArrayImpl } from '../tensor.ts';

type AnyImpl = (
  xs: readonly TensorInfo[],
  params: unknown,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
) => TensorInfo[];

interface Step {
  readonly impl: AnyImpl;
  readonly prim: Primitive;
  readonly params: unknown;
  readonly inSlots: readonly number[];
  readonly outSlots: readonly number[];
  readonly inAvals: readonly ShapedArray[];
  readonly outAvals: readonly ShapedArray[];
  /** Owned slots whose last use is this step: freed right after it. */
  readonly frees: readonly number[];
}

export interface Program {
  readonly backend: tf.KernelBackend;
  readonly numInputs: number;
  readonly numSlots: number;
  /** Buffers the program owns for its whole life (constants and literals), by slot. */
  readonly fixed: readonly (readonly [number, TensorInfo])[];
  readonly steps: readonly Step[];
  readonly outSlots: readonly number[];
  /** Slots that hold buffers owned by the run (not inputs or fixed buffers). */
  readonly owned: readonly boolean[];
  /** Keeps constant arrays alive as long as the program. */
  readonly constArrays: readonly ArrayImpl[];
}

const programs = new WeakMap<ClosedJaxpr, Map<tf.KernelBackend, Program>>();

/** The program of a closed jaxpr on the current backend (compiled once per backend). */
export function programFor(closed: ClosedJaxpr): Program {
  const backend = currentBackend().backend;
  let byBackend = programs.get(closed);
  if (byBackend === undefined) {
    byBackend = new Map();
    programs.set(closed, byBackend);
  }
  let p = byBackend.get(backend);
  if (p === undefined) {
    p = compile(closed, backend);
    byBackend.set(backend, p);
  }
  return p;
}

function compile(closed: ClosedJaxpr, backend: tf.KernelBackend): Program {
  const { jaxpr } = closed;
  const slotOf = new Map<Var, number>();
  let numSlots = 0;
  const fixed: [number, TensorInfo][] = [];
  const owned: boolean[] = [];
  const constArrays: ArrayImpl[] = [];
  const newSlot = (isOwned: boolean): number => {
    owned.push(isOwned);
    return numSlots++;
  };
  for (const v of jaxpr.invars) slotOf.set(v, newSlot(false));
  jaxpr.constvars.forEach((v, i) => {
    const arr = closed.consts[i] as ArrayImpl;
    constArrays.push(arr);
    const s = newSlot(false);
    slotOf.set(v, s);
    fixed.push([s, ensureOnCurrentBackend(arr)]);
  });
  const literalSlots = new Map<string, number>();
  const slotOfAtom = (a: Atom): number => {
    if (a instanceof Literal) {
      const key = `${a.aval.dtype}|${a.aval.weakType}|${String(a.value)}`;
      let s = literalSlots.get(key);
      if (s === undefined) {
        s = newSlot(false);
        const data = encodeValues([a.value], a.aval.dtype);
        fixed.push([s, writeData(data, [], storageDType(a.aval.dtype))]);
        literalSlots.set(key, s);
      }
      return s;
    }
    const s = slotOf.get(a);
    if (s === undefined) throw new Error('jaxts internal: jit program reads an unbound variable.');
    return s;
  };
  const raw: {
    prim: Primitive;
    params: unknown;
    ins: number[];
    outs: number[];
    inAvals: ShapedArray[];
    outAvals: ShapedArray[];
  }[] = [];
  for (const eqn of jaxpr.eqns) {
    const ins = eqn.inputs.map(slotOfAtom);
    const outs = eqn.outBinders.map((v) => {
      const s = newSlot(true);
      slotOf.set(v, s);
      return s;
    });
    raw.push({
      prim: eqn.primitive,
      params: eqn.params,
      ins,
      outs,
      inAvals: eqn.inputs.map((a) => a.aval),
      outAvals: eqn.outBinders.map((v) => v.aval),
    });
  }
  const outSlots = jaxpr.outvars.map(slotOfAtom);
  // Liveness: the last step reading each owned slot frees it, unless it is an output.
  const isOut = new Set(outSlots);
  const lastUse = new Map<number, number>();
  raw.forEach((r, i) => {
    for (const s of r.ins) lastUse.set(s, i);
  });
  const steps: Step[] = raw.map((r, i) => {
    const frees: number[] = [];
    for (const s of new Set(r.ins))
      if (owned[s] && !isOut.has(s) && lastUse.get(s) === i) frees.push(s);
    // Results nobody reads (dead outputs of multi-result primitives) are freed at once.
    for (const s of r.outs) if (!isOut.has(s) && !lastUse.has(s)) frees.push(s);
    return {
      impl: implRules[r.prim] as AnyImpl,
      prim: r.prim,
      params: r.params,
      inSlots: r.ins,
      outSlots: r.outs,
      inAvals: r.inAvals,
      outAvals: r.outAvals,
      frees,
    };
  });
  return {
    backend,
    numInputs: jaxpr.invars.length,
    numSlots,
    fixed,
    steps,
    outSlots,
    owned,
    constArrays,
  };
}

/**
 * Runs a program on borrowed input buffers; returns buffers the caller owns (inputs or fixed
 * buffers passed straight through get an extra reference).
 */
export function runProgram(p: Program, inputs: readonly TensorInfo[]): TensorInfo[] {
  const slots = new Array<TensorInfo | null>(p.numSlots).fill(null);
  for (let i = 0; i < p.numInputs; i++) slots[i] = inputs[i] as TensorInfo;
  for (const [s, info] of p.fixed) slots[s] = info;
  const args: TensorInfo[] = [];
  try {
    for (const step of p.steps) {
      args.length = 0;
      for (const s of step.inSlots) args.push(slots[s] as TensorInfo);
      const outs = step.impl(args, step.params, step.outAvals, step.inAvals);
      for (let j = 0; j < outs.length; j++)
        slots[step.outSlots[j] as number] = outs[j] as TensorInfo;
      for (const s of step.frees) {
        p.backend.disposeData((slots[s] as TensorInfo).dataId);
        slots[s] = null;
      }
    }
  } catch (e) {
    for (let s = 0; s < slots.length; s++) {
      const info = slots[s];
      if (info != null && p.owned[s]) p.backend.disposeData(info.dataId);
    }
    throw e;
  }
  const seen = new Set<number>();
  return p.outSlots.map((s) => {
    const info = slots[s] as TensorInfo;
    // A buffer handed out twice, or one the run does not own, needs one more reference.
    if (!p.owned[s] || seen.has(s)) p.backend.incRef(info.dataId);
    seen.add(s);
    return info;
  });
}
