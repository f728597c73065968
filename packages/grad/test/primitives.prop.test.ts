/**
 * For every primitive: the JVP matches central finite differences of the float32 function, the
 * VJP is its transpose (<vjp(ct), t> = <ct, jvp(t)>), linearize agrees with jvp, and the same
 * holds one order up (JAX's check_grads with order 2).
 */
import { jvpRules } from '@jaxts/grad';
import { describe, expect, it } from 'vitest';
import { checkProperty } from './check.ts';
import { primitiveCases } from './primitive-cases.ts';

const cases = primitiveCases();

/** Primitives whose derivative is checked in another test file (and why). */
const TESTED_ELSEWHERE: Record<string, string> = {
  nextafter: 'symbolic-zeros.test.ts: zero JVP by definition (finite differences see a slope of 1)',
  stop_gradient:
    'symbolic-zeros.test.ts: zero JVP by definition (finite differences see a slope of 1)',
  psum: 'collectives.test.ts (needs vmap)',
  pmax: 'collectives.test.ts (needs vmap)',
  pmin: 'collectives.test.ts (needs vmap)',
  all_gather: 'collectives.test.ts (needs vmap)',
  ppermute: 'collectives.test.ts (needs vmap)',
  axis_index: 'collectives.test.ts (needs vmap)',
  threefry2x32: 'dtypes.test.ts: PRNG primitives carry no tangent',
  random_bits: 'dtypes.test.ts: PRNG primitives carry no tangent',
  random_split: 'dtypes.test.ts: PRNG primitives carry no tangent',
  random_fold_in: 'dtypes.test.ts: PRNG primitives carry no tangent',
  random_transform: 'dtypes.test.ts: PRNG primitives carry no tangent',
  custom_vjp_call: 'custom.test.ts: forward mode is an error, checked by grad/vjp',
  custom_lin: 'custom.test.ts: the linear part of custom_vjp_call',
};

describe('JVP and transpose of every primitive', () => {
  for (const c of cases) {
    it(c.label, () => {
      checkProperty(c.gen, c.opts);
    });
  }
});

describe('second order: the JVP of the JVP', () => {
  for (const c of cases) {
    it(c.label, () => {
      checkProperty(c.gen, { ...c.opts, order2: true, numRuns: 4 });
    });
  }
});

it('every primitive with a JVP rule is covered', () => {
  const covered = new Set<string>([...cases.map((c) => c.prim), ...Object.keys(TESTED_ELSEWHERE)]);
  const missing = Object.keys(jvpRules).filter((p) => !covered.has(p));
  expect(missing).toEqual([]);
});
