/** stopGradient: the identity with a zero derivative, re-exported from lax. JAX: jax.lax.stop_gradient. */
import { lax } from '@jaxts/tensor';

export const stopGradient = lax.stopGradient;
