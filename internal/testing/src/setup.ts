// Vitest setup for every jaxts test file (root vitest.config.ts `setupFiles`): registers the
// toBeAllclose matcher (JAX's check_close) and the global fast-check budget.

import fc from 'fast-check';
import { expect } from 'vitest';
import { type AllcloseOptions, allclose } from './allclose.ts';

interface AllcloseMatchers<R = unknown> {
  /**
   * NumPy allclose: `|actual - expected| <= atol + rtol * |expected|` element-wise, equal shapes,
   * NaN equals NaN, infinities must match. Defaults: `rtol = 1e-5`, `atol = 1e-6`.
   */
  toBeAllclose(expected: unknown, options?: AllcloseOptions): R;
}

declare module 'vitest' {
  interface Assertion<T> extends AllcloseMatchers<T> {}
  interface AsymmetricMatchersContaining extends AllcloseMatchers {}
}

expect.extend({
  toBeAllclose(received: unknown, expected: unknown, options?: AllcloseOptions) {
    const result = allclose(received, expected, options);
    return {
      pass: result.pass,
      message: () =>
        this.isNot
          ? `expected values not to be allclose, but they are: ${result.message}`
          : `expected values to be allclose: ${result.message}`,
      actual: received,
      expected,
    };
  },
});

fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS ?? 25) });
