/**
 * JAX's type promotion (jnp.promote_types, jnp.result_type, and the dtypes / weak types of
 * jnp.add, jnp.multiply and jnp.less over every pair of operand kinds) against
 * golden/ops-promotion.json, on cpu and wasm.
 */
import { numpy as jnp, setBackend, type Tensor } from '@jaxts/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNumber, type GoldenCase, loadGolden } from './golden.ts';
import { expectGolden, type Golden } from './structure-golden.ts';

type Fn = (...args: unknown[]) => Tensor;
type PromotionCase = GoldenCase & { readonly outDtype?: string; readonly errorType?: string };

/** Arguments as JAX got them: weak tensors stay weak; integral Python floats become weak float32. */
function arg(a: unknown): unknown {
  const o = a as Record<string, unknown>;
  if ('tensor' in o) {
    const t = o.tensor as Golden;
    return jnp.fromValues(t.data.map(decodeNumber), t.shape, t.dtype, t.weakType === true);
  }
  if ('scalar' in o) {
    const v = decodeNumber(o.scalar as number | boolean | string);
    if (o.pytype === 'float' && typeof v === 'number' && Number.isInteger(v)) {
      return jnp.fromValues([v], [], 'float32', true);
    }
    return v;
  }
  return o.value;
}

const all = loadGolden('ops-promotion.json').cases as PromotionCase[];
// jnp.asarray of out-of-range integers is array creation (convert.ts), tested with creation.
const cases = all.filter((c) => c.fn !== 'numpy.asarray');

describe('promotion tables', () => {
  it('jnp.promoteTypes matches jnp.promote_types for every pair of dtypes', () => {
    const table = cases.filter((c) => c.fn === 'numpy.promoteTypes');
    expect(table.length).toBe(16);
    for (const c of table) {
      const [a, b] = c.args.map(arg) as [string, string];
      expect(jnp.promoteTypes(a, b), c.id).toBe(c.outDtype);
    }
  });

  it('jnp.resultType matches jnp.result_type for every pair of operand kinds', () => {
    const table = cases.filter((c) => c.fn === 'numpy.resultType');
    expect(table.length).toBe(81);
    for (const c of table) {
      const args = c.args.map(arg) as jnp.TensorLike[];
      if (c.error !== undefined) expect(() => jnp.resultType(...args), c.id).toThrow();
      else expect(jnp.resultType(...args), c.id).toBe(c.outDtype);
    }
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`promotion through jnp functions (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    const ops = cases.filter((c) => c.fn !== 'numpy.promoteTypes' && c.fn !== 'numpy.resultType');

    it('covers add, multiply and less over all operand kinds', () => {
      expect(ops.length).toBeGreaterThan(170);
    });

    for (const c of ops) {
      it(c.id, () => {
        const f = (jnp as unknown as Record<string, Fn>)[c.fn.split('.')[1] as string] as Fn;
        const run = () => f(...c.args.map(arg));
        if (c.error !== undefined) {
          // JAX raises OverflowError for Python ints outside int32. JavaScript numbers do not say
          // int or float, so jaxts reads such a number as a (weak) float: the result is float32.
          const out = run();
          expect(out.dtype).toBe('float32');
          return;
        }
        expectGolden(run(), c.out as Golden);
      });
    }
  });
}
