/**
 * Memory management, so users never call dispose(): every concrete array is registered with a
 * FinalizationRegistry that frees its buffer once the array is unreachable; `scope(fn)` (like
 * tf.tidy) frees everything created inside except what fn returns. JAX: Python refcounting.
 *
 * Why finalizers alone are not enough (measured, see bench/RESULTS.md):
 * - V8 clears weak cells only in a full (mark-compact) GC, and it schedules full GCs from the JS
 *   heap's growth. A wasm buffer is invisible to it: an MLP step that leaves 90 KB of wasm
 *   garbage leaves only ~3 KB of JS objects, so V8 may never run a full GC while the wasm heap
 *   grows to its 4 GiB limit. So we count the bytes allocated since the last collection and ask
 *   V8 for a full GC ourselves (Node: `--expose-gc` set at run time, `gc` from a new context).
 * - Finalization callbacks run in a task of their own, i.e. only once the event loop turns. An
 *   `await` on an already settled promise (reading a value on cpu or wasm) is a microtask and does
 *   not turn it, so even a loop that awaits every step never ran a finalizer. Right after the
 *   forced GC we therefore run the cleared cells' callbacks synchronously with
 *   `FinalizationRegistry.prototype.cleanupSome` (V8, behind `--harmony-weak-refs-with-cleanup-some`
 *   and borrowed from a new context like `gc`). Then even a fully synchronous loop stays flat.
 * Where neither exists (browsers), memory is reclaimed at V8's pace once the event loop turns:
 * there, hot synchronous loops on wasm should use scope() or jit.
 *
 * Reclaiming happens only at those rare forced collections (not on every allocation), so the
 * live-array count does not change under a short synchronous stretch of code (tests rely on it).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ShapedArray } from '../core/aval.ts';
import { ArrayImpl, type Tensor } from '../tensor.ts';
import type { TensorInfo } from './engine.ts';
import { currentBackend } from './engine.ts';

/**
 * What the registry holds for an array: its buffer (updated when the buffer moves backends) and
 * whether it is still to be freed. The array points to it (`ArrayImpl.held`), so dispose() and
 * scope() mark it freed instead of unregistering: registering with an unregister token costs
 * about 1 µs more per array in V8 (a weak map entry keyed by the array), on every op.
 */
export interface BufferRecord {
  dataId: object;
  backend: tf.KernelBackend;
  readonly bytes: number;
  live: boolean;
}

const stats = {
  live: 0,
  liveBytes: 0,
  /** Bytes allocated (with a per-array overhead) since the last forced collection. */
  bytesSinceCollect: 0,
  /** Bytes still live right after the last forced collection. */
  liveBytesAfterCollect: 0,
  collections: 0,
  reclaimedSync: 0,
};

const registry = new FinalizationRegistry<BufferRecord>(finalize);

/** The finalizer: frees the buffer unless dispose() or scope() already did. */
function finalize(held: BufferRecord): void {
  if (held.live) free(held);
}

function free(held: BufferRecord): void {
  held.live = false;
  stats.live--;
  stats.liveBytes -= held.bytes;
  held.backend.disposeData(held.dataId);
}

/** Scopes opened by `scope()`: arrays created while one is open are recorded in the innermost. */
const scopes: ArrayImpl[][] = [];

/**
 * Collect after this many bytes when little is live. 64 MiB keeps the wasm heap (which never
 * shrinks) within ~100 MiB of the live data, at the price of one full GC per 64 MiB allocated:
 * 10-25 ms on the 2-core benchmark machine, mostly the fixed cost of marking the JS heap (20,000
 * pending arrays add ~5 ms). The worst case is mid-sized arrays on fast kernels: the 32-64-1 MLP
 * soak (0.27 ms/step) collects every ~730 steps, about 0.03 ms/step. Tiny arrays collect rarely
 * (one per ~800,000 adds on [5]); big ones spend far longer computing 64 MiB than collecting it.
 */
const MIN_COLLECT_BYTES = 64 * 1024 * 1024;
/**
 * Per-array overhead counted on top of its data: the allocator's header in the wasm heap plus the
 * JS objects (TensorInfo, avals, tfjs's data map entry). It makes millions of tiny arrays (add on
 * [5]) count too, since their headers pile up in the wasm heap like data.
 */
const ARRAY_OVERHEAD_BYTES = 64;

type GcFn = () => void;
type CleanupSome = (this: FinalizationRegistry<BufferRecord>) => void;
interface Collector {
  readonly gc: GcFn;
  readonly cleanupSome: CleanupSome | null;
}
let collector: Collector | null | undefined;

/**
 * Finds a way to force a full GC (and to run finalizers synchronously) in Node without command
 * line flags: V8 flags set at run time apply to contexts created afterwards, so a fresh `vm`
 * context carries `gc` and the `cleanupSome` method (which works on our registry: V8 checks the
 * receiver's type, not its realm). Browsers have neither, and none is found there.
 */
function findCollector(): Collector | null {
  const g = globalThis as {
    gc?: GcFn;
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  const getBuiltin = g.process?.getBuiltinModule;
  try {
    if (typeof getBuiltin !== 'function') {
      return typeof g.gc === 'function' ? { gc: g.gc, cleanupSome: null } : null;
    }
    const v8 = getBuiltin('node:v8') as { setFlagsFromString(flags: string): void };
    const vm = getBuiltin('node:vm') as { runInNewContext(code: string): unknown };
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const [gc, cleanupSome] = vm.runInNewContext(
      '[typeof gc === "function" ? gc : null, FinalizationRegistry.prototype.cleanupSome ?? null]',
    ) as [unknown, unknown];
    const gcFn = typeof g.gc === 'function' ? g.gc : gc;
    if (typeof gcFn !== 'function') return null;
    return {
      gc: gcFn as GcFn,
      cleanupSome: typeof cleanupSome === 'function' ? (cleanupSome as CleanupSome) : null,
    };
  } catch {
    return null;
  }
}

/**
 * Forces a full GC and runs the finalizers of everything it found unreachable. Returns false when
 * the platform cannot force one. The threshold adapts like V8's own heap limit: with a large live
 * set we collect after allocating as much again, so a big model does not GC on every step.
 */
function collect(): boolean {
  stats.bytesSinceCollect = 0;
  if (collector === undefined) collector = findCollector();
  if (collector === null) return false;
  collector.gc();
  stats.collections++;
  if (collector.cleanupSome !== null) {
    const before = stats.live;
    collector.cleanupSome.call(registry);
    stats.reclaimedSync += before - stats.live;
  }
  stats.liveBytesAfterCollect = stats.liveBytes;
  return true;
}

function noteAllocation(bytes: number): void {
  stats.bytesSinceCollect += bytes + ARRAY_OVERHEAD_BYTES;
  if (stats.bytesSinceCollect > Math.max(MIN_COLLECT_BYTES, stats.liveBytesAfterCollect)) {
    collect();
  }
}

function bytesOf(aval: ShapedArray): number {
  return aval.dtype === 'bool' ? aval.size : aval.size * 4;
}

/** Wraps a freshly produced buffer as an array and hands its ownership to the GC registry. */
export function adopt(info: TensorInfo, aval: ShapedArray, scoped = true): ArrayImpl {
  const backend = currentBackend().backend;
  const x = new ArrayImpl(info, aval, backend);
  const bytes = bytesOf(aval);
  const held: BufferRecord = { dataId: info.dataId, backend, bytes, live: true };
  x.held = held;
  registry.register(x, held);
  stats.live++;
  stats.liveBytes += bytes;
  noteAllocation(bytes);
  const s = scopes.length;
  if (scoped && s !== 0) (scopes[s - 1] as ArrayImpl[]).push(x);
  return x;
}

export function wrapOutputs(infos: readonly TensorInfo[], avals: readonly ShapedArray[]): Tensor[] {
  const out = new Array<Tensor>(infos.length);
  for (let i = 0; i < infos.length; i++)
    out[i] = adopt(infos[i] as TensorInfo, avals[i] as ShapedArray);
  return out;
}

/**
 * Follows an array whose buffer moved to another backend (engine.ts ensureOnCurrentBackend): the
 * record made by adopt() names the old buffer, which the move already freed; without this the
 * new buffer would never be freed.
 */
export function rehome(x: ArrayImpl): void {
  const held = x.held;
  if (!held?.live) return;
  held.dataId = x.info.dataId;
  held.backend = x.backend;
}

/** Frees an array's buffer now. Safe to call twice. */
export function release(x: ArrayImpl): void {
  if (x.disposed) return;
  const held = x.held;
  if (held?.live) free(held);
  x.markDisposed();
}

/**
 * Runs `fn` and frees every array created during it except those reachable from its result
 * (arrays found by walking arrays, plain objects and iterables of the result). Like tf.tidy.
 */
export function scope<T>(fn: () => T): T {
  const created: ArrayImpl[] = [];
  scopes.push(created);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const keep = new Set<ArrayImpl>();
  collectArrays(result, keep, new Set());
  const outer = scopes.length === 0 ? null : (scopes[scopes.length - 1] as ArrayImpl[]);
  for (const x of created) {
    if (keep.has(x)) {
      if (outer !== null) outer.push(x);
    } else release(x);
  }
  return result;
}

function collectArrays(v: unknown, out: Set<ArrayImpl>, seen: Set<object>): void {
  if (v === null || typeof v !== 'object') return;
  if (v instanceof ArrayImpl) {
    out.add(v);
    return;
  }
  if (seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (const e of v) collectArrays(e, out, seen);
    return;
  }
  if (v instanceof Map) {
    for (const e of v.values()) collectArrays(e, out, seen);
    return;
  }
  for (const k of Object.keys(v)) collectArrays((v as Record<string, unknown>)[k], out, seen);
}

/** What `memoryStats()` reports. */
export interface MemoryStats {
  /** Arrays whose buffers jaxts holds (reachable ones plus garbage not reclaimed yet). */
  readonly liveArrays: number;
  /** Bytes of data those arrays hold. */
  readonly liveBytes: number;
  /** Full GCs jaxts has asked for (Node only; see the Memory section of the README). */
  readonly collections: number;
  /** Arrays reclaimed synchronously right after those GCs. */
  readonly reclaimed: number;
  /** Size of the wasm backend's heap (it grows, never shrinks), or null if wasm is not active. */
  readonly wasmHeapBytes: number | null;
}

function wasmHeapBytes(): number | null {
  const state = currentBackend();
  if (state.name !== 'wasm') return null;
  const w = (state.backend as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
  return w?.HEAPU8 instanceof Uint8Array ? w.HEAPU8.length : null;
}

/** Live arrays and bytes held by jaxts, and the collector's counters (for soak tests, debugging). */
export function memoryStats(): MemoryStats {
  return {
    liveArrays: stats.live,
    liveBytes: stats.liveBytes,
    collections: stats.collections,
    reclaimed: stats.reclaimedSync,
    wasmHeapBytes: wasmHeapBytes(),
  };
}

/**
 * Forces a collection now and frees every unreachable array (Node: a full GC, then the
 * finalizers). Returns false where the platform cannot force one (browsers). For tests and for
 * measuring; never needed for correctness.
 */
export function collectGarbage(): boolean {
  return collect();
}

/** True while at least one `scope()` is open. */
export function inScope(): boolean {
  return scopes.length !== 0;
}
