/**
 * Laws of the linalg family on random small configurations, on cpu and wasm: abstract eval agrees
 * with evaluation for dot_general / conv_general_dilated / reduce_window_*, each equals a naive
 * JavaScript reference (XLA's definitions), matmul equals a reference with NumPy broadcasting,
 * and einsum equals the equivalent matmul + transposes.
 */
import { type DType, getBackend, numpy as jnp, setBackend, type Tensor } from '@jaxts/tensor';
import { abstractEval, bind, type Params, type Primitive } from '@jaxts/tensor/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const stridesOf = (s: readonly number[]): number[] => {
  const out = new Array<number>(s.length);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    out[i] = acc;
    acc *= s[i] as number;
  }
  return out;
};
/** Every multi-index of `shape` in row-major order. */
const indices = (shape: readonly number[]): number[][] => {
  const out: number[][] = [];
  const n = sizeOf(shape);
  for (let k = 0; k < n; k++) {
    const idx = new Array<number>(shape.length);
    let rem = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rem % (shape[d] as number);
      rem = Math.floor(rem / (shape[d] as number));
    }
    out.push(idx);
  }
  return out;
};
const flat = (idx: readonly number[], strides: readonly number[]): number =>
  idx.reduce((acc, v, i) => acc + v * (strides[i] as number), 0);
const permArb = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
/** Values that keep float32 sums exact: multiples of 1/4 in [-2, 2]. */
const valuesArb = (n: number): fc.Arbitrary<number[]> =>
  fc.array(
    fc.integer({ min: -8, max: 8 }).map((v) => v / 4),
    { minLength: n, maxLength: n },
  );

interface Operand {
  readonly shape: number[];
  readonly values: number[];
}

const tensor = (o: Operand, dtype: DType = 'float32'): Tensor =>
  jnp.fromValues(o.values, o.shape, dtype);

/** Applies a primitive and checks its abstract eval against the result's shape and dtype. */
function applyChecked<P extends Primitive>(prim: P, args: Tensor[], params: Params<P>): Tensor {
  const [aval] = abstractEval(
    prim,
    args.map((a) => a.aval),
    params,
  );
  const out = bind(prim, args, params)[0] as Tensor;
  expect(out.shape).toEqual(aval?.shape);
  expect(out.dtype).toBe(aval?.dtype);
  return out;
}

// ---------------------------------------------------------------------------------------------
// dot_general
// ---------------------------------------------------------------------------------------------

interface DotCase {
  lhs: Operand;
  rhs: Operand;
  dn: { contracting: [number[], number[]]; batch: [number[], number[]] };
}

const dimsArb = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 });

const dotCaseArb: fc.Arbitrary<DotCase> = fc
  .record({ batch: dimsArb, contract: dimsArb, lf: dimsArb, rf: dimsArb })
  .chain(({ batch, contract, lf, rf }) => {
    const nl = batch.length + contract.length + lf.length;
    const nr = batch.length + contract.length + rf.length;
    return fc.record({ lp: permArb(nl), rp: permArb(nr) }).chain(({ lp, rp }) => {
      // Logical dim j of the lhs ([batch, contract, free]) lives at position lp[j].
      const lshape = new Array<number>(nl);
      [...batch, ...contract, ...lf].forEach((d, j) => {
        lshape[lp[j] as number] = d;
      });
      const rshape = new Array<number>(nr);
      [...batch, ...contract, ...rf].forEach((d, j) => {
        rshape[rp[j] as number] = d;
      });
      const nb = batch.length;
      const nc = contract.length;
      const dn = {
        batch: [lp.slice(0, nb), rp.slice(0, nb)] as [number[], number[]],
        contracting: [lp.slice(nb, nb + nc), rp.slice(nb, nb + nc)] as [number[], number[]],
      };
      return fc
        .record({ lv: valuesArb(sizeOf(lshape)), rv: valuesArb(sizeOf(rshape)) })
        .map(({ lv, rv }) => ({
          lhs: { shape: lshape, values: lv },
          rhs: { shape: rshape, values: rv },
          dn,
        }));
    });
  });

/** XLA's DotGeneral, directly from its definition. */
function dotGeneralRef({ lhs, rhs, dn }: DotCase): Operand {
  const [lc, rc] = dn.contracting;
  const [lb, rb] = dn.batch;
  const free = (n: number, b: number[], c: number[]): number[] =>
    Array.from({ length: n }, (_, i) => i).filter((i) => !b.includes(i) && !c.includes(i));
  const lf = free(lhs.shape.length, lb, lc);
  const rf = free(rhs.shape.length, rb, rc);
  const pick = (s: number[], ds: number[]): number[] => ds.map((d) => s[d] as number);
  const outShape = [...pick(lhs.shape, lb), ...pick(lhs.shape, lf), ...pick(rhs.shape, rf)];
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  const values = indices(outShape).map((o) => {
    const li = new Array<number>(lhs.shape.length).fill(0);
    const ri = new Array<number>(rhs.shape.length).fill(0);
    lb.forEach((d, i) => {
      li[d] = o[i] as number;
      ri[rb[i] as number] = o[i] as number;
    });
    lf.forEach((d, i) => {
      li[d] = o[lb.length + i] as number;
    });
    rf.forEach((d, i) => {
      ri[d] = o[lb.length + lf.length + i] as number;
    });
    let acc = 0;
    for (const k of indices(pick(lhs.shape, lc))) {
      lc.forEach((d, i) => {
        li[d] = k[i] as number;
        ri[rc[i] as number] = k[i] as number;
      });
      acc += (lhs.values[flat(li, ls)] as number) * (rhs.values[flat(ri, rs)] as number);
    }
    return acc;
  });
  return { shape: outShape, values };
}

// ---------------------------------------------------------------------------------------------
// conv_general_dilated
// ---------------------------------------------------------------------------------------------

interface ConvCase {
  lhs: Operand;
  rhs: Operand;
  params: Params<'conv_general_dilated'>;
}

const convCaseArb: fc.Arbitrary<ConvCase> = fc
  .record({
    ns: fc.integer({ min: 0, max: 3 }),
    groups: fc.constantFrom('none', 'feature', 'depthwise', 'batch'),
    g: fc.integer({ min: 2, max: 3 }),
    ig: fc.integer({ min: 1, max: 2 }),
    og: fc.integer({ min: 1, max: 2 }),
    nb: fc.integer({ min: 1, max: 2 }),
  })
  .chain(({ ns, groups, g, ig, og, nb }) => {
    const G = groups === 'feature' || groups === 'depthwise' ? g : 1;
    const B = groups === 'batch' ? g : 1;
    const I = groups === 'depthwise' ? 1 : ig;
    const spatial = fc.array(fc.integer({ min: 1, max: ns === 3 ? 3 : 5 }), {
      minLength: ns,
      maxLength: ns,
    });
    const small = (max: number) =>
      fc.array(fc.integer({ min: 1, max }), { minLength: ns, maxLength: ns });
    return fc
      .record({
        sp: spatial,
        k: small(3),
        strides: small(2),
        ld: small(2),
        rd: small(2),
        pads: fc.array(fc.tuple(fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 2 })), {
          minLength: ns,
          maxLength: ns,
        }),
        lp: permArb(ns + 2),
        rp: permArb(ns + 2),
        op: permArb(ns + 2),
      })
      .filter(({ sp, ld, pads }) =>
        sp.every(
          (s, i) =>
            1 +
              (ld[i] as number) * (s - 1) +
              (pads[i] as [number, number])[0] +
              (pads[i] as [number, number])[1] >=
            0,
        ),
      )
      .chain(({ sp, k, strides, ld, rd, pads, lp, rp, op }) => {
        const lcanon = [B * nb, G * I, ...sp];
        const rcanon = [G * B * og, I, ...k];
        const lshape = new Array<number>(ns + 2);
        lcanon.forEach((d, j) => {
          lshape[lp[j] as number] = d;
        });
        const rshape = new Array<number>(ns + 2);
        rcanon.forEach((d, j) => {
          rshape[rp[j] as number] = d;
        });
        const params: Params<'conv_general_dilated'> = {
          window_strides: strides,
          padding: pads,
          lhs_dilation: ld,
          rhs_dilation: rd,
          dimension_numbers: { lhsSpec: lp, rhsSpec: rp, outSpec: op },
          feature_group_count: G,
          batch_group_count: B,
        };
        return fc
          .record({ lv: valuesArb(sizeOf(lshape)), rv: valuesArb(sizeOf(rshape)) })
          .map(({ lv, rv }) => ({
            lhs: { shape: lshape, values: lv },
            rhs: { shape: rshape, values: rv },
            params,
          }));
      });
  });

/** XLA's convolution from its definition, in canonical (N, C, spatial) index order. */
function convRef({ lhs, rhs, params }: ConvCase, outShape: readonly number[]): number[] {
  const { lhsSpec, rhsSpec, outSpec } = params.dimension_numbers;
  const ns = lhsSpec.length - 2;
  const G = params.feature_group_count;
  const B = params.batch_group_count;
  const at = (o: Operand, spec: readonly number[], canon: readonly number[]): number => {
    const idx = new Array<number>(canon.length);
    canon.forEach((v, j) => {
      idx[spec[j] as number] = v;
    });
    return o.values[flat(idx, stridesOf(o.shape))] as number;
  };
  const O = rhs.shape[rhsSpec[0] as number] as number;
  const I = rhs.shape[rhsSpec[1] as number] as number;
  const nOut = outShape[outSpec[0] as number] as number;
  const kShape = rhsSpec.slice(2).map((d) => rhs.shape[d] as number);
  const inShape = lhsSpec.slice(2).map((d) => lhs.shape[d] as number);
  const out = new Array<number>(sizeOf(outShape)).fill(0);
  const os = stridesOf(outShape);
  for (const oc of indices([nOut, O, ...outSpec.slice(2).map((d) => outShape[d] as number)])) {
    const [n, o] = oc as [number, number];
    const g = Math.floor(o / (O / G));
    const bg = Math.floor(o / (O / B));
    let acc = 0;
    for (const kk of indices(kShape)) {
      const pos: number[] = [];
      let valid = true;
      for (let d = 0; d < ns; d++) {
        const p =
          (oc[2 + d] as number) * (params.window_strides[d] as number) +
          (kk[d] as number) * (params.rhs_dilation[d] as number) -
          (params.padding[d] as readonly [number, number])[0];
        const ld = params.lhs_dilation[d] as number;
        if (p < 0 || p % ld !== 0 || p / ld >= (inShape[d] as number)) valid = false;
        pos.push(p / ld);
      }
      if (!valid) continue;
      for (let i = 0; i < I; i++) {
        acc +=
          at(lhs, lhsSpec, [bg * nOut + n, g * I + i, ...pos]) * at(rhs, rhsSpec, [o, i, ...kk]);
      }
    }
    const idx = new Array<number>(ns + 2);
    oc.forEach((v, j) => {
      idx[outSpec[j] as number] = v;
    });
    out[flat(idx, os)] = acc;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// reduce_window
// ---------------------------------------------------------------------------------------------

interface WindowCase {
  x: Operand;
  params: Params<'reduce_window_sum'>;
}

const windowCaseArb: fc.Arbitrary<WindowCase> = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => {
    const n = shape.length;
    const per = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
      fc.array(arb, { minLength: n, maxLength: n });
    return fc.record({
      x: valuesArb(sizeOf(shape)).map((values) => ({ shape, values })),
      params: fc.record({
        window_dimensions: per(fc.integer({ min: 1, max: 3 })),
        window_strides: per(fc.integer({ min: 1, max: 2 })),
        padding: per(fc.tuple(fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 2 }))),
        base_dilation: per(fc.integer({ min: 1, max: 2 })),
        window_dilation: per(fc.oneof(fc.constant(1), fc.constant(1), fc.constant(2))),
      }),
    });
  });

function reduceWindowRef(
  { x, params }: WindowCase,
  kind: 'sum' | 'max' | 'min',
  outShape: readonly number[],
): number[] {
  const xs = stridesOf(x.shape);
  return indices(outShape).map((o) => {
    let acc =
      kind === 'sum' ? 0 : kind === 'max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (const w of indices(params.window_dimensions)) {
      const src: number[] = [];
      let valid = true;
      x.shape.forEach((size, d) => {
        const p =
          (o[d] as number) * (params.window_strides[d] as number) +
          (w[d] as number) * (params.window_dilation[d] as number) -
          (params.padding[d] as readonly [number, number])[0];
        const bd = params.base_dilation[d] as number;
        if (p < 0 || p % bd !== 0 || p / bd >= size) valid = false;
        src.push(p / bd);
      });
      if (!valid) continue;
      const v = x.values[flat(src, xs)] as number;
      acc = kind === 'sum' ? acc + v : kind === 'max' ? Math.max(acc, v) : Math.min(acc, v);
    }
    return acc;
  });
}

// ---------------------------------------------------------------------------------------------
// matmul with NumPy broadcasting
// ---------------------------------------------------------------------------------------------

interface MatmulCase {
  a: Operand;
  b: Operand;
}

const matmulCaseArb: fc.Arbitrary<MatmulCase> = fc
  .record({
    batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
    aDrop: fc.integer({ min: 0, max: 3 }),
    bDrop: fc.integer({ min: 0, max: 3 }),
    aOnes: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    bOnes: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    m: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 1, max: 4 }),
    aVec: fc.boolean(),
    bVec: fc.boolean(),
  })
  .chain(({ batch, aDrop, bDrop, aOnes, bOnes, m, k, n, aVec, bVec }) => {
    const ab = batch.slice(Math.min(aDrop, batch.length)).map((d, i) => (aOnes[i] ? 1 : d));
    const bb = batch.slice(Math.min(bDrop, batch.length)).map((d, i) => (bOnes[i] ? 1 : d));
    const aShape = aVec ? [k] : [...ab, m, k];
    const bShape = bVec ? [k] : [...bb, k, n];
    return fc
      .record({ av: valuesArb(sizeOf(aShape)), bv: valuesArb(sizeOf(bShape)) })
      .map(({ av, bv }) => ({
        a: { shape: aShape, values: av },
        b: { shape: bShape, values: bv },
      }));
  });

function matmulRef({ a, b }: MatmulCase): Operand {
  const aShape = a.shape.length === 1 ? [1, ...a.shape] : a.shape;
  const bShape = b.shape.length === 1 ? [...b.shape, 1] : b.shape;
  const ab = aShape.slice(0, -2);
  const bb = bShape.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const batch = Array.from({ length: rank }, (_, i) => {
    const x = ab[ab.length - rank + i] ?? 1;
    const y = bb[bb.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
  const [m, k] = aShape.slice(-2) as [number, number];
  const n = bShape[bShape.length - 1] as number;
  const as = stridesOf(aShape);
  const bs = stridesOf(bShape);
  const values: number[] = [];
  for (const bi of indices(batch)) {
    const aIdx = bi.slice(rank - ab.length).map((v, i) => ((ab[i] as number) === 1 ? 0 : v));
    const bIdx = bi.slice(rank - bb.length).map((v, i) => ((bb[i] as number) === 1 ? 0 : v));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let l = 0; l < k; l++) {
          acc +=
            (a.values[flat([...aIdx, i, l], as)] as number) *
            (b.values[flat([...bIdx, l, j], bs)] as number);
        }
        values.push(acc);
      }
    }
  }
  let shape = [...batch, m, n];
  if (a.shape.length === 1) shape = [...batch, n];
  if (b.shape.length === 1) shape = a.shape.length === 1 ? [...batch] : [...batch, m];
  return { shape, values };
}

describe.each(['cpu', 'wasm'] as const)('linalg laws on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend);
  });

  it('runs on the requested backend', () => {
    expect(getBackend()).toBe(backend);
  });

  it('dot_general: abstract eval matches evaluation and XLA semantics (float32 and int32)', () => {
    fc.assert(
      fc.property(dotCaseArb, fc.boolean(), (c, asInt) => {
        const dtype: DType = asInt ? 'int32' : 'float32';
        const scale = asInt ? 4 : 1;
        const lhs = { shape: c.lhs.shape, values: c.lhs.values.map((v) => v * scale) };
        const rhs = { shape: c.rhs.shape, values: c.rhs.values.map((v) => v * scale) };
        const out = applyChecked('dot_general', [tensor(lhs, dtype), tensor(rhs, dtype)], {
          dimension_numbers: c.dn,
          precision: null,
          preferred_element_type: null,
        });
        const ref = dotGeneralRef({ lhs, rhs, dn: c.dn });
        expect(out.shape).toEqual(ref.shape);
        expect(Array.from(out.dataSync())).toBeAllclose(ref.values, { atol: 1e-5 });
      }),
    );
  });

  it('conv_general_dilated: abstract eval matches evaluation and XLA semantics', () => {
    fc.assert(
      fc.property(convCaseArb, (c) => {
        const out = applyChecked('conv_general_dilated', [tensor(c.lhs), tensor(c.rhs)], c.params);
        expect(Array.from(out.dataSync())).toBeAllclose(convRef(c, out.shape), { atol: 1e-5 });
      }),
    );
  });

  it('conv_general_dilated on int32 (host loop) agrees with the float32 kernels', () => {
    fc.assert(
      fc.property(convCaseArb, (c) => {
        const toInt = (o: Operand): Operand => ({
          shape: o.shape,
          values: o.values.map((v) => v * 4),
        });
        const i = applyChecked(
          'conv_general_dilated',
          [tensor(toInt(c.lhs), 'int32'), tensor(toInt(c.rhs), 'int32')],
          c.params,
        );
        const f = applyChecked(
          'conv_general_dilated',
          [tensor(toInt(c.lhs)), tensor(toInt(c.rhs))],
          c.params,
        );
        expect(Array.from(i.dataSync())).toEqual(Array.from(f.dataSync()));
      }),
    );
  });

  it('reduce_window_{sum,max,min}: abstract eval matches evaluation and XLA semantics', () => {
    fc.assert(
      fc.property(windowCaseArb, (c) => {
        for (const kind of ['sum', 'max', 'min'] as const) {
          const out = applyChecked(`reduce_window_${kind}`, [tensor(c.x)], c.params);
          expect(Array.from(out.dataSync())).toBeAllclose(reduceWindowRef(c, kind, out.shape), {
            atol: 1e-5,
          });
        }
      }),
    );
  });

  it('matmul equals a naive reference with NumPy broadcasting and 1-D rules', () => {
    fc.assert(
      fc.property(matmulCaseArb, (c) => {
        const out = jnp.matmul(tensor(c.a), tensor(c.b));
        const ref = matmulRef(c);
        expect(out.shape).toEqual(ref.shape);
        expect(Array.from(out.dataSync())).toBeAllclose(ref.values, { atol: 1e-5 });
      }),
    );
  });

  it('einsum equals the equivalent matmul and transposes', () => {
    fc.assert(
      fc.property(
        fc.record({
          b: fc.integer({ min: 1, max: 3 }),
          i: fc.integer({ min: 1, max: 3 }),
          j: fc.integer({ min: 1, max: 3 }),
          k: fc.integer({ min: 1, max: 3 }),
        }),
        permArb(3),
        permArb(3),
        permArb(3),
        (s, pa, pb, po) => {
          // x: b,i,j and y: b,j,k stored in permuted layouts; output b,i,k permuted.
          const x = jnp
            .reshape(jnp.arange(s.b * s.i * s.j).astype('float32'), [s.b, s.i, s.j])
            .mul(0.25);
          const y = jnp
            .reshape(jnp.arange(s.b * s.j * s.k).astype('float32'), [s.b, s.j, s.k])
            .mul(-0.5);
          const xs = 'bij';
          const ys = 'bjk';
          const os = 'bik';
          const sub = (t: string, p: number[]): string => p.map((d) => t[d]).join('');
          const spec = `${sub(xs, pa)},${sub(ys, pb)}->${sub(os, po)}`;
          const out = jnp.einsum(spec, jnp.transpose(x, pa), jnp.transpose(y, pb));
          const want = jnp.transpose(jnp.matmul(x, y), po);
          expect(out.shape).toEqual(want.shape);
          expect(out).toBeAllclose(want, { atol: 1e-4 });
        },
      ),
    );
  });
});
