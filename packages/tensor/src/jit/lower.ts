/**
 * Lowering of an optimized jaxpr to the steps of a compiled program: where each part runs
 * (tfjs kernels or host loops, host/placement.ts), matmul and elementwise fusion, the transfers
 * between the backend and host arrays where a value crosses, and liveness (each device buffer is
 * freed after its last use). JAX/XLA: the backend compiler's scheduling and buffer assignment.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  type BackendName,
  ensureOnCurrentBackend,
  runKernel,
  type TensorInfo,
} from '../backend/engine.ts';
import type { ShapedArray } from '../core/aval.ts';
import type { Primitive } from '../core/primitives.ts';
import type { DType } from '../dtype.ts';
import { type Atom, type ClosedJaxpr, type JaxprEqn, Literal, type Var } from '../jaxpr/jaxpr.ts';
import { storageDType } from '../numpy/convert.ts';
import { implRules } from '../rules/impl.ts';
import { shapesEqual } from '../shape.ts';
import type { ArrayImpl } from '../tensor.ts';
import { hostOpFor } from './host/elementwise-ops.ts';
import {
  buildLoop,
  type HostArray,
  type LoopOp,
  type LoopRead,
  type LoopReduction,
  type Operand,
} from './host/fused-loop.ts';
import { linearMap } from './host/index-maps.ts';
import { dotMacs } from './host/matmul.ts';
import { type CostModel, costModel, type HostPolicy, hostPolicy } from './host/placement.ts';
import { type HostKernel, hostStructureKernel } from './host/structure-ops.ts';
import type { PassOptions } from './optimize.ts';
import { literalInfo } from './passes/fold.ts';
import { type FusedGroup, fuseElementwise } from './passes/fuse-elementwise.ts';
import { type FusedMatMul, fuseMatmuls } from './passes/fuse-matmul.ts';

/** How a program is compiled (JAX: jit's compiler_options). Everything is on by default. */
export interface CompilerOptions {
  /** Optimization passes to run (each true by default). */
  readonly passes?: Partial<PassOptions>;
  /** Run small arrays in JavaScript (true: the backend's default limits; false: kernels only). */
  readonly host?: boolean | Partial<HostPolicy>;
  /** Fuse chains of host elementwise ops into one loop (otherwise one loop per op). */
  readonly fuseElementwise?: boolean;
  /** Fuse matmul + bias + relu into `_FusedMatMul`. */
  readonly fuseMatmul?: boolean;
  /**
   * Generate JavaScript for host loops (`new Function`; default where the platform allows it) or
   * interpret them (false; what runs under a Content-Security-Policy without 'unsafe-eval').
   */
  readonly codegen?: boolean;
}

type AnyImpl = (
  xs: readonly TensorInfo[],
  params: unknown,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
) => TensorInfo[];

/** Counts of what a compiled program does per run (for tests, benchmarks and debugging). */
export interface ProgramStats {
  readonly equations: number;
  readonly kernelSteps: number;
  readonly fusedMatmuls: number;
  readonly hostLoops: number;
  /** Equations that run inside host loops. */
  readonly loopOps: number;
  readonly hostKernels: number;
  readonly downloads: number;
  readonly uploads: number;
}

export interface Step {
  readonly run: () => void;
  /** Device registers the step reads (for liveness). */
  readonly devReads: readonly number[];
  /** Device registers the step writes (owned results). */
  readonly devWrites: readonly number[];
  frees: number[];
  readonly kind: 'kernel' | 'fused_matmul' | 'loop' | 'host' | 'alias' | 'download' | 'upload';
  /** What the step computes, for `Program.plan`. */
  readonly label: string;
}

const F32 = 0;
const I32 = 1;
const BOOL = 2;

function storageKind(d: DType): number {
  return d === 'float32' ? F32 : d === 'bool' ? BOOL : I32;
}

function allocHost(d: DType, n: number): HostArray {
  const k = storageKind(d);
  return k === F32 ? new Float32Array(n) : k === BOOL ? new Uint8Array(n) : new Int32Array(n);
}

/** A buffer's values as the host array class of `d` (the cpu backend may share storage across dtypes). */
function toHost(raw: unknown, d: DType): HostArray {
  const k = storageKind(d);
  if (k === F32)
    return raw instanceof Float32Array ? raw : Float32Array.from(raw as ArrayLike<number>);
  if (k === BOOL)
    return raw instanceof Uint8Array ? raw : Uint8Array.from(raw as ArrayLike<number>);
  return raw instanceof Int32Array ? raw : Int32Array.from(raw as ArrayLike<number>);
}

/** Direct access to the wasm backend's heap (tfjs-backend-wasm internals), or null. */
interface WasmHeap {
  offsetOf(dataId: object): number;
  buffer(): ArrayBuffer;
}

function wasmHeap(backend: tf.KernelBackend): WasmHeap | null {
  const b = backend as unknown as {
    dataIdMap?: { get(id: object): { memoryOffset?: number } | undefined };
    wasm?: { HEAPU8?: Uint8Array };
  };
  const map = b.dataIdMap;
  const wasm = b.wasm;
  if (map === undefined || wasm === undefined || !(wasm.HEAPU8 instanceof Uint8Array)) return null;
  return {
    offsetOf: (dataId) => map.get(dataId)?.memoryOffset as number,
    // The heap's buffer changes when wasm memory grows: read it at each use.
    buffer: () => (wasm.HEAPU8 as Uint8Array).buffer as ArrayBuffer,
  };
}

const ALIAS: ReadonlySet<Primitive> = new Set<Primitive>([
  'reshape',
  'squeeze',
  'expand_dims',
  'copy',
  'stop_gradient',
]);

/** Structure primitives measured by their largest operand; the rest by their result. */
function sizeForPolicy(eqn: JaxprEqn): number {
  let n = 0;
  for (const v of eqn.outBinders) n = Math.max(n, v.aval.size);
  for (const a of eqn.inputs) n = Math.max(n, a.aval.size);
  return n;
}

type Item = JaxprEqn | FusedMatMul;

const isFused = (i: Item): i is FusedMatMul => (i as FusedMatMul).kind === 'fused_matmul';

/** Lowers an optimized program to steps: placement, fusion, transfers, liveness. */
export class Lowering {
  readonly dev: (TensorInfo | null)[] = [];
  readonly host: (HostArray | null)[] = [];
  readonly owned: boolean[] = [];
  readonly inputIds: number[];
  readonly constIds: (readonly [number, ArrayImpl])[] = [];
  readonly literalIds: (readonly [number, TensorInfo])[] = [];
  readonly steps: Step[] = [];
  readonly outIds: number[];
  readonly transientHost: number[] = [];
  private readonly avals: ShapedArray[] = [];
  private readonly ids = new Map<Var, number>();
  private readonly literalKeys = new Map<string, number>();
  private readonly literalValues = new Map<number, Literal>();
  private readonly onDev: boolean[] = [];
  private readonly onHost: boolean[] = [];
  /** Results that must be fresh host arrays each run (they become program outputs). */
  private readonly freshOut: Set<Var>;
  private readonly structureKernels = new Map<JaxprEqn, HostKernel | null>();
  private readonly freshIds = new Set<number>();
  private readonly policy: HostPolicy;
  /** Decides where fused groups run (null: always on the host). */
  private readonly model: CostModel | null;
  private readonly isCpu: boolean;
  private readonly backend: tf.KernelBackend;
  private loopOps = 0;
  private readonly codegen: boolean;

  constructor(
    closed: ClosedJaxpr,
    backendName: BackendName,
    options: CompilerOptions,
    backend: tf.KernelBackend,
  ) {
    const { jaxpr } = closed;
    this.backend = backend;
    this.isCpu = backendName === 'cpu';
    this.codegen = options.codegen !== false;
    const base = hostPolicy(backendName);
    const h = options.host ?? true;
    this.policy =
      h === false
        ? { elementwise: -1, structure: -1, matmulMacs: -1 }
        : h === true
          ? base
          : { ...base, ...h };
    // An explicit policy (tests, benchmarks) is obeyed as given.
    this.model = h === true ? costModel(backendName) : null;
    this.inputIds = jaxpr.invars.map((v) => this.newValue(v, false));
    for (const id of this.inputIds) this.onDev[id] = true;
    jaxpr.constvars.forEach((v, i) => {
      const id = this.newValue(v, false);
      this.constIds.push([id, closed.consts[i] as ArrayImpl]);
      this.onDev[id] = true;
    });
    const outAtoms = jaxpr.outvars;
    this.freshOut = new Set();
    for (const a of outAtoms) if (!(a instanceof Literal)) this.freshOut.add(a);

    const items =
      options.fuseMatmul === false
        ? [...jaxpr.eqns]
        : fuseMatmuls(jaxpr.eqns, outAtoms, (dot) => !this.hostable(dot));
    const fuseLoops = options.fuseElementwise !== false;
    const units = fuseElementwise<Item>(items, outAtoms, (it) => {
      if (!fuseLoops || isFused(it)) return null;
      if (this.loopable(it)) return 'elementwise';
      return this.sinkable(it) ? 'sink' : null;
    });
    for (const u of units) {
      if (u.kind === 'group') {
        if (this.groupOnHost(u)) this.emitLoop(u);
        else for (const e of u.eqns) this.emitEqn(e as JaxprEqn, true);
      } else if (isFused(u.item)) this.emitFusedMatmul(u.item);
      else this.emitEqn(u.item);
    }
    this.outIds = outAtoms.map((a) => {
      const id = this.idOf(a);
      this.ensureDev(id);
      return id;
    });
    this.computeFrees();
  }

  // --- values -------------------------------------------------------------------------------

  private newValue(v: Var | null, owned: boolean, aval?: ShapedArray): number {
    const id = this.avals.length;
    this.avals.push((v?.aval ?? aval) as ShapedArray);
    this.dev.push(null);
    this.host.push(null);
    this.owned.push(owned);
    this.onDev.push(false);
    this.onHost.push(false);
    if (v !== null) this.ids.set(v, id);
    return id;
  }

  private idOf(a: Atom): number {
    if (a instanceof Literal) {
      const v = a.value;
      const key = `${a.aval.dtype}|${typeof v === 'number' && Object.is(v, -0) ? '-0' : String(v)}`;
      let id = this.literalKeys.get(key);
      if (id === undefined) {
        id = this.newValue(null, false, a.aval);
        this.literalKeys.set(key, id);
        this.literalValues.set(id, a);
      }
      return id;
    }
    const id = this.ids.get(a);
    if (id === undefined) throw new Error('jaxts internal: jit program reads an unbound variable.');
    return id;
  }

  private bindOutput(v: Var, owned: boolean): number {
    return this.newValue(v, owned);
  }

  // --- placement ----------------------------------------------------------------------------

  /** Whether an equation may run on the host under the size policy. */
  private hostable(eqn: JaxprEqn): boolean {
    if (eqn.primitive === 'dot_general') {
      const [x, y] = eqn.inputs as [Atom, Atom];
      const p = (eqn as JaxprEqn<'dot_general'>).params;
      return (
        dotMacs(x.aval, y.aval, p.dimension_numbers) <= this.policy.matmulMacs &&
        this.structureKernel(eqn) !== null
      );
    }
    if (this.elementwiseOp(eqn) !== null) {
      return sizeForPolicy(eqn) <= this.policy.elementwise;
    }
    return sizeForPolicy(eqn) <= this.policy.structure && this.structureKernel(eqn) !== null;
  }

  private structureKernel(eqn: JaxprEqn): HostKernel | null {
    let k = this.structureKernels.get(eqn);
    if (k === undefined) {
      k = hostStructureKernel(eqn, this.codegen);
      this.structureKernels.set(eqn, k);
    }
    return k;
  }

  private elementwiseOp(eqn: JaxprEqn) {
    if (eqn.outBinders.length !== 1) return null;
    return hostOpFor(
      eqn.primitive,
      eqn.params,
      eqn.inputs.map((a) => a.aval.dtype),
      (eqn.outBinders[0] as Var).aval.dtype,
    );
  }

  /** Equations a host loop can compute: elementwise ops, and broadcasts read through a map. */
  private loopable(eqn: JaxprEqn): boolean {
    const out = (eqn.outBinders[0] as Var | undefined)?.aval;
    if (out === undefined || out.dtype === 'uint32' || out.size > this.policy.elementwise)
      return false;
    if (eqn.primitive === 'broadcast_in_dim') return eqn.inputs[0]?.aval.dtype !== 'uint32';
    if (this.elementwiseOp(eqn) === null) return false;
    // NumPy broadcasting: operands must broadcast to the result's shape.
    return eqn.inputs.every((a) => a.aval.ndim <= out.ndim);
  }

  /** Reductions a host loop can accumulate as it computes their operand. */
  private sinkable(eqn: JaxprEqn): boolean {
    const p = eqn.primitive;
    if (p !== 'reduce_sum' && p !== 'reduce_max' && p !== 'reduce_min') return false;
    const x = (eqn.inputs[0] as Atom).aval;
    const axes = (eqn as JaxprEqn<'reduce_sum'>).params.axes;
    return (
      (x.dtype === 'float32' || x.dtype === 'int32') &&
      x.size > 0 &&
      axes.length > 0 &&
      x.size <= this.policy.elementwise
    );
  }

  // --- transfers ----------------------------------------------------------------------------

  private ensureHost(id: number): void {
    if (this.onHost[id]) return;
    const aval = this.avals[id] as ShapedArray;
    const lit = this.literalValues.get(id);
    if (lit !== undefined) {
      const arr = allocHost(aval.dtype, 1);
      const v = lit.value;
      arr[0] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      this.host[id] = arr;
      this.onHost[id] = true;
      return;
    }
    const constEntry = this.constIds.find(([c]) => c === id);
    if (constEntry !== undefined) {
      // Constants are read once, now.
      const info = ensureOnCurrentBackend(constEntry[1]);
      this.host[id] = toHost(this.backend.readSync(info.dataId), aval.dtype).slice() as HostArray;
      this.onHost[id] = true;
      return;
    }
    const { dev, host, backend } = this;
    const d = aval.dtype;
    const heap = this.isCpu ? null : wasmHeap(backend);
    if (heap !== null && aval.size > 0) {
      // wasm: copy straight from the heap into a scratch array (no allocation per run).
      const scratch = allocHost(d, aval.size);
      const n = aval.size;
      const k = storageKind(d);
      this.host[id] = scratch;
      this.push('download', aval.strShort(), [id], [], () => {
        const offset = heap.offsetOf((dev[id] as TensorInfo).dataId);
        const buf = heap.buffer();
        scratch.set(
          k === F32
            ? new Float32Array(buf, offset, n)
            : k === BOOL
              ? new Uint8Array(buf, offset, n)
              : new Int32Array(buf, offset, n),
        );
      });
      this.onHost[id] = true;
      return;
    }
    this.push('download', aval.strShort(), [id], [], () => {
      host[id] = toHost(backend.readSync((dev[id] as TensorInfo).dataId), d);
    });
    this.transientHost.push(id);
    this.onHost[id] = true;
  }

  private ensureDev(id: number): void {
    if (this.onDev[id]) return;
    const lit = this.literalValues.get(id);
    if (lit !== undefined) {
      this.literalIds.push([id, literalInfo(lit)]);
      this.onDev[id] = true;
      return;
    }
    const aval = this.avals[id] as ShapedArray;
    const { dev, host, backend } = this;
    const shape = [...aval.shape];
    const sd = storageDType(aval.dtype);
    // cpu keeps the array it is given: copy unless the array was made for this run alone.
    const copy = this.isCpu && !this.freshIds.has(id);
    this.push('upload', aval.strShort(), [], [], () => {
      const a = host[id] as HostArray;
      dev[id] = { dataId: backend.write(copy ? a.slice() : a, shape, sd), shape, dtype: sd };
    });
    this.owned[id] = true;
    this.onDev[id] = true;
  }

  private push(
    kind: Step['kind'],
    label: string,
    devReads: number[],
    devWrites: number[],
    run: () => void,
  ): void {
    this.steps.push({ kind, label, devReads, devWrites, run, frees: [] });
  }

  /** A host result register: a fresh array per run for program outputs, else a scratch array. */
  private hostResult(v: Var): { id: number; fresh: boolean; n: number; d: DType } {
    const id = this.bindOutput(v, false);
    // cpu keeps the arrays it is given, so outputs need a new array per run; wasm copies them.
    const fresh = this.isCpu && this.freshOut.has(v);
    const aval = v.aval;
    if (fresh) {
      this.freshIds.add(id);
      this.transientHost.push(id);
    } else this.host[id] = allocHost(aval.dtype, aval.size);
    this.onHost[id] = true;
    return { id, fresh, n: aval.size, d: aval.dtype };
  }

  // --- steps --------------------------------------------------------------------------------

  /**
   * Whether a fused group is cheaper as one host loop than as kernels, given where its inputs
   * are now (an input not on the host has to be read out of the backend, and vice versa).
   */
  private groupOnHost(g: FusedGroup<Item>): boolean {
    const m = this.model;
    if (m === null) return true;
    const members = g.eqns as JaxprEqn[];
    const produced = new Set<Var>();
    for (const e of members) for (const v of e.outBinders) produced.add(v);
    const counted = new Set<number>();
    let host = 0;
    let kernel = 0;
    for (const e of members) {
      const out = (e.outBinders[0] as Var).aval;
      const prim = e.primitive;
      if (prim === 'reduce_sum' || prim === 'reduce_max' || prim === 'reduce_min') {
        const n = (e.inputs[0] as Atom).aval.size;
        host += n * 0.5;
        kernel += m.dispatch + n * 2;
      } else {
        const n = out.size;
        const broadcasting = e.inputs.some(
          (a) =>
            !(a instanceof Literal) && a.aval.size !== 1 && !shapesEqual(a.aval.shape, out.shape),
        );
        host += n * m.host(prim);
        kernel += m.dispatch + n * m.kernel(prim, broadcasting);
      }
      for (const a of e.inputs) {
        if (a instanceof Literal || produced.has(a)) continue;
        const id = this.idOf(a);
        if (counted.has(id)) continue;
        counted.add(id);
        const isConst = this.constIds.some(([c]) => c === id);
        if (!this.onHost[id] && !isConst) host += a.aval.size * m.transfer;
        if (!this.onDev[id]) kernel += a.aval.size * m.transfer;
      }
    }
    for (const v of g.outputs) host += v.aval.size * m.transfer;
    return host < kernel;
  }

  private emitEqn(eqn: JaxprEqn, preferKernel = false): void {
    if (preferKernel && this.loopable(eqn)) {
      this.emitKernel(eqn);
      return;
    }
    if (ALIAS.has(eqn.primitive)) {
      const inId = this.idOf(eqn.inputs[0] as Atom);
      if (this.onHost[inId] && !this.onDev[inId]) {
        const v = eqn.outBinders[0] as Var;
        const id = this.bindOutput(v, false);
        const { host } = this;
        this.push('alias', `${eqn.primitive} ${v.aval.strShort()}`, [], [], () => {
          host[id] = host[inId] as HostArray;
        });
        this.onHost[id] = true;
        return;
      }
      this.emitKernel(eqn);
      return;
    }
    if (this.hostable(eqn)) {
      const kernel = this.structureKernel(eqn);
      if (kernel !== null) {
        this.emitHostKernel(eqn, kernel);
        return;
      }
      if (this.loopable(eqn)) {
        const g = singleGroup(eqn);
        if (this.groupOnHost(g)) {
          this.emitLoop(g);
          return;
        }
      }
    }
    this.emitKernel(eqn);
  }

  private emitKernel(eqn: JaxprEqn): void {
    const inIds = eqn.inputs.map((a) => this.idOf(a));
    for (const id of inIds) this.ensureDev(id);
    const outIds = eqn.outBinders.map((v) => this.bindOutput(v, true));
    for (const id of outIds) this.onDev[id] = true;
    const impl = implRules[eqn.primitive] as AnyImpl;
    const params = eqn.params;
    const inAvals = eqn.inputs.map((a) => a.aval);
    const outAvals = eqn.outBinders.map((v) => v.aval);
    const args = new Array<TensorInfo>(inIds.length);
    const { dev } = this;
    const nIn = inIds.length;
    const nOut = outIds.length;
    this.push(
      'kernel',
      `${eqn.primitive} ${outAvals.map((a) => a.strShort()).join(' ')}`,
      inIds,
      outIds,
      () => {
        for (let k = 0; k < nIn; k++) args[k] = dev[inIds[k] as number] as TensorInfo;
        const outs = impl(args, params, outAvals, inAvals);
        for (let j = 0; j < nOut; j++) dev[outIds[j] as number] = outs[j] as TensorInfo;
      },
    );
  }

  private emitHostKernel(eqn: JaxprEqn, kernel: HostKernel): void {
    const inIds = eqn.inputs.map((a) => this.idOf(a));
    for (const id of inIds) this.ensureHost(id);
    const r = this.hostResult(eqn.outBinders[0] as Var);
    const ins = new Array<HostArray>(inIds.length);
    const { host } = this;
    const nIn = inIds.length;
    const { id, fresh, n, d } = r;
    this.push(
      'host',
      `${eqn.primitive} ${(eqn.outBinders[0] as Var).aval.strShort()}`,
      [],
      [],
      () => {
        for (let k = 0; k < nIn; k++) ins[k] = host[inIds[k] as number] as HostArray;
        const out = fresh ? allocHost(d, n) : (host[id] as HostArray);
        kernel(ins, out);
        host[id] = out;
      },
    );
  }

  private emitLoop(g: FusedGroup<Item>): void {
    const members = g.eqns as JaxprEqn[];
    const shape = g.shape;
    const size = shape.reduce((a, b) => a * b, 1);
    const inner = shape.length === 0 ? 1 : (shape[shape.length - 1] as number);
    const outer = inner === 0 ? 0 : size / inner;
    const local = new Map<Var, number>();
    const reads: LoopRead[] = [];
    const readIds: number[] = [];
    const readKey = new Map<string, number>();
    const input = (a: Atom, expanded: readonly number[]): Operand => {
      if (a instanceof Literal) {
        const v = a.value;
        return { kind: 'lit', value: typeof v === 'boolean' ? (v ? 1 : 0) : v };
      }
      const t = local.get(a);
      // A local has the group's shape, so any broadcast of it is the identity.
      if (t !== undefined) return { kind: 'tmp', index: t };
      const read = classifyRead(expanded, shape);
      const id = this.idOf(a);
      const key = `${id}|${typeof read === 'string' ? read : mapKey(read)}`;
      let k = readKey.get(key);
      if (k === undefined) {
        k = reads.length;
        reads.push(read);
        readIds.push(id);
        readKey.set(key, k);
      }
      return { kind: 'in', index: k };
    };
    const ops: LoopOp[] = [];
    const reductions: LoopReduction[] = [];
    const sinkVars: Var[] = [];
    for (const e of members) {
      const v = e.outBinders[0] as Var;
      if (e.primitive === 'broadcast_in_dim') {
        const x = e.inputs[0] as Atom;
        const dims = (e as JaxprEqn<'broadcast_in_dim'>).params.broadcast_dimensions;
        const expanded = shape.map((_, d) => {
          const j = dims.indexOf(d);
          return j < 0 ? 1 : (x.aval.shape[j] as number);
        });
        ops.push({ op: IDENTITY_OP, args: [input(x, expanded)] });
      } else if (
        e.primitive === 'reduce_sum' ||
        e.primitive === 'reduce_max' ||
        e.primitive === 'reduce_min'
      ) {
        const axes = (e as JaxprEqn<'reduce_sum'>).params.axes;
        const x = e.inputs[0] as Var;
        let tmp = local.get(x);
        if (tmp === undefined) {
          // The operand comes from outside the loop: read it (it has the loop's shape).
          ops.push({ op: IDENTITY_OP, args: [input(x, shape)] });
          tmp = ops.length - 1;
          local.set(x, tmp);
        }
        reductions.push({
          tmp,
          kind: e.primitive === 'reduce_sum' ? 'sum' : e.primitive === 'reduce_max' ? 'max' : 'min',
          into: classifyReduction(shape, axes),
          size: v.aval.size,
        });
        sinkVars.push(v);
        continue;
      } else {
        const op = this.elementwiseOp(e);
        if (op === null) throw new Error('jaxts internal: a fused loop got a non-elementwise op.');
        const args = e.inputs.map((a) => {
          const pad = shape.length - a.aval.ndim;
          return input(
            a,
            shape.map((_, d) => (d < pad ? 1 : (a.aval.shape[d - pad] as number))),
          );
        });
        ops.push({ op, args });
      }
      local.set(v, ops.length - 1);
    }
    this.loopOps += members.length;
    for (const id of readIds) this.ensureHost(id);
    const elementOuts = g.outputs.filter((v) => !sinkVars.includes(v));
    const results = [
      ...elementOuts.map((v) => this.hostResult(v)),
      ...sinkVars.map((v) => this.hostResult(v)),
    ];
    const fn = buildLoop(
      {
        outer,
        inner,
        reads,
        ops,
        outputs: elementOuts.map((v) => local.get(v) as number),
        reductions,
      },
      this.codegen,
    );
    const { host } = this;
    const ins = new Array<HostArray>(readIds.length);
    const outs = new Array<HostArray>(results.length);
    const nIn = readIds.length;
    const nOut = results.length;
    this.push(
      'loop',
      `${members.map((e) => e.primitive).join(',')} over ${shortShape(shape)}`,
      [],
      [],
      () => {
        for (let k = 0; k < nIn; k++) ins[k] = host[readIds[k] as number] as HostArray;
        for (let k = 0; k < nOut; k++) {
          const r = results[k] as (typeof results)[number];
          const o = r.fresh ? allocHost(r.d, r.n) : (host[r.id] as HostArray);
          outs[k] = o;
          host[r.id] = o;
        }
        fn(ins, outs);
      },
    );
  }

  private emitFusedMatmul(f: FusedMatMul): void {
    const inIds = f.inputs.map((a) => this.idOf(a));
    for (const id of inIds) this.ensureDev(id);
    const out = f.outBinders[0];
    const id = this.bindOutput(out, true);
    this.onDev[id] = true;
    const [a, b, bias] = f.inputs;
    const m = a.aval.shape[0] as number;
    const k = a.aval.shape[1] as number;
    const n = b.aval.shape[1] as number;
    const biasIsVector = bias.aval.ndim === 1;
    const { dev, backend } = this;
    const activation = f.activation;
    this.push('fused_matmul', `${activation} ${out.aval.strShort()}`, inIds, [id], () => {
      const ai = dev[inIds[0] as number] as TensorInfo;
      const bi = dev[inIds[1] as number] as TensorInfo;
      const ci = dev[inIds[2] as number] as TensorInfo;
      const a3 = runKernel('Reshape', { x: ai }, { shape: [1, m, k] });
      const b3 = runKernel('Reshape', { x: bi }, { shape: [1, k, n] });
      const c1 = biasIsVector ? ci : runKernel('Reshape', { x: ci }, { shape: [n] });
      const r = runKernel(
        '_FusedMatMul',
        { a: a3, b: b3, bias: c1 },
        { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 },
      );
      backend.disposeData(a3.dataId);
      backend.disposeData(b3.dataId);
      if (!biasIsVector) backend.disposeData(c1.dataId);
      dev[id] = runKernel('Reshape', { x: r }, { shape: [m, n] });
      backend.disposeData(r.dataId);
    });
  }

  // --- liveness -----------------------------------------------------------------------------

  private computeFrees(): void {
    const isOut = new Set(this.outIds);
    const last = new Map<number, number>();
    this.steps.forEach((s, i) => {
      for (const id of s.devReads) last.set(id, i);
    });
    this.steps.forEach((s, i) => {
      const frees = new Set<number>();
      for (const id of s.devReads)
        if (this.owned[id] && !isOut.has(id) && last.get(id) === i) frees.add(id);
      // Results nobody reads (dead outputs of multi-result primitives) are freed at once.
      for (const id of s.devWrites) if (!isOut.has(id) && !last.has(id)) frees.add(id);
      s.frees = [...frees];
    });
  }

  stats(equations: number): ProgramStats {
    const count = (k: Step['kind']): number => this.steps.filter((s) => s.kind === k).length;
    return {
      equations,
      kernelSteps: count('kernel'),
      fusedMatmuls: count('fused_matmul'),
      hostLoops: count('loop'),
      loopOps: this.loopOps,
      hostKernels: count('host'),
      downloads: count('download'),
      uploads: count('upload'),
    };
  }
}

const IDENTITY_OP = {
  fn: (a: number): number => a,
  expr: (xs: readonly string[]): string => xs[0] as string,
};

function shortShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function singleGroup(e: JaxprEqn): FusedGroup<Item> {
  return {
    kind: 'group',
    shape: (e.outBinders[0] as Var).aval.shape,
    eqns: [e],
    outputs: [e.outBinders[0] as Var],
  };
}

/**
 * How a loop over `shape` (as [outer, inner]) reads an operand broadcast to it; `expanded` is the
 * operand's shape with size-1 dims inserted up to the loop's rank.
 */
function classifyRead(expanded: readonly number[], shape: readonly number[]): LoopRead {
  const r = shape.length;
  if (shapesEqual(expanded, shape)) return 'same';
  if (expanded.every((d) => d === 1)) return 'scalar';
  const last = r - 1;
  if (expanded.every((d, i) => (i === last ? d === shape[last] : d === 1))) return 'inner';
  if (expanded.every((d, i) => (i === last ? d === 1 : d === shape[i]))) return 'outer';
  // A general broadcast: strides of the operand, 0 along broadcast dims.
  const strides = new Array<number>(r).fill(0);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) {
    if (expanded[d] !== 1) strides[d] = acc;
    acc *= expanded[d] as number;
  }
  return linearMap(shape, strides);
}

function classifyReduction(
  shape: readonly number[],
  axes: readonly number[],
): LoopReduction['into'] {
  const r = shape.length;
  const has = (d: number): boolean => axes.includes(d);
  if (shape.every((_, d) => has(d))) return 'all';
  if (shape.every((_, d) => (d === r - 1 ? !has(d) : has(d)))) return 'inner';
  if (shape.every((_, d) => (d === r - 1 ? has(d) : !has(d)))) return 'outer';
  const strides = new Array<number>(r).fill(0);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) {
    if (has(d)) continue;
    strides[d] = acc;
    acc *= shape[d] as number;
  }
  return linearMap(shape, strides);
}

const mapIds = new WeakMap<Int32Array, number>();
let nextMapId = 0;
function mapKey(m: Int32Array): string {
  let id = mapIds.get(m);
  if (id === undefined) {
    id = nextMapId++;
    mapIds.set(m, id);
  }
  return `m${id}`;
}
