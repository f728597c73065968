/**
 * A compiled jaxpr: the optimized program (optimize.ts) lowered to a flat list of steps over
 * value registers (lower.ts). Each step is a tfjs kernel call (an impl rule), a fused
 * `_FusedMatMul`, or JavaScript on host arrays (a fused elementwise loop, or a data-movement /
 * reduction / matmul kernel for small arrays), with transfers where a value crosses between the
 * backend and the host. Running it involves no tracers, no interpreter stack, no abstract
 * evaluation and no pytree work; device buffers are freed right after their last use, host
 * intermediates live in scratch arrays allocated once. JAX: the executable behind a jit cache
 * entry.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  type BackendName,
  currentBackend,
  ensureOnCurrentBackend,
  type TensorInfo,
} from '../backend/engine.ts';
import { adopt } from '../backend/memory.ts';
import type { ShapedArray } from '../core/aval.ts';
import type { ClosedJaxpr } from '../jaxpr/jaxpr.ts';
import { asTensor } from '../numpy/convert.ts';
import { ArrayImpl, type Tensor } from '../tensor.ts';
import type { HostArray } from './host/fused-loop.ts';
import { type CompilerOptions, Lowering, type ProgramStats, type Step } from './lower.ts';
import { ALL_PASSES, optimize } from './optimize.ts';

export type { CompilerOptions, ProgramStats } from './lower.ts';

export class Program {
  readonly backend: tf.KernelBackend;
  readonly backendName: BackendName;
  readonly stats: ProgramStats;
  /** The optimized jaxpr the steps were lowered from. */
  readonly optimized: ClosedJaxpr;
  /** One line per step: what runs, and where (for debugging and tests). */
  readonly plan: readonly string[];
  private readonly numInputs: number;
  private readonly inputIds: readonly number[];
  private readonly dev: (TensorInfo | null)[];
  private readonly host: (HostArray | null)[];
  private readonly owned: readonly boolean[];
  private readonly constIds: readonly (readonly [number, ArrayImpl])[];
  private readonly literalIds: readonly (readonly [number, TensorInfo])[];
  private readonly steps: readonly Step[];
  private readonly outIds: readonly number[];
  /** Whether output k needs one more reference (passed through, or returned twice). */
  private readonly outIncRef: readonly boolean[];
  /** Host registers to drop after a run (downloads, fresh outputs). */
  private readonly transientHost: readonly number[];
  private busy = false;

  constructor(closed: ClosedJaxpr, options: CompilerOptions) {
    const state = currentBackend();
    this.backend = state.backend;
    this.backendName = state.name;
    const passes = { ...ALL_PASSES, ...options.passes };
    const opt = optimize(closed, passes);
    this.optimized = opt;
    const lowering = new Lowering(opt, state.name, options, state.backend);
    this.numInputs = opt.jaxpr.invars.length;
    this.inputIds = lowering.inputIds;
    this.dev = lowering.dev;
    this.host = lowering.host;
    this.owned = lowering.owned;
    this.constIds = lowering.constIds;
    this.literalIds = lowering.literalIds;
    this.steps = lowering.steps;
    this.outIds = lowering.outIds;
    this.outIncRef = this.outIds.map((id, k) => !this.owned[id] || this.outIds.indexOf(id) !== k);
    this.transientHost = lowering.transientHost;
    this.stats = lowering.stats(opt.jaxpr.eqns.length);
    this.plan = lowering.steps.map((st) => `${st.kind} ${st.label}`);
  }

  /**
   * Runs on borrowed input buffers (on this program's backend); returns buffers the caller owns
   * (inputs, constants or literals passed straight through get an extra reference).
   */
  run(inputs: readonly TensorInfo[]): TensorInfo[] {
    this.enter();
    const { dev } = this;
    for (let i = 0; i < this.numInputs; i++)
      dev[this.inputIds[i] as number] = inputs[i] as TensorInfo;
    this.execute();
    const n = this.outIds.length;
    const outs = new Array<TensorInfo>(n);
    for (let k = 0; k < n; k++) outs[k] = this.takeOutput(k);
    this.leave();
    return outs;
  }

  /**
   * The eager jit call: runs on argument leaves (concrete arrays or JavaScript numbers) and
   * returns the outputs as arrays with `outAvals`.
   */
  runLeaves(leaves: readonly unknown[], outAvals: readonly ShapedArray[]): Tensor[] {
    this.enter();
    const { dev } = this;
    try {
      for (let i = 0; i < this.numInputs; i++) {
        const l = leaves[i];
        dev[this.inputIds[i] as number] = ensureOnCurrentBackend(
          (l instanceof ArrayImpl ? l : asTensor(l as number)) as ArrayImpl,
        );
      }
    } catch (e) {
      dev.fill(null);
      this.busy = false;
      throw e;
    }
    this.execute();
    const n = this.outIds.length;
    const outs = new Array<Tensor>(n);
    for (let k = 0; k < n; k++) outs[k] = adopt(this.takeOutput(k), outAvals[k] as ShapedArray);
    this.leave();
    return outs;
  }

  private enter(): void {
    if (this.busy) throw new Error('jaxts internal: a jit program was re-entered while running.');
    this.busy = true;
  }

  private leave(): void {
    this.dev.fill(null);
    this.busy = false;
  }

  /** Output k as a buffer the caller owns. */
  private takeOutput(k: number): TensorInfo {
    const info = this.dev[this.outIds[k] as number] as TensorInfo;
    if (this.outIncRef[k]) this.backend.incRef(info.dataId);
    return info;
  }

  /** Runs the steps on the inputs already in their registers; frees intermediates. */
  private execute(): void {
    const { dev, host, backend } = this;
    try {
      for (const [id, arr] of this.constIds) dev[id] = ensureOnCurrentBackend(arr);
      for (const [id, info] of this.literalIds) dev[id] = info;
      const steps = this.steps;
      for (let s = 0; s < steps.length; s++) {
        const step = steps[s] as Step;
        step.run();
        const frees = step.frees;
        for (let f = 0; f < frees.length; f++) {
          const id = frees[f] as number;
          backend.disposeData((dev[id] as TensorInfo).dataId);
          dev[id] = null;
        }
      }
    } catch (e) {
      for (let id = 0; id < dev.length; id++) {
        const info = dev[id];
        if (info != null && this.owned[id]) backend.disposeData(info.dataId);
      }
      dev.fill(null);
      this.busy = false;
      throw e;
    } finally {
      const t = this.transientHost;
      for (let i = 0; i < t.length; i++) host[t[i] as number] = null;
    }
  }
}

// --- program cache --------------------------------------------------------------------------

const programs = new WeakMap<ClosedJaxpr, Map<string, Program>>();
/** Compiler options of jaxprs staged by jit (used when the `jit` primitive runs them). */
const optionsOf = new WeakMap<ClosedJaxpr, CompilerOptions>();

export function setCompilerOptions(closed: ClosedJaxpr, options: CompilerOptions): void {
  optionsOf.set(closed, options);
}

function optionsKey(o: CompilerOptions): string {
  return JSON.stringify([
    o.passes ?? null,
    o.host ?? null,
    o.fuseElementwise ?? null,
    o.fuseMatmul ?? null,
    o.codegen ?? null,
  ]);
}

/** The program of a closed jaxpr on the current backend (compiled once per backend and options). */
export function programFor(closed: ClosedJaxpr, options?: CompilerOptions): Program {
  const opts = options ?? optionsOf.get(closed) ?? {};
  const key = `${currentBackend().name}|${optionsKey(opts)}`;
  let byKey = programs.get(closed);
  if (byKey === undefined) {
    byKey = new Map();
    programs.set(closed, byKey);
  }
  let p = byKey.get(key);
  if (p === undefined) {
    p = new Program(closed, opts);
    byKey.set(key, p);
  }
  return p;
}

/** Runs a closed jaxpr's program on borrowed buffers (the `jit` primitive's impl). */
export function runProgram(p: Program, inputs: readonly TensorInfo[]): TensorInfo[] {
  return p.run(inputs);
}
