/**
 * @jaxts/grad: forward and reverse autodiff (jax.grad, jax.value_and_grad, jax.jvp, jax.vjp,
 * jax.linearize, jax.jacfwd / jacrev / hessian), built Autodidax-style: JVP rules, linearization
 * by staging tangents, and transposition of the linear program.
 */

export type { CustomJvpFunction, CustomVjpFunction } from '@jaxts/tensor';
export { CustomRuleError, customJvp, customVjp } from '@jaxts/tensor';
export { GradTypeError, NonLinearError, TangentMismatchError } from './errors.ts';
export { jvpFlat, vjpFlat } from './flat.ts';
export type { ArgsLike, GradOf, GradOptions } from './grad.ts';
export { grad, valueAndGrad } from './grad.ts';
export type { JacobianOptions } from './jacobian.ts';
export { hessian, jacfwd, jacobian, jacrev } from './jacobian.ts';
export { jvp, linearize } from './jvp.ts';
export { JVPTrace, JVPTracer } from './jvp-trace.ts';
export { linearizeFlat } from './linearize-flat.ts';
export { jvpRules } from './rules/jvp.ts';
export { transposeRules } from './rules/transpose.ts';
export type { JvpRule, JvpRules, TransposeRule, TransposeRules } from './rules/types.ts';
export { stopGradient } from './stop-gradient.ts';
export { backwardPass, UndefinedPrimal } from './transpose.ts';
export type { VjpOptions } from './vjp.ts';
export { vjp } from './vjp.ts';
