import { expect, test } from 'vitest';
import { freeze } from './frozen-dict.ts';
import { repr, reprNumber, reprString, truncate, typeName } from './repr.ts';

test('reprString quotes like Python', () => {
  expect(reprString('abc')).toBe("'abc'");
  expect(reprString("it's")).toBe(`"it's"`);
  expect(reprString(`both ' and "`)).toBe(`'both \\' and "'`);
  expect(reprString('a\nb\t\\')).toBe("'a\\nb\\t\\\\'");
  expect(reprString('\u0001')).toBe("'\\x01'");
});

test('reprNumber uses Python spellings for non-finite values', () => {
  expect(reprNumber(1.5)).toBe('1.5');
  expect(reprNumber(Number.NaN)).toBe('nan');
  expect(reprNumber(Number.POSITIVE_INFINITY)).toBe('inf');
  expect(reprNumber(Number.NEGATIVE_INFINITY)).toBe('-inf');
});

test('repr of JS values is Python-flavoured', () => {
  expect(repr(null)).toBe('None');
  expect(repr(true)).toBe('True');
  expect(repr(false)).toBe('False');
  expect(repr(undefined)).toBe('undefined');
  expect(repr([1, 'a', [null]])).toBe("[1, 'a', [None]]");
  expect(repr({ a: 1, b: [2] })).toBe("{'a': 1, 'b': [2]}");
  expect(repr(3n)).toBe('3');
  expect(repr(Symbol('s'))).toBe('Symbol(s)');
  expect(repr(function named() {})).toBe('<function named>');
  expect(repr(freeze({ a: 1 }))).toBe('FrozenDict({\n    a: 1,\n})');
});

test('typeName', () => {
  expect(typeName(null)).toBe('null');
  expect(typeName(undefined)).toBe('undefined');
  expect(typeName(1)).toBe('number');
  expect(typeName([])).toBe('Array');
  expect(typeName({})).toBe('Object');
  expect(typeName(Object.create(null))).toBe('Object');
  expect(typeName(new Map())).toBe('Map');
  expect(typeName(freeze({}))).toBe('FrozenDict');
});

test('truncate', () => {
  expect(truncate('abc', 5)).toBe('abc');
  expect(truncate('abcdefgh', 5)).toBe('ab...');
});
