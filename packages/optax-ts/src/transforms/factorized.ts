// Adafactor's preconditioner: scaleByFactoredRms keeps row and column averages of the squared
// gradients for large matrices (O(n + m) memory) and a full average otherwise. Mirrors
// optax/_src/factorized.py.

import { tree } from '@jaxts/frozendict';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { type GradientTransformation, requireParams, type Scalar, type Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { asTensor } from '../internal/tree.ts';
import { safeIncrement } from '../numerics.ts';
import { zeroCount } from './adam.ts';

/** State of {@link scaleByFactoredRms}. @see optax.FactoredState */
export interface FactoredState {
  readonly count: Tensor;
  /** Per leaf: row averages (factored leaves) or a placeholder of shape [1]. */
  readonly vRow: Updates;
  /** Per leaf: column averages (factored leaves) or a placeholder of shape [1]. */
  readonly vCol: Updates;
  /** Per leaf: the full average (unfactored leaves) or a placeholder of shape [1]. */
  readonly v: Updates;
}

/** Options of {@link scaleByFactoredRms}. */
export interface ScaleByFactoredRmsOptions {
  /** Factor the second moment of matrices. Default true. */
  readonly factored?: boolean;
  /** Exponent of the decay schedule `1 - (t + 1)^(-decayRate)`. Default 0.8. */
  readonly decayRate?: Scalar;
  /** Subtracted from the step count in the decay schedule. Default 0. */
  readonly stepOffset?: Scalar;
  /** Factor only if the second-largest dimension is at least this. Default 128. */
  readonly minDimSizeToFactor?: number;
  /** Added to the squared gradients. Default 1e-30. */
  readonly epsilon?: Scalar;
  /** The decay schedule `(step, decayRate) => decay` (default Adafactor's). */
  readonly decayRateFn?: (step: Tensor, decayRate: Scalar) => Tensor;
}

/** Adafactor's decay schedule: `1 - (step + 1)^(-exponent)`. */
function decayRatePow(step: Tensor, exponent: Scalar): Tensor {
  const t = jnp.astype(jnp.add(step, 1), 'float32');
  return jnp.subtract(1, jnp.power(t, s.neg(exponent)));
}

/** The two largest dimensions `[d1, d0]` (second largest, largest) if the leaf is factored. */
function factoredDims(
  shape: readonly number[],
  factored: boolean,
  minDim: number,
): [number, number] | null {
  if (!factored || shape.length < 2) return null;
  const sorted = shape.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const second = sorted[sorted.length - 2] as readonly [number, number];
  const largest = sorted[sorted.length - 1] as readonly [number, number];
  if (second[0] < minDim) return null;
  return [second[1], largest[1]];
}

function without(shape: readonly number[], axis: number): number[] {
  return shape.filter((_, i) => i !== axis);
}

/**
 * Scales updates by the inverse root of a factored (rows × columns) or full moving average of the
 * squared gradients, with Adafactor's increasing decay `1 - t^(-0.8)`. Needs params.
 * @see optax.scale_by_factored_rms, Shazeer & Stern, https://arxiv.org/abs/1804.04235
 */
export function scaleByFactoredRms(
  options: ScaleByFactoredRmsOptions = {},
): GradientTransformation<FactoredState> {
  const {
    factored = true,
    decayRate = 0.8,
    stepOffset = 0,
    minDimSizeToFactor = 128,
    epsilon = 1e-30,
    decayRateFn = decayRatePow,
  } = options;
  s.checkHyperparams('scaleByFactoredRms', { decayRate, stepOffset, epsilon });
  s.checkInteger('scaleByFactoredRms', 'minDimSizeToFactor', minDimSizeToFactor);

  return {
    init: (params) => {
      const [leaves, def] = tree.flatten(params);
      const vRow: Tensor[] = [];
      const vCol: Tensor[] = [];
      const v: Tensor[] = [];
      for (const leaf of leaves) {
        const p = asTensor(leaf);
        const dims = factoredDims(p.shape, factored, minDimSizeToFactor);
        if (dims !== null) {
          const [d1, d0] = dims;
          vRow.push(jnp.zeros(without(p.shape, d0), p.dtype));
          vCol.push(jnp.zeros(without(p.shape, d1), p.dtype));
          v.push(jnp.zeros([1], p.dtype));
        } else {
          vRow.push(jnp.zeros([1], p.dtype));
          vCol.push(jnp.zeros([1], p.dtype));
          v.push(jnp.zerosLike(p));
        }
      }
      return {
        count: zeroCount(),
        vRow: def.unflatten(vRow),
        vCol: def.unflatten(vCol),
        v: def.unflatten(v),
      };
    },
    update: (grads, state, params) => {
      requireParams('scaleByFactoredRms', params);
      const [gLeaves, def] = tree.flatten(grads);
      const rows = tree.flattenUpTo(def, state.vRow, 'scaleByFactoredRms');
      const cols = tree.flattenUpTo(def, state.vCol, 'scaleByFactoredRms');
      const vs = tree.flattenUpTo(def, state.v, 'scaleByFactoredRms');
      const ps = tree.flattenUpTo(def, params, 'scaleByFactoredRms');
      const decay = decayRateFn(jnp.subtract(state.count, stepOffset), decayRate);
      const keep = jnp.subtract(1, decay);
      const outU: Tensor[] = [];
      const outRow: Tensor[] = [];
      const outCol: Tensor[] = [];
      const outV: Tensor[] = [];
      gLeaves.forEach((leaf, i) => {
        const g = asTensor(leaf);
        const p = asTensor(ps[i]);
        const gradSqr = jnp.add(jnp.multiply(g, g), epsilon);
        const dims = factoredDims(p.shape, factored, minDimSizeToFactor);
        if (dims !== null) {
          const [d1, d0] = dims;
          const newRow = jnp.astype(
            jnp.add(
              jnp.multiply(decay, rows[i] as Tensor),
              jnp.multiply(keep, jnp.mean(gradSqr, { axis: d0 })),
            ),
            p.dtype,
          );
          const newCol = jnp.astype(
            jnp.add(
              jnp.multiply(decay, cols[i] as Tensor),
              jnp.multiply(keep, jnp.mean(gradSqr, { axis: d1 })),
            ),
            p.dtype,
          );
          const reducedD1 = d1 > d0 ? d1 - 1 : d1;
          const rowColMean = jnp.mean(newRow, { axis: reducedD1, keepdims: true });
          const rowFactor = jnp.power(jnp.divide(newRow, rowColMean), -0.5);
          const colFactor = jnp.power(newCol, -0.5);
          outU.push(
            jnp.multiply(
              jnp.multiply(g, jnp.expandDims(rowFactor, d0)),
              jnp.expandDims(colFactor, d1),
            ),
          );
          outRow.push(newRow);
          outCol.push(newCol);
          outV.push(jnp.zeros([1], p.dtype));
        } else {
          const newV = jnp.astype(
            jnp.add(jnp.multiply(decay, vs[i] as Tensor), jnp.multiply(keep, gradSqr)),
            p.dtype,
          );
          outU.push(jnp.multiply(g, jnp.power(newV, -0.5)));
          outRow.push(jnp.zeros([1], p.dtype));
          outCol.push(jnp.zeros([1], p.dtype));
          outV.push(newV);
        }
      });
      return [
        def.unflatten(outU),
        {
          count: safeIncrement(state.count),
          vRow: def.unflatten(outRow),
          vCol: def.unflatten(outCol),
          v: def.unflatten(outV),
        },
      ];
    },
  };
}
