// The jax.nn pieces the losses are built from (softplus, log_sigmoid, log_softmax, a masked
// logsumexp), composed from jnp/lax ops here because @jaxts/tensor has no nn namespace.

import {
  type Axis,
  DTypeError,
  numpy as jnp,
  lax,
  type Tensor,
  type TensorLike,
} from '@jaxts/tensor';

/** A loss input as a Tensor. @internal */
export function input(x: TensorLike): Tensor {
  return jnp.asarray(x);
}

/** Optax's `check_subdtype(x, jnp.floating)`. @internal */
export function requireFloat(api: string, name: string, x: Tensor): void {
  if (x.dtype !== 'float32') {
    throw new DTypeError(
      `${api}: ${name} must be floating point; expected a float32 array, got ${x.aval.strShort()}. Convert it with jnp.astype(x, 'float32').`,
    );
  }
}

/** `where` broadcast to the rank of `x` (JAX expands a mask that lacks the reduced axis). @internal */
export function expandWhere(
  where: TensorLike | null | undefined,
  x: Tensor,
  axis: Axis | null,
): Tensor | null {
  if (where === null || where === undefined) return null;
  const w = jnp.asarray(where);
  if (w.ndim !== x.ndim && axis !== null) return jnp.expandDims(w, axis);
  return w;
}

/** `sum(x, axis)` over the elements where `where` is true (JAX's `sum(..., where=)`). @internal */
export function sumWhere(
  x: Tensor,
  axis: Axis | null,
  where: Tensor | null,
  keepdims = false,
): Tensor {
  const v = where === null ? x : jnp.where(where, x, 0);
  return jnp.sum(v, { axis, keepdims });
}

/** `log(1 + exp(x))` without overflow (jax.nn.softplus). @internal */
export function softplus(x: Tensor): Tensor {
  return jnp.logaddexp(x, 0);
}

/** `log(sigmoid(x)) = -softplus(-x)` (jax.nn.log_sigmoid). @internal */
export function logSigmoid(x: Tensor): Tensor {
  return jnp.negative(softplus(jnp.negative(x)));
}

/** jax.nn.log_softmax with an optional mask: masked entries are -inf. @internal */
export function logSoftmax(x: Tensor, axis: Axis | null, where: Tensor | null): Tensor {
  const xSafe = where === null ? x : jnp.where(where, x, -Infinity);
  const xMax = jnp.max(xSafe, { axis, keepdims: true });
  const shifted = jnp.subtract(xSafe, lax.stopGradient(xMax));
  const lse = jnp.log(sumWhere(jnp.exp(shifted), axis, where, true));
  const result = jnp.subtract(shifted, lse);
  return where === null ? result : jnp.where(where, result, -Infinity);
}

/** jax.nn.logsumexp with an optional mask (an all-masked slice gives -inf). @internal */
export function logsumexpWhere(x: Tensor, axis: Axis | null, where: Tensor | null): Tensor {
  if (where === null) return jnp.logsumexp(x, { axis });
  const a = jnp.where(where, x, -Infinity);
  let amax = jnp.max(a, { axis, keepdims: true });
  amax = lax.stopGradient(jnp.where(jnp.isfinite(amax), amax, 0));
  const sumexp = sumWhere(jnp.exp(jnp.subtract(a, amax)), axis, where, false);
  return jnp.add(jnp.log(sumexp), jnp.squeeze(amax, axis));
}
