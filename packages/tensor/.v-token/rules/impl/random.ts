/**
 * Impl of the PRNG primitives: the hash and the samplers run in JavaScript on typed arrays (the
 * bit-exact kernels of src/random/kernels), since tfjs has no uint32 bit operations and XLA:CPU's
 * fused float32 arithmetic cannot be reproduced with separate tfjs kernels.
 */
import type { TensorInfo } from '../../backend/engine.ts';
import { broadcastIndex, viewAs, writeStorage } from '../../backend/host-kernel.ts';
import type { ShapedArray } from '../../core/aval.ts';
import type { RandomDistribution, RandomPrimitive } from '../../core/primitives.ts';
import type { ImplFamily } from '../../core/rule-types.ts';
import { bitsKernel } from '../../random/kernels/bits.ts';
import {
  exponentialFromBits,
  gumbelFromBits,
  laplaceFromBits,
  logisticFromBits,
} from '../../random/kernels/distributions.ts';
import { foldInKernel, splitKernel } from '../../random/kernels/keys.ts';
import { normalFromBits, truncatedNormalFromBits } from '../../random/kernels/normal.ts';
import { randintFromBits } from '../../random/kernels/randint.ts';
import { threefry2x32, threefry2x32Keys } from '../../random/kernels/threefry.ts';
import { type Param, uniformFromBits } from '../../random/kernels/uniform.ts';
import { sizeOf } from '../../shape.ts';

function broadcastU32(
  view: Uint32Array,
  inShape: readonly number[],
  outShape: readonly number[],
): Uint32Array {
  const idx = broadcastIndex(inShape, outShape);
  if (idx === null) return view;
  const out = new Uint32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = view[idx[i] as number] as number;
  return out;
}

/** uint32 words as the int32 storage tfjs keeps them in (same bits, no copy). */
function asStorage(words: Uint32Array): Int32Array {
  return new Int32Array(words.buffer, words.byteOffset, words.length);
}

function keyOf(info: TensorInfo): Uint32Array {
  return viewAs(info, 'uint32') as Uint32Array;
}

/** The random bits operand, broadcast to the output's shape. */
function bitsOperand(info: TensorInfo, outShape: readonly number[]): Uint32Array {
  return broadcastU32(keyOf(info), info.shape, outShape);
}

/**
 * A parameter operand as the kernels take it: a number when it holds one value (the common
 * scalar case, and the kernels' fast path), else one value per output element.
 */
function paramOperand(info: TensorInfo, aval: ShapedArray, outShape: readonly number[]): Param {
  const view = viewAs(info, aval.dtype);
  if (view.length === 1) return view[0] as number;
  const idx = broadcastIndex(info.shape, outShape);
  if (idx === null) return view;
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = view[idx[i] as number] as number;
  return out;
}

const SIMPLE: Partial<Record<RandomDistribution, (bits: Uint32Array) => Float32Array>> = {
  normal: normalFromBits,
  exponential: exponentialFromBits,
  gumbel: gumbelFromBits,
  laplace: laplaceFromBits,
  logistic: logisticFromBits,
};

function transform(
  distribution: RandomDistribution,
  xs: readonly TensorInfo[],
  inAvals: readonly ShapedArray[],
  shape: readonly number[],
): Float32Array | Int32Array {
  const bits = bitsOperand(xs[0] as TensorInfo, shape);
  const param = (i: number): Param =>
    paramOperand(xs[i] as TensorInfo, inAvals[i] as ShapedArray, shape);
  switch (distribution) {
    case 'uniform':
      return uniformFromBits(bits, param(1), param(2));
    case 'truncated_normal':
      return truncatedNormalFromBits(bits, param(1), param(2));
    case 'randint':
      return randintFromBits(bits, bitsOperand(xs[1] as TensorInfo, shape), param(2), param(3));
    default: {
      const sampler = SIMPLE[distribution];
      if (sampler === undefined) {
        throw new Error(`random_transform: no kernel for distribution ${distribution}.`);
      }
      return sampler(bits);
    }
  }
}

export const randomImpl = {
  threefry2x32: (xs, _params, [outAval]) => {
    const shape = outAval?.shape ?? [];
    const n = sizeOf(shape);
    const [k0, k1, x0, x1] = xs.map((x) => viewAs(x, 'uint32') as Uint32Array) as [
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
    ];
    const [i0, i1, i2, i3] = xs as [(typeof xs)[0], (typeof xs)[0], (typeof xs)[0], (typeof xs)[0]];
    const c0 = broadcastU32(x0, i2.shape, shape);
    const c1 = broadcastU32(x1, i3.shape, shape);
    const y0 = new Int32Array(n);
    const y1 = new Int32Array(n);
    const o0 = new Uint32Array(y0.buffer);
    const o1 = new Uint32Array(y1.buffer);
    if (k0.length === 1 && k1.length === 1) {
      threefry2x32(k0[0] as number, k1[0] as number, c0, c1, o0, o1);
    } else {
      threefry2x32Keys(
        broadcastU32(k0, i0.shape, shape),
        broadcastU32(k1, i1.shape, shape),
        c0,
        c1,
        o0,
        o1,
      );
    }
    return [writeStorage(y0, shape, 'uint32'), writeStorage(y1, shape, 'uint32')];
  },

  random_bits: ([key], { shape, bit_width }) => {
    const words = bitsKernel(keyOf(key as TensorInfo), sizeOf(shape), bit_width);
    // 8/16-bit words widen to uint32 storage (jaxts has no uint8/uint16 dtypes).
    const data = words instanceof Uint32Array ? asStorage(words) : Int32Array.from(words);
    return [writeStorage(data, shape, 'uint32')];
  },

  random_split: ([key], { shape }) => {
    const keys = splitKernel(keyOf(key as TensorInfo), shape);
    return [writeStorage(asStorage(keys), [...shape, 2], 'uint32')];
  },

  random_fold_in: ([key, data]) => {
    const datum = keyOf(data as TensorInfo)[0] as number;
    return [writeStorage(asStorage(foldInKernel(keyOf(key as TensorInfo), datum)), [2], 'uint32')];
  },

  random_transform: (xs, { distribution }, [outAval], inAvals) => {
    const out = outAval as ShapedArray;
    const values = transform(distribution, xs, inAvals, out.shape);
    return [writeStorage(values, out.shape, out.dtype)];
  },
} satisfies ImplFamily<RandomPrimitive>;
