/**
 * Buffer-level helpers shared by the linalg impl rules (dot_general, conv, reduce_window):
 * transposes, reshapes, slices, general padding (lo/hi/interior, negative = crop) and fills,
 * each a tfjs kernel call on both backends. JAX counterpart: the XLA ops these lower to.
 *
 * Ownership: every helper borrows its input and returns a buffer the caller owns.
 */
import { disposeInfo, runKernel, type TensorInfo } from '../../backend/engine.ts';
import { transposeInfo } from '../../backend/movement.ts';
import { shapesEqual, sizeOf } from '../../shape.ts';

export function isIdentityPerm(perm: readonly number[]): boolean {
  for (let i = 0; i < perm.length; i++) if (perm[i] !== i) return false;
  return true;
}

/** A reference to `x` with a new shape (free: shares the buffer). */
export function reshapeK(x: TensorInfo, shape: readonly number[]): TensorInfo {
  return runKernel('Reshape', { x }, { shape: [...shape] });
}

export function transposeK(x: TensorInfo, perm: readonly number[]): TensorInfo {
  if (isIdentityPerm(perm)) return reshapeK(x, x.shape);
  return transposeInfo(x, perm);
}

/** Runs `f` on an owned temporary and frees the temporary (not named `then`: a module exporting
 * `then` is a thenable, which breaks dynamic import). */
export function consume(x: TensorInfo, f: (x: TensorInfo) => TensorInfo): TensorInfo {
  try {
    return f(x);
  } finally {
    disposeInfo(x);
  }
}

export function fillK(
  shape: readonly number[],
  value: number,
  dtype: TensorInfo['dtype'],
): TensorInfo {
  return runKernel('Fill', {}, { shape: [...shape], value, dtype });
}

export function sliceK(
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): TensorInfo {
  if (begin.every((b) => b === 0) && shapesEqual(size, x.shape)) return reshapeK(x, x.shape);
  return runKernel('Slice', { x }, { begin: [...begin], size: [...size] });
}

/** Slices `size` elements starting at `start` along one axis. */
export function sliceAxisK(x: TensorInfo, axis: number, start: number, size: number): TensorInfo {
  const begin = x.shape.map(() => 0);
  const sizes = [...x.shape];
  begin[axis] = start;
  sizes[axis] = size;
  return sliceK(x, begin, sizes);
}

export function concatK(xs: readonly TensorInfo[], axis: number): TensorInfo {
  if (xs.length === 1) return reshapeK(xs[0] as TensorInfo, (xs[0] as TensorInfo).shape);
  // tfjs's Concat kernel takes its inputs as an array.
  return runKernel('Concat', xs as unknown as Record<string, TensorInfo>, { axis });
}

/**
 * Groups dims for a kernel that only touches some of them: runs of untouched dims merge into one
 * (a free reshape). Keeps ranks small: wasm's XNNPACK kernels accept at most 6 dims and silently
 * produce garbage beyond that.
 */
function mergeUntouched(
  shape: readonly number[],
  touched: readonly boolean[],
): { shape: number[]; index: number[] } {
  const merged: number[] = [];
  const index: number[] = [];
  shape.forEach((d, i) => {
    const prev = i > 0 && !touched[i - 1] && !touched[i];
    if (prev) merged[merged.length - 1] = (merged[merged.length - 1] as number) * d;
    else merged.push(d);
    index.push(merged.length - 1);
  });
  return { shape: merged, index };
}

/**
 * PadV2 with non-negative (lo, hi) per dim, merging unpadded dims first and padding at most two
 * dims per call, so every call has rank <= 5.
 */
function padPositiveK(
  x: TensorInfo,
  paddings: readonly (readonly [number, number])[],
  value: number,
): TensorInfo {
  const padded = paddings
    .map((_, i) => i)
    .filter((i) => {
      const [lo, hi] = paddings[i] as readonly [number, number];
      return lo !== 0 || hi !== 0;
    });
  let cur = reshapeK(x, x.shape);
  for (let g = 0; g < padded.length; g += 2) {
    const group = padded.slice(g, g + 2);
    const touched = x.shape.map((_, i) => group.includes(i));
    const { shape, index } = mergeUntouched(cur.shape, touched);
    const merged: [number, number][] = shape.map(() => [0, 0]);
    for (const i of group) {
      const [lo, hi] = paddings[i] as readonly [number, number];
      merged[index[i] as number] = [lo, hi];
    }
    const outShape = cur.shape.map((d, i) =>
      group.includes(i)
        ? d +
          (paddings[i] as readonly [number, number])[0] +
          (paddings[i] as readonly [number, number])[1]
        : d,
    );
    cur = consume(cur, (c) => reshapeK(c, shape));
    cur = consume(cur, (c) =>
      runKernel('PadV2', { x: c }, { paddings: merged, constantValue: value }),
    );
    cur = consume(cur, (c) => reshapeK(c, outShape));
  }
  return cur;
}

/** Slice with merged unsliced dims (see mergeUntouched). */
function sliceMergedK(
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): TensorInfo {
  const touched = x.shape.map((d, i) => begin[i] !== 0 || size[i] !== d);
  const { shape, index } = mergeUntouched(x.shape, touched);
  const b = shape.map(() => 0);
  const s = [...shape];
  touched.forEach((t, i) => {
    if (t) {
      b[index[i] as number] = begin[i] as number;
      s[index[i] as number] = size[i] as number;
    }
  });
  const y = reshapeK(x, shape);
  const sliced = consume(y, (c) => sliceK(c, b, s));
  return consume(sliced, (c) => reshapeK(c, size));
}

/** Size of `n` elements after interior padding with `interior` holes between neighbours. */
function interiorSize(n: number, interior: number): number {
  return n === 0 ? 0 : n + (n - 1) * interior;
}

/**
 * Interior padding of one dim: [before, n, after] -> [before, n, 1, after] -> PadV2 ->
 * [before, n, k + 1, after] -> [.., n * (k + 1), ..]: `k` holes after every element, including
 * `k` surplus ones at the end that the caller crops.
 */
function interiorPadK(x: TensorInfo, axis: number, k: number, value: number): TensorInfo {
  const n = x.shape[axis] as number;
  const before = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const after = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = [...x.shape];
  out[axis] = n * (k + 1);
  const y = reshapeK(x, [before, n, 1, after]);
  const paddings = [
    [0, 0],
    [0, 0],
    [0, k],
    [0, 0],
  ];
  const padded = consume(y, (c) =>
    runKernel('PadV2', { x: c }, { paddings, constantValue: value }),
  );
  return consume(padded, (c) => reshapeK(c, out));
}

/** XLA's Pad: per dimension [lo, hi, interior] with `value`; negative lo/hi crop. */
export function padK(
  x: TensorInfo,
  config: readonly (readonly [number, number, number])[],
  value: number,
): TensorInfo {
  const outShape = x.shape.map((n, i) => {
    const [lo, hi, interior] = config[i] as readonly [number, number, number];
    return Math.max(0, interiorSize(n, interior) + lo + hi);
  });
  if (sizeOf(outShape) === 0 || sizeOf(x.shape) === 0) return fillK(outShape, value, x.dtype);
  let cur = reshapeK(x, x.shape);
  // Trailing surplus holes left by interior padding, cropped by the lo/hi step.
  const surplus = x.shape.map(() => 0);
  x.shape.forEach((n, i) => {
    const interior = (config[i] as readonly [number, number, number])[2];
    if (interior > 0 && n > 1) {
      cur = consume(cur, (c) => interiorPadK(c, i, interior, value));
      surplus[i] = interior;
    }
  });
  const lows = config.map(([lo]) => lo);
  const highs = config.map(([, hi], i) => hi - (surplus[i] as number));
  if (lows.some((v) => v > 0) || highs.some((v) => v > 0)) {
    const paddings = lows.map(
      (lo, i) => [Math.max(lo, 0), Math.max(highs[i] as number, 0)] as const,
    );
    cur = consume(cur, (c) => padPositiveK(c, paddings, value));
  }
  if (lows.some((v) => v < 0) || highs.some((v) => v < 0)) {
    const begin = lows.map((lo) => Math.max(-lo, 0));
    cur = consume(cur, (c) => sliceMergedK(c, begin, outShape));
  }
  return cur;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i] as number;
  }
  return s;
}

/**
 * Flat offsets of every multi-index over `dims` (row-major in the order of `dims`) into an array
 * with `strides`.
 */
export function dimOffsets(
  shape: readonly number[],
  dims: readonly number[],
  strides: readonly number[],
): Int32Array {
  let n = 1;
  for (const d of dims) n *= shape[d] as number;
  const out = new Int32Array(n);
  const counter = dims.map(() => 0);
  let cur = 0;
  for (let k = 0; k < n; k++) {
    out[k] = cur;
    for (let j = dims.length - 1; j >= 0; j--) {
      const d = dims[j] as number;
      counter[j] = (counter[j] as number) + 1;
      cur += strides[d] as number;
      if ((counter[j] as number) < (shape[d] as number)) break;
      cur -= (strides[d] as number) * (shape[d] as number);
      counter[j] = 0;
    }
  }
  return out;
}
