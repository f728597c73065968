/**
 * Impl of conv_general_dilated (JAX: lax.conv_general_dilated / XLA Convolution). float32 with 1-3
 * spatial dims runs on tfjs's Conv2D / DepthwiseConv2dNative / Conv3D after transposing to
 * NHWC/HWIO; other dtypes and higher ranks use a host loop that follows XLA's definition.
 */
import { disposeInfo, runKernel, type TensorInfo } from '../../backend/engine.ts';
import { allocStorage, viewAs, writeStorage } from '../../backend/host-kernel.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { Params } from '../../core/primitives.ts';
import type { DType } from '../../dtype.ts';
import { sizeOf } from '../../shape.ts';
import {
  concatK,
  consume,
  fillK,
  padK,
  reshapeK,
  sliceAxisK,
  stridesOf,
  transposeK,
} from './linalg-util.ts';

type Pair = readonly [number, number];
type ConvParams = Params<'conv_general_dilated'>;

interface Window {
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly pads: readonly Pair[];
}

/** One tfjs convolution on NHWC/HWIO (2 spatial dims) or NDHWC/DHWIO (3, unpadded) operands. */
function convKernel(x: TensorInfo, w: TensorInfo, win: Window): TensorInfo {
  if (x.shape.length === 5) {
    return runKernel(
      'Conv3D',
      { x, filter: w },
      {
        strides: [...win.strides],
        pad: 'valid',
        dilations: [...win.dilations],
      },
    );
  }
  const pad = win.pads.every(([lo, hi]) => lo === 0 && hi === 0)
    ? 'valid'
    : [[0, 0], ...win.pads.map(([lo, hi]) => [lo, hi]), [0, 0]];
  return runKernel(
    'Conv2D',
    { x, filter: w },
    {
      strides: [...win.strides],
      pad,
      dataFormat: 'NHWC',
      dilations: [...win.dilations],
    },
  );
}

function depthwiseKernel(x: TensorInfo, w: TensorInfo, win: Window): TensorInfo {
  const [kh, kw, , o] = w.shape as [number, number, number, number];
  const c = x.shape[3] as number;
  const filter = reshapeK(w, [kh, kw, c, o / c]);
  const pad = win.pads.every(([lo, hi]) => lo === 0 && hi === 0)
    ? 'valid'
    : [[0, 0], ...win.pads.map(([lo, hi]) => [lo, hi]), [0, 0]];
  try {
    return runKernel(
      'DepthwiseConv2dNative',
      { x, filter },
      {
        strides: [...win.strides],
        pad,
        dilations: [...win.dilations],
      },
    );
  } finally {
    disposeInfo(filter);
  }
}

/** Splits `x` and `w` into groups along the given axes, convolves each, concatenates channels. */
function convSplit(
  x: TensorInfo,
  w: TensorInfo,
  win: Window,
  groups: number,
  xAxis: number,
): TensorInfo {
  const last = x.shape.length - 1;
  const xSize = (x.shape[xAxis] as number) / groups;
  const oSize = (w.shape[last] as number) / groups;
  const parts: TensorInfo[] = [];
  try {
    for (let g = 0; g < groups; g++) {
      const xg = sliceAxisK(x, xAxis, g * xSize, xSize);
      const wg = sliceAxisK(w, last, g * oSize, oSize);
      try {
        parts.push(convKernel(xg, wg, win));
      } finally {
        disposeInfo(xg);
        disposeInfo(wg);
      }
    }
    return concatK(parts, last);
  } finally {
    for (const p of parts) disposeInfo(p);
  }
}

function convGroups(x: TensorInfo, w: TensorInfo, win: Window, G: number, B: number): TensorInfo {
  const last = x.shape.length - 1;
  if (G === 1 && B === 1) return convKernel(x, w, win);
  if (B > 1) return convSplit(x, w, win, B, 0);
  const unitStrides = win.strides.every((s) => s === 1);
  const unitDilations = win.dilations.every((d) => d === 1);
  // Depthwise: one input channel per group. tfjs's cpu kernel needs unit strides or dilations.
  if (x.shape.length === 4 && x.shape[last] === G && (unitStrides || unitDilations)) {
    return depthwiseKernel(x, w, win);
  }
  return convSplit(x, w, win, G, last);
}

function convFloat(
  lhs: TensorInfo,
  rhs: TensorInfo,
  params: ConvParams,
  out: ShapedArray,
): TensorInfo {
  const { lhsSpec, rhsSpec, outSpec } = params.dimension_numbers;
  const ns = lhsSpec.length - 2;
  const spatial = Array.from({ length: ns }, (_, i) => i);
  let x = transposeK(lhs, [lhsSpec[0] as number, ...lhsSpec.slice(2), lhsSpec[1] as number]);
  let w: TensorInfo | null = null;
  let y: TensorInfo;
  try {
    w = transposeK(rhs, [...rhsSpec.slice(2), rhsSpec[1] as number, rhsSpec[0] as number]);
    let pads: Pair[] = params.padding.map(([lo, hi]) => [lo, hi] as const);
    const dilated = params.lhs_dilation.some((d) => d > 1);
    const negative = pads.some(([lo, hi]) => lo < 0 || hi < 0);
    const nonzero = pads.some(([lo, hi]) => lo !== 0 || hi !== 0);
    // Conv3D takes no explicit padding; lhs dilation (transposed conv) inserts zeros first.
    if (dilated || negative || (ns === 3 && nonzero)) {
      const config = [
        [0, 0, 0] as const,
        ...spatial.map((i) => {
          const [lo, hi] = pads[i] as Pair;
          return [lo, hi, (params.lhs_dilation[i] as number) - 1] as const;
        }),
        [0, 0, 0] as const,
      ];
      x = consume(x, (c) => padK(c, config, 0));
      pads = pads.map(() => [0, 0] as const);
    }
    let win: Window = { strides: params.window_strides, dilations: params.rhs_dilation, pads };
    if (ns < 2) {
      // 0-D and 1-D convolutions run as 2-D ones with unit spatial dims in front.
      const lift = 2 - ns;
      const ones = new Array<number>(lift).fill(1);
      const xs = x.shape;
      const ws = w.shape;
      x = consume(x, (c) => reshapeK(c, [xs[0] as number, ...ones, ...xs.slice(1)]));
      w = consume(w, (c) => reshapeK(c, [...ones, ...ws]));
      win = {
        strides: [...ones, ...win.strides],
        dilations: [...ones, ...win.dilations],
        pads: [...ones.map(() => [0, 0] as const), ...win.pads],
      };
    }
    y = convGroups(x, w, win, params.feature_group_count, params.batch_group_count);
  } finally {
    disposeInfo(x);
    if (w !== null) disposeInfo(w);
  }
  // y is [batch, ...spatial, features]; move each to its place in outSpec.
  const canonical = [out.shape[outSpec[0] as number] as number];
  for (let i = 0; i < ns; i++) canonical.push(out.shape[outSpec[2 + i] as number] as number);
  canonical.push(out.shape[outSpec[1] as number] as number);
  if (ns < 2) y = consume(y, (c) => reshapeK(c, canonical));
  const perm = new Array<number>(ns + 2);
  perm[outSpec[0] as number] = 0;
  perm[outSpec[1] as number] = ns + 1;
  for (let i = 0; i < ns; i++) perm[outSpec[2 + i] as number] = 1 + i;
  return consume(y, (c) => transposeK(c, perm));
}

/**
 * XLA's convolution computed in JavaScript: for int32/uint32 (wrapping), bool (or of ands) and
 * more than 3 spatial dimensions.
 */
function convHost(
  lhs: TensorInfo,
  rhs: TensorInfo,
  params: ConvParams,
  dtype: DType,
  out: ShapedArray,
): TensorInfo {
  const { lhsSpec, rhsSpec, outSpec } = params.dimension_numbers;
  const ns = lhsSpec.length - 2;
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  const os = stridesOf(out.shape);
  const dim = (shape: readonly number[], spec: readonly number[], i: number): number =>
    shape[spec[i] as number] as number;
  const st = (strides: readonly number[], spec: readonly number[], i: number): number =>
    strides[spec[i] as number] as number;
  const G = params.feature_group_count;
  const B = params.batch_group_count;
  const O = dim(rhs.shape, rhsSpec, 0);
  const I = dim(rhs.shape, rhsSpec, 1);
  const nOut = dim(out.shape, outSpec, 0);
  const inSp = Array.from({ length: ns }, (_, i) => dim(lhs.shape, lhsSpec, 2 + i));
  const kSp = Array.from({ length: ns }, (_, i) => dim(rhs.shape, rhsSpec, 2 + i));
  const outSp = Array.from({ length: ns }, (_, i) => dim(out.shape, outSpec, 2 + i));
  const K = sizeOf(kSp);
  // Kernel positions: spatial index per dim and the rhs offset.
  const kIdx: number[][] = [];
  const kOff: number[] = [];
  for (let k = 0; k < K; k++) {
    let rem = k;
    const idx = new Array<number>(ns);
    let off = 0;
    for (let d = ns - 1; d >= 0; d--) {
      const v = rem % (kSp[d] as number);
      rem = Math.floor(rem / (kSp[d] as number));
      idx[d] = v;
      off += v * st(rs, rhsSpec, 2 + d);
    }
    kIdx.push(idx);
    kOff.push(off);
  }
  const a = viewAs(lhs, dtype);
  const w = viewAs(rhs, dtype);
  const res = allocStorage(dtype, out.size);
  const intAcc = dtype !== 'float32';
  const nSpatial = sizeOf(outSp);
  const pos = new Array<number>(ns);
  for (let n = 0; n < nOut; n++) {
    for (let o = 0; o < O; o++) {
      const g = G > 1 ? Math.floor(o / (O / G)) : 0;
      const bg = B > 1 ? Math.floor(o / (O / B)) : 0;
      const aBatch = (bg * nOut + n) * st(ls, lhsSpec, 0);
      const wOut = o * st(rs, rhsSpec, 0);
      for (let s = 0; s < nSpatial; s++) {
        let rem = s;
        let outOff = n * st(os, outSpec, 0) + o * st(os, outSpec, 1);
        for (let d = ns - 1; d >= 0; d--) {
          const v = rem % (outSp[d] as number);
          rem = Math.floor(rem / (outSp[d] as number));
          pos[d] = v;
          outOff += v * st(os, outSpec, 2 + d);
        }
        let acc = 0;
        for (let k = 0; k < K; k++) {
          const idx = kIdx[k] as number[];
          let aOff = aBatch;
          let valid = true;
          for (let d = 0; d < ns; d++) {
            const [lo] = params.padding[d] as Pair;
            const ld = params.lhs_dilation[d] as number;
            const p =
              (pos[d] as number) * (params.window_strides[d] as number) +
              (idx[d] as number) * (params.rhs_dilation[d] as number) -
              lo;
            if (p < 0 || p % ld !== 0 || p / ld >= (inSp[d] as number)) {
              valid = false;
              break;
            }
            aOff += (p / ld) * st(ls, lhsSpec, 2 + d);
          }
          if (!valid) continue;
          const wk = wOut + (kOff[k] as number);
          for (let i = 0; i < I; i++) {
            const av = a[aOff + (g * I + i) * st(ls, lhsSpec, 1)] as number;
            const wv = w[wk + i * st(rs, rhsSpec, 1)] as number;
            acc = intAcc ? (acc + Math.imul(av, wv)) | 0 : acc + av * wv;
          }
        }
        res[outOff] = dtype === 'bool' ? (acc !== 0 ? 1 : 0) : acc;
      }
    }
  }
  return writeStorage(res, out.shape, dtype);
}

export function convImpl(
  xs: readonly TensorInfo[],
  params: ConvParams,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
): TensorInfo[] {
  const lhs = xs[0] as TensorInfo;
  const rhs = xs[1] as TensorInfo;
  const out = outAvals[0] as ShapedArray;
  const dtype = (inAvals[0] as ShapedArray).dtype;
  const ns = lhs.shape.length - 2;
  if (out.size === 0 || sizeOf(lhs.shape) === 0 || sizeOf(rhs.shape) === 0) {
    return [fillK(out.shape, 0, dtype === 'uint32' ? 'int32' : dtype)];
  }
  if (dtype !== 'float32' || ns > 3) return [convHost(lhs, rhs, params, dtype, out)];
  return [convFloat(lhs, rhs, params, out)];
}
