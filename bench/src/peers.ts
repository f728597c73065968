/**
 * The peers measured in the same process: raw TensorFlow.js (tfjs-core with the cpu and wasm
 * backends, tidy/dispose by hand, as /work/shared/bench-anchors/tfjs measured it) and
 * @jax-js/jax on its wasm device (optional: its column is left out if it fails to load).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { type BackendName, setBackend } from '@jaxts/tensor';

export { tf };

/**
 * Points both jaxts and raw tfjs at `backend`. On wasm they share tfjs's one wasm instance
 * (jaxts calls its kernels directly); on cpu jaxts has its own MathBackendCPU instance.
 */
export async function useBackend(backend: BackendName): Promise<void> {
  await setBackend(backend);
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`bench: tfjs failed to switch to ${backend} (got ${tf.getBackend()})`);
  }
}

/** The subset of @jax-js/jax the benchmarks use. */
export interface JaxJs {
  readonly np: {
    array(data: Float32Array | number[], opts?: unknown): JaxJsArray;
    matmul(a: JaxJsArray, b: JaxJsArray): JaxJsArray;
    reshape(a: JaxJsArray, shape: number[]): JaxJsArray;
  };
  readonly random: {
    key(seed: number): JaxJsArray;
    uniform(key: JaxJsArray, shape: number[]): JaxJsArray;
  };
}

export interface JaxJsArray {
  readonly ref: JaxJsArray;
  add(other: JaxJsArray): JaxJsArray;
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

let jaxjs: JaxJs | null | undefined;

/**
 * Loads @jax-js/jax on its wasm device. Under Node 20 plain `init()` crashes (it probes
 * `navigator.gpu`), so cpu and wasm are requested explicitly. Its wasm backend runs one thread
 * here (Node 20 has no global Worker).
 */
export async function loadJaxJs(): Promise<JaxJs | null> {
  if (jaxjs !== undefined) return jaxjs;
  try {
    const mod = (await import('@jax-js/jax')) as unknown as {
      init(...devices: string[]): Promise<string[]>;
      defaultDevice(d?: string): string;
      numpy: JaxJs['np'];
      random: JaxJs['random'];
    };
    const avail = await mod.init('cpu', 'wasm');
    if (!avail.includes('wasm'))
      throw new Error(`wasm device unavailable (got ${avail.join(', ')})`);
    mod.defaultDevice('wasm');
    jaxjs = { np: mod.numpy, random: mod.random };
  } catch (e) {
    console.log(`# @jax-js/jax not measured: ${String(e)}`);
    jaxjs = null;
  }
  return jaxjs;
}
