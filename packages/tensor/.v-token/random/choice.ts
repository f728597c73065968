/**
 * Random samples from a population, with or without replacement, uniform or weighted by p.
 * JAX: jax.random.choice (randint, permutation, inverse-CDF search, or the Gumbel top-k trick).
 */
import { InvalidArgumentError, ShapeError } from '../errors.ts';
import { composite } from '../numpy/composite.ts';
import { asTensor, type TensorLike } from '../numpy/convert.ts';
import { zeros } from '../numpy/creation.ts';
import { add, astype, less, log, multiply, subtract } from '../numpy/elementwise.ts';
import { getItem, slice, take } from '../numpy/indexing.ts';
import { cumsum, sum } from '../numpy/reduction.ts';
import { argsort, expandDims, reshape } from '../numpy/shape.ts';
import { normalizeAxis, sizeOf } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { checkKey, checkShape, floatParam } from './common.ts';
import { gumbel } from './distributions.ts';
import { permutation } from './permutation.ts';
import { randint } from './randint.ts';
import { uniform } from './uniform.ts';

export interface ChoiceOptions {
  /** Sample with replacement (default true). */
  readonly replace?: boolean;
  /** Probabilities of the entries of `a` along `axis` (a 1-D array); default uniform. */
  readonly p?: TensorLike | null;
  /** The axis of `a` to sample along (default 0). */
  readonly axis?: number;
}

/** Population size of an integer `a` (concrete, as JAX requires). */
function populationOf(arr: Tensor, a: number | TensorLike): number {
  const n = typeof a === 'number' ? a : Number(arr.item());
  if (!Number.isInteger(n)) {
    throw new InvalidArgumentError(
      `random.choice: a must be an integer or an array; expected an integer, got ${String(n)}.`,
    );
  }
  return n;
}

/** Indices of the k largest values along the last axis, ties to the lower index (lax.top_k). */
function topKIndices(x: Tensor, k: number): Tensor {
  const order = argsort(x, { axis: -1, descending: true, stable: true });
  return getItem(order, ['...', slice(0, k)]);
}

/** jnp.searchsorted(sorted, v) (side 'left'): how many entries of `sorted` are below each v. */
function searchsortedLeft(sorted: Tensor, v: Tensor): Tensor {
  const below = less(sorted, expandDims(v, -1));
  return sum(astype(below, 'int32'), { axis: -1 });
}

/**
 * `shape` samples from `a` (an integer n means arange(n); an array is sampled along `axis`).
 * The result has shape `shape` for an integer a, else a.shape with `axis` replaced by `shape`.
 * JAX: jax.random.choice.
 */
export function choice(
  key: Tensor,
  a: number | TensorLike,
  shape: readonly number[] = [],
  opts: ChoiceOptions = {},
): Tensor {
  const k = checkKey('choice', key);
  if (!Array.isArray(shape)) {
    throw new ShapeError(
      `random.choice: shape argument of choice must be a sequence; expected a list of ` +
        `integers, got ${JSON.stringify(shape)}. Write [n] for n samples.`,
    );
  }
  const s = checkShape('choice', shape);
  const replace = opts.replace ?? true;
  const arr = typeof a === 'number' ? null : asTensor(a, 'random.choice');
  const scalarA = arr === null || arr.ndim === 0;
  const axis = scalarA ? 0 : normalizeAxis('random.choice', opts.axis ?? 0, (arr as Tensor).ndim);
  const nInputs = scalarA
    ? populationOf(arr as Tensor, a)
    : ((arr as Tensor).shape[axis] as number);
  const nDraws = sizeOf(s);
  if (nDraws === 0) return zeros(s, arr === null ? 'int32' : arr.dtype);
  if (nInputs <= 0) {
    throw new InvalidArgumentError(
      `random.choice: a must be greater than 0 unless no samples are taken; got a population ` +
        `of size ${nInputs}.`,
    );
  }
  if (!replace && nDraws > nInputs) {
    throw new InvalidArgumentError(
      `random.choice: cannot take a larger sample (size ${nDraws}) than population (size ` +
        `${nInputs}) when 'replace=false'; expected at most ${nInputs} samples. Sample with ` +
        'replacement or take fewer.',
    );
  }
  const population = arr as Tensor;
  return composite(() => {
    let ind: Tensor;
    if (opts.p === undefined || opts.p === null) {
      if (replace) {
        ind = randint(k, s, 0, nInputs);
      } else {
        const perm = permutation(k, scalarA ? nInputs : population, { axis });
        const index = [...Array.from({ length: axis }, () => slice()), slice(0, nDraws)];
        const picked = getItem(perm, index);
        if (!scalarA) return reshape(picked, outShape(population.shape, axis, s));
        ind = picked;
      }
    } else {
      const p = floatParam('choice', opts.p);
      if (p.ndim !== 1 || p.shape[0] !== nInputs) {
        throw new ShapeError(
          `random.choice: p must be None or a 1D vector with the same size as a.shape[axis]; ` +
            `expected [${nInputs}], got p of shape [${p.shape.join(',')}].`,
        );
      }
      if (replace) {
        const pCuml = cumsum(p);
        const total = getItem(pCuml, -1);
        const r = multiply(total, subtract(1, uniform(k, s)));
        ind = searchsortedLeft(pCuml, r);
      } else {
        const g = add(gumbel(k, [nInputs]), log(p));
        ind = topKIndices(g, nDraws);
      }
    }
    if (scalarA) return reshape(ind, s);
    return reshape(take(population, ind, { axis }), outShape(population.shape, axis, s));
  });
}

function outShape(aShape: readonly number[], axis: number, s: readonly number[]): number[] {
  return [...aShape.slice(0, axis), ...s, ...aShape.slice(axis + 1)];
}
