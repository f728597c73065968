/**
 * Timing harness of the benchmarks: interleaved rounds (every contender runs once per round, in
 * rotating order, so load on a shared machine hits all of them alike), medians and spreads, the
 * machine description, and the result lines that scripts/run-bench.mjs collects.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export const QUICK = process.argv.includes('--quick');

export interface Contender {
  readonly label: string;
  /** One call of the measured operation. */
  readonly fn: () => void;
}

export interface Timing {
  readonly label: string;
  /** Median time of one call, in microseconds. */
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly samples: number;
}

export interface TimeOptions {
  /** Calls per sample (each sample is the mean over `inner` consecutive calls). */
  readonly inner: number;
  readonly rounds: number;
  /** Untimed rounds first (JIT warm-up, kernel caches, lazy initialisation). */
  readonly warmupRounds: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function summarize(label: string, xs: readonly number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  return {
    label,
    median: quantile(s, 0.5),
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    samples: s.length,
  };
}

/** Times contenders in interleaved rounds; returns one Timing per contender (µs per call). */
export function timeInterleaved(contenders: readonly Contender[], opts: TimeOptions): Timing[] {
  const samples = contenders.map(() => [] as number[]);
  const total = opts.warmupRounds + opts.rounds;
  for (let r = 0; r < total; r++) {
    for (let j = 0; j < contenders.length; j++) {
      // Rotate the order so that no contender always runs right after another one's garbage.
      const k = (j + r) % contenders.length;
      const c = contenders[k] as Contender;
      const t0 = performance.now();
      for (let i = 0; i < opts.inner; i++) c.fn();
      const us = ((performance.now() - t0) * 1000) / opts.inner;
      if (r >= opts.warmupRounds) (samples[k] as number[]).push(us);
    }
  }
  return contenders.map((c, k) => summarize(c.label, samples[k] as number[]));
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly loadavg: readonly number[];
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1] !== undefined) cpu = m[1].trim();
  } catch {
    // Not Linux: os.cpus() already named the model.
  }
  return {
    cpu,
    cores: cpus().length,
    node: process.version,
    loadavg: loadavg().map((x) => +x.toFixed(2)),
  };
}

/** A row of the final table: the workload, the backend, and one value per column. */
export interface Row {
  readonly bench: string;
  readonly workload: string;
  readonly backend: string;
  readonly unit: string;
  /** Column name -> value (in `unit`), with its spread as [p25, p75] when measured. */
  readonly values: Record<string, { value: number; spread?: readonly [number, number] }>;
  /** The jaxts column divided by the named peer column (time ratio: >1 means jaxts is slower). */
  readonly ratio?: {
    readonly of: string;
    readonly to: string;
    readonly value: number;
    readonly target?: string;
  };
  readonly note?: string;
}

/** Prints a row for humans and as a tagged JSON line for scripts/run-bench.mjs. */
export function emit(row: Row): void {
  const cols = Object.entries(row.values)
    .map(
      ([k, v]) =>
        `${k} ${fmt(v.value)}${v.spread ? ` [${fmt(v.spread[0])}-${fmt(v.spread[1])}]` : ''}`,
    )
    .join(' | ');
  const ratio = row.ratio
    ? ` | ${row.ratio.of}/${row.ratio.to} = ${row.ratio.value.toFixed(2)}`
    : '';
  console.log(`${row.workload} (${row.backend}) ${row.unit}: ${cols}${ratio}`);
  console.log(`@@ROW ${JSON.stringify(row)}`);
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export const timingValue = (t: Timing): { value: number; spread: [number, number] } => ({
  value: t.median,
  spread: [t.p25, t.p75],
});

/** Deterministic float32 data in [-1, 1) (same inputs for every contender). */
export function lcgData(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (2 * s) / 2 ** 32 - 1;
  }
  return out;
}
