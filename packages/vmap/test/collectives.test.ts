/**
 * Collectives under vmap: JAX's checked values (inventory 3.3), nested and shadowed names,
 * unmapped operands, pytrees, BatchNorm-style statistics, and the laws "collective = explicit
 * reduction over the named axes" (JAX's testCommAssocCollective) as a property.
 */
import { jit, numpy as jnp, type Tensor, UnboundAxisNameError } from '@jaxts/tensor';
import { allGather, axisIndex, pmax, pmean, pmin, ppermute, psum, vmap } from '@jaxts/vmap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randArray, rng } from './helpers.ts';

const x3 = jnp.arange(3).astype('float32');

describe('collectives over one named axis (JAX values)', () => {
  const under = (f: (x: Tensor) => Tensor) => vmap(f, { axisName: 'i' })(x3);

  it('psum, pmean, pmax, pmin', () => {
    expect(under((x) => psum(x, 'i')).toArray()).toEqual([3, 3, 3]);
    expect(under((x) => x.sub(pmean(x, 'i'))).toArray()).toEqual([-1, 0, 1]);
    expect(under((x) => pmax(x, 'i')).toArray()).toEqual([2, 2, 2]);
    expect(under((x) => pmin(x, 'i')).toArray()).toEqual([0, 0, 0]);
  });

  it('psum of an unmapped value multiplies by the axis size', () => {
    expect(under(() => psum(jnp.array(1), 'i')).toArray()).toEqual([3, 3, 3]);
    // A JS number is a weakly typed scalar, as in JAX.
    expect(under(() => psum(2, 'i') as unknown as Tensor).toArray()).toEqual([6, 6, 6]);
    expect(under(() => pmax(jnp.array(5), 'i')).toArray()).toEqual([5, 5, 5]);
  });

  it('allGather stacks (or tiles) the values of every index', () => {
    expect(under((x) => allGather(x, 'i')).toArray()).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
    ]);
    const x32 = jnp.arange(6).reshape([3, 2]);
    const tiled = vmap((x: Tensor) => allGather(x, 'i', { tiled: true }), { axisName: 'i' })(x32);
    expect(tiled.shape).toEqual([3, 6]);
    expect(tiled.toArray()).toEqual([0, 1, 2].map(() => [0, 1, 2, 3, 4, 5]));
    const ax1 = vmap((x: Tensor) => allGather(x, 'i', { axis: 1 }), { axisName: 'i' })(x32);
    expect(ax1.shape).toEqual([3, 2, 3]);
    expect(ax1.toArray()).toEqual(
      [0, 1, 2].map(() => [
        [0, 2, 4],
        [1, 3, 5],
      ]),
    );
  });

  it('allGather of an unmapped value repeats it', () => {
    expect(under(() => allGather(jnp.array([7, 8]), 'i')).shape).toEqual([3, 3, 2]);
  });

  it('axisIndex is arange(axis size), int32', () => {
    const out = under(() => axisIndex('i'));
    expect(out.dtype).toBe('int32');
    expect(out.toArray()).toEqual([0, 1, 2]);
  });

  it('ppermute sends x[src] to dst', () => {
    expect(
      under((x) =>
        ppermute(x, 'i', [
          [0, 1],
          [1, 2],
          [2, 0],
        ]),
      ).toArray(),
    ).toEqual([2, 0, 1]);
    expect(() => under((x) => ppermute(x, 'i', [[0, 1]]))).toThrow(
      /Permutation doesn't match the axis size/,
    );
  });

  it('works on pytrees', () => {
    const out = vmap((x: Tensor) => psum({ a: x, b: [x.mul(2)] }, 'i'), { axisName: 'i' })(x3);
    expect(out.a.toArray()).toEqual([3, 3, 3]);
    expect(out.b[0]?.toArray()).toEqual([6, 6, 6]);
  });

  it('an unbound name is an UnboundAxisNameError', () => {
    expect(() => psum(x3, 'i')).toThrow(UnboundAxisNameError);
    expect(() => vmap((x: Tensor) => psum(x, 'j'), { axisName: 'i' })(x3)).toThrow(
      /unbound axis name 'j'/,
    );
    expect(() => vmap((x: Tensor) => psum(x, 'i'))(x3)).toThrow(UnboundAxisNameError);
  });

  it('BatchNorm-style centering equals centering over the batch', () => {
    const X = randArray({ shape: [8, 4] }, 3);
    const centered = vmap((x: Tensor) => x.sub(pmean(x, 'b')), { axisName: 'b' })(X);
    expect(centered).toBeAllclose(X.sub(jnp.mean(X, { axis: 0, keepdims: true })), { atol: 1e-6 });
    const normalized = vmap(
      (x: Tensor) => {
        const mean = pmean(x, 'b');
        const variance = pmean(x.sub(mean).square(), 'b');
        return x.sub(mean).div(variance.add(1e-5).sqrt());
      },
      { axisName: 'b' },
    )(X);
    const ref = X.sub(jnp.mean(X, { axis: 0, keepdims: true })).div(
      jnp.var(X, { axis: 0, keepdims: true }).add(1e-5).sqrt(),
    );
    expect(normalized).toBeAllclose(ref, { atol: 1e-5 });
  });

  it("the seed's vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })", () => {
    const xs = randArray({ shape: [6, 3] }, 1);
    const ys = randArray({ shape: [6, 1] }, 2);
    const w = randArray({ shape: [3, 1] }, 4);
    const lossFn = (x: Tensor, y: Tensor): [Tensor, { mean: Tensor }] => {
      const pred = jnp.matmul(x, w);
      // Batch statistics synchronized over the batch, as BatchNorm({ axisName: 'batch' }) does.
      const updatedState = { mean: pmean(x, 'batch') };
      return [pred.sub(y).square(), updatedState];
    };
    const [loss, state] = vmap(lossFn, { outAxes: [0, null], axisName: 'batch' })(xs, ys);
    expect(loss.shape).toEqual([6, 1]);
    expect(loss).toBeAllclose(jnp.matmul(xs, w).sub(ys).square(), { atol: 1e-6 });
    expect(state.mean.shape).toEqual([3]);
    expect(state.mean).toBeAllclose(jnp.mean(xs, { axis: 0 }), { atol: 1e-6 });
  });

  it('collectives inside jit inside vmap, and vmap inside jit', () => {
    const f = (x: Tensor) => x.sub(pmean(x, 'i')).add(axisIndex('i'));
    const ref = vmap(f, { axisName: 'i' })(x3).toArray();
    expect(vmap(jit(f), { axisName: 'i' })(x3).toArray()).toEqual(ref);
    expect(jit(vmap(f, { axisName: 'i' }))(x3).toArray()).toEqual(ref);
    // A jitted function with only a collective (no mapped operand) still sees the axis.
    expect(
      vmap(
        jit(() => axisIndex('i')),
        { axisName: 'i', axisSize: 4 },
      )().toArray(),
    ).toEqual([0, 1, 2, 3]);
  });
});

describe('nested named axes', () => {
  const x = jnp.arange(6).astype('float32').reshape([2, 3]);
  const nested = (f: (x: Tensor) => Tensor) =>
    vmap(vmap(f, { axisName: 'j' }), { axisName: 'i' })(x);

  it('psum over the outer, the inner, and both names', () => {
    expect(nested((v) => psum(v, 'i')).toArray()).toEqual([
      [3, 5, 7],
      [3, 5, 7],
    ]);
    expect(nested((v) => psum(v, 'j')).toArray()).toEqual([
      [3, 3, 3],
      [12, 12, 12],
    ]);
    expect(nested((v) => psum(v, ['i', 'j'])).toArray()).toEqual([
      [15, 15, 15],
      [15, 15, 15],
    ]);
  });

  it('axisIndex of each name', () => {
    expect(nested(() => axisIndex('i')).toArray()).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(nested(() => axisIndex('j')).toArray()).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });

  it('allGather and ppermute over the outer name from inside the inner vmap', () => {
    expect(nested((v) => allGather(v, 'i')).shape).toEqual([2, 3, 2]);
    expect(nested((v) => allGather(v, 'i')).toArray()).toEqual(
      [0, 1].map(() => [0, 1, 2].map((j) => [j, 3 + j])),
    );
    expect(
      nested((v) =>
        ppermute(v, 'i', [
          [0, 1],
          [1, 0],
        ]),
      ).toArray(),
    ).toEqual([
      [3, 4, 5],
      [0, 1, 2],
    ]);
  });

  it('the same name: the inner vmap shadows the outer one', () => {
    const out = vmap(
      vmap((v: Tensor) => psum(v, 'i'), { axisName: 'i' }),
      { axisName: 'i' },
    )(x);
    expect(out.toArray()).toEqual([
      [3, 3, 3],
      [12, 12, 12],
    ]);
  });

  it('psum over a name equals the sum over its axis (random in/out axes, JAX testCommAssocCollective)', () => {
    const NAMES = ['i', 'j', 'k'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
        fc.subarray(NAMES, { minLength: 1 }),
        fc.constantFrom('psum' as const, 'pmax' as const, 'pmin' as const),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.nat(),
        (shape, names, op, sel, seed) => {
          // x: [i, j, k, 2]; vmap over i (outer), j, k (inner) with random in/out positions.
          const base = randArray({ shape: [...shape, 2] }, seed);
          const coll = { psum, pmax, pmin }[op];
          const inAx = sel.map((s, lvl) => s % (4 - lvl));
          // The input's layout: level l's mapped axis sits at position inAx[l] of what remains
          // after the outer levels removed theirs (base dim 3 is the per-example dim).
          const layout = [3];
          for (let lvl = 2; lvl >= 0; lvl--)
            layout.splice(Math.min(inAx[lvl] as number, layout.length), 0, lvl);
          const input = base.transpose(layout);
          const f = (v: Tensor) => v.sub(coll(v, names));
          let g: (v: Tensor) => Tensor = f;
          for (let lvl = 2; lvl >= 0; lvl--) {
            g = vmap(g, {
              axisName: NAMES[lvl] as string,
              inAxes: Math.min(inAx[lvl] as number, 3 - lvl),
            });
          }
          const out = g(input);
          const axes = names.map((n) => NAMES.indexOf(n));
          const red = { psum: jnp.sum, pmax: jnp.max, pmin: jnp.min }[op](base, {
            axis: axes,
            keepdims: true,
          });
          expect(out).toBeAllclose(base.sub(red), { atol: 1e-5 });
        },
      ),
    );
  });
});

describe('collectives equal explicit reductions (property)', () => {
  it('psum = sum broadcast back, allGather = stack, axisIndex = arange, ppermute = gather', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.nat(),
        (n, shape, seed) => {
          const xs = randArray({ shape: [n, ...shape] }, seed);
          const next = rng(seed);
          const order = Array.from({ length: n }, (_, i) => i).sort(() => next() - 0.5);
          const perm = order.map((s, t) => [s, t] as [number, number]);
          const [s, g, idx, pp] = vmap(
            (x: Tensor) => [
              psum(x, 'b'),
              allGather(x, 'b'),
              axisIndex('b'),
              ppermute(x, 'b', perm),
            ],
            { axisName: 'b' },
          )(xs) as Tensor[];
          const total = jnp.sum(xs, { axis: 0, keepdims: true });
          expect(s).toBeAllclose(jnp.broadcastTo(total, xs.shape), { atol: 1e-5 });
          expect(g?.toArray()).toEqual(jnp.stack(Array.from({ length: n }, () => xs)).toArray());
          expect(idx?.toArray()).toEqual(Array.from({ length: n }, (_, i) => i));
          const src = new Array<number>(n);
          for (const [a, b] of perm) src[b] = a;
          expect(pp?.toArray()).toEqual(
            jnp.take(xs, jnp.array(src, 'int32'), { axis: 0 }).toArray(),
          );
        },
      ),
    );
  });
});
