/**
 * The vmap-equals-a-loop law as a fast-check property over a family of op cases: random batch
 * size, random in axes (negative and null included) and out axes for every case.
 */
import type { Tensor } from '@jaxts/tensor';
import { type AxesSpec, vmap } from '@jaxts/vmap';
import fc from 'fast-check';
import { expect } from 'vitest';
import { type ArraySpec, loopVmap, loopVmapFull, randArray, withBatchAxis } from './helpers.ts';

export interface OpCase {
  readonly label: string;
  readonly specs: readonly ArraySpec[];
  readonly f: (...xs: Tensor[]) => Tensor | Tensor[];
  readonly rtol?: number;
  readonly atol?: number;
}

interface Draw {
  readonly size: number;
  readonly axisSel: readonly number[];
  readonly mapped: readonly boolean[];
  readonly outSel: readonly number[];
  readonly seed: number;
}

const drawArb = fc.record({
  // Size 0 is drawn too (JAX's _CheckBatching tests empty batches).
  size: fc.integer({ min: 0, max: 3 }),
  axisSel: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  mapped: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  outSel: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  seed: fc.nat(),
});

/** An axis in [-(rank + 1), rank] picked by `sel`. */
const pickAxis = (sel: number, rank: number): number => (sel % (2 * rank + 2)) - (rank + 1);

export function checkCase(c: OpCase, d: Draw): void {
  const n = c.specs.length;
  const inAxes: (number | null)[] = c.specs.map((s, j) =>
    (d.mapped[j] ?? true) ? pickAxis(d.axisSel[j] ?? 0, s.shape.length) : null,
  );
  if (n > 0 && !inAxes.some((a) => a !== null)) inAxes[0] = 0;
  const argsOf = (size: number) =>
    c.specs.map((s, j) => {
      const ax = inAxes[j] ?? null;
      const shape = ax === null ? s.shape : withBatchAxis(s.shape, ax, size);
      return randArray({ ...s, shape }, d.seed + 7919 * j);
    });
  if (d.size === 0) {
    checkEmptyBatch(c, inAxes, argsOf(0), argsOf(1));
    return;
  }
  const args = argsOf(d.size);
  // Output ranks come from one per-example call.
  const { outs: probe, single } = loopVmapFull(c.f, args, inAxes, [], 1);
  const outAxes = probe.map((o, k) => pickAxis(d.outSel[k] ?? 0, o.ndim));
  const expected = loopVmap(c.f, args, inAxes, outAxes, d.size);
  const spec: AxesSpec = single ? (outAxes[0] ?? 0) : outAxes;
  const out: Tensor | Tensor[] = vmap(c.f, { inAxes, outAxes: spec })(...args);
  const actual = Array.isArray(out) ? out : [out];
  const where = `${c.label} inAxes=${JSON.stringify(inAxes)} outAxes=${JSON.stringify(outAxes)} size=${d.size}`;
  expect(actual.length, where).toBe(expected.length);
  actual.forEach((a, k) => {
    const e = expected[k] as Tensor;
    expect(a.shape, where).toEqual(e.shape);
    expect(a.dtype, where).toBe(e.dtype);
    expect(a, where).toBeAllclose(e, { rtol: c.rtol ?? 1e-5, atol: c.atol ?? 1e-5 });
  });
}

/** A size-0 batch: the results are empty, with the shapes and dtypes of a size-1 batch's. */
function checkEmptyBatch(
  c: OpCase,
  inAxes: (number | null)[],
  empty: Tensor[],
  one: Tensor[],
): void {
  const { outs: ref, single } = loopVmapFull(c.f, one, inAxes, [], 1);
  const outAxes = ref.map(() => 0);
  const out: Tensor | Tensor[] = vmap(c.f, { inAxes, outAxes: single ? 0 : outAxes })(...empty);
  const actual = Array.isArray(out) ? out : [out];
  const where = `${c.label} inAxes=${JSON.stringify(inAxes)} size=0`;
  actual.forEach((a, k) => {
    const e = ref[k] as Tensor;
    expect(a.shape, where).toEqual([0, ...e.shape]);
    expect(a.dtype, where).toBe(e.dtype);
  });
}

/** Asserts the law for every case the arbitrary produces. */
export function assertVmapLaw(cases: fc.Arbitrary<OpCase>, numRuns?: number): void {
  fc.assert(
    fc.property(cases, drawArb, (c, d) => {
      checkCase(c, d);
    }),
    // FC_NUM_RUNS (the deep run) overrides the per-family budgets.
    numRuns === undefined || process.env.FC_NUM_RUNS !== undefined ? {} : { numRuns },
  );
}
