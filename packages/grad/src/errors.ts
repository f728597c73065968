/** Error classes of @jaxts/grad (wording follows JAX's where JAX has a well-known message). */
import { JaxtsError } from '@jaxts/frozendict';

/** A differentiation API was called with arguments it cannot differentiate. JAX: TypeError. */
export class GradTypeError extends JaxtsError {}

/** Primal and tangent (or cotangent) values do not match. JAX: ValueError / TypeError. */
export class TangentMismatchError extends JaxtsError {}

/** A primitive has no transpose rule, so it cannot appear linearly in a reverse-mode program. */
export class NonLinearError extends JaxtsError {}
