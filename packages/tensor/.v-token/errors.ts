/**
 * Error classes of @jaxts/tensor. Names follow Flax's rule (`<Verb><Object><Problem>Error` or a
 * plain description); messages read `<api>: <what is wrong>; expected <X>, got <Y>. <fix>`.
 */

import { JaxtsError } from '@jaxts/frozendict';

// One base class for the whole stack: it lives in the dependency-free package.
export { JaxtsError };

/** A shape is invalid for an op or operands have incompatible shapes. */
export class ShapeError extends JaxtsError {}

/** A dtype is invalid for an op, or operand dtypes do not match where they must. */
export class DTypeError extends JaxtsError {}

/** A dtype jaxts does not support (float16, bfloat16, float64, complex, strings). */
export class UnsupportedDTypeError extends JaxtsError {}

/** An axis argument is out of range or repeated. */
export class AxisError extends JaxtsError {}

/** An argument has the wrong type or value (not a shape or dtype problem). */
export class InvalidArgumentError extends JaxtsError {}

/**
 * A traced value was used where a concrete one is needed, e.g. `if (x.item() > 0)` inside jit.
 * JAX: ConcretizationTypeError / TracerBoolConversionError.
 */
export class ConcretizationTypeError extends JaxtsError {}

/** A tracer escaped the transformation that created it, or levels got mixed. */
export class UnexpectedTracerError extends JaxtsError {}

/** A collective named an axis that no enclosing transformation binds. */
export class UnboundAxisNameError extends JaxtsError {}

/** A tensor was used after `dispose()`. */
export class DisposedTensorError extends JaxtsError {}

/** An interpretation has no rule for a primitive (only for tables that are allowed to be partial). */
export class MissingRuleError extends JaxtsError {
  constructor(table: string, primitive: string) {
    super(`${table}: no rule for primitive '${primitive}'.`);
  }
}
