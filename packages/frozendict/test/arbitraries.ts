// fast-check arbitraries for the frozendict property tests (kept local: @jaxts/testing depends on
// this package, not the other way round).
import { freeze } from '@jaxts/frozendict';
import fc from 'fast-check';

/** A class instance leaf standing in for a tensor. */
export class Box {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Keys, including ones that collide with FrozenDict methods and special JS keys. */
export const key: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('keys', 'pop', 'size', 'get', 'copy', '__proto__', '0', '10', '', "it's", 'a/b'),
  fc.stringMatching(/^[a-z]{1,3}$/),
);

/** Keys without the `/` separator (for sep round-trips). */
export const keyNoSep: fc.Arbitrary<string> = key.filter((k) => !k.includes('/'));

/** Non-dict leaves: numbers, strings, booleans, arrays of numbers, class instances. */
export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.integer().map((v) => new Box(v)),
);

/** Nested plain objects (no arrays of dicts) with non-dict leaves. */
export function dictTree(keys: fc.Arbitrary<string> = key): fc.Arbitrary<Record<string, unknown>> {
  const { node } = fc.letrec<{ node: unknown; dict: Record<string, unknown> }>((tie) => ({
    node: fc.oneof({ maxDepth: 3, depthIdentifier: 'dict' }, leaf, tie('dict')),
    dict: fc.dictionary(keys, tie('node'), {
      maxKeys: 4,
      noNullPrototype: true,
      depthIdentifier: 'dict',
    }),
  }));
  return fc.dictionary(keys, node, { maxKeys: 4, noNullPrototype: true });
}

/** General pytrees: leaves, null, undefined, arrays, plain objects and FrozenDicts. */
export const pytree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'tree' },
    leaf,
    fc.constantFrom(null, undefined),
    fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'tree' }),
    fc.dictionary(key, tie('node'), { maxKeys: 4, noNullPrototype: true, depthIdentifier: 'tree' }),
    fc
      .dictionary(key, tie('node'), { maxKeys: 3, noNullPrototype: true, depthIdentifier: 'tree' })
      .map((d) => freeze(d)),
  ),
})).node;
