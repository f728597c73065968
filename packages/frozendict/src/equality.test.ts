import { expect, test } from 'vitest';
import { deepEqual, hashValue } from './equality.ts';
import { freeze } from './frozen-dict.ts';

test('deepEqual over dicts, arrays and leaves', () => {
  expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
  expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
  expect(deepEqual([1], { 0: 1 })).toBe(false);
  expect(deepEqual({ 0: 1 }, [1])).toBe(false);
  expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
  expect(deepEqual(0, -0)).toBe(true);
  expect(deepEqual(freeze({ a: { b: 1 } }), { a: { b: 1 } })).toBe(true);
  expect(deepEqual(new Map(), new Map())).toBe(false);
  expect(deepEqual('a', 'a')).toBe(true);
  expect(deepEqual(null, undefined)).toBe(false);
});

test('hashValue is consistent with deepEqual', () => {
  const pairs: [unknown, unknown][] = [
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    [freeze({ a: [1, 2] }), { a: [1, 2] }],
    [0, -0],
    [Number.NaN, Number.NaN],
    ['s', 's'],
  ];
  for (const [a, b] of pairs) {
    expect(deepEqual(a, b)).toBe(true);
    expect(hashValue(a)).toBe(hashValue(b));
  }
  const obj = new Map();
  expect(hashValue(obj)).toBe(hashValue(obj));
  expect(hashValue(new Map())).not.toBe(hashValue(new Map()));
  expect(hashValue([1, 2])).not.toBe(hashValue([2, 1]));
  expect(hashValue(true)).not.toBe(hashValue(false));
  expect(hashValue(null)).not.toBe(hashValue(undefined));
  expect(hashValue(1n)).toBe(hashValue(1n));
  expect(hashValue(Symbol.for('x'))).toBe(hashValue(Symbol.for('x')));
  const fn = () => 1;
  expect(hashValue(fn)).toBe(hashValue(fn));
});
