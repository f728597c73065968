/**
 * Where each part of a jitted program runs: on tfjs kernels, or in JavaScript on host arrays.
 *
 * cpu: tfjs's cpu kernels are JavaScript loops too, plus dispatch, so everything the host can do
 * runs on the host; its generated matmuls (register-tiled, same summation order) are 3-8x
 * faster than tfjs's cpu matmul and give the same bits.
 *
 * wasm: a kernel call costs ~1.5 µs of dispatch, then its per-element speed varies a lot by op:
 * add/sub/mul run at ~0.3 ns per element (SIMD), while max/min, comparisons, selects, casts,
 * exp/tanh and transposes take 3-9 ns per element. A fused host loop costs ~0.7 ns per element
 * and op (V8's Math.exp/log ~6 ns, tanh ~10, pow ~35), plus ~0.5 ns per element for each array that
 * crosses into or out of the wasm heap. A fused group runs where this cost model says it is
 * cheaper; other ops use size limits. The numbers were measured with
 * bench/src/jit-crossover.ts (bench/RESULTS.md, section jit).
 */
import type { BackendName } from '../../backend/engine.ts';
import type { Primitive } from '../../core/primitives.ts';

export interface HostPolicy {
  /** Largest elementwise result (elements) computed on the host. */
  readonly elementwise: number;
  /** Largest operand or result of a data-movement op or reduction computed on the host. */
  readonly structure: number;
  /** Largest dot_general (multiply-adds) computed on the host. */
  readonly matmulMacs: number;
}

const POLICIES: Record<BackendName, HostPolicy> = {
  cpu: {
    elementwise: Number.POSITIVE_INFINITY,
    structure: Number.POSITIVE_INFINITY,
    matmulMacs: Number.POSITIVE_INFINITY,
  },
  wasm: { elementwise: Number.POSITIVE_INFINITY, structure: 4096, matmulMacs: 1 << 14 },
};

export function hostPolicy(backend: BackendName): HostPolicy {
  return POLICIES[backend];
}

/** Costs in nanoseconds, for deciding where a fused group of elementwise ops runs. */
export interface CostModel {
  /** Fixed cost of one kernel call. */
  readonly dispatch: number;
  /** Per-element cost of `prim` as a kernel (`broadcasting`: an operand is not result-shaped). */
  kernel(prim: Primitive, broadcasting: boolean): number;
  /** Per-element cost of `prim` inside a host loop. */
  host(prim: Primitive): number;
  /** Per-element cost of moving an array into or out of the backend. */
  readonly transfer: number;
}

/** Kernels that run at SIMD speed on wasm (same-shape or scalar/row/column operands). */
const WASM_FAST: ReadonlySet<Primitive> = new Set<Primitive>([
  'add',
  'sub',
  'mul',
  'div',
  'neg',
  'abs',
  'square',
  'sqrt',
  'rsqrt',
  'copy',
  'stop_gradient',
  'broadcast_in_dim',
]);

/** Per-element costs of the slower ops in a host loop (V8's Math functions, measured). */
const HOST_SLOW: Partial<Record<Primitive, number>> = {
  exp: 6.3,
  exp2: 35,
  log: 5.8,
  log1p: 6.4,
  expm1: 7,
  logistic: 7.4,
  tanh: 10.4,
  sin: 4.6,
  cos: 4.6,
  tan: 8,
  asin: 6,
  acos: 6,
  atan: 5,
  sinh: 9.8,
  cosh: 9.8,
  asinh: 10,
  acosh: 10,
  atanh: 10,
  sqrt: 1.9,
  rsqrt: 2,
  cbrt: 6.7,
  pow: 35,
  atan2: 8,
  erf_inv: 15,
  nextafter: 10,
  rem: 2,
  integer_pow: 1.5,
};

const WASM_MODEL: CostModel = {
  dispatch: 1500,
  kernel: (prim, broadcasting) =>
    WASM_FAST.has(prim)
      ? broadcasting
        ? 0.35
        : 0.3
      : prim === 'max' || prim === 'min'
        ? 5
        : prim === 'exp'
          ? 6
          : prim === 'tanh'
            ? 7.5
            : 3.5,
  host: (prim) => HOST_SLOW[prim] ?? 0.7,
  transfer: 0.5,
};

/** The cost model of a backend, or null where the host always wins (cpu). */
export function costModel(backend: BackendName): CostModel | null {
  return backend === 'wasm' ? WASM_MODEL : null;
}
