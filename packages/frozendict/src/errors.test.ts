import { expect, test } from 'vitest';
import {
  DuplicateNodeRegistrationError,
  ImmutableFrozenDictError,
  InvalidPytreeNodeError,
  JaxtsError,
  MissingKeyError,
  NotADictError,
  PathConflictError,
  TreePrefixError,
  TreeStructureError,
} from './errors.ts';

test('every error is a JaxtsError named after its class', () => {
  const errors: Error[] = [
    new JaxtsError('m'),
    new ImmutableFrozenDictError('m'),
    new MissingKeyError('m', 'k', ['a']),
    new NotADictError('m'),
    new TreeStructureError('m', ['a', 0]),
    new TreePrefixError('m'),
    new DuplicateNodeRegistrationError('m'),
    new InvalidPytreeNodeError('m'),
    new PathConflictError('m'),
  ];
  for (const error of errors) {
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(JaxtsError);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message).toBe('m');
    expect(String(error)).toBe(`${error.name}: m`);
  }
});

test('structured fields', () => {
  expect(new TreePrefixError('m', [1])).toBeInstanceOf(TreeStructureError);
  expect(new TreeStructureError('m', ['a', 0]).keyPath).toEqual(['a', 0]);
  expect(new TreeStructureError('m').keyPath).toBeUndefined();
  const missing = new MissingKeyError('m', 'k', ['a', 'b']);
  expect([missing.key, missing.availableKeys]).toEqual(['k', ['a', 'b']]);
  expect(new JaxtsError('m', { cause: 1 }).cause).toBe(1);
});
