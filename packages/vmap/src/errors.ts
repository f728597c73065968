/**
 * Error classes of @jaxts/vmap. Wording follows JAX's `vmap` errors (ValueError / TypeError in
 * JAX) so that messages searched for online still match; see COMPAT.md.
 */
import { JaxtsError } from '@jaxts/frozendict';

/**
 * `inAxes` / `outAxes` is not an int, null or a (nested) container of those, or `inAxes` has one
 * entry per argument but the wrong length. JAX: the TypeError / ValueError raised by `jax.vmap`.
 *
 * @example
 * ```ts
 * vmap((x, y) => x.add(y), { inAxes: [0] })(xs, ys); // len(in_axes)=1, len(args)=2
 * ```
 */
export class AxesSpecError extends JaxtsError {}

/**
 * The mapped axes of the arguments do not all have one size (or disagree with `axisSize`), or no
 * argument is mapped and `axisSize` is missing. JAX: "vmap got inconsistent sizes for array axes
 * to be mapped".
 */
export class AxisSizeError extends JaxtsError {}

/**
 * A mapped axis is out of range for its argument, or an out axis is out of range for its output.
 * JAX: "vmap was requested to map its argument along axis 1, which implies that its rank should be
 * at least 2, but is only 1".
 */
export class MappedAxisError extends JaxtsError {}

/**
 * An output varies along the mapped axis but its `outAxes` entry is `null`. JAX: "vmap has mapped
 * output but out_axes is None". Return it with a numbered out axis, or reduce it over the axis
 * (for instance with `psum` / `pmean` under an `axisName`).
 */
export class MappedOutputError extends JaxtsError {}

/** An argument or output leaf is not an array, a number or a boolean. JAX: "not a valid JAX type". */
export class InvalidLeafError extends JaxtsError {}
