import { expect, test } from 'vitest';

test('public API of @jaxts/frozendict', async () => {
  const api = await import('@jaxts/frozendict');
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "DuplicateNodeRegistrationError",
      "EmptyNode",
      "FrozenDict",
      "FrozenDictBase",
      "ImmutableFrozenDictError",
      "InvalidPytreeNodeError",
      "JaxtsError",
      "MissingKeyError",
      "NotADictError",
      "PYTREE",
      "PathConflictError",
      "TreeDef",
      "TreePrefixError",
      "TreeStructureError",
      "copy",
      "deepEqual",
      "emptyNode",
      "flattenDict",
      "freeze",
      "hashValue",
      "isFrozenDict",
      "keystr",
      "pathAwareMap",
      "pop",
      "prettyRepr",
      "registerNode",
      "serialization",
      "tree",
      "unflattenDict",
      "unfreeze",
    ]
  `);
});

test('public API of the tree namespace', async () => {
  const { tree } = await import('@jaxts/frozendict');
  expect(Object.keys(tree).sort()).toMatchInlineSnapshot(`
    [
      "PYTREE",
      "TreeDef",
      "all",
      "broadcast",
      "broadcastPrefix",
      "flatten",
      "flattenUpTo",
      "flattenWithPath",
      "keystr",
      "leaves",
      "leavesWithPath",
      "map",
      "mapWithPath",
      "reduce",
      "reduceAssociative",
      "registerNode",
      "structure",
      "transpose",
      "unflatten",
    ]
  `);
});
