/**
 * Data movement in JavaScript on backend buffers: transpose and broadcast (tile). JAX/XLA: the
 * transpose and broadcast emitters. tfjs's wasm Transpose and Tile kernels compute each
 * element's source index with divisions (measured on wasm: Tile [1,1] -> [128,512] 7.8 ms and
 * Transpose [512,512] 2.2 ms, against 0.05 ms for an Add of the same size) and the cpu ones are
 * generic per-element loops; these are blocked copies, straight in the wasm heap or in the cpu
 * backend's arrays, for every dtype (bools included, which several wasm kernels mishandle).
 */
import type { TensorInfo } from './engine.ts';
import { produce, type View } from './heap.ts';

/** Copies `src[from .. from+n)` to `dst[to ..)`, converting values if the arrays' types differ. */
function copyRun(src: ArrayLike<number>, from: number, dst: View, to: number, n: number): void {
  if (src instanceof dst.constructor) {
    dst.set((src as View).subarray(from, from + n), to);
    return;
  }
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i] as number;
}

const BLOCK = 32;

/**
 * `x` transposed by `perm` (output axis i is input axis perm[i]). Size-1 axes are dropped and
 * input axes that stay adjacent are merged first, so most transposes become a batch of 2-D
 * transposes, done in 32x32 blocks.
 */
export function transposeInfo(x: TensorInfo, perm: readonly number[]): TensorInfo {
  const outShape = perm.map((p) => x.shape[p] as number);
  // Collapse: keep axes of size > 1, then merge runs that are consecutive in both orders.
  const keep = perm.filter((p) => (x.shape[p] as number) !== 1);
  const sortedKeep = [...keep].sort((a, b) => a - b);
  const newIndex = new Map(sortedKeep.map((a, i) => [a, i]));
  const p1 = keep.map((a) => newIndex.get(a) as number);
  const s1 = sortedKeep.map((a) => x.shape[a] as number);
  // Groups of input axes (in input order) that stay adjacent in the output.
  const groups: number[][] = [];
  for (const a of p1) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[last.length - 1] === a - 1) last.push(a);
    else groups.push([a]);
  }
  const groupOrder = [...groups].sort((g, h) => (g[0] as number) - (h[0] as number));
  const inDims = groupOrder.map((g) => g.reduce((acc, a) => acc * (s1[a] as number), 1));
  const permC = groups.map((g) => groupOrder.indexOf(g));
  const r = permC.length;
  return produce([x], outShape, x.dtype, (srcs, dst) => {
    const src = srcs[0] as ArrayLike<number>;
    const n = dst.length;
    if (r <= 1) {
      copyRun(src, 0, dst, 0, n);
      return;
    }
    const inStrides = new Array<number>(r);
    let s = 1;
    for (let i = r - 1; i >= 0; i--) {
      inStrides[i] = s;
      s *= inDims[i] as number;
    }
    // Output axes: outer ones iterated by an odometer, the last two as blocked 2-D transposes.
    const oDims = permC.map((p) => inDims[p] as number);
    const oStr = permC.map((p) => inStrides[p] as number);
    const rows = oDims[r - 2] as number;
    const cols = oDims[r - 1] as number;
    const sr = oStr[r - 2] as number;
    const sc = oStr[r - 1] as number;
    const outer = n / (rows * cols);
    const counter = new Array<number>(Math.max(0, r - 2)).fill(0);
    let base = 0;
    let o = 0;
    for (let b = 0; b < outer; b++) {
      for (let i0 = 0; i0 < rows; i0 += BLOCK) {
        const i1 = Math.min(rows, i0 + BLOCK);
        for (let j0 = 0; j0 < cols; j0 += BLOCK) {
          const j1 = Math.min(cols, j0 + BLOCK);
          for (let i = i0; i < i1; i++) {
            let si = base + i * sr + j0 * sc;
            let di = o + i * cols + j0;
            for (let j = j0; j < j1; j++) {
              dst[di++] = src[si] as number;
              si += sc;
            }
          }
        }
      }
      o += rows * cols;
      // Advance the odometer over the outer output axes.
      for (let d = r - 3; d >= 0; d--) {
        counter[d] = (counter[d] as number) + 1;
        base += oStr[d] as number;
        if ((counter[d] as number) < (oDims[d] as number)) break;
        base -= (oStr[d] as number) * (oDims[d] as number);
        counter[d] = 0;
      }
    }
  });
}

/**
 * `x` broadcast to `shape` with NumPy's rules (x's axes aligned to the right, each of size 1 or
 * equal to the target's). The innermost run x already has is copied once, then replicated by
 * doubling copies; a broadcast innermost axis is a fill.
 */
export function broadcastInfo(x: TensorInfo, shape: readonly number[]): TensorInfo {
  const rank = shape.length;
  const xs = [...new Array<number>(rank - x.shape.length).fill(1), ...x.shape];
  const out = [...shape];
  return produce([x], out, x.dtype, (srcs, dst) => {
    const src = srcs[0] as ArrayLike<number>;
    if (dst.length === 0) return;
    if (src.length === 1) {
      dst.fill(src[0] as number);
      return;
    }
    const outStr = new Array<number>(rank + 1);
    const inStr = new Array<number>(rank + 1);
    outStr[rank] = 1;
    inStr[rank] = 1;
    for (let d = rank - 1; d >= 0; d--) {
      outStr[d] = (outStr[d + 1] as number) * (out[d] as number);
      inStr[d] = (inStr[d + 1] as number) * (xs[d] as number);
    }
    // First axis of the largest suffix that x has in full: copied as one run.
    let full = rank;
    while (full > 0 && xs[full - 1] === out[full - 1]) full--;
    const run = outStr[full] as number;
    const fillAxis = (d: number, inOff: number, outOff: number): void => {
      if (d === full) {
        copyRun(src, inOff, dst, outOff, run);
        return;
      }
      const od = out[d] as number;
      const block = outStr[d + 1] as number;
      if (xs[d] === 1) {
        if (d === rank - 1) {
          dst.fill(src[inOff] as number, outOff, outOff + od);
          return;
        }
        fillAxis(d + 1, inOff, outOff);
        // Replicate the first block by doubling.
        let done = 1;
        while (done < od) {
          const k = Math.min(done, od - done);
          dst.copyWithin(outOff + done * block, outOff, outOff + k * block);
          done += k;
        }
        return;
      }
      const is = inStr[d + 1] as number;
      for (let i = 0; i < od; i++) fillAxis(d + 1, inOff + i * is, outOff + i * block);
    };
    fillAxis(0, 0, 0);
  });
}
