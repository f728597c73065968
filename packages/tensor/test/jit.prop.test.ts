/**
 * Laws of jit on random programs (test/jit-programs.ts): jit(f) equals f on both backends and
 * with every compilation mode (host loops generated or interpreted, kernels only, no fusion, no
 * passes); the cache hits and retraces exactly per signature; grad and jit commute.
 */
import { test } from '@fast-check/vitest';
import { grad } from '@jaxts/grad';
import { jit, numpy as jnp, setBackend, type Tensor } from '@jaxts/tensor';
import fc from 'fast-check';
import { afterAll, describe, expect } from 'vitest';
import { ALL_OPS, denote, programArb, SMOOTH_OPS, shapeArb, valuesFor } from './jit-programs.ts';

afterAll(async () => {
  await setBackend('cpu');
});

const MODES = [
  {},
  { codegen: false },
  { host: false },
  { fuseElementwise: false, fuseMatmul: false },
  { passes: { inline: false, simplify: false, fold: false, cse: false, dce: false } },
] as const;

const TOL = { rtol: 2e-5, atol: 2e-5 };

describe('jit(f) equals f', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    test.prop([programArb(ALL_OPS.length), shapeArb(), shapeArb(2), fc.nat(1000)])(
      `random programs on ${backend}`,
      async (prog, s1, s2, seed) => {
        await setBackend(backend);
        const f = denote(prog, ALL_OPS);
        const xs = [valuesFor(s1, seed), valuesFor(s2, seed + 1)];
        const want = f(...xs);
        for (const mode of MODES) {
          const got = jit(f, { compilerOptions: mode })(...xs);
          expect(got.length).toBe(want.length);
          got.forEach((g, i) => {
            const w = want[i] as Tensor;
            expect(g.shape).toEqual(w.shape);
            expect(g.dtype).toBe(w.dtype);
            expect(g).toBeAllclose(w, TOL);
          });
        }
      },
    );
  }

  test.prop([programArb(SMOOTH_OPS.length, 5), fc.integer({ min: 3000, max: 9000 }), fc.nat(1000)])(
    'larger arrays cross the host/kernel boundary on wasm',
    async (prog, n, seed) => {
      await setBackend('wasm');
      const f = denote(prog, SMOOTH_OPS);
      const x = valuesFor([n], seed);
      const want = f(x);
      // Host sums accumulate in float64, wasm's in float32: long sums differ by rounding.
      jit(f)(x).forEach((g, i) => {
        expect(g).toBeAllclose(want[i] as Tensor, { rtol: 1e-4, atol: 1e-3 });
      });
    },
  );
});

describe('jit cache', () => {
  const sigArb = fc.record({
    shape: fc.constantFrom([2], [3], [2, 2]),
    dtype: fc.constantFrom('float32', 'int32'),
    weak: fc.boolean(),
    stat: fc.constantFrom(1, 2),
  });
  test.prop([fc.array(sigArb, { minLength: 1, maxLength: 12 })])(
    'traces exactly once per distinct signature',
    (calls) => {
      const f = jit((x: Tensor | number, s: number) => jnp.multiply(x, s), { staticArgnums: 1 });
      const seen = new Set<string>();
      for (const c of calls) {
        const arg =
          c.weak && c.shape.length === 1 && c.shape[0] === 2 ? 3 : jnp.ones(c.shape, c.dtype);
        const sig = typeof arg === 'number' ? `weak|${c.stat}` : `${c.shape}|${c.dtype}|${c.stat}`;
        seen.add(sig);
        const out = f(arg, c.stat) as Tensor;
        const want = jnp.multiply(arg, c.stat);
        expect(out.dtype).toBe(want.dtype);
        expect(out.weakType).toBe(want.weakType);
        expect(out.toArray()).toEqual(want.toArray());
        expect(f.traceCount).toBe(seen.size);
        expect(f.cacheSize).toBe(seen.size);
      }
    },
  );
});

describe('grad and jit commute', () => {
  test.prop([programArb(SMOOTH_OPS.length, 6), shapeArb(2, 3), fc.nat(1000)])(
    'grad(jit(f)) = jit(grad(f)) = grad(f) on random smooth functions',
    async (prog, s, seed) => {
      await setBackend('cpu');
      const f = (x: Tensor): Tensor =>
        denote(
          prog,
          SMOOTH_OPS,
        )(x)
          .map((o) => o.sum())
          .reduce((a, b) => a.add(b));
      const x = valuesFor(s, seed);
      const want = grad(f)(x) as Tensor;
      expect(grad(jit(f))(x)).toBeAllclose(want, { rtol: 1e-4, atol: 1e-5 });
      expect(jit(grad(f))(x)).toBeAllclose(want, { rtol: 1e-4, atol: 1e-5 });
      expect(jit(grad(jit(f)))(x)).toBeAllclose(want, { rtol: 1e-4, atol: 1e-5 });
    },
  );
});
