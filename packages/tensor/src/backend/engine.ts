/**
 * The only door to TensorFlow.js: the current backend, kernel lookup and data movement. Kernels
 * are called directly through tfjs's kernel registry (bypassing tfjs's engine, its tensor
 * tracking and its scopes): jaxts owns every buffer and frees it itself.
 */

import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.ts';

/** A backend buffer: tfjs's TensorInfo. uint32 data is stored as int32 bits (see dtype docs). */
export interface TensorInfo {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
}

export type BackendName = 'cpu' | 'wasm';

type KernelFunc = (args: {
  inputs: Record<string, TensorInfo>;
  backend: tf.KernelBackend;
  attrs?: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

interface BackendState {
  name: BackendName;
  backend: tf.KernelBackend;
  kernels: Map<string, KernelFunc>;
}

const backends = new Map<BackendName, BackendState>();

function makeState(name: BackendName, backend: tf.KernelBackend): BackendState {
  return { name, backend, kernels: new Map() };
}

function initCpu(): BackendState {
  // Our own instance, registered under tfjs's name so that kernels find their helpers; tfjs's
  // engine is never used to run kernels.
  const backend = new MathBackendCPU();
  // tfjs prints a tfjs-node advertisement on the first write in Node; jaxts runs on its own
  // backends, so the hint does not apply.
  (backend as unknown as { firstUse: boolean }).firstUse = false;
  const state = makeState('cpu', backend);
  backends.set('cpu', state);
  return state;
}

let current: BackendState | null = null;

export function currentBackend(): BackendState {
  if (current === null) current = backends.get('cpu') ?? initCpu();
  return current;
}

export function backendName(): BackendName {
  return currentBackend().name;
}

/**
 * Switches the backend used by new computations. `wasm` needs the optional peer dependency
 * `@tensorflow/tfjs-backend-wasm`. Arrays on another backend move on first use.
 */
export async function setBackend(name: BackendName): Promise<void> {
  if (name === 'cpu') {
    current = backends.get('cpu') ?? initCpu();
    return;
  }
  if (name !== 'wasm') {
    throw new InvalidArgumentError(
      `setBackend: unknown backend ${JSON.stringify(name)}; expected 'cpu' or 'wasm'.`,
    );
  }
  let state = backends.get('wasm');
  if (state === undefined) {
    let mod: { BackendWasm: unknown };
    try {
      mod = (await import('@tensorflow/tfjs-backend-wasm')) as { BackendWasm: unknown };
    } catch (e) {
      throw new InvalidArgumentError(
        "setBackend('wasm'): the wasm backend needs the optional peer dependency " +
          '@tensorflow/tfjs-backend-wasm; install it next to @jaxts/tensor ' +
          `(npm install @tensorflow/tfjs-backend-wasm@4.22.0). Cause: ${String(e)}`,
      );
    }
    void mod;
    // The wasm module initializes asynchronously through tfjs's backend registry.
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new InvalidArgumentError("setBackend('wasm'): tfjs failed to initialize wasm.");
    const backend = tf.findBackend('wasm');
    if (backend === null) throw new InvalidArgumentError("setBackend('wasm'): backend not found.");
    state = makeState('wasm', backend);
    backends.set('wasm', state);
  }
  current = state;
}

function lookupKernel(state: BackendState, name: string): KernelFunc {
  let k = state.kernels.get(name);
  if (k === undefined) {
    const cfg = tf.getKernel(name, state.name);
    if (cfg === undefined) {
      throw new InvalidArgumentError(
        `jaxts internal: the ${state.name} backend has no kernel '${name}'.`,
      );
    }
    k = cfg.kernelFunc as unknown as KernelFunc;
    state.kernels.set(name, k);
  }
  return k;
}

export function hasKernel(name: string): boolean {
  const state = currentBackend();
  return state.kernels.has(name) || tf.getKernel(name, state.name) !== undefined;
}

/** Runs a tfjs kernel on the current backend; every returned TensorInfo owns one reference. */
export function runKernel(
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo {
  const state = currentBackend();
  return lookupKernel(state, name)({ inputs, backend: state.backend, attrs }) as TensorInfo;
}

export function runKernelMulti(
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo[] {
  const state = currentBackend();
  const out = lookupKernel(state, name)({ inputs, backend: state.backend, attrs });
  return Array.isArray(out) ? out : [out];
}

export type BackendArray = Float32Array | Int32Array | Uint8Array;

/** Writes host data into a new buffer on the current backend. */
export function writeData(
  values: BackendArray,
  shape: number[],
  dtype: TensorInfo['dtype'],
): TensorInfo {
  const state = currentBackend();
  const dataId = state.backend.write(values, shape, dtype);
  return { dataId, shape, dtype };
}

/** Reads a buffer synchronously (values as stored: int32 bits for uint32). */
export function readDataSync(
  info: TensorInfo,
  backend: tf.KernelBackend = currentBackend().backend,
): BackendArray {
  return backend.readSync(info.dataId) as BackendArray;
}

export async function readData(
  info: TensorInfo,
  backend: tf.KernelBackend = currentBackend().backend,
): Promise<BackendArray> {
  return (await backend.read(info.dataId)) as BackendArray;
}

/** Drops one reference to a buffer. */
export function disposeInfo(
  info: TensorInfo,
  backend: tf.KernelBackend = currentBackend().backend,
): void {
  backend.disposeData(info.dataId);
}

export function incRef(info: TensorInfo): void {
  currentBackend().backend.incRef(info.dataId);
}

/** Anything holding a buffer on some backend (ArrayImpl implements this). */
export interface BackendResident {
  info: TensorInfo;
  backend: tf.KernelBackend;
  readonly disposed: boolean;
  throwIfDisposed(): void;
  /** Called after the buffer moved backends, so that the memory manager frees the new one. */
  moved(): void;
}

/** Returns the buffer of `x` on the current backend, moving it there first if needed. */
export function ensureOnCurrentBackend(x: BackendResident): TensorInfo {
  x.throwIfDisposed();
  const state = currentBackend();
  if (x.backend === state.backend) return x.info;
  const values = x.backend.readSync(x.info.dataId) as BackendArray;
  x.backend.disposeData(x.info.dataId);
  const moved = writeData(values, x.info.shape, x.info.dtype);
  x.info = moved;
  x.backend = state.backend;
  x.moved();
  return moved;
}

export function numBuffers(): number {
  return currentBackend().backend.numDataIds();
}

export function rawBackend(): tf.KernelBackend {
  return currentBackend().backend;
}
