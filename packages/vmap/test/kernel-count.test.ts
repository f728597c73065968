/**
 * vmap has no per-example loops: at batch 4 and at batch 64, `vmap(f)` runs the same primitives
 * on the backend (counted by a test-only trace at the bottom of the stack that sees every bind
 * that reaches evaluation) and stages the same program.
 */
import { numpy as jnp, lax, makeJaxpr, random, type Tensor } from '@jaxts/tensor';
import {
  evalPrimitive,
  type Params,
  type Primitive,
  Trace,
  withDynamicMain,
} from '@jaxts/tensor/core';
import { pmean, vmap } from '@jaxts/vmap';
import { describe, expect, it } from 'vitest';
import { randArray } from './helpers.ts';

/** Evaluates every primitive it receives, recording its name: the eval trace plus a log. */
class CountingTrace extends Trace {
  readonly log: string[] = [];
  pure(x: Tensor): Tensor {
    return x;
  }
  lift(x: Tensor): Tensor {
    return x;
  }
  processPrimitive<P extends Primitive>(
    prim: P,
    tracers: readonly Tensor[],
    params: Params<P>,
  ): Tensor[] {
    this.log.push(prim);
    return evalPrimitive(prim, tracers, params);
  }
}

/** The primitives evaluated while running `fn` (every bind that reaches the backend). */
function evaluated(fn: () => unknown): string[] {
  return withDynamicMain(
    () => new CountingTrace(),
    null,
    (main) => {
      fn();
      return (main.trace as CountingTrace).log;
    },
  );
}

const W1 = randArray({ shape: [8, 16] }, 1);
const W2 = randArray({ shape: [16, 3] }, 2);

/** Per-example work touching most rule families. */
function perExample(x: Tensor, key: Tensor, i: Tensor): Tensor {
  const h = jnp.tanh(jnp.matmul(x, W1)).sub(pmean(x.mean(), 'b'));
  const logits = jnp.matmul(h, W2);
  const noise = random.normal(key, [3]);
  const picked = lax.dynamicSlice(jnp.sort(logits.add(noise)), [i], [2]);
  const taken = jnp.take(h, lax.convertElementType(i, 'int32'), { axis: 0 });
  return picked.sum().add(taken).add(jnp.cumsum(logits).max());
}

function run(batch: number): () => Tensor {
  const xs = randArray({ shape: [batch, 8] }, 3);
  const keys = random.split(random.PRNGKey(0), batch);
  const idx = jnp.arange(batch).astype('int32').mul(7).mod(2);
  return () => vmap(perExample, { axisName: 'b' })(xs, keys, idx);
}

describe('kernel count does not grow with the batch size', () => {
  it('the same primitives run at batch 4 and at batch 64', () => {
    const small = evaluated(run(4));
    const large = evaluated(run(64));
    expect(small.length).toBeGreaterThan(10);
    expect(large).toEqual(small);
  });

  it('the same program is staged at batch 4 and at batch 64', () => {
    const eqns = (batch: number) => {
      const xs = jnp.zeros([batch, 8]);
      const keys = random.split(random.PRNGKey(0), batch);
      const idx = jnp.zeros([batch], 'int32');
      return makeJaxpr(vmap(perExample, { axisName: 'b' }))(xs, keys, idx).jaxpr.eqns.map(
        (e) => e.primitive,
      );
    };
    expect(eqns(64)).toEqual(eqns(4));
  });

  it('the counting trace sees per-example loops (it can fail)', () => {
    const loop = (batch: number) => {
      const xs = randArray({ shape: [batch, 8] }, 3);
      return evaluated(() => {
        for (let i = 0; i < batch; i++) jnp.tanh(jnp.matmul(jnp.getItem(xs, i), W1));
      }).length;
    };
    expect(loop(8)).toBeGreaterThan(loop(4));
  });
});
