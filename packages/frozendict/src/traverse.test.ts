import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { NotADictError, PathConflictError } from './errors.ts';
import { freeze, isFrozenDict, unfreeze } from './frozen-dict.ts';
import { emptyNode, flattenDict, pathAwareMap, unflattenDict } from './traverse.ts';

const xs = { foo: 1, bar: { a: 2, b: {} } };

describe('flattenDict', () => {
  test('paths in insertion order, empty dicts dropped', () => {
    expect(flattenDict(xs)).toEqual([
      [['foo'], 1],
      [['bar', 'a'], 2],
    ]);
  });

  test('keepEmptyNodes keeps empty dicts as emptyNode', () => {
    expect(flattenDict(xs, { keepEmptyNodes: true })).toEqual([
      [['foo'], 1],
      [['bar', 'a'], 2],
      [['bar', 'b'], emptyNode],
    ]);
    // An empty input stays empty even with keepEmptyNodes (flax: `if prefix == (): return {}`).
    expect(flattenDict({}, { keepEmptyNodes: true })).toEqual([]);
  });

  test('sep joins paths into object keys', () => {
    expect(flattenDict(xs, { sep: '/' })).toEqual({ foo: 1, 'bar/a': 2 });
    expect(flattenDict(freeze({ params: { Dense_0: { kernel: 1 } } }), { sep: '.' })).toEqual({
      'params.Dense_0.kernel': 1,
    });
  });

  test('isLeaf(path, value) stops the descent', () => {
    const out = flattenDict(
      { a: { b: { c: 1 } }, d: { e: 2 } },
      { isLeaf: (path) => path.length === 2 },
    );
    expect(out).toEqual([
      [['a', 'b'], { c: 1 }],
      [['d', 'e'], 2],
    ]);
    expect(flattenDict({ a: 1 }, { isLeaf: () => true })).toEqual([[[], { a: 1 }]]);
  });

  test('arrays are leaves; FrozenDicts are descended', () => {
    expect(flattenDict({ a: [1, { b: 2 }], f: freeze({ g: 3 }) })).toEqual([
      [['a'], [1, { b: 2 }]],
      [['f', 'g'], 3],
    ]);
  });

  test('rejects non-dicts', () => {
    expect(() => flattenDict([1] as unknown as object)).toThrow(NotADictError);
    expect(() => flattenDict(new Map())).toThrow(
      /flattenDict: Expected FrozenDict or dict, got Map/,
    );
  });
});

describe('unflattenDict', () => {
  test('inverts flattenDict, restoring empty dicts', () => {
    expect(unflattenDict(flattenDict(xs, { keepEmptyNodes: true }))).toEqual(xs);
    expect(unflattenDict(flattenDict(xs))).toEqual({ foo: 1, bar: { a: 2 } });
  });

  test('accepts sep-keyed objects and Maps', () => {
    expect(unflattenDict({ 'bar/a': 2, foo: 1 }, { sep: '/' })).toEqual({ bar: { a: 2 }, foo: 1 });
    expect(unflattenDict({ 'a/b': 1 })).toEqual({ 'a/b': 1 });
    expect(
      unflattenDict(
        new Map<string | string[], unknown>([
          [['x', 'y'], 1],
          ['z', 2],
        ]),
      ),
    ).toEqual({ x: { y: 1 }, z: 2 });
  });

  test('conflicting paths throw PathConflictError', () => {
    expect(() =>
      unflattenDict([
        [['a'], 1],
        [['a', 'b'], 2],
      ]),
    ).toThrow(PathConflictError);
    expect(() =>
      unflattenDict([
        [['a', 'b'], 2],
        [['a'], 1],
      ]),
    ).toThrow(/path 'a' appears twice or is both/);
    expect(() =>
      unflattenDict([
        [['a'], { b: 1 }],
        [['a', 'c'], 2],
      ]),
    ).toThrow(/is both a value and a subtree/);
    expect(() => unflattenDict([[[], 1]])).toThrow(/is empty/);
  });

  test('__proto__ path parts become own keys', () => {
    const out = unflattenDict([[['__proto__', 'x'], 1]]);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('pathAwareMap', () => {
  test("flax's docstring example", () => {
    const out = pathAwareMap((path, x: number) => (path.includes('x') ? x + 5 : -x), {
      a: { x: 10, y: 3 },
      b: { x: 20 },
    });
    expect(out).toEqual({ a: { x: 15, y: -3 }, b: { x: 25 } });
  });

  test('keeps empty nodes; FrozenDict in, FrozenDict out', () => {
    expect(pathAwareMap((_p, x: number) => x, { a: {}, b: 1 })).toEqual({ a: {}, b: 1 });
    const params = freeze({ Dense_0: { kernel: 1, bias: 2 } });
    const labels = pathAwareMap((path) => (path.at(-1) === 'bias' ? 'no_decay' : 'decay'), params);
    expect(isFrozenDict(labels)).toBe(true);
    expect(unfreeze(labels)).toEqual({ Dense_0: { kernel: 'decay', bias: 'no_decay' } });
  });
});

test('emptyNode is a printable singleton', () => {
  expect(String(emptyNode)).toBe('emptyNode');
  expect(inspect(emptyNode)).toBe('emptyNode');
  expect(Object.isFrozen(emptyNode)).toBe(true);
});
