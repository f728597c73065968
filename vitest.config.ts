import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run against package sources: the `@jaxts/source` export condition points every
// `@jaxts/*` import at `src/`, so `pnpm test` needs no build step.
const conditions = ['@jaxts/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@jaxts/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'internal/*/src/**/*.test.ts',
      'internal/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
      'docs/test/**/*.test.ts',
    ],
    setupFiles: ['internal/testing/src/setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
