// White-box tests of the batch trace: tracer types, lowering, the axis scan of staged programs,
// and that a vmap's trace is the dynamic trace only while it runs.
import { jit, numpy as jnp, lax, makeJaxpr, type Tensor } from '@jaxts/tensor';
import { traceState } from '@jaxts/tensor/core';
import { describe, expect, it } from 'vitest';
import { type BatchTracer, batchFlat, jaxprUsesAxis } from './batch-trace.ts';

describe('BatchTracer', () => {
  it('has the per-example aval and lowers to its value when unbatched', () => {
    const seen: string[] = [];
    batchFlat(
      (x) => {
        const t = x as BatchTracer;
        seen.push(t.aval.strShort(), String(t.batchDim), t.val.aval.strShort());
        const c = jnp.ones([2]).add(1);
        // A value computed from constants only is a concrete array again.
        seen.push(String(c._trace === null));
        return [x];
      },
      [jnp.zeros([3, 5, 2])],
      [1],
      { axisName: null, axisSize: 5 },
    );
    expect(seen).toEqual(['f32[3,2]', '1', 'f32[3,5,2]', 'true']);
  });

  it('is the dynamic trace while it runs, and restores the previous one', () => {
    const before = traceState.dynamic;
    let inside: unknown = null;
    batchFlat(
      (x) => {
        inside = traceState.dynamic;
        return [x];
      },
      [jnp.zeros([2])],
      [0],
      { axisName: 'i', axisSize: 2 },
    );
    expect(inside).not.toBe(before);
    expect((inside as { globalData: unknown }).globalData).toEqual({ axisName: 'i', axisSize: 2 });
    expect(traceState.dynamic).toBe(before);
  });
});

describe('jaxprUsesAxis', () => {
  it('finds collectives, also inside jit', () => {
    const uses = (f: (x: Tensor) => Tensor, name: string) =>
      batchFlat(
        (x) => [jnp.zeros([1]).add(Number(jaxprUsesAxis(makeJaxpr(f)(x).jaxpr, name)))],
        [jnp.zeros([2, 3])],
        [0],
        { axisName: 'i', axisSize: 2 },
      );
    const read = (r: { outs: Tensor[] }) => (r.outs[0] as Tensor).toArray();
    expect(read(uses((x) => lax.psum(x, 'i'), 'i'))).toEqual([1]);
    expect(read(uses((x) => lax.psum(x, 'i'), 'j'))).toEqual([0]);
    expect(
      read(
        uses(
          jit((x: Tensor) => x.add(lax.axisIndex('i'))),
          'i',
        ),
      ),
    ).toEqual([1]);
    expect(read(uses((x) => x.sin(), 'i'))).toEqual([0]);
  });
});
