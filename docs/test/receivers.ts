// Placeholder names that the COMPAT.md tables use for instances (`fd.get(key)`, `treedef.numLeaves`),
// per package. A function builds a sample instance whose members are checked; `undefined` marks a
// placeholder for any value (`x instanceof FrozenDict`), whose members are not checked.
import { freeze, tree } from '@jaxts/frozendict';

export type Receivers = Readonly<Record<string, (() => unknown) | undefined>>;

export const RECEIVERS: Readonly<Record<string, Receivers>> = {
  '@jaxts/frozendict': {
    // `fd.key` in COMPAT.md reads an entry named `key`.
    fd: () => freeze({ key: 1 }),
    variables: () => freeze({ params: {} }),
    treedef: () => tree.structure({ a: 1 }),
    x: undefined,
  },
};
