/**
 * Impl of the reductions on tfjs kernels (Sum, Max, Min, Prod, All, Any, Cumsum, Cumprod), with
 * host kernels for what tfjs lacks or computes differently from XLA: integer products (wrapping),
 * uint32, bitwise reductions of integers, argmax/argmin (NaN counts as the extreme, first index
 * wins), cummax/cummin, and empty reductions (the identity). JAX: XLA reduce / reduce_window.
 */
import { disposeInfo, runKernel, type TensorInfo } from '../../backend/engine.ts';
import { onWasmHeap } from '../../backend/heap.ts';
import { jsSumLeading } from '../../backend/js-kernels.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { ReductionPrimitive } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { sizeOf } from '../../shape.ts';
import { hostAlloc, hostFill, hostRead, hostWrite, share } from './elementwise.ts';

type Combine = (acc: number, v: number) => number;

/** Layout of a reduction: for each input element, the flat index of its output element. */
function outputIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const n = sizeOf(shape);
  const rank = shape.length;
  const outStrides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (axes.includes(d)) continue;
    outStrides[d] = s;
    s *= shape[d] as number;
  }
  const idx = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let cur = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = cur;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      cur += outStrides[d] as number;
      if ((counter[d] as number) < (shape[d] as number)) break;
      cur -= (outStrides[d] as number) * (shape[d] as number);
      counter[d] = 0;
    }
  }
  return idx;
}

/** A reduction computed on the host, in input order (sequential, like a loop over the axes). */
function hostReduce(
  x: TensorInfo,
  dtype: DType,
  inShape: readonly number[],
  axes: readonly number[],
  out: ShapedArray,
  init: number,
  combine: Combine,
): TensorInfo {
  const v = hostRead(x, dtype);
  const { storage, view } = hostAlloc(out.dtype, out.size);
  view.fill(init);
  const idx = outputIndex(inShape, axes);
  for (let k = 0; k < v.length; k++) {
    const o = idx[k] as number;
    view[o] = combine(view[o] as number, v[k] as number);
  }
  return hostWrite(storage, out.shape, out.dtype);
}

// Math.max / Math.min propagate NaN, like XLA's max / min.
const nanMax: Combine = Math.max;
const nanMin: Combine = Math.min;

/** Identity elements of the reductions (what an empty reduction returns, as XLA). */
function identity(prim: ReductionPrimitive, dtype: DType): number {
  switch (prim) {
    case 'reduce_sum':
    case 'reduce_or':
      return 0;
    case 'reduce_prod':
      return 1;
    case 'reduce_and':
      return dtype === 'bool' ? 1 : -1;
    case 'reduce_max':
      return dtype === 'float32' ? Number.NEGATIVE_INFINITY : dtype === 'int32' ? -2147483648 : 0;
    default:
      return dtype === 'float32'
        ? Number.POSITIVE_INFINITY
        : dtype === 'int32'
          ? 2147483647
          : dtype === 'bool'
            ? 1
            : 4294967295;
  }
}

/** `f(x)`, then frees the owned temporary `x`. */
function consumeInfo(x: TensorInfo, f: (x: TensorInfo) => TensorInfo): TensorInfo {
  try {
    return f(x);
  } finally {
    disposeInfo(x);
  }
}

type ReduceParams = { readonly axes: readonly number[] };
type Rule<Pm> = (
  xs: readonly TensorInfo[],
  params: Pm,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
) => TensorInfo[];

/**
 * Shared frame of reduce_*: no axes is the identity (a shared buffer); an empty operand or output
 * is filled with the reduction's identity; otherwise `run` computes it.
 */
function reduction(
  prim: ReductionPrimitive,
  run: (
    x: TensorInfo,
    dtype: DType,
    axes: readonly number[],
    inAval: ShapedArray,
    out: ShapedArray,
  ) => TensorInfo,
): Rule<ReduceParams> {
  return (xs, { axes }, outAvals, inAvals) => {
    const x = xs[0] as TensorInfo;
    const inAval = inAvals[0] as ShapedArray;
    const out = outAvals[0] as ShapedArray;
    if (axes.length === 0) return [share(x)];
    if (inAval.size === 0 || out.size === 0)
      return [hostFill(out.shape, out.dtype, identity(prim, inAval.dtype))];
    return [run(x, inAval.dtype, axes, inAval, out)];
  };
}

function sumRule(
  x: TensorInfo,
  d: DType,
  axes: readonly number[],
  _in: ShapedArray,
  out: ShapedArray,
): TensorInfo {
  // Axes of size 1 sum nothing: without others, the sum is a reshape.
  const real = axes.filter((a) => x.shape[a] !== 1);
  if (real.length === 0) return runKernel('Reshape', { x }, { shape: [...out.shape] });
  // The cpu Sum first moves the reduced axes last with its generic transpose: a float sum over
  // leading axes (axes of size 1 aside) is a JavaScript loop over rows instead (f32[64,28,28,16]
  // over (0,1,2): 37 ms -> 2.3 ms). wasm's Sum is faster than the loop (1.0 ms vs 1.6 ms).
  const kept = x.shape.map((_, i) => i).filter((i) => x.shape[i] !== 1 && !axes.includes(i));
  if (
    d === 'float32' &&
    !onWasmHeap() &&
    kept.length > 0 &&
    Math.max(...real) < Math.min(...kept)
  ) {
    const rows = real.reduce((acc, a) => acc * (x.shape[a] as number), 1);
    const rowsFirst = runKernel('Reshape', { x }, { shape: [rows, sizeOf(x.shape) / rows] });
    const sums = consumeInfo(rowsFirst, (r) => jsSumLeading(r, 1));
    return consumeInfo(sums, (r) => runKernel('Reshape', { x: r }, { shape: [...out.shape] }));
  }
  // int32 addition wraps identically for uint32 bits.
  return runKernel('Sum', { x }, { axis: [...axes], keepDims: false });
}

function prodRule(
  x: TensorInfo,
  d: DType,
  axes: readonly number[],
  inAval: ShapedArray,
  out: ShapedArray,
): TensorInfo {
  if (d === 'float32') return runKernel('Prod', { x }, { axis: [...axes], keepDims: false });
  return hostReduce(x, d, inAval.shape, axes, out, 1, Math.imul);
}

function maxRule(which: 'max' | 'min') {
  return (
    x: TensorInfo,
    d: DType,
    axes: readonly number[],
    inAval: ShapedArray,
    out: ShapedArray,
  ): TensorInfo => {
    if (d === 'bool')
      return runKernel(
        which === 'max' ? 'Any' : 'All',
        { x },
        { axis: [...axes], keepDims: false },
      );
    if (d === 'uint32') {
      const init = identity(which === 'max' ? 'reduce_max' : 'reduce_min', d);
      return hostReduce(x, d, inAval.shape, axes, out, init, which === 'max' ? nanMax : nanMin);
    }
    // The float kernels of both backends propagate NaN like XLA.
    return which === 'max'
      ? runKernel('Max', { x }, { reductionIndices: [...axes], keepDims: false })
      : runKernel('Min', { x }, { axis: [...axes], keepDims: false });
  };
}

function logicalRule(which: 'and' | 'or') {
  return (
    x: TensorInfo,
    d: DType,
    axes: readonly number[],
    inAval: ShapedArray,
    out: ShapedArray,
  ): TensorInfo => {
    if (d === 'bool')
      return runKernel(
        which === 'and' ? 'All' : 'Any',
        { x },
        { axis: [...axes], keepDims: false },
      );
    const combine: Combine = which === 'and' ? (a, b) => a & b : (a, b) => a | b;
    return hostReduce(x, d, inAval.shape, axes, out, which === 'and' ? -1 : 0, combine);
  };
}

/** argmax/argmin along one axis: NaN is the extreme (first NaN wins), ties pick the first index. */
function argRule(which: 'max' | 'min'): Rule<{ readonly axes: readonly [number] }> {
  return (xs, { axes }, outAvals, inAvals) => {
    const inAval = inAvals[0] as ShapedArray;
    const out = outAvals[0] as ShapedArray;
    const axis = axes[0];
    const v = hostRead(xs[0] as TensorInfo, inAval.dtype);
    const n = inAval.shape[axis] as number;
    let inner = 1;
    for (let d = axis + 1; d < inAval.ndim; d++) inner *= inAval.shape[d] as number;
    const outer = out.size / inner;
    const { storage, view } = hostAlloc(out.dtype, out.size);
    const better =
      which === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let best = v[base] as number;
        let bestIdx = 0;
        if (!Number.isNaN(best)) {
          for (let j = 1; j < n; j++) {
            const c = v[base + j * inner] as number;
            if (Number.isNaN(c)) {
              bestIdx = j;
              break;
            }
            if (better(c, best)) {
              best = c;
              bestIdx = j;
            }
          }
        }
        view[o * inner + i] = bestIdx;
      }
    }
    return [hostWrite(storage, out.shape, out.dtype)];
  };
}

type CumParams = { readonly axis: number; readonly reverse: boolean };

/** A cumulative op along `axis` on the host. */
function hostCumulative(
  x: TensorInfo,
  aval: ShapedArray,
  axis: number,
  reverse: boolean,
  combine: Combine,
): TensorInfo {
  const v = hostRead(x, aval.dtype);
  const n = aval.shape[axis] as number;
  let inner = 1;
  for (let d = axis + 1; d < aval.ndim; d++) inner *= aval.shape[d] as number;
  const outer = aval.size / (n * inner);
  const { storage, view } = hostAlloc(aval.dtype, aval.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 0;
      for (let t = 0; t < n; t++) {
        const j = reverse ? n - 1 - t : t;
        const k = base + j * inner;
        acc = t === 0 ? (v[k] as number) : combine(acc, v[k] as number);
        view[k] = acc;
        acc = view[k] as number;
      }
    }
  }
  return hostWrite(storage, aval.shape, aval.dtype);
}

function cumulative(
  kernel: string | null,
  combine: Combine,
  hostFor: (d: DType) => boolean,
): Rule<CumParams> {
  return (xs, { axis, reverse }, _outAvals, inAvals) => {
    const x = xs[0] as TensorInfo;
    const aval = inAvals[0] as ShapedArray;
    if (aval.size === 0) return [share(x)];
    if (kernel !== null && !hostFor(aval.dtype)) {
      return [runKernel(kernel, { x }, { axis, exclusive: false, reverse })];
    }
    return [hostCumulative(x, aval, axis, reverse, combine)];
  };
}

const asHost = (_d: DType): boolean => true;

export const reductionImpl = {
  reduce_sum: reduction('reduce_sum', sumRule),
  reduce_prod: reduction('reduce_prod', prodRule),
  reduce_max: reduction('reduce_max', maxRule('max')),
  reduce_min: reduction('reduce_min', maxRule('min')),
  reduce_and: reduction('reduce_and', logicalRule('and')),
  reduce_or: reduction('reduce_or', logicalRule('or')),
  argmax: argRule('max'),
  argmin: argRule('min'),
  // Cumsum's int32 adds wrap identically for uint32 bits.
  cumsum: cumulative(
    'Cumsum',
    (a, b) => a + b,
    () => false,
  ),
  cumprod: cumulative('Cumprod', Math.imul, (d) => d !== 'float32'),
  cummax: cumulative(null, nanMax, asHost),
  cummin: cumulative(null, nanMin, asHost),
} satisfies ImplFamily<ReductionPrimitive>;
