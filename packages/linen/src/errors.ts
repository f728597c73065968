// Error classes of @jaxts/linen: the counterparts of flax.errors (FlaxError subclasses). Each
// message starts with Flax's exact text (flax 0.12.8, without the documentation URL) so error
// searches find the Flax docs; a jaxts hint may follow.

import { JaxtsError } from '@jaxts/frozendict';

/** Python's tuple repr of a shape: `(3, 2)`, `(4,)`, `()`. */
export function pyShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Base class of every linen error (Flax: FlaxError). */
export class LinenError extends JaxtsError {}

/**
 * A parameter is missing during `apply` while the `params` collection is not empty (usually a
 * wrong module structure or parameter name).
 *
 * ```ts
 * const vars = new nn.Dense({ features: 3 }).init(key, x);
 * new OtherModel().apply(vars, x); // Could not find parameter named "kernel" in scope "/Dense_1".
 * ```
 */
export class ScopeParamNotFoundError extends LinenError {
  constructor(paramName: string, scopePath: string) {
    super(`Could not find parameter named "${paramName}" in scope "${scopePath}".`);
  }
}

/**
 * A variable was read from a collection that was not passed to `apply` at all, e.g.
 * `model.apply({}, x)` or a BatchNorm model applied with `{ params }` only.
 */
export class ScopeCollectionNotFound extends LinenError {
  constructor(colName: string, varName: string, scopePath: string) {
    super(
      `Tried to access "${varName}" from collection "${colName}" in "${scopePath}" but the ` +
        'collection is empty.',
    );
  }
}

/**
 * An existing parameter does not have the shape its initializer would produce now (for example
 * the input feature size changed between `init` and `apply`).
 */
export class ScopeParamShapeError extends LinenError {
  constructor(
    paramName: string,
    scopePath: string,
    valueShape: readonly number[],
    initShape: readonly number[],
  ) {
    super(
      `For parameter "${paramName}" in "${scopePath}", the given initializer is expected to ` +
        `generate shape ${pyShape(initShape)}, but the existing parameter it received has shape ` +
        `${pyShape(valueShape)}.`,
    );
  }
}

/** `variable(col, name)` without an init function found no such variable. */
export class ScopeVariableNotFoundError extends LinenError {
  constructor(name: string, col: string, scopePath: string) {
    super(`No Variable named "${name}" for collection "${col}" exists in "${scopePath}".`);
  }
}

/**
 * A variable of an immutable collection was written. Pass the collection in `mutable`:
 * `model.apply(variables, x, { mutable: ['batch_stats'] })`.
 */
export class ModifyScopeVariableError extends LinenError {
  constructor(col: string, variableName: string, scopePath: string) {
    super(
      `Cannot update variable "${variableName}" in "${scopePath}" because collection "${col}" ` +
        `is immutable. Pass { mutable: ['${col}'] } to apply to update it.`,
    );
  }
}

/**
 * The first argument of `apply` must be a dict of collections (`{ params, batch_stats, ... }`),
 * not the raw parameters: write `model.apply({ params }, x)`.
 */
export class ApplyScopeInvalidVariablesTypeError extends LinenError {
  constructor() {
    super(
      'The first argument passed to an apply function should be a dictionary of collections. ' +
        'Each collection should be a dictionary with string keys.',
    );
  }
}

/** `apply({ params: { params: ... } })`: one `params` level too many. */
export class ApplyScopeInvalidVariablesStructureError extends LinenError {
  constructor() {
    super(
      'Expect the `variables` (first argument) passed to apply() to be a dict with the ' +
        'structure {"params": ...}, but got a dict with an extra params layer, i.e.  ' +
        '{"params": {"params": ... } }. You should instead pass in your dict\'s ["params"].',
    );
  }
}

/**
 * A random stream is missing (`Dropout_0 needs PRNG for "dropout"`: pass
 * `{ rngs: { dropout: key } }` to apply), or `rngs` is not a key / dict of keys.
 */
export class InvalidRngError extends LinenError {}

/**
 * Two params, variables (of one collection) or submodules of a module share a name; they live
 * in one namespace: `Could not create submodule "a" in Module Dup: Name in use.`
 */
export class NameInUseError extends LinenError {
  constructor(keyType: 'param' | 'variable' | 'submodule', value: string, moduleName: string) {
    super(`Could not create ${keyType} "${value}" in Module ${moduleName}: Name in use.`);
  }
}

/**
 * A submodule was constructed inside a method that is neither `setup()` nor a compact method
 * (`call` and the methods listed in `static compactMethods`) of a bound module.
 */
export class AssignSubModuleError extends LinenError {
  constructor(cls: string) {
    super(`Submodule ${cls} must be defined in \`setup()\` or in a method wrapped in \`@compact\``);
  }
}

/**
 * `param` / `variable` was called outside `setup()` and outside a compact method (Flax raises
 * a plain ValueError with this text).
 */
export class InitializationNotAllowedError extends LinenError {
  constructor(kind: 'Parameters' | 'Variables') {
    super(`${kind} must be initialized in \`setup()\` or in a method wrapped in \`@compact\``);
  }
}

/**
 * A compact method (`call`) was called on a module that is not bound to variables: use
 * `model.init(key, x)` / `model.apply(variables, x)` instead of `model.call(x)` at top level.
 */
export class CallCompactUnboundModuleError extends LinenError {
  constructor() {
    super(
      "Can't call compact methods on unbound modules. Use model.apply(variables, ...) or " +
        'model.init(rngs, ...) instead.',
    );
  }
}

/** `apply`/`init` got a `method` that is neither a method name, a method nor a function. */
export class ApplyModuleInvalidMethodError extends LinenError {
  constructor(method: string) {
    super(`Cannot call apply(): ${method} is not a valid function for apply().`);
  }
}

/** A collection filter that is not a boolean, string, list of strings, DenyList or function. */
export class InvalidFilterError extends LinenError {
  constructor(filter: string) {
    super(`Invalid Filter: "${filter}"`);
  }
}

/** A scope was used after its `init`/`apply` call returned. */
export class InvalidScopeError extends LinenError {
  constructor(scopeName: string) {
    super(`The scope "${scopeName}" is no longer valid.`);
  }
}

/**
 * A hyperparameter given both to the constructor and at call time, or to neither
 * (`nn.mergeParam`): `Parameter "deterministic" must be passed to the constructor or at call time.`
 */
export class MergeParamError extends LinenError {}

/** `props.name` / `props.parent` misuse, or a reserved Module member overridden. */
export class ReservedModuleAttributeError extends LinenError {}

/** A layer got hyperparameters or inputs it cannot work with (Flax raises ValueError). */
export class InvalidModuleArgumentError extends LinenError {}
