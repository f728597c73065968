/**
 * vmap equals a loop for every structure primitive: shapes, slicing, dynamic slices with batched
 * start indices, gather / scatter_add with batch dims, sort and iota.
 */
import { lax, type Tensor } from '@jaxts/tensor';
import { bind, bind1 } from '@jaxts/tensor/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertVmapLaw, type OpCase } from './law.ts';

const dim = fc.integer({ min: 1, max: 3 });
const shapeArb = (min = 0, max = 3) => fc.array(dim, { minLength: min, maxLength: max });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const subset = (n: number) =>
  fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((b) => range(n).filter((i) => b[i]));
const perm = (n: number) => fc.shuffledSubarray(range(n), { minLength: n, maxLength: n });
const INT = { dtype: 'int32' as const };

const broadcastCase: fc.Arbitrary<OpCase> = shapeArb()
  .chain((target) =>
    fc.tuple(
      fc.constant(target),
      subset(target.length),
      fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    ),
  )
  .map(([shape, bd, ones]) => ({
    label: `broadcast_in_dim ${JSON.stringify(shape)} ${JSON.stringify(bd)}`,
    specs: [{ shape: bd.map((d, j) => (ones[j] ? 1 : (shape[d] as number))) }],
    f: (x: Tensor) => bind1('broadcast_in_dim', [x], { shape, broadcast_dimensions: bd }),
  }));

const reshapeCase: fc.Arbitrary<OpCase> = fc
  .tuple(shapeArb(), fc.boolean())
  .map(([shape, flat]) => {
    const target = flat ? [shape.reduce((a, b) => a * b, 1)] : [...shape].reverse();
    return {
      label: `reshape ${JSON.stringify(shape)} -> ${JSON.stringify(target)}`,
      specs: [{ shape }],
      f: (x: Tensor) => bind1('reshape', [x], { new_sizes: target, dimensions: null }),
    };
  });

const transposeCase: fc.Arbitrary<OpCase> = shapeArb()
  .chain((shape) => fc.tuple(fc.constant(shape), perm(shape.length)))
  .map(([shape, p]) => ({
    label: `transpose ${JSON.stringify(p)}`,
    specs: [{ shape }],
    f: (x: Tensor) => bind1('transpose', [x], { permutation: p }),
  }));

const squeezeCase: fc.Arbitrary<OpCase> = fc
  .array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 3 })
  .chain((shape) => fc.tuple(fc.constant(shape), subset(shape.length)))
  .map(([shape, pick]) => {
    const dims = pick.filter((d) => shape[d] === 1);
    return {
      label: `squeeze ${JSON.stringify(dims)}`,
      specs: [{ shape }],
      f: (x: Tensor) => bind1('squeeze', [x], { dimensions: dims }),
    };
  });

const expandCase: fc.Arbitrary<OpCase> = fc
  .tuple(shapeArb(0, 2), fc.integer({ min: 1, max: 2 }))
  .chain(([shape, k]) =>
    fc.tuple(
      fc.constant(shape),
      fc.shuffledSubarray(range(shape.length + k), { minLength: k, maxLength: k }),
    ),
  )
  .map(([shape, dims]) => ({
    label: `expand_dims ${JSON.stringify(dims)}`,
    specs: [{ shape }],
    f: (x: Tensor) => bind1('expand_dims', [x], { dimensions: [...dims].sort((a, b) => a - b) }),
  }));

const revCase: fc.Arbitrary<OpCase> = shapeArb(1)
  .chain((shape) => fc.tuple(fc.constant(shape), subset(shape.length)))
  .map(([shape, dims]) => ({
    label: `rev ${JSON.stringify(dims)}`,
    specs: [{ shape }],
    f: (x: Tensor) => bind1('rev', [x], { dimensions: dims }),
  }));

const concatCase: fc.Arbitrary<OpCase> = fc
  .tuple(shapeArb(1), fc.nat(), fc.array(dim, { minLength: 2, maxLength: 3 }))
  .map(([shape, a, sizes]) => {
    const d = a % shape.length;
    return {
      label: `concatenate dim=${d}`,
      specs: sizes.map((n) => ({ shape: shape.map((v, i) => (i === d ? n : v)) })),
      f: (...xs: Tensor[]) => bind1('concatenate', xs, { dimension: d }),
    };
  });

const padCase: fc.Arbitrary<OpCase> = shapeArb(1, 2)
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.array(
        fc.tuple(
          fc.integer({ min: -1, max: 2 }),
          fc.integer({ min: -1, max: 2 }),
          fc.integer({ min: 0, max: 1 }),
        ),
        {
          minLength: shape.length,
          maxLength: shape.length,
        },
      ),
    ),
  )
  .map(([shape, cfg]) => {
    // Keep every padded size non-negative.
    const config = cfg.map(([lo, hi, int], i) => {
      const n = shape[i] as number;
      const base = n + (n - 1) * int;
      return [Math.max(lo, -base), Math.max(hi, -(base + Math.max(lo, -base))), int] as [
        number,
        number,
        number,
      ];
    });
    return {
      label: `pad ${JSON.stringify(config)}`,
      specs: [{ shape }, { shape: [] }],
      f: (x: Tensor, v: Tensor) => bind1('pad', [x, v], { padding_config: config }),
    };
  });

const sliceCase: fc.Arbitrary<OpCase> = shapeArb(1)
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(
        ...shape.map((n) =>
          fc.tuple(
            fc.integer({ min: 0, max: n }),
            fc.integer({ min: 0, max: n }),
            fc.integer({ min: 1, max: 2 }),
          ),
        ),
      ),
      fc.boolean(),
    ),
  )
  .map(([shape, parts, strided]) => {
    const start = parts.map(([a, b]) => Math.min(a, b));
    const limit = parts.map(([a, b]) => Math.max(a, b));
    const strides = strided ? parts.map(([, , s]) => s) : null;
    return {
      label: `slice ${JSON.stringify({ start, limit, strides })} of ${JSON.stringify(shape)}`,
      specs: [{ shape }],
      f: (x: Tensor) =>
        bind1('slice', [x], { start_indices: start, limit_indices: limit, strides }),
    };
  });

const dynamicSliceCase: fc.Arbitrary<OpCase> = shapeArb(1)
  .chain((shape) =>
    fc.tuple(fc.constant(shape), fc.tuple(...shape.map((n) => fc.integer({ min: 1, max: n })))),
  )
  .map(([shape, sizes]) => ({
    label: `dynamic_slice sizes=${JSON.stringify(sizes)} of ${JSON.stringify(shape)}`,
    specs: [{ shape }, ...shape.map(() => ({ shape: [], ...INT, lo: -4, hi: 5 }))],
    f: (x: Tensor, ...idx: Tensor[]) => lax.dynamicSlice(x, idx, sizes),
  }));

const dynamicUpdateCase: fc.Arbitrary<OpCase> = shapeArb(1)
  .chain((shape) =>
    fc.tuple(fc.constant(shape), fc.tuple(...shape.map((n) => fc.integer({ min: 0, max: n })))),
  )
  .map(([shape, sizes]) => ({
    label: `dynamic_update_slice update=${JSON.stringify(sizes)} of ${JSON.stringify(shape)}`,
    specs: [
      { shape },
      { shape: sizes },
      ...shape.map(() => ({ shape: [], ...INT, lo: -4, hi: 5 })),
    ],
    f: (x: Tensor, u: Tensor, ...idx: Tensor[]) => lax.dynamicUpdateSlice(x, u, idx),
  }));

const gatherCase: fc.Arbitrary<OpCase> = fc
  .tuple(
    shapeArb(1),
    fc.nat(),
    fc.nat(),
    shapeArb(0, 2),
    fc.constantFrom('clip' as const, 'fill' as const),
  )
  .map(([shape, a, b, extra, mode]) => {
    const axis = a % shape.length;
    const bd = b % (axis + 1);
    const n = shape[axis] as number;
    return {
      label: `gather axis=${axis} batch_dims=${bd} mode=${mode}`,
      specs: [
        { shape },
        {
          shape: [...shape.slice(0, bd), ...extra],
          ...INT,
          lo: mode === 'clip' ? 0 : -1,
          hi: mode === 'clip' ? n : n + 2,
        },
      ],
      f: (x: Tensor, idx: Tensor) => bind1('gather', [x, idx], { axis, batch_dims: bd, mode }),
    };
  });

const scatterCase: fc.Arbitrary<OpCase> = fc
  .tuple(shapeArb(1), fc.nat(), fc.nat(), shapeArb(0, 2))
  .map(([s, a, b, extra]) => {
    const axis = a % s.length;
    const bd = b % (axis + 1);
    const idxShape = [...s.slice(0, bd), ...extra];
    const updShape = [...s.slice(0, axis), ...extra, ...s.slice(axis + 1)];
    return {
      label: `scatter_add axis=${axis} batch_dims=${bd} operand=${JSON.stringify(s)}`,
      specs: [
        { shape: updShape },
        { shape: idxShape, ...INT, lo: -1, hi: (s[axis] as number) + 1 },
      ],
      f: (u: Tensor, idx: Tensor) =>
        bind1('scatter_add', [u, idx], { axis, batch_dims: bd, operand_shape: s }),
    };
  });

const sortCase: fc.Arbitrary<OpCase> = fc
  .tuple(shapeArb(1), fc.nat(), fc.integer({ min: 1, max: 3 }), fc.nat())
  .map(([shape, a, n, k]) => {
    const dimension = a % shape.length;
    const numKeys = 1 + (k % n);
    return {
      label: `sort dim=${dimension} operands=${n} keys=${numKeys}`,
      // Few distinct values, so that ties and secondary keys matter.
      specs: range(n).map(() => ({ shape, ...INT, lo: 0, hi: 3 })),
      f: (...xs: Tensor[]) => bind('sort', xs, { dimension, is_stable: true, num_keys: numKeys }),
    };
  });

const iotaCase: fc.Arbitrary<OpCase> = fc.tuple(shapeArb(1), fc.nat()).map(([shape, a]) => ({
  label: `iota inside f`,
  specs: [{ shape }],
  f: (x: Tensor) => x.add(lax.broadcastedIota('float32', x.shape, a % shape.length)),
}));

describe('structure primitives under vmap equal a loop', () => {
  it('broadcast_in_dim', () => assertVmapLaw(broadcastCase));
  it('reshape', () => assertVmapLaw(reshapeCase));
  it('transpose', () => assertVmapLaw(transposeCase));
  it('squeeze', () => assertVmapLaw(squeezeCase));
  it('expand_dims', () => assertVmapLaw(expandCase));
  it('rev', () => assertVmapLaw(revCase));
  it('concatenate (mixed mapped and unmapped operands)', () => assertVmapLaw(concatCase));
  it('pad (batched padding value too)', () => assertVmapLaw(padCase));
  it('slice', () => assertVmapLaw(sliceCase));
  it('dynamic_slice with batched start indices', () => assertVmapLaw(dynamicSliceCase, 40));
  it('dynamic_update_slice with batched start indices', () => assertVmapLaw(dynamicUpdateCase, 40));
  it('gather with batch_dims', () => assertVmapLaw(gatherCase, 40));
  it('scatter_add with batch_dims', () => assertVmapLaw(scatterCase, 40));
  it('sort (several operands, num_keys)', () => assertVmapLaw(sortCase));
  it('iota (never batched)', () => assertVmapLaw(iotaCase, 10));
});
