/**
 * The vmap API: in/out axes (numbers, negative, null, pytree prefixes), axisSize, sumMatch, empty
 * batches, nested vmaps, jit compositions, custom derivatives, and the batched programs that
 * makeJaxpr shows.
 */
import { FrozenDict } from '@jaxts/frozendict';
import {
  customJvp,
  customVjp,
  jit,
  numpy as jnp,
  lax,
  makeJaxpr,
  type Tensor,
} from '@jaxts/tensor';
import { psum, vmap, vmapFlat } from '@jaxts/vmap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexAxis, loopVmap, randArray } from './helpers.ts';

const x3 = jnp.arange(3).astype('float32');
const m23 = jnp.arange(6).astype('float32').reshape([2, 3]);

describe('inAxes', () => {
  it('maps axis 0 by default, any axis (negative too) on request', () => {
    const f = (x: Tensor) => x.sum();
    expect(vmap(f)(m23).toArray()).toEqual([3, 12]);
    expect(vmap(f, { inAxes: 1 })(m23).toArray()).toEqual([3, 5, 7]);
    expect(vmap(f, { inAxes: -1 })(m23).toArray()).toEqual([3, 5, 7]);
  });

  it('null leaves an argument unmapped (numbers too)', () => {
    const w = jnp
      .array([
        [1, 0],
        [0, 2],
        [1, 1],
      ])
      .astype('float32');
    const out = vmap((x: Tensor, w: Tensor) => jnp.matmul(x, w), { inAxes: [0, null] })(m23, w);
    expect(out.toArray()).toEqual(jnp.matmul(m23, w).toArray());
    expect(
      vmap((x: Tensor, s: number) => x.mul(s), { inAxes: [0, null] })(x3, 2).toArray(),
    ).toEqual([0, 2, 4]);
  });

  it('pytree prefixes: objects, FrozenDicts, nested lists', () => {
    const f = (d: { a: Tensor; b: Tensor }) => d.a.add(d.b);
    const arg = { a: m23, b: jnp.array([10, 20, 30]).astype('float32') };
    expect(vmap(f, { inAxes: [{ a: 0, b: null }] })(arg).toArray()).toEqual([
      [10, 21, 32],
      [13, 24, 35],
    ]);
    expect(vmap(f, { inAxes: [{ a: 1, b: 0 }] })(arg).toArray()).toEqual([
      [10, 13],
      [21, 24],
      [32, 35],
    ]);
    const fd = new FrozenDict({ a: m23, b: arg.b });
    expect(
      vmap((d: FrozenDict<{ a: Tensor; b: Tensor }>) => d.get('a').add(d.get('b')), {
        inAxes: [{ a: 0, b: null }],
      })(fd).toArray(),
    ).toEqual([
      [10, 21, 32],
      [13, 24, 35],
    ]);
    const g = (p: [Tensor, [Tensor, Tensor]]) => p[0].add(p[1][0]).add(p[1][1]);
    const out = vmap(g, { inAxes: [[0, [1, null]]] })([
      m23,
      [m23.transpose([1, 0]), jnp.array(100)],
    ]);
    expect(out.toArray()).toEqual(m23.mul(2).add(100).toArray());
  });
});

describe('outAxes', () => {
  it('numbers (negative too) and pytree prefixes', () => {
    const id = (x: Tensor) => x.mul(1);
    expect(vmap(id, { outAxes: 1 })(m23).toArray()).toEqual(m23.transpose([1, 0]).toArray());
    expect(vmap(id, { outAxes: -1 })(m23).shape).toEqual([3, 2]);
    const out = vmap((x: Tensor) => ({ a: x, b: x.mul(2) }), { outAxes: { a: 0, b: 1 } })(m23);
    expect(out.a.shape).toEqual([2, 3]);
    expect(out.b.shape).toEqual([3, 2]);
  });

  it('[0, null]: the second output unbatched', () => {
    const [a, b] = vmap((x: Tensor) => [x.add(1), psum(x, 'b')], {
      outAxes: [0, null],
      axisName: 'b',
    })(x3);
    expect(a?.toArray()).toEqual([1, 2, 3]);
    expect(b?.toArray()).toEqual(3);
  });

  it('unbatched outputs at a numbered axis are broadcast', () => {
    expect(vmap((_x: Tensor) => 5)(x3).toArray()).toEqual([5, 5, 5]);
    expect(vmap((_x: Tensor) => jnp.ones([2]), { outAxes: 1 })(x3).shape).toEqual([2, 3]);
  });

  it('sumMatch sums mapped outputs at null', () => {
    expect(vmap((x: Tensor) => x.mul(2), { outAxes: null, sumMatch: true })(x3).toArray()).toEqual(
      6,
    );
  });
});

describe('axisSize and empty batches', () => {
  it('axisSize with nothing mapped broadcasts', () => {
    expect(vmap((x: Tensor) => x.mul(2), { inAxes: null, axisSize: 2 })(x3).toArray()).toEqual([
      [0, 2, 4],
      [0, 2, 4],
    ]);
    expect(vmap(() => jnp.array(1), { axisSize: 3 })().toArray()).toEqual([1, 1, 1]);
    expect(vmap((x: Tensor) => x, { axisSize: 3 })(x3).toArray()).toEqual([0, 1, 2]);
  });

  it('a size-0 batch gives empty results of the right shape', () => {
    const xs = jnp.zeros([0, 3]);
    expect(vmap((x: Tensor) => x.sin().sum())(xs).shape).toEqual([0]);
    expect(vmap((x: Tensor) => jnp.matmul(x, jnp.ones([3, 4])))(xs).shape).toEqual([0, 4]);
    expect(vmap((x: Tensor) => x.sub(psum(x, 'i')), { axisName: 'i' })(xs).shape).toEqual([0, 3]);
    const conv = (x: Tensor) => lax.conv(x, jnp.ones([2, 3, 2]), [1], 'VALID');
    expect(vmap(conv)(jnp.zeros([0, 1, 3, 4])).shape).toEqual([0, 1, 2, 3]);
    expect(vmap((x: Tensor) => x, { outAxes: 1 })(xs).shape).toEqual([3, 0]);
  });
});

describe('composition', () => {
  it('vmap(vmap(f)) equals a nested loop (random axes)', () => {
    const ops: [string, (x: Tensor, y: Tensor) => Tensor][] = [
      ['matmul', (x, y) => jnp.matmul(x, y)],
      ['add+sum', (x, y) => x.add(y.transpose([1, 0])).sum({ axis: 0 })],
      [
        'gather',
        (x, y) =>
          jnp.take(x, lax.convertElementType(y.abs().mul(2), 'int32'), { axis: 1, mode: 'clip' }),
      ],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        fc.nat(),
        ([, op], sel, seed) => {
          // Per-example x: [2, 3], y: [3, 2]; outer batch 2, inner batch 3.
          const ax = sel.map((s, i) => (s % 4) - (i < 2 ? 1 : 2));
          const xa = [ax[0] as number, ax[2] as number];
          const ya = [ax[1] as number, ax[3] as number];
          const build = (shape: number[], outer: number, inner: number, s: number) => {
            const full = [...shape];
            const norm = (a: number, r: number) => (a < 0 ? a + r : a);
            full.splice(norm(inner, shape.length + 1), 0, 3);
            full.splice(norm(outer, shape.length + 2), 0, 2);
            return randArray({ shape: full }, s);
          };
          const X = build([2, 3], xa[0] as number, xa[1] as number, seed);
          const Y = build([3, 2], ya[0] as number, ya[1] as number, seed + 1);
          const inner = vmap(op, { inAxes: [xa[1] as number, ya[1] as number] });
          const out = vmap(inner, { inAxes: [xa[0] as number, ya[0] as number] })(X, Y);
          const ref = loopVmap(
            (x, y) => loopVmap(op, [x, y], [xa[1] as number, ya[1] as number], [0], 3)[0] as Tensor,
            [X, Y],
            [xa[0] as number, ya[0] as number],
            [0],
            2,
          )[0] as Tensor;
          expect(out).toBeAllclose(ref, { atol: 1e-5 });
        },
      ),
    );
  });

  it('vmap(jit(f)) and jit(vmap(f)) equal vmap(f)', () => {
    const w = randArray({ shape: [3, 4] }, 9);
    const f = (x: Tensor) => jnp.tanh(jnp.matmul(x, w)).sum({ axis: -1 }).add(x.max());
    const xs = randArray({ shape: [5, 2, 3] }, 10);
    const ref = vmap(f)(xs);
    expect(vmap(jit(f))(xs)).toBeAllclose(ref, { atol: 1e-6 });
    expect(jit(vmap(f))(xs)).toBeAllclose(ref, { atol: 1e-6 });
    expect(vmap(jit(f), { inAxes: 2 })(xs.transpose([1, 2, 0]))).toBeAllclose(ref, { atol: 1e-6 });
    expect(vmap(vmap(jit(f)))(xs.reshape([5, 1, 2, 3]))).toBeAllclose(ref.reshape([5, 1, 2]), {
      atol: 1e-6,
    });
  });

  it('custom_jvp / custom_vjp functions map like their primal function', () => {
    const softplus = customJvp((x: Tensor) => jnp.log1p(jnp.exp(x)));
    softplus.defJvp(([x], [t]) => [
      softplus(x as Tensor),
      (t as Tensor).mul(lax.logistic(x as Tensor)),
    ]);
    const clip = customVjp((x: Tensor, y: Tensor) => x.mul(y));
    clip.defVjp(
      (x: Tensor, y: Tensor) => [x.mul(y), [x, y]] as const,
      ([x, y]: readonly [Tensor, Tensor], g: Tensor) => [g.mul(y), g.mul(x)],
    );
    const xs = randArray({ shape: [4, 3] }, 5);
    expect(vmap((x: Tensor) => softplus(x).sum())(xs)).toBeAllclose(
      loopVmap((x) => softplus(x).sum(), [xs], [0], [0], 4)[0] as Tensor,
    );
    expect(vmap((x: Tensor) => clip(x, x.add(1)), { inAxes: 1 })(xs)).toBeAllclose(
      xs.mul(xs.add(1)).transpose([1, 0]),
    );
  });

  it('vmapFlat on lists of arrays', () => {
    const [s, p] = vmapFlat((x, y) => [x.add(y as Tensor), x.mul(y as Tensor).sum()], [m23, x3], {
      inAxes: [0, null],
      outAxes: [1, 0],
    });
    expect(s?.toArray()).toEqual(m23.add(x3).transpose([1, 0]).toArray());
    expect(p?.toArray()).toEqual([5, 14]);
  });

  it('a value closed over from an outer vmap', () => {
    const out = vmap((a: Tensor) => vmap((b: Tensor) => a.mul(b))(x3))(
      jnp.array([1, 10]).astype('float32'),
    );
    expect(out.toArray()).toEqual([
      [0, 1, 2],
      [0, 10, 20],
    ]);
    expect(indexAxis(out, 1, 2).toArray()).toEqual([2, 20]);
  });
});

describe('makeJaxpr(vmap(f)) shows the batched program', () => {
  it('a batched matmul is one dot_general; unmapped operands stay unmapped', () => {
    const w = jnp.ones([3, 4]);
    const f = (x: Tensor, y: Tensor) => jnp.matmul(x, y).add(w.sum({ axis: 0 }));
    expect(
      makeJaxpr(vmap(f, { inAxes: [0, null] }))(jnp.ones([5, 2, 3]), w).toString(),
    ).toMatchInlineSnapshot(`
      "{ lambda a:f32[3,4]; b:f32[5,2,3] c:f32[3,4]. let
          d:f32[5,2,4] = dot_general[
            dimension_numbers=(([2], [0]), ([], []))
            precision=None
            preferred_element_type=float32
          ] b c
          e:f32[4] = reduce_sum[axes=(0,)] a
          f:f32[5,2,4] = add d e
        in (f,) }"
    `);
    expect(
      makeJaxpr(vmap(jnp.matmul))(jnp.ones([5, 2, 3]), jnp.ones([5, 3, 4])).toString(),
    ).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[5,2,3] b:f32[5,3,4]. let
          c:f32[5,2,4] = dot_general[
            dimension_numbers=(([2], [1]), ([0], [0]))
            precision=None
            preferred_element_type=float32
          ] a b
        in (c,) }"
    `);
  });

  it('psum over the vmapped axis is a reduce_sum; axisIndex an iota', () => {
    const f = (x: Tensor) => x.sub(psum(x, 'i')).mul(lax.axisIndex('i'));
    expect(
      makeJaxpr(vmap(f, { axisName: 'i', inAxes: 1 }))(jnp.ones([2, 4])).toString(),
    ).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[2,4]. let
          b:f32[2] = reduce_sum[axes=(1,)] a
          c:f32[2,1] = reshape[new_sizes=(2, 1) dimensions=None] b
          d:f32[2,4] = sub a c
          e:i32[4] = iota[dtype=int32 shape=(4,) dimension=0]
          f:f32[4] = convert_element_type[new_dtype=float32 weak_type=False] e
          g:f32[1,4] = reshape[new_sizes=(1, 4) dimensions=None] f
          h:f32[2,4] = mul d g
          i:f32[4,2] = transpose[permutation=(1, 0)] h
        in (i,) }"
    `);
  });

  it('vmap(jit(f)) stays one jit equation, on batched operands', () => {
    const f = jit((x: Tensor) => x.exp().sum(), { name: 'f' });
    expect(makeJaxpr(vmap(f))(jnp.ones([4, 3])).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[4,3]. let
          b:f32[4] = jit[
            name=f
            jaxpr={ lambda ; a:f32[4,3]. let
                b:f32[4,3] = exp a
                c:f32[4] = reduce_sum[axes=(1,)] b
              in (c,) }
          ] a
        in (b,) }"
    `);
  });
});
