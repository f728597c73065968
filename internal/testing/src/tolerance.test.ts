import { expect, test } from 'vitest';
import {
  defaultGradientTolerance,
  defaultTolerance,
  EPS,
  gradientTolerance,
  tolerance,
} from './tolerance.ts';

test("JAX's default tolerances (public_test_util)", () => {
  expect(defaultTolerance.float32).toBe(1e-6);
  expect(defaultTolerance.float16).toBe(1e-3);
  expect(defaultTolerance.int32).toBe(0);
  expect(defaultTolerance.bool).toBe(0);
  expect(defaultGradientTolerance.float32).toBe(2e-3);
  expect(defaultGradientTolerance.float64).toBe(1e-5);
  expect(EPS).toBe(1e-4);
});

test('tolerance() picks a number, an override table entry or the default', () => {
  expect(tolerance('float32')).toBe(1e-6);
  expect(tolerance('float32', 1e-3)).toBe(1e-3);
  expect(tolerance('float32', { float16: 1 })).toBe(1e-6);
  expect(tolerance('float16', { float16: 1 })).toBe(1);
  expect(gradientTolerance('float32')).toBe(2e-3);
  expect(gradientTolerance('float32', { float32: 1e-2 })).toBe(1e-2);
  expect(gradientTolerance('float16', 0.5)).toBe(0.5);
});
