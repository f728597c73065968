/**
 * Abstract eval of the PRNG primitives: threefry2x32, random_bits, random_split, random_fold_in
 * and random_transform. JAX: prng.py's random_bits_p / random_split_p / random_fold_in_p rules,
 * with keys as raw u32[2] arrays (jaxts has no key dtype).
 */
import { ShapedArray } from '../../core/aval.ts';
import type { RandomDistribution, RandomPrimitive } from '../../core/primitives.ts';
import type { AbstractEvalFamily } from '../../core/rule-types.ts';
import type { DType } from '../../dtype.ts';
import { DTypeError, InvalidArgumentError, ShapeError } from '../../errors.ts';
import { broadcastShapes } from '../../shape.ts';

function operands(prim: string, avals: readonly ShapedArray[], n: number, what: string): void {
  if (avals.length !== n) {
    throw new InvalidArgumentError(
      `${prim}: wrong number of operands; expected ${n} (${what}), got ${avals.length}.`,
    );
  }
}

/** A single raw key: u32[2]. */
function checkKey(prim: string, key: ShapedArray | undefined): void {
  if (key === undefined || key.dtype !== 'uint32' || key.ndim !== 1 || key.shape[0] !== 2) {
    const got = key === undefined ? 'nothing' : key.strShort();
    const Err = key !== undefined && key.dtype === 'uint32' ? ShapeError : DTypeError;
    throw new Err(
      `${prim}: expected a key of shape [2] and dtype uint32; got ${got}. Map over batches of ` +
        'keys with vmap.',
    );
  }
}

function checkShapeParam(prim: string, shape: readonly number[]): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(
      `${prim}: bad shape param; expected non-negative integers, got [${shape.join(',')}].`,
    );
  }
}

function checkDTypes(
  prim: string,
  avals: readonly ShapedArray[],
  names: readonly string[],
  allowed: readonly (readonly DType[])[],
): void {
  avals.forEach((a, i) => {
    const ok = allowed[i] as readonly DType[];
    if (!ok.includes(a.dtype)) {
      throw new DTypeError(
        `${prim}: operand ${names[i]} has the wrong dtype; expected ${ok.join(' or ')}, got ` +
          `${a.strShort()}. Convert it with lax.convertElementType first.`,
      );
    }
  });
}

const U32: readonly DType[] = ['uint32'];
const F32: readonly DType[] = ['float32'];
const INT: readonly DType[] = ['int32', 'uint32'];

/** Operand names and dtypes of each distribution, and its result dtype. */
const SIGNATURES: Record<
  RandomDistribution,
  { names: readonly string[]; dtypes: readonly (readonly DType[])[]; out: DType }
> = {
  uniform: { names: ['bits', 'minval', 'maxval'], dtypes: [U32, F32, F32], out: 'float32' },
  normal: { names: ['bits'], dtypes: [U32], out: 'float32' },
  truncated_normal: {
    names: ['bits', 'lower', 'upper'],
    dtypes: [U32, F32, F32],
    out: 'float32',
  },
  exponential: { names: ['bits'], dtypes: [U32], out: 'float32' },
  gumbel: { names: ['bits'], dtypes: [U32], out: 'float32' },
  laplace: { names: ['bits'], dtypes: [U32], out: 'float32' },
  logistic: { names: ['bits'], dtypes: [U32], out: 'float32' },
  randint: {
    names: ['higher_bits', 'lower_bits', 'minval', 'maxval'],
    dtypes: [U32, U32, INT, INT],
    out: 'int32',
  },
};

export const randomAbstractEval = {
  threefry2x32: (avals) => {
    if (avals.length !== 4 || avals.some((a) => a.dtype !== 'uint32')) {
      throw new DTypeError(
        `threefry2x32: requires four uint32 arguments (k0, k1, x0, x1); got ${avals.map((a) => a.strShort()).join(', ')}.`,
      );
    }
    const shape = broadcastShapes('threefry2x32', ...avals.map((a) => a.shape));
    return [new ShapedArray(shape, 'uint32'), new ShapedArray(shape, 'uint32')];
  },

  random_bits: (avals, { shape, bit_width }) => {
    operands('random_bits', avals, 1, 'a key');
    checkKey('random_bits', avals[0]);
    checkShapeParam('random_bits', shape);
    if (bit_width !== 8 && bit_width !== 16 && bit_width !== 32) {
      throw new InvalidArgumentError(
        `random_bits: bad bit_width; expected 8, 16 or 32, got ${String(bit_width)}.`,
      );
    }
    return [new ShapedArray([...shape], 'uint32')];
  },

  random_split: (avals, { shape }) => {
    operands('random_split', avals, 1, 'a key');
    checkKey('random_split', avals[0]);
    checkShapeParam('random_split', shape);
    return [new ShapedArray([...shape, 2], 'uint32')];
  },

  random_fold_in: (avals) => {
    operands('random_fold_in', avals, 2, 'a key and a datum');
    checkKey('random_fold_in', avals[0]);
    const data = avals[1] as ShapedArray;
    if (data.dtype !== 'uint32' || data.ndim !== 0) {
      throw new DTypeError(
        `random_fold_in: bad data; expected a uint32 scalar (u32[]), got ${data.strShort()}. ` +
          'Fold in one integer at a time (vmap over several).',
      );
    }
    return [new ShapedArray([2], 'uint32')];
  },

  random_transform: (avals, { distribution }) => {
    const sig = SIGNATURES[distribution];
    if (sig === undefined) {
      throw new InvalidArgumentError(
        `random_transform: unknown distribution ${JSON.stringify(distribution)}; expected one ` +
          `of ${Object.keys(SIGNATURES).join(', ')}.`,
      );
    }
    const prim = `random_transform[${distribution}]`;
    operands(prim, avals, sig.names.length, sig.names.join(', '));
    checkDTypes(prim, avals, sig.names, sig.dtypes);
    const shape = broadcastShapes(prim, ...avals.map((a) => a.shape));
    return [new ShapedArray(shape, sig.out)];
  },
} satisfies AbstractEvalFamily<RandomPrimitive>;
