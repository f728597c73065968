/**
 * Impl rules of the linalg family. dot_general lowers to one tfjs BatchMatMul on [batch, M, K] x
 * [batch, K, N] operands (JAX/XLA: DotGeneral); conv and reduce_window live in their own files.
 */
import { disposeInfo, runKernel, type TensorInfo } from '../../backend/engine.ts';
import { onWasmHeap } from '../../backend/heap.ts';
import { allocStorage, viewAs, writeStorage } from '../../backend/host-kernel.ts';
import { jsOuter } from '../../backend/js-kernels.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { DotDimensionNumbers, LinalgPrimitive, Params } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { shapesEqual, sizeOf } from '../../shape.ts';
import { freeDims } from '../abstract-eval/linalg.ts';
import { convImpl } from './linalg-conv.ts';
import {
  consume,
  dimOffsets,
  fillK,
  isIdentityPerm,
  reshapeK,
  stridesOf,
  transposeK,
} from './linalg-util.ts';
import { reduceWindowImpl } from './linalg-window.ts';

const prod = (shape: readonly number[], dims: readonly number[]): number =>
  dims.reduce((acc, d) => acc * (shape[d] as number), 1);

/**
 * Orders the contracting pairs so that as few operands as possible need a transpose: the sum
 * over pairs does not depend on their order.
 */
function orderContracting(
  lc: readonly number[],
  rc: readonly number[],
  lPrefix: readonly number[],
  rPrefix: readonly number[],
  lFree: readonly number[],
  rFree: readonly number[],
): [number[], number[]] {
  const pairs = lc.map((d, i) => [d, rc[i] as number] as const);
  const cost = (ps: readonly (readonly [number, number])[]): number => {
    const l = [...lPrefix, ...lFree, ...ps.map((p) => p[0])];
    const r = [...rPrefix, ...ps.map((p) => p[1]), ...rFree];
    return (isIdentityPerm(l) ? 0 : 1) + (isIdentityPerm(r) ? 0 : 1);
  };
  const byL = [...pairs].sort((a, b) => a[0] - b[0]);
  const byR = [...pairs].sort((a, b) => a[1] - b[1]);
  const best = [pairs, byL, byR].reduce((a, b) => (cost(b) < cost(a) ? b : a));
  return [best.map((p) => p[0]), best.map((p) => p[1])];
}

/** True when `perm` only moves axes of size 1 (a reshape then does the same). */
function movesOnlyUnitAxes(perm: readonly number[], shape: readonly number[]): boolean {
  let last = -1;
  for (const p of perm) {
    if (shape[p] === 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}

/** Borrowed input when no kernel is needed, otherwise an owned [.., rows, cols] operand. */
function asMatrix(
  x: TensorInfo,
  perm: readonly number[],
  shape: readonly number[],
): { info: TensorInfo; owned: boolean } {
  if (isIdentityPerm(perm) || movesOnlyUnitAxes(perm, x.shape)) {
    if (shapesEqual(shape, x.shape)) return { info: x, owned: false };
    return { info: reshapeK(x, shape), owned: true };
  }
  const t = transposeK(x, perm);
  if (shapesEqual(shape, t.shape)) return { info: t, owned: true };
  return { info: consume(t, (y) => reshapeK(y, shape)), owned: true };
}

function dotGeneralFloat(
  lhs: TensorInfo,
  rhs: TensorInfo,
  dn: DotDimensionNumbers,
  out: ShapedArray,
): TensorInfo {
  const [lb, rb] = dn.batch;
  const lf = freeDims(lhs.shape.length, lb, dn.contracting[0]);
  const rf = freeDims(rhs.shape.length, rb, dn.contracting[1]);
  const [lc, rc] = orderContracting(dn.contracting[0], dn.contracting[1], lb, rb, lf, rf);
  const B = prod(lhs.shape, lb);
  const M = prod(lhs.shape, lf);
  const K = prod(lhs.shape, lc);
  const N = prod(rhs.shape, rf);
  if (out.size === 0 || K === 0) return fillK(out.shape, 0, 'float32');
  // Rank-2 operands when there is no batch: the plain matmul is exactly one kernel call.
  const batched = lb.length > 0;
  const a = asMatrix(lhs, [...lb, ...lf, ...lc], batched ? [B, M, K] : [M, K]);
  const b = asMatrix(rhs, [...rb, ...rc, ...rf], batched ? [B, K, N] : [K, N]);
  let res: TensorInfo;
  try {
    // A contraction of size 1 is an outer product: one broadcast multiply, with the same
    // (single-product) values; BatchMatMul pays its per-batch setup for each of B tiny products
    // (per-example gradients: 128 outer products of [32] x [64] cost ~10x the multiply on wasm).
    // On wasm XNNPACK's broadcast multiply does it fastest; tfjs's cpu broadcast multiply is
    // ~50x slower than a plain loop (jsOuter).
    // No transpose flags otherwise: on wasm they are ~20x slower than an explicit transpose.
    if (K !== 1) {
      res = runKernel(
        'BatchMatMul',
        { a: a.info, b: b.info },
        { transposeA: false, transposeB: false },
      );
    } else if (onWasmHeap()) res = runKernel('Multiply', { a: a.info, b: b.info });
    else res = jsOuter(a.info, b.info, batched ? B : 1, M, N);
  } finally {
    if (a.owned) disposeInfo(a.info);
    if (b.owned) disposeInfo(b.info);
  }
  if (shapesEqual(res.shape, out.shape)) return res;
  return consume(res, (r) => reshapeK(r, out.shape));
}

/** A double accumulator stored as `dtype` (float to integer saturates, NaN becomes 0). */
function toOutValue(acc: number, dtype: DType): number {
  if (dtype === 'bool') return acc !== 0 ? 1 : 0;
  if (dtype === 'float32') return acc;
  if (Number.isNaN(acc)) return 0;
  const [lo, hi] = dtype === 'uint32' ? [0, 4294967295] : [-2147483648, 2147483647];
  return Math.trunc(Math.min(Math.max(acc, lo), hi)) | 0;
}

/**
 * dot_general computed in JavaScript for the dtypes tfjs's matmul lacks (int32, uint32, bool) and
 * for preferred_element_type conversions. Integer products wrap like XLA's int32 arithmetic.
 */
function dotGeneralHost(
  lhs: TensorInfo,
  rhs: TensorInfo,
  dn: DotDimensionNumbers,
  inDType: DType,
  out: ShapedArray,
): TensorInfo {
  const [lc, rc] = dn.contracting;
  const [lb, rb] = dn.batch;
  const lf = freeDims(lhs.shape.length, lb, lc);
  const rf = freeDims(rhs.shape.length, rb, rc);
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  const offLB = dimOffsets(lhs.shape, lb, ls);
  const offRB = dimOffsets(rhs.shape, rb, rs);
  const offM = dimOffsets(lhs.shape, lf, ls);
  const offN = dimOffsets(rhs.shape, rf, rs);
  const offLK = dimOffsets(lhs.shape, lc, ls);
  const offRK = dimOffsets(rhs.shape, rc, rs);
  const a = viewAs(lhs, inDType);
  const b = viewAs(rhs, inDType);
  const res = allocStorage(out.dtype, out.size);
  const intAcc = inDType !== 'float32' && out.dtype !== 'float32';
  const K = offLK.length;
  let o = 0;
  for (let bi = 0; bi < offLB.length; bi++) {
    for (let m = 0; m < offM.length; m++) {
      const aBase = (offLB[bi] as number) + (offM[m] as number);
      for (let n = 0; n < offN.length; n++) {
        const bBase = (offRB[bi] as number) + (offN[n] as number);
        let acc = 0;
        if (intAcc) {
          for (let k = 0; k < K; k++) {
            acc =
              (acc +
                Math.imul(
                  a[aBase + (offLK[k] as number)] as number,
                  b[bBase + (offRK[k] as number)] as number,
                )) |
              0;
          }
        } else {
          for (let k = 0; k < K; k++) {
            acc +=
              (a[aBase + (offLK[k] as number)] as number) *
              (b[bBase + (offRK[k] as number)] as number);
          }
        }
        // Integer accumulators already hold the wrapped int32 bits (uint32 included).
        res[o++] = intAcc && out.dtype !== 'bool' ? acc : toOutValue(acc, out.dtype);
      }
    }
  }
  return writeStorage(res, out.shape, out.dtype);
}

function dotGeneralImpl(
  xs: readonly TensorInfo[],
  params: Params<'dot_general'>,
  outAvals: readonly ShapedArray[],
  inAvals: readonly ShapedArray[],
): TensorInfo[] {
  const lhs = xs[0] as TensorInfo;
  const rhs = xs[1] as TensorInfo;
  const out = outAvals[0] as ShapedArray;
  const inDType = (inAvals[0] as ShapedArray).dtype;
  if (inDType === 'float32' && out.dtype === 'float32') {
    return [dotGeneralFloat(lhs, rhs, params.dimension_numbers, out)];
  }
  if (sizeOf(out.shape) === 0)
    return [fillK(out.shape, 0, out.dtype === 'uint32' ? 'int32' : out.dtype)];
  return [dotGeneralHost(lhs, rhs, params.dimension_numbers, inDType, out)];
}

export const linalgImpl = {
  dot_general: dotGeneralImpl,
  conv_general_dilated: convImpl,
  reduce_window_sum: reduceWindowImpl('sum'),
  reduce_window_max: reduceWindowImpl('max'),
  reduce_window_min: reduceWindowImpl('min'),
} satisfies ImplFamily<LinalgPrimitive>;
