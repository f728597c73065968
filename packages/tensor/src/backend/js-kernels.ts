/**
 * Elementwise comparisons, max/min, select and leading-axes sums as JavaScript loops on backend
 * buffers (heap.ts), for the wasm backend, whose kernels for these are slow: measured on
 * f32[64,28,28,16], Maximum 7.2 ms, Equal 2.5 ms, Select 1.2 ms and Sum over axes (0,1,2)
 * 1.0 ms, against 0.17 ms for Add and ~0.5 ms for these loops. Semantics are XLA's: max/min
 * propagate NaN (Math.max/min), comparisons are IEEE (NaN compares unequal, -0 == +0).
 * JAX/XLA: the elementwise and reduce emitters.
 */

import type { TensorInfo } from './engine.ts';
import { disposeInfo } from './engine.ts';
import { produce, sizeOf, type View } from './heap.ts';
import { broadcastInfo } from './movement.ts';

export type BinaryOp = 'max' | 'min' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

type Src = ArrayLike<number>;

// One loop per op (a shared loop calling an op closure would be megamorphic). `sa`/`sb` are 1
// for an operand of the output's size and 0 for a scalar.
const LOOPS: Record<BinaryOp, (a: Src, sa: number, b: Src, sb: number, o: View) => void> = {
  max: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.max(a[i * sa] as number, b[i * sb] as number);
  },
  min: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.min(a[i * sa] as number, b[i * sb] as number);
  },
  eq: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa] === b[i * sb] ? 1 : 0;
  },
  ne: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa] !== b[i * sb] ? 1 : 0;
  },
  lt: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = (a[i * sa] as number) < (b[i * sb] as number) ? 1 : 0;
  },
  le: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++)
      o[i] = (a[i * sa] as number) <= (b[i * sb] as number) ? 1 : 0;
  },
  gt: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = (a[i * sa] as number) > (b[i * sb] as number) ? 1 : 0;
  },
  ge: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++)
      o[i] = (a[i * sa] as number) >= (b[i * sb] as number) ? 1 : 0;
  },
};

const COMPARES: ReadonlySet<BinaryOp> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/**
 * Operands of `shape`: each either full-size (stride 1), a single element (stride 0), or
 * broadcast to full size first (a temporary, returned in `temps`).
 */
function operands(
  xs: readonly TensorInfo[],
  shape: readonly number[],
): { infos: TensorInfo[]; strides: number[]; temps: TensorInfo[] } {
  const n = sizeOf(shape);
  const temps: TensorInfo[] = [];
  const infos: TensorInfo[] = [];
  const strides: number[] = [];
  for (const x of xs) {
    const m = sizeOf(x.shape);
    // Equal sizes mean equal layouts (the shapes differ at most by axes of size 1).
    if (m === n || m === 1) {
      infos.push(x);
      strides.push(m === n ? 1 : 0);
    } else {
      const t = broadcastInfo(x, shape);
      temps.push(t);
      infos.push(t);
      strides.push(1);
    }
  }
  return { infos, strides, temps };
}

/** `op(a, b)` with NumPy broadcasting to `shape`; comparisons give bool, max/min the operands' dtype. */
export function jsBinary(
  op: BinaryOp,
  a: TensorInfo,
  b: TensorInfo,
  shape: readonly number[],
): TensorInfo {
  const { infos, strides, temps } = operands([a, b], shape);
  try {
    const dtype = COMPARES.has(op) ? 'bool' : a.dtype;
    return produce(infos, [...shape], dtype, (srcs, dst) => {
      LOOPS[op](srcs[0] as Src, strides[0] as number, srcs[1] as Src, strides[1] as number, dst);
    });
  } finally {
    for (const t of temps) disposeInfo(t);
  }
}

/** `cond ? t : e` with NumPy broadcasting to `shape` (cond bool; t and e of one dtype). */
export function jsSelect(
  cond: TensorInfo,
  t: TensorInfo,
  e: TensorInfo,
  shape: readonly number[],
): TensorInfo {
  const { infos, strides, temps } = operands([cond, t, e], shape);
  try {
    const [sc, st, se] = strides as [number, number, number];
    return produce(infos, [...shape], t.dtype, (srcs, o) => {
      const [c, tv, ev] = srcs as [Src, Src, Src];
      for (let i = 0; i < o.length; i++) o[i] = (c[i * sc] ? tv[i * st] : ev[i * se]) as number;
    });
  } finally {
    for (const x of temps) disposeInfo(x);
  }
}

/**
 * The sum of a float32 array over its leading `k` axes (rows), per trailing element, accumulated
 * in float64 row by row.
 */
export function jsSumLeading(x: TensorInfo, k: number): TensorInfo {
  const outShape = x.shape.slice(k);
  const cols = sizeOf(outShape);
  const rows = cols === 0 ? 0 : sizeOf(x.shape) / cols;
  return produce([x], outShape, 'float32', (srcs, o) => {
    const v = srcs[0] as Src;
    const acc = new Float64Array(cols);
    for (let r = 0, base = 0; r < rows; r++, base += cols) {
      for (let c = 0; c < cols; c++) acc[c] = (acc[c] as number) + (v[base + c] as number);
    }
    o.set(acc);
  });
}

/**
 * Batched outer products of float32 `a` [batch, m] and `b` [batch, n]: [batch, m, n] (a
 * contraction of size 1). tfjs's cpu Multiply broadcasts through a per-element index
 * computation (~70 ns per element on [128,32,1] x [128,1,64]); this loop writes rows directly.
 */
export function jsOuter(
  a: TensorInfo,
  b: TensorInfo,
  batch: number,
  m: number,
  n: number,
): TensorInfo {
  return produce([a, b], [batch, m, n], 'float32', (srcs, o) => {
    const [av, bv] = srcs as [Src, Src];
    let k = 0;
    for (let s = 0; s < batch; s++) {
      const bBase = s * n;
      for (let i = 0; i < m; i++) {
        const x = av[s * m + i] as number;
        for (let j = 0; j < n; j++) o[k++] = x * (bv[bBase + j] as number);
      }
    }
  });
}
