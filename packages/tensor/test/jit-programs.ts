/**
 * A small random-program generator for jit's property tests: a program is a list of steps over a
 * growing list of values, each step an elementwise, broadcasting, reduction, reshape, transpose,
 * matmul or select op picked by fast-check and applied to earlier values. Every op accepts any
 * operand shape (it adapts or falls back), so every drawn program is valid; values stay bounded
 * (tanh before exp, sqrt of |x|+1) so rounding never decides between finite and infinite.
 */
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import fc from 'fast-check';

export interface Step {
  readonly op: number;
  readonly a: number;
  readonly b: number;
  readonly axis: number;
}

export interface Program {
  readonly steps: readonly Step[];
  /** Values returned besides the last one (indices modulo the number of values). */
  readonly extraOutputs: readonly number[];
}

const pick = (vals: readonly Tensor[], i: number): Tensor => vals[i % vals.length] as Tensor;

function broadcastable(a: readonly number[], b: readonly number[]): boolean {
  const r = Math.max(a.length, b.length);
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
}

/**
 * `b` made broadcast-compatible with `a`: itself, or its sum (a scalar). Broadcasts that would
 * grow past both operands (an outer product of two long vectors) also use the sum.
 */
function partner(a: Tensor, b: Tensor): Tensor {
  if (!broadcastable(a.shape, b.shape)) return b.sum();
  const r = Math.max(a.ndim, b.ndim);
  let size = 1;
  for (let i = 0; i < r; i++) {
    size *= Math.max(a.shape[a.ndim - r + i] ?? 1, b.shape[b.ndim - r + i] ?? 1);
  }
  return size <= Math.max(a.size, b.size, 64) ? b : b.sum();
}

type Op = (a: Tensor, b: Tensor, axis: number) => Tensor;

/** Ops that are differentiable almost everywhere (used for the grad laws too). */
export const SMOOTH_OPS: readonly Op[] = [
  (a) => jnp.tanh(a),
  (a) => jnp.sin(a),
  (a) => jnp.exp(jnp.tanh(a)),
  (a) => jnp.sqrt(a.square().add(1)),
  (a) => jnp.log1p(a.square()),
  (a) => a.mul(1.5).sub(0.25),
  (a, b) => a.add(partner(a, b)),
  (a, b) => a.sub(partner(a, b)),
  (a, b) => a.mul(partner(a, b)),
  (a, b) => a.div(partner(a, b).square().add(1)),
  (a, b) => jnp.tanh(a).mul(jnp.cos(partner(a, b))),
  (a, _b, axis) =>
    a.ndim === 0 ? a.mul(2) : a.sum({ axis: axis % a.ndim, keepdims: axis % 2 === 0 }),
  (a, _b, axis) => (a.ndim === 0 ? a : a.mean({ axis: axis % a.ndim })),
  (a) => a.reshape([a.size]),
  (a) => (a.ndim < 2 ? a.reshape([1, a.size]) : a.T),
  (a, _b, axis) => jnp.expandDims(a, axis % (a.ndim + 1)),
  (a) =>
    a.ndim === 2 && (a.shape[0] as number) <= 64 ? jnp.tanh(a.matmul(a.T)) : a.square().mul(0.5),
  (a, b) => {
    const ok = a.ndim >= 1 && b.ndim >= 1 && b.ndim <= 2 && a.shape[a.ndim - 1] === b.shape[0];
    // Keep results small: an outer product of two long vectors would not be.
    const outSize = ok ? (a.size / (b.shape[0] as number)) * (b.size / (b.shape[0] as number)) : 0;
    return ok && outSize <= 4096 ? jnp.tanh(a.matmul(b)) : a.mul(0.5);
  },
  (a, b, axis) => {
    const t = jnp.broadcastTo(a.reshape([1, ...a.shape]), [1 + (axis % 3), ...a.shape]);
    return t.mul(partner(t, b));
  },
];

/** Non-smooth ops: comparisons, selects, max/min, integer casts. */
export const ROUGH_OPS: readonly Op[] = [
  (a, b) => jnp.maximum(a, partner(a, b)),
  (a, b) => jnp.minimum(a, partner(a, b)),
  (a, b) => jnp.where(a.greater(0), a, partner(a, b)),
  (a) => jnp.abs(a).add(a.less(0.5).astype('float32')),
  (a, _b, axis) => (a.ndim === 0 ? a : a.max({ axis: axis % a.ndim })),
  (a) => a.mul(4).astype('int32').astype('float32').mul(0.25),
  (a) => jnp.clip(a, -0.5, 0.75),
  (a) => jnp.floor(a.mul(3)).div(3),
];

export const ALL_OPS: readonly Op[] = [...SMOOTH_OPS, ...ROUGH_OPS];

export function programArb(numOps: number, maxSteps = 8): fc.Arbitrary<Program> {
  const step = fc.record({
    op: fc.integer({ min: 0, max: numOps - 1 }),
    a: fc.nat(20),
    b: fc.nat(20),
    axis: fc.nat(5),
  });
  return fc.record({
    steps: fc.array(step, { minLength: 1, maxLength: maxSteps }),
    extraOutputs: fc.array(fc.nat(20), { maxLength: 2 }),
  });
}

/** The function a program denotes: inputs → [last value, ...extra outputs]. */
export function denote(p: Program, ops: readonly Op[]): (...xs: Tensor[]) => Tensor[] {
  return (...xs: Tensor[]): Tensor[] => {
    const vals = [...xs];
    for (const s of p.steps) vals.push((ops[s.op] as Op)(pick(vals, s.a), pick(vals, s.b), s.axis));
    return [vals[vals.length - 1] as Tensor, ...p.extraOutputs.map((i) => pick(vals, i))];
  };
}

export const shapeArb = (maxRank = 3, maxDim = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxDim }), { maxLength: maxRank });

/** Deterministic values in [-2, 2) from a seed (no PRNG state shared between runs). */
export function valuesFor(shape: readonly number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s / 4294967296) * 4 - 2;
  }
  return jnp.asarray(v).reshape([...shape]);
}
