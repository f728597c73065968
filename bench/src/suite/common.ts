/**
 * Shared plumbing of the issue 11 suite: the backend named on the command line, interleaved
 * timing of synchronous and asynchronous contenders (jax-js must be awaited), and the rows that
 * bench/src/suite/index.ts turns into the side-by-side table. No JAX counterpart.
 */
import { performance } from 'node:perf_hooks';
import type { BackendName } from '@jaxts/tensor';
import { emit, QUICK, summarize, type Timing } from '../harness.ts';
import { loadJaxJs, useBackend } from '../peers.ts';

export { QUICK };

/** The backend this workload process measures (`cpu` or `wasm`, the first CLI argument). */
export function backendArg(): BackendName {
  const b = process.argv[2];
  if (b !== 'cpu' && b !== 'wasm') {
    throw new Error(
      `bench suite: unknown backend ${String(b)}; expected cpu | wasm. Pass it first.`,
    );
  }
  return b;
}

/** Switches jaxts and raw tfjs to the backend; loads @jax-js/jax (wasm only) when asked. */
export async function setup(opts: { jaxjs?: boolean } = {}): Promise<{
  backend: BackendName;
  jaxjs: boolean;
}> {
  const backend = backendArg();
  await useBackend(backend);
  const jaxjs = backend === 'wasm' && opts.jaxjs === true && (await loadJaxJs()) !== null;
  return { backend, jaxjs };
}

export interface AsyncContender {
  readonly label: string;
  /** One call of the measured operation; may return a promise (awaited inside the timing). */
  readonly fn: () => unknown;
}

export interface RoundOptions {
  readonly rounds: number;
  readonly warmupRounds: number;
  /** Calls per sample (the sample is their mean). */
  readonly inner?: number;
}

/**
 * Times contenders in interleaved rounds (rotating order, as harness.timeInterleaved), awaiting
 * results that are promises. Returns µs per call.
 */
export async function timeRounds(
  contenders: readonly AsyncContender[],
  opts: RoundOptions,
): Promise<Timing[]> {
  const inner = opts.inner ?? 1;
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < opts.warmupRounds + opts.rounds; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const k = (j + r) % contenders.length;
      const c = contenders[k] as AsyncContender;
      const t0 = performance.now();
      for (let i = 0; i < inner; i++) {
        const p = c.fn();
        if (p instanceof Promise) await p;
      }
      const us = ((performance.now() - t0) * 1000) / inner;
      if (r >= opts.warmupRounds) (samples[k] as number[]).push(us);
    }
  }
  return contenders.map((c, k) => summarize(c.label, samples[k] as number[]));
}

/** Wall time of one call in ms (for first-call / compile times). */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  const p = fn();
  if (p instanceof Promise) await p;
  return performance.now() - t0;
}

export type Unit = 'ms' | 'µs' | 'GFLOP/s';

export interface Cell {
  value: number;
  spread?: [number, number];
}

/** A timing in the row's unit (median with the interquartile range). */
export function inUnit(t: Timing, unit: 'ms' | 'µs'): Cell {
  const k = unit === 'ms' ? 1e-3 : 1;
  return { value: t.median * k, spread: [t.p25 * k, t.p75 * k] };
}

/** A timing of `flop` floating-point operations as GFLOP/s (a slower sample is a lower rate). */
export function asGflops(t: Timing, flop: number): Cell {
  return { value: flop / (t.median * 1e3), spread: [flop / (t.p75 * 1e3), flop / (t.p25 * 1e3)] };
}

/** The JAX 0.10.2 / XLA CPU numbers from the issue, measured on this machine (not runnable here). */
export const JAX_XLA = {
  mlpStep: { value: 1.17, unit: 'ms' },
  perExample: { value: 0.18, unit: 'ms' },
  add5: { value: 5.6, unit: 'µs' },
  matmul: { value: 245, unit: 'GFLOP/s' },
  seedPart1: { value: 11, unit: 'µs' },
  seedPart2: { value: 82, unit: 'µs' },
} as const;

/**
 * Emits one suite row: `values` holds the contenders' columns (`jaxts`, `tfjs`, `jax-js`,
 * `JAX/XLA`, and extra ones such as `jaxts loop`); index.ts computes ratios and targets from it.
 */
export function suiteRow(row: {
  workload: string;
  backend: string;
  unit: Unit;
  values: Record<string, Cell | undefined>;
  note?: string;
}): void {
  const values: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(row.values)) if (v !== undefined) values[k] = v;
  emit({
    bench: 'suite',
    workload: row.workload,
    backend: row.backend,
    unit: row.unit,
    values,
    ...(row.note !== undefined ? { note: row.note } : {}),
  });
}

/** Deterministic float32 data in [-scale, scale) (same inputs for every contender). */
export function lcg(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((2 * s) / 2 ** 32 - 1) * scale;
  }
  return out;
}

/** One-hot float32 labels [n, k] for a deterministic class sequence. */
export function oneHotData(n: number, k: number, seed: number): Float32Array {
  const out = new Float32Array(n * k);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i * k + (s % k)] = 1;
  }
  return out;
}
