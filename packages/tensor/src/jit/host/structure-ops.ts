/**
 * Host versions of the non-elementwise ops jit runs in JavaScript on small arrays: data movement
 * as precomputed index maps (broadcast_in_dim, transpose, rev, slice, pad, concatenate), iota,
 * reductions and dot_general (matmul.ts). Each is specialized to its shapes once, when the
 * program is compiled. Sums accumulate in float64 and round once per output, in the order
 * tfjs's cpu kernels use, so cpu results are bit-identical.
 */
import type { ShapedArray } from '../../core/aval.ts';
import type { Params, Primitive } from '../../core/primitives.ts';
import type { JaxprEqn } from '../../jaxpr/jaxpr.ts';
import { sizeOf } from '../../shape.ts';
import type { HostArray } from './fused-loop.ts';
import { linearMap } from './index-maps.ts';
import { dotKernel } from './matmul.ts';

/** Computes one result from its operands' host arrays into `out`. */
export type HostKernel = (ins: readonly HostArray[], out: HostArray) => void;

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i] as number;
  }
  return s;
}

/** Index map of a NumPy broadcast of `inShape` to `outShape` (null when they are equal). */
export function broadcastMap(
  inShape: readonly number[],
  outShape: readonly number[],
): Int32Array | null {
  if (inShape.length === outShape.length && inShape.every((d, i) => d === outShape[i])) return null;
  const inStrides = stridesOf(inShape);
  const off = outShape.length - inShape.length;
  const strides = outShape.map((_, k) => {
    const j = k - off;
    return j < 0 || inShape[j] === 1 ? 0 : (inStrides[j] as number);
  });
  return linearMap(outShape, strides);
}

function broadcastInDimMap(inShape: readonly number[], p: Params<'broadcast_in_dim'>): Int32Array {
  const inStrides = stridesOf(inShape);
  const strides = p.shape.map(() => 0);
  p.broadcast_dimensions.forEach((od, j) => {
    if (inShape[j] !== 1) strides[od] = inStrides[j] as number;
  });
  return linearMap(p.shape, strides);
}

function transposeMap(inShape: readonly number[], perm: readonly number[]): Int32Array {
  const inStrides = stridesOf(inShape);
  return linearMap(
    perm.map((d) => inShape[d] as number),
    perm.map((d) => inStrides[d] as number),
  );
}

function revMap(inShape: readonly number[], dims: readonly number[]): Int32Array {
  const inStrides = stridesOf(inShape);
  let base = 0;
  const strides = inShape.map((n, d) => {
    const s = inStrides[d] as number;
    if (!dims.includes(d)) return s;
    base += (n - 1) * s;
    return -s;
  });
  return linearMap(inShape, strides, base);
}

function sliceMap(
  inShape: readonly number[],
  p: Params<'slice'>,
  outShape: readonly number[],
): Int32Array {
  const inStrides = stridesOf(inShape);
  let base = 0;
  const strides = inShape.map((_, d) => {
    base += (p.start_indices[d] as number) * (inStrides[d] as number);
    return (inStrides[d] as number) * (p.strides?.[d] ?? 1);
  });
  return linearMap(outShape, strides, base);
}

/** For each output element of a pad, the input element it copies, or -1 for the pad value. */
function padMap(
  inShape: readonly number[],
  p: Params<'pad'>,
  outShape: readonly number[],
): Int32Array {
  const map = new Int32Array(sizeOf(outShape)).fill(-1);
  const outStrides = stridesOf(outShape);
  const n = sizeOf(inShape);
  const rank = inShape.length;
  const counter = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k++) {
    let o = 0;
    let inside = true;
    for (let d = 0; d < rank; d++) {
      const [lo, , interior] = p.padding_config[d] as readonly [number, number, number];
      const pos = lo + (counter[d] as number) * (interior + 1);
      if (pos < 0 || pos >= (outShape[d] as number)) {
        inside = false;
        break;
      }
      o += pos * (outStrides[d] as number);
    }
    if (inside) map[o] = k;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      if ((counter[d] as number) < (inShape[d] as number)) break;
      counter[d] = 0;
    }
  }
  return map;
}

function gather(map: Int32Array): HostKernel {
  const n = map.length;
  return (ins, out) => {
    const a = ins[0] as HostArray;
    for (let i = 0; i < n; i++) out[i] = a[map[i] as number] as number;
  };
}

function gatherWithFill(map: Int32Array): HostKernel {
  const n = map.length;
  return (ins, out) => {
    const a = ins[0] as HostArray;
    const fill = (ins[1] as HostArray)[0] as number;
    for (let i = 0; i < n; i++) {
      const j = map[i] as number;
      out[i] = j < 0 ? fill : (a[j] as number);
    }
  };
}

function concatenate(inShapes: readonly (readonly number[])[], dim: number): HostKernel {
  // Copies each operand as `outer` blocks of `inner * size_d` elements at its offset along dim.
  const inner = sizeOf(inShapes[0]?.slice(dim + 1) ?? []);
  const outer = sizeOf(inShapes[0]?.slice(0, dim) ?? []);
  const widths = inShapes.map((s) => (s[dim] as number) * inner);
  const total = widths.reduce((a, b) => a + b, 0);
  return (ins, out) => {
    let off = 0;
    for (let k = 0; k < ins.length; k++) {
      const a = ins[k] as HostArray;
      const w = widths[k] as number;
      for (let o = 0; o < outer; o++) {
        const src = o * w;
        const dst = o * total + off;
        for (let j = 0; j < w; j++) out[dst + j] = a[src + j] as number;
      }
      off += w;
    }
  };
}

function iota(p: Params<'iota'>): HostKernel {
  const n = sizeOf(p.shape);
  const inner = sizeOf(p.shape.slice(p.dimension + 1));
  const size = p.shape[p.dimension] as number;
  return (_ins, out) => {
    for (let i = 0; i < n; i++) out[i] = Math.floor(i / inner) % size;
  };
}

/** For each input element, the flat index of the output element it reduces into. */
function reduceIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const outStrides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (axes.includes(d)) continue;
    outStrides[d] = s;
    s *= shape[d] as number;
  }
  return linearMap(shape, outStrides);
}

type ReduceKind = 'sum' | 'prod' | 'max' | 'min' | 'and' | 'or';

function reduce(
  kind: ReduceKind,
  inAval: ShapedArray,
  axes: readonly number[],
  out: ShapedArray,
): HostKernel {
  const idx = reduceIndex(inAval.shape, axes);
  const n = idx.length;
  const m = out.size;
  const d = inAval.dtype;
  if (kind === 'sum' || (kind === 'prod' && d === 'float32')) {
    // float64 accumulators, rounded once: tfjs's cpu Sum and Prod do the same.
    const acc = new Float64Array(m);
    const isSum = kind === 'sum';
    return (ins, o) => {
      const a = ins[0] as HostArray;
      acc.fill(isSum ? 0 : 1);
      if (isSum) {
        for (let i = 0; i < n; i++) {
          const j = idx[i] as number;
          acc[j] = (acc[j] as number) + (a[i] as number);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const j = idx[i] as number;
          acc[j] = (acc[j] as number) * (a[i] as number);
        }
      }
      for (let j = 0; j < m; j++) o[j] = acc[j] as number;
    };
  }
  let init: number;
  let combine: (x: number, y: number) => number;
  switch (kind) {
    case 'prod':
      init = 1;
      combine = Math.imul;
      break;
    case 'max':
      init = d === 'float32' ? Number.NEGATIVE_INFINITY : d === 'int32' ? -2147483648 : 0;
      combine = d === 'bool' ? (x, y) => x | y : Math.max;
      break;
    case 'min':
      init = d === 'float32' ? Number.POSITIVE_INFINITY : d === 'int32' ? 2147483647 : 1;
      combine = d === 'bool' ? (x, y) => x & y : Math.min;
      break;
    case 'and':
      init = d === 'bool' ? 1 : -1;
      combine = (x, y) => x & y;
      break;
    default:
      init = 0;
      combine = (x, y) => x | y;
  }
  return (ins, o) => {
    const a = ins[0] as HostArray;
    o.fill(init);
    for (let i = 0; i < n; i++) {
      const j = idx[i] as number;
      o[j] = combine(o[j] as number, a[i] as number);
    }
  };
}

function argReduce(
  which: 'max' | 'min',
  inAval: ShapedArray,
  axis: number,
  out: ShapedArray,
): HostKernel {
  const n = inAval.shape[axis] as number;
  const inner = sizeOf(inAval.shape.slice(axis + 1));
  const outer = out.size / inner;
  const isMax = which === 'max';
  return (ins, o) => {
    const v = ins[0] as HostArray;
    for (let b = 0; b < outer; b++) {
      for (let i = 0; i < inner; i++) {
        const base = b * n * inner + i;
        let best = v[base] as number;
        let bestIdx = 0;
        if (!Number.isNaN(best)) {
          for (let j = 1; j < n; j++) {
            const c = v[base + j * inner] as number;
            if (Number.isNaN(c)) {
              bestIdx = j;
              break;
            }
            if (isMax ? c > best : c < best) {
              best = c;
              bestIdx = j;
            }
          }
        }
        o[b * inner + i] = bestIdx;
      }
    }
  };
}

/** The host kernel of a non-elementwise equation, or null if it must run on a kernel. */
export function hostStructureKernel(eqn: JaxprEqn, codegen: boolean): HostKernel | null {
  const inAvals = eqn.inputs.map((a) => a.aval);
  const out = (eqn.outBinders[0] as { aval: ShapedArray }).aval;
  const x = inAvals[0] as ShapedArray;
  if (
    eqn.outBinders.length !== 1 ||
    out.dtype === 'uint32' ||
    inAvals.some((a) => a.dtype === 'uint32')
  )
    return null;
  const prim: Primitive = eqn.primitive;
  switch (prim) {
    case 'broadcast_in_dim':
      return gather(broadcastInDimMap(x.shape, (eqn as JaxprEqn<'broadcast_in_dim'>).params));
    case 'transpose':
      return gather(transposeMap(x.shape, (eqn as JaxprEqn<'transpose'>).params.permutation));
    case 'rev':
      return gather(revMap(x.shape, (eqn as JaxprEqn<'rev'>).params.dimensions));
    case 'slice':
      return gather(sliceMap(x.shape, (eqn as JaxprEqn<'slice'>).params, out.shape));
    case 'pad':
      return gatherWithFill(padMap(x.shape, (eqn as JaxprEqn<'pad'>).params, out.shape));
    case 'concatenate':
      return concatenate(
        inAvals.map((a) => a.shape),
        (eqn as JaxprEqn<'concatenate'>).params.dimension,
      );
    case 'iota':
      return iota((eqn as JaxprEqn<'iota'>).params);
    case 'reduce_sum':
    case 'reduce_prod':
    case 'reduce_max':
    case 'reduce_min':
    case 'reduce_and':
    case 'reduce_or': {
      const axes = (eqn as JaxprEqn<'reduce_sum'>).params.axes;
      return reduce(prim.slice(7) as ReduceKind, x, axes, out);
    }
    case 'argmax':
    case 'argmin': {
      if (out.dtype !== 'int32' || x.dtype === 'bool') return null;
      const axis = (eqn as JaxprEqn<'argmax'>).params.axes[0];
      return argReduce(prim === 'argmax' ? 'max' : 'min', x, axis, out);
    }
    case 'dot_general': {
      const p = (eqn as JaxprEqn<'dot_general'>).params;
      const rhs = inAvals[1] as ShapedArray;
      if (x.dtype !== 'float32' || rhs.dtype !== 'float32' || out.dtype !== 'float32') return null;
      const k = dotKernel(x, rhs, p.dimension_numbers, codegen);
      return (ins, o) => k(ins[0] as HostArray, ins[1] as HostArray, o);
    }
    default:
      return null;
  }
}
