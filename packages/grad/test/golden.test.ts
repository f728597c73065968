/**
 * Gradients, Jacobians and Hessians of composite functions against real JAX (golden/grad.json,
 * written by golden/grad_golden.py with jax 0.10.2, float32).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hessian, jacfwd, jacrev, valueAndGrad } from '@jaxts/grad';
import { type DType, numpy as jnp, type Tensor, tree } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FUNCTIONS } from './golden-functions.ts';

interface EncodedTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: (number | boolean | string)[];
}

type Encoded = null | { tensor: EncodedTensor } | { dict: Record<string, Encoded> } | Encoded[];

interface GoldenCase {
  readonly id: string;
  readonly fn: string;
  readonly kind: 'grad' | 'jacfwd' | 'jacrev' | 'hessian';
  readonly argnums: number | number[];
  readonly args: Encoded[];
  readonly value?: Encoded;
  readonly out: Encoded;
}

const golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('../golden/grad.json', import.meta.url)), 'utf8'),
) as { meta: Record<string, unknown>; cases: GoldenCase[] };

function decodeNumber(v: number | boolean | string): number | boolean {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v as number | boolean;
}

function decode(e: Encoded): unknown {
  if (e === null) return null;
  if (Array.isArray(e)) return e.map(decode);
  if ('tensor' in e)
    return jnp.fromValues(e.tensor.data.map(decodeNumber), e.tensor.shape, e.tensor.dtype);
  return Object.fromEntries(Object.entries(e.dict).map(([k, v]) => [k, decode(v)]));
}

/** Same pytree structure and every leaf allclose (float32 tolerances: op orders differ). */
function expectTreeClose(id: string, actual: unknown, expected: unknown): void {
  const [aLeaves, aDef] = tree.flatten(actual);
  const [eLeaves, eDef] = tree.flatten(expected);
  expect(aDef.toString(), `${id}: tree structure`).toBe(eDef.toString());
  eLeaves.forEach((e, i) => {
    const a = aLeaves[i] as Tensor;
    expect(a.shape, `${id}: shape of leaf ${i}`).toEqual((e as Tensor).shape);
    expect(a, `${id}: leaf ${i}`).toBeAllclose(e, { rtol: 2e-4, atol: 2e-5 });
  });
}

describe('golden gradients, Jacobians and Hessians from JAX', () => {
  it('the golden file comes from jax 0.10.2 without x64', () => {
    expect(golden.meta.jax).toBe('0.10.2');
    expect(golden.meta.x64).toBe(false);
    expect(golden.cases.length).toBeGreaterThan(40);
  });

  for (const c of golden.cases) {
    it(c.id, () => {
      const f = GOLDEN_FUNCTIONS[c.fn];
      if (f === undefined) throw new Error(`no jaxts function ${c.fn}`);
      const args = c.args.map(decode);
      const opts = { argnums: c.argnums };
      if (c.kind === 'grad') {
        const [value, g] = valueAndGrad(f as (...a: unknown[]) => unknown, opts)(...args);
        expectTreeClose(c.id, value, decode(c.value as Encoded));
        expectTreeClose(c.id, g, decode(c.out));
        return;
      }
      const transform = { jacfwd, jacrev, hessian }[c.kind];
      expectTreeClose(c.id, transform(f, opts)(...args), decode(c.out));
    });
  }
});
