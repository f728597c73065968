/**
 * Where each equation of a jitted program runs: on a tfjs kernel, or in JavaScript on host
 * arrays. A kernel call costs a few microseconds of dispatch whatever the size (more on wasm,
 * where data also has to cross into the wasm heap); a JavaScript loop costs about a nanosecond
 * per element and op. So small arrays run on the host and large ones on the kernels. The limits
 * come from bench/src/jit-crossover.ts (see bench/RESULTS.md, section jit).
 */
import type { BackendName } from '../../backend/engine.ts';

export interface HostPolicy {
  /** Largest elementwise result (elements) computed on the host. */
  readonly elementwise: number;
  /** Largest operand or result of a data-movement op or reduction computed on the host. */
  readonly structure: number;
  /** Largest dot_general (multiply-adds) computed on the host. */
  readonly matmulMacs: number;
}

/**
 * cpu: tfjs's cpu kernels are JavaScript loops too, so the host is never slower for the ops it
 * has; matmuls stay on tfjs's cache-blocked kernel once they are large. wasm: SIMD kernels win
 * once the dispatch cost is amortized.
 */
const POLICIES: Record<BackendName, HostPolicy> = {
  cpu: { elementwise: Number.POSITIVE_INFINITY, structure: Number.POSITIVE_INFINITY, matmulMacs: 1 << 18 },
  wasm: { elementwise: 4096, structure: 4096, matmulMacs: 1 << 15 },
};

let override: HostPolicy | null = null;

export function hostPolicy(backend: BackendName): HostPolicy {
  return override ?? POLICIES[backend];
}

/**
 * Replaces the policy for programs compiled from now on (null restores the default). For tests
 * and benchmarks: `{ elementwise: 0, structure: 0, matmulMacs: 0 }` runs everything on kernels.
 */
export function setHostPolicy(policy: HostPolicy | null): void {
  override = policy;
}
