// Memory-efficient adaptive rescaling: scaleBySm3 (one accumulator per tensor axis). Mirrors
// optax/_src/transform.py (scale_by_sm3).

import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import type { GradientTransformation, Scalar, Updates } from '../base.ts';
import * as s from '../internal/scalar.ts';
import { mapTree } from '../internal/tree.ts';
import { updateMoment, zerosLike } from '../tree-utils.ts';

/** State of {@link scaleBySm3}. @see optax.ScaleBySM3State */
export interface ScaleBySm3State {
  /** Per leaf, one accumulator per axis (a list of Tensors). */
  readonly mu: Updates;
  /** Momentum of the preconditioned updates. */
  readonly nu: Updates;
}

/** Options of {@link scaleBySm3}. */
export interface ScaleBySm3Options {
  /** Momentum decay. Default 0.9. */
  readonly b1?: Scalar;
  /** Accumulator decay; 1 means a plain running sum. Default 1. */
  readonly b2?: number;
  /** Default 1e-8. */
  readonly eps?: Scalar;
}

function otherAxes(i: number, ndim: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < ndim; a++) if (a !== i) out.push(a);
  return out;
}

/**
 * SM3: keeps, per axis of each tensor, the maximum of the accumulated squared gradients over the
 * other axes; the preconditioner of an element is the minimum over its axes. Scalars get one
 * accumulator (Optax raises an IndexError on 0-d parameters).
 * @see optax.scale_by_sm3, Anil et al., https://arxiv.org/abs/1901.11150
 */
export function scaleBySm3(
  options: ScaleBySm3Options = {},
): GradientTransformation<ScaleBySm3State> {
  const { b1 = 0.9, b2 = 1, eps = 1e-8 } = options;
  s.checkHyperparams('scaleBySm3', { b1, b2, eps });
  const c0 = b2 !== 1 ? 1 - b2 : 1;
  const axesOf = (x: Tensor): number => Math.max(x.ndim, 1);
  return {
    init: (params) => ({
      mu: mapTree((p) => {
        if (p.ndim === 0) return [jnp.zeros([], p.dtype)];
        return p.shape.map((d) => jnp.zeros([d], p.dtype));
      }, params),
      nu: zerosLike(params),
    }),
    update: (updates, state) => {
      const accum = mapTree(
        (g, v) => {
          const vs = v as unknown as Tensor[];
          const expanded = vs.map((vi, i) =>
            g.ndim === 0
              ? vi
              : jnp.reshape(
                  vi,
                  g.shape.map((d, j) => (j === i ? d : 1)),
                ),
          );
          const prev =
            g.ndim < 2
              ? (expanded[0] as Tensor)
              : expanded.slice(1).reduce((a, b) => jnp.minimum(a, b), expanded[0] as Tensor);
          return jnp.add(jnp.multiply(c0, jnp.power(g, 2)), jnp.multiply(b2, prev));
        },
        updates,
        state.mu,
      );
      const scaled = mapTree(
        (g, a) => {
          const t = a as Tensor;
          return jnp.multiply(g, jnp.where(jnp.greater(t, 0), lax.rsqrt(jnp.add(t, eps)), 0));
        },
        updates,
        accum,
      );
      const nu = updateMoment(scaled, state.nu, b1, 1);
      const mu = mapTree((a) => {
        const n = axesOf(a);
        const out: Tensor[] = [];
        for (let i = 0; i < n; i++) {
          out.push(a.ndim < 2 ? a : jnp.max(a, { axis: otherAxes(i, a.ndim) }));
        }
        return out;
      }, accum);
      return [nu, { mu, nu }];
    },
  };
}
