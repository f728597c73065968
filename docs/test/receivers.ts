// Placeholder names that the COMPAT.md tables use for instances (`fd.get(key)`, `treedef.numLeaves`,
// `nn.Dense`), per package. A function builds a sample object (from the package's exports) whose
// members are checked; `undefined` marks a placeholder for any value (`x instanceof FrozenDict`),
// whose members are not checked. `BARE` lists the objects in which a table's bare method names
// (`setup()`, `param(...)` in linen's Module table) are looked up.
import { freeze, tree } from '@jaxts/frozendict';

type Exports = Readonly<Record<string, unknown>>;
export type Receivers = Readonly<Record<string, ((exports: Exports) => unknown) | undefined>>;

function prototypeOf(exports: Exports, name: string): unknown {
  const cls = exports[name];
  return typeof cls === 'function' ? (cls as { prototype: unknown }).prototype : undefined;
}

export const RECEIVERS: Readonly<Record<string, Receivers>> = {
  '@jaxts/frozendict': {
    // `fd.key` in COMPAT.md reads an entry named `key`.
    fd: () => freeze({ key: 1 }),
    variables: () => freeze({ params: {} }),
    treedef: () => tree.structure({ a: 1 }),
    x: undefined,
  },
  '@jaxts/linen': {
    // `import * as nn from '@jaxts/linen'`
    nn: (exports) => exports,
    M: undefined,
    Props: undefined,
    ClassName_N: undefined,
  },
};

export const BARE: Readonly<Record<string, (exports: Exports) => unknown[]>> = {
  // The `optax.tree` table names its functions without the namespace.
  '@jaxts/optax-ts': (exports) => [exports.tree],
  '@jaxts/linen': (exports) => [
    prototypeOf(exports, 'Module'),
    exports.Module,
    exports.initializers,
  ],
};
