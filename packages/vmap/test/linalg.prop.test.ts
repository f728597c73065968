/**
 * vmap equals a loop for dot_general (random dimension numbers; one or both sides mapped),
 * conv_general_dilated (random layouts, feature and batch groups) and reduce_window_*.
 */
import type { Tensor } from '@jaxts/tensor';
import { bind1 } from '@jaxts/tensor/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertVmapLaw, type OpCase } from './law.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const perm = (n: number) => fc.shuffledSubarray(range(n), { minLength: n, maxLength: n });
const dim = fc.integer({ min: 1, max: 3 });

const dotCase: fc.Arbitrary<OpCase> = fc
  .record({
    nb: fc.integer({ min: 0, max: 1 }),
    nc: fc.integer({ min: 0, max: 2 }),
    fl: fc.integer({ min: 0, max: 2 }),
    fr: fc.integer({ min: 0, max: 1 }),
    sizes: fc.array(dim, { minLength: 6, maxLength: 6 }),
  })
  .chain((r) => fc.tuple(fc.constant(r), perm(r.nb + r.nc + r.fl), perm(r.nb + r.nc + r.fr)))
  .map(([{ nb, nc, fl, fr, sizes }, pl, pr]) => {
    // Canonical dims: batch b_i, contracting c_i, free; each side lays them out by a permutation.
    const lhsCanon = [
      ...range(nb).map((i) => `b${i}`),
      ...range(nc).map((i) => `c${i}`),
      ...range(fl).map((i) => `l${i}`),
    ];
    const rhsCanon = [
      ...range(nb).map((i) => `b${i}`),
      ...range(nc).map((i) => `c${i}`),
      ...range(fr).map((i) => `r${i}`),
    ];
    const lhs = pl.map((i) => lhsCanon[i] as string);
    const rhs = pr.map((i) => rhsCanon[i] as string);
    const size = (name: string) =>
      sizes[['b0', 'c0', 'c1', 'l0', 'l1', 'r0'].indexOf(name)] as number;
    const dn = {
      contracting: [
        range(nc).map((i) => lhs.indexOf(`c${i}`)),
        range(nc).map((i) => rhs.indexOf(`c${i}`)),
      ] as const,
      batch: [
        range(nb).map((i) => lhs.indexOf(`b${i}`)),
        range(nb).map((i) => rhs.indexOf(`b${i}`)),
      ] as const,
    };
    return {
      label: `dot_general lhs=${lhs.join('')} rhs=${rhs.join('')}`,
      specs: [{ shape: lhs.map(size) }, { shape: rhs.map(size) }],
      f: (a: Tensor, b: Tensor) =>
        bind1('dot_general', [a, b], {
          dimension_numbers: dn,
          precision: null,
          preferred_element_type: null,
        }),
      rtol: 1e-4,
    };
  });

const convCase: fc.Arbitrary<OpCase> = fc
  .record({
    ns: fc.integer({ min: 1, max: 2 }),
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 2 }),
    batchGroups: fc.boolean(),
    cg: fc.integer({ min: 1, max: 2 }),
    og: fc.integer({ min: 1, max: 2 }),
    spatial: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 2 }),
    kernel: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 2 }),
    stride: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 2 }),
    pad: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 2 }),
    rdil: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 2 }),
  })
  .chain((r) => fc.tuple(fc.constant(r), perm(r.ns + 2), perm(r.ns + 2), perm(r.ns + 2)))
  .map(([r, lp, rp, op]) => {
    const ns = r.ns;
    const fg = r.batchGroups ? 1 : r.groups;
    const bg = r.batchGroups ? r.groups : 1;
    const N = r.n * bg;
    const C = r.cg * fg;
    const O = r.og * r.groups;
    const sp = r.spatial.slice(0, ns);
    const k = r.kernel.slice(0, ns);
    // spec[i] = where canonical dim i (batch/feature first) sits in the layout.
    const spec = (layout: number[]) => range(ns + 2).map((i) => layout.indexOf(i));
    const lhsSpec = spec(lp);
    const rhsSpec = spec(rp);
    const outSpec = spec(op);
    const lhsCanon = [N, C, ...sp];
    const rhsCanon = [O, r.cg, ...k];
    const layoutShape = (canon: number[], layout: number[]) =>
      layout.map((i) => canon[i] as number);
    const params = {
      window_strides: r.stride.slice(0, ns),
      padding: r.pad.slice(0, ns).map((p) => [p, p] as const),
      lhs_dilation: sp.map(() => 1),
      rhs_dilation: r.rdil.slice(0, ns),
      dimension_numbers: { lhsSpec, rhsSpec, outSpec },
      feature_group_count: fg,
      batch_group_count: bg,
    };
    return {
      label: `conv ns=${ns} fg=${fg} bg=${bg} specs=${JSON.stringify([lhsSpec, rhsSpec, outSpec])}`,
      specs: [{ shape: layoutShape(lhsCanon, lp) }, { shape: layoutShape(rhsCanon, rp) }],
      f: (x: Tensor, w: Tensor) => bind1('conv_general_dilated', [x, w], params),
      rtol: 1e-4,
    };
  });

const windowCase: fc.Arbitrary<OpCase> = fc
  .tuple(
    fc.constantFrom(
      'reduce_window_sum' as const,
      'reduce_window_max' as const,
      'reduce_window_min' as const,
    ),
    fc.array(
      fc.record({
        n: fc.integer({ min: 2, max: 4 }),
        w: fc.integer({ min: 1, max: 2 }),
        s: fc.integer({ min: 1, max: 2 }),
        p: fc.integer({ min: 0, max: 1 }),
        d: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([prim, dims]) => ({
    label: `${prim} ${JSON.stringify(dims)}`,
    specs: [{ shape: dims.map((d) => d.n) }],
    f: (x: Tensor) =>
      bind1(prim, [x], {
        window_dimensions: dims.map((d) => d.w),
        window_strides: dims.map((d) => d.s),
        padding: dims.map((d) => [d.p, 0] as const),
        base_dilation: dims.map(() => 1),
        window_dilation: dims.map((d) => d.d),
      }),
  }));

describe('linalg primitives under vmap equal a loop', () => {
  it('dot_general with random dimension numbers', () => assertVmapLaw(dotCase, 60));
  it('conv_general_dilated (layouts, feature / batch groups)', () => assertVmapLaw(convCase, 40));
  it('reduce_window_*', () => assertVmapLaw(windowCase));
});
