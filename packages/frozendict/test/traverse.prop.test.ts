import { test } from '@fast-check/vitest';
import {
  emptyNode,
  flattenDict,
  freeze,
  pathAwareMap,
  unflattenDict,
  unfreeze,
} from '@jaxts/frozendict';
import { expect } from 'vitest';
import { dictTree, keyNoSep } from './arbitraries.ts';

test.prop([dictTree()])('unflattenDict(flattenDict(x, { keepEmptyNodes })) equals x', (x) => {
  expect(unflattenDict(flattenDict(x, { keepEmptyNodes: true }))).toStrictEqual(x);
  expect(unflattenDict(flattenDict(freeze(x), { keepEmptyNodes: true }))).toStrictEqual(x);
});

test.prop([dictTree(keyNoSep)])('round trip through sep-joined keys', (x) => {
  const flat = flattenDict(x, { keepEmptyNodes: true, sep: '/' });
  expect(unflattenDict(flat, { sep: '/' })).toStrictEqual(x);
});

test.prop([dictTree()])('flattenDict paths lead to non-dict values', (x) => {
  for (const [path, value] of flattenDict(x)) {
    let cursor: unknown = x;
    for (const part of path) cursor = (cursor as Record<string, unknown>)[part];
    expect(cursor).toBe(value);
    expect(value).not.toBe(emptyNode);
  }
});

test.prop([dictTree()])(
  'pathAwareMap with the identity is a deep copy keeping empty nodes',
  (x) => {
    expect(pathAwareMap((_path, v: unknown) => v, x)).toStrictEqual(x);
    expect(unfreeze(pathAwareMap((_path, v: unknown) => v, freeze(x)))).toStrictEqual(x);
  },
);
