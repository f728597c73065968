import { expect, test } from 'vitest';
import { keystr } from './keypath.ts';

test('keystr prints JAX key paths', () => {
  expect(keystr(['a'])).toBe("['a']");
  expect(keystr(['b', 0])).toBe("['b'][0]");
  expect(keystr(['b', 1, 0])).toBe("['b'][1][0]");
  expect(keystr([])).toBe('');
  expect(keystr(["it's"])).toBe(`["it's"]`);
  expect(keystr(['0'])).toBe("['0']");
});

test('keystr simple form with a separator', () => {
  expect(keystr(['a', 0], { simple: true, separator: '/' })).toBe('a/0');
  expect(keystr(['a', 0], { simple: true })).toBe('a0');
  expect(keystr(['a', 0], { separator: '.' })).toBe("['a'].[0]");
});
