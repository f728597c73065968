// Pooling functions: pool, avgPool, maxPool, minPool (flax/linen/pooling.py) on lax.reduceWindow.

import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import { InvalidModuleArgumentError } from './errors.ts';
import { prod } from './layer-util.ts';

/** 'SAME', 'VALID' or one (low, high) pair per window dimension. */
export type PoolPadding = 'SAME' | 'VALID' | readonly (readonly [number, number])[];

/**
 * Reduces windows of the spatial axes of `(…batch, …spatial, features)` inputs (no batch axis is
 * fine) with the `add`, `max` or `min` monoid starting from `init`. flax.linen.pool.
 */
export function pool(
  inputs: Tensor,
  init: number,
  reduce: 'add' | 'max' | 'min',
  windowShape: readonly number[],
  strides: readonly number[] | null = null,
  padding: PoolPadding = 'VALID',
): Tensor {
  const numBatch = inputs.ndim - (windowShape.length + 1);
  const s = strides ?? windowShape.map(() => 1);
  if (s.length !== windowShape.length) {
    throw new InvalidModuleArgumentError(
      `len(${JSON.stringify(windowShape)}) must equal len(${JSON.stringify(s)})`,
    );
  }
  let allStrides = [...new Array<number>(numBatch).fill(1), ...s, 1];
  let dims = [...new Array<number>(numBatch).fill(1), ...windowShape, 1];
  let x = inputs;
  const single = numBatch === 0;
  if (single) {
    x = jnp.expandDims(x, 0);
    allStrides = [1, ...allStrides];
    dims = [1, ...dims];
  }
  let pads: 'SAME' | 'VALID' | [number, number][];
  if (typeof padding === 'string') pads = padding;
  else {
    if (padding.length !== windowShape.length) {
      throw new InvalidModuleArgumentError(
        `padding ${JSON.stringify(padding)} must specify pads for same number of dims as window_shape ${JSON.stringify(windowShape)}`,
      );
    }
    const lead = new Array<[number, number]>(dims.length - windowShape.length - 1).fill([0, 0]);
    pads = [...lead, ...padding.map(([a, b]) => [a, b] as [number, number]), [0, 0]];
  }
  const y = lax.reduceWindow(x, init, reduce, dims, allStrides, pads);
  return single ? jnp.squeeze(y, 0) : y;
}

export interface PoolOptions {
  /** Window strides (default 1 in every dim). */
  readonly strides?: readonly number[] | null;
  /** 'VALID' (default), 'SAME' or one (low, high) pair per window dim. */
  readonly padding?: PoolPadding;
}

export interface AvgPoolOptions extends PoolOptions {
  /** Count padded positions in the average (default true). */
  readonly countIncludePad?: boolean;
}

/**
 * Average pooling. With `countIncludePad` false, padded positions are not counted.
 * flax.linen.avg_pool.
 */
export function avgPool(
  inputs: Tensor,
  windowShape: readonly number[],
  opts: AvgPoolOptions = {},
): Tensor {
  const strides = opts.strides ?? null;
  const padding = opts.padding ?? 'VALID';
  const y = pool(inputs, 0.0, 'add', windowShape, strides, padding);
  if (opts.countIncludePad ?? true) return y.div(prod(windowShape));
  let divShape = [...inputs.shape.slice(0, -1), 1];
  if (divShape.length - 2 === windowShape.length) divShape = [1, ...divShape.slice(1)];
  return y.div(pool(jnp.ones(divShape), 0.0, 'add', windowShape, strides, padding));
}

/** Max pooling. flax.linen.max_pool. */
export function maxPool(
  inputs: Tensor,
  windowShape: readonly number[],
  opts: PoolOptions = {},
): Tensor {
  return pool(
    inputs,
    Number.NEGATIVE_INFINITY,
    'max',
    windowShape,
    opts.strides ?? null,
    opts.padding ?? 'VALID',
  );
}

/** Min pooling. flax.linen.pooling.min_pool. */
export function minPool(
  inputs: Tensor,
  windowShape: readonly number[],
  opts: PoolOptions = {},
): Tensor {
  return pool(
    inputs,
    Number.POSITIVE_INFINITY,
    'min',
    windowShape,
    opts.strides ?? null,
    opts.padding ?? 'VALID',
  );
}
