/**
 * Laws of the structure ops on random small shapes: abstract eval agrees with evaluation for
 * every structure primitive; reshape, transpose and concatenate/split round-trip; NumPy basic
 * indexing and `.at[].set` agree with a reference on nested JavaScript arrays.
 */
import {
  type IndexItem,
  numpy as jnp,
  type NestedArray,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { abstractEval, bind, ShapedArray } from '@jaxts/tensor/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dimArb = fc.integer({ min: 1, max: 4 });
const shapeArb = (minRank = 0, maxRank = 3) =>
  fc.array(dimArb, { minLength: minRank, maxLength: maxRank });
const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const iotaOf = (s: readonly number[]) => jnp.arange(sizeOf(s)).reshape([...s]);
const permArb = (n: number) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
const subsetArb = (n: number) =>
  fc.subarray(Array.from({ length: n }, (_, i) => i)).map((a) => [...a].sort((x, y) => x - y));

type Case = { prim: string; args: Tensor[]; params: Record<string, unknown> };

/** A random valid application of a structure primitive on a random shape. */
const caseArb: fc.Arbitrary<Case> = fc.oneof(
  shapeArb().chain((s) =>
    fc
      .tuple(
        fc.array(dimArb, { maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
      )
      .map(([lead, ones]) => {
        const x = iotaOf(s.map((d, i) => (ones[i] ? 1 : d)));
        return {
          prim: 'broadcast_in_dim',
          args: [x],
          params: {
            shape: [...lead, ...s],
            broadcast_dimensions: s.map((_, i) => lead.length + i),
          },
        };
      }),
  ),
  shapeArb().map((s) => ({
    prim: 'reshape',
    args: [iotaOf(s)],
    params: { new_sizes: [sizeOf(s)], dimensions: null },
  })),
  shapeArb().chain((s) =>
    permArb(s.length).map((p) => ({
      prim: 'transpose',
      args: [iotaOf(s)],
      params: { permutation: p },
    })),
  ),
  shapeArb().chain((s) =>
    subsetArb(s.length + 1).map((dims) => ({
      prim: 'expand_dims',
      args: [iotaOf(s)],
      params: { dimensions: dims },
    })),
  ),
  shapeArb().chain((s) => {
    const x = iotaOf(s.map((d, i) => (i % 2 === 0 ? 1 : d)));
    const ones = x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
    return fc
      .subarray(ones)
      .map((dims) => ({ prim: 'squeeze', args: [x], params: { dimensions: dims } }));
  }),
  shapeArb().chain((s) =>
    subsetArb(s.length).map((dims) => ({
      prim: 'rev',
      args: [iotaOf(s)],
      params: { dimensions: dims },
    })),
  ),
  shapeArb(1).chain((s) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: s.length - 1 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
      )
      .map(([d, sizes]) => ({
        prim: 'concatenate',
        args: sizes.map((n) => iotaOf(s.map((v, i) => (i === d ? n : v)))),
        params: { dimension: d },
      })),
  ),
  shapeArb().chain((s) =>
    fc
      .tuple(
        ...s.map((d) =>
          fc.tuple(
            fc.integer({ min: -d, max: 2 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 2 }),
          ),
        ),
      )
      .map((cfg) => ({
        prim: 'pad',
        args: [iotaOf(s), jnp.array(-1, 'int32')],
        params: { padding_config: cfg },
      })),
  ),
  shapeArb().chain((s) =>
    fc
      .tuple(
        ...s.map((d) =>
          fc.tuple(
            fc.integer({ min: 0, max: d }),
            fc.integer({ min: 0, max: d }),
            fc.integer({ min: 1, max: 3 }),
          ),
        ),
      )
      .map((parts) => ({
        prim: 'slice',
        args: [iotaOf(s)],
        params: {
          start_indices: parts.map(([a, b]) => Math.min(a, b)),
          limit_indices: parts.map(([a, b]) => Math.max(a, b)),
          strides: parts.map(([, , st]) => st),
        },
      })),
  ),
  shapeArb().chain((s) =>
    fc
      .tuple(
        ...s.map((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: -5, max: 5 }))),
      )
      .map((parts) => ({
        prim: 'dynamic_slice',
        args: [iotaOf(s), ...parts.map(([, st]) => jnp.array(st, 'int32'))],
        params: { slice_sizes: parts.map(([n]) => n) },
      })),
  ),
  shapeArb().chain((s) =>
    fc
      .tuple(
        ...s.map((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: -5, max: 5 }))),
      )
      .map((parts) => ({
        prim: 'dynamic_update_slice',
        args: [
          iotaOf(s),
          jnp.zeros(
            parts.map(([n]) => n),
            'int32',
          ),
          ...parts.map(([, st]) => jnp.array(st, 'int32')),
        ],
        params: {},
      })),
  ),
  shapeArb(1).chain((s) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: s.length - 1 }),
        shapeArb(0, 2),
        fc.constantFrom<'clip' | 'fill'>('clip', 'fill'),
      )
      .chain(([axis, ishape, mode]) =>
        fc
          .array(fc.integer({ min: -2, max: (s[axis] as number) + 1 }), {
            minLength: sizeOf(ishape),
            maxLength: sizeOf(ishape),
          })
          .map((vals) => ({
            prim: 'gather',
            args: [iotaOf(s), jnp.array(vals, 'int32').reshape(ishape)],
            params: { axis, batch_dims: 0, mode },
          })),
      ),
  ),
  shapeArb(1).chain((s) =>
    fc.tuple(fc.integer({ min: 0, max: s.length - 1 }), shapeArb(0, 2)).chain(([axis, ishape]) =>
      fc
        .array(fc.integer({ min: -1, max: (s[axis] as number) + 1 }), {
          minLength: sizeOf(ishape),
          maxLength: sizeOf(ishape),
        })
        .map((vals) => {
          const upd = [...s.slice(0, axis), ...ishape, ...s.slice(axis + 1)];
          return {
            prim: 'scatter_add',
            args: [jnp.ones(upd, 'float32'), jnp.array(vals, 'int32').reshape(ishape)],
            params: { axis, batch_dims: 0, operand_shape: s },
          };
        }),
    ),
  ),
  shapeArb(1).chain((s) =>
    fc.integer({ min: 0, max: s.length - 1 }).map((d) => ({
      prim: 'sort',
      args: [jnp.arange(sizeOf(s)).mul(7).mod(5).reshape(s), iotaOf(s)],
      params: { dimension: d, is_stable: true, num_keys: 1 },
    })),
  ),
  shapeArb(1).chain((s) =>
    fc
      .integer({ min: 0, max: s.length - 1 })
      .map((d) => ({ prim: 'iota', args: [], params: { dtype: 'int32', shape: s, dimension: d } })),
  ),
);

describe.each(['cpu', 'wasm'] as const)(
  'structure primitives: abstract eval agrees with evaluation (%s)',
  (backend) => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    afterAll(async () => {
      await setBackend('cpu');
    });
    it('shapes, dtypes and weak types of every structure primitive', () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(caseArb, ({ prim, args, params }) => {
          seen.add(prim);
          const avals = args.map((a) => new ShapedArray([...a.shape], a.dtype, a.weakType));
          const expected = abstractEval(prim as 'reshape', avals, params as never);
          const outs = bind(prim as 'reshape', args, params as never);
          expect(outs.length).toBe(expected.length);
          outs.forEach((o, i) => {
            const e = expected[i] as ShapedArray;
            expect(o.shape).toEqual(e.shape);
            expect(o.dtype).toBe(e.dtype);
            expect(o.weakType).toBe(e.weakType);
            expect(o.dataSync().length).toBe(e.size);
          });
        }),
        { numRuns: 300 },
      );
      expect(seen.size).toBe(15);
    });
  },
);

describe('round trips', () => {
  it('reshape to any factorization and back is the identity', () => {
    fc.assert(
      fc.property(shapeArb(), shapeArb(), (a, b) => {
        const x = iotaOf([...a, ...b]);
        const y = jnp.reshape(jnp.reshape(x, [sizeOf(b), -1]), x.shape);
        expect(y.toArray()).toEqual(x.toArray());
      }),
    );
  });

  it('transpose by a permutation then by its inverse is the identity', () => {
    fc.assert(
      fc.property(
        shapeArb().chain((s) => permArb(s.length).map((p) => [s, p] as const)),
        ([s, p]) => {
          const x = iotaOf(s);
          const inv = new Array<number>(p.length);
          p.forEach((v, i) => {
            inv[v] = i;
          });
          const y = jnp.transpose(x, p);
          expect(y.shape).toEqual(p.map((i) => s[i]));
          expect(jnp.transpose(y, inv).toArray()).toEqual(x.toArray());
        },
      ),
    );
  });

  it('concatenate then split at the piece boundaries returns the pieces', () => {
    fc.assert(
      fc.property(
        shapeArb(1).chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.integer({ min: 0, max: s.length - 1 }),
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
          ),
        ),
        ([s, axis, sizes]) => {
          const pieces = sizes.map((n, k) =>
            jnp
              .arange(sizeOf(s.map((v, i) => (i === axis ? n : v))))
              .add(100 * k)
              .reshape(s.map((v, i) => (i === axis ? n : v))),
          );
          const cat = jnp.concatenate(pieces, axis);
          const bounds = sizes
            .slice(0, -1)
            .map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
          const back = jnp.split(cat, bounds, axis);
          expect(back.length).toBe(pieces.length);
          back.forEach((b, i) => {
            expect(b.toArray()).toEqual((pieces[i] as Tensor).toArray());
          });
        },
      ),
    );
  });
});

/** Reference basic indexing on nested arrays (ints, slices with any step, new axes). */
type RefItem =
  | { int: number }
  | { slice: [number | null, number | null, number | null] }
  | { newaxis: true };

function refSliceIndices(s: [number | null, number | null, number | null], n: number): number[] {
  const step = s[2] ?? 1;
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const start =
    s[0] === null ? (step > 0 ? 0 : n - 1) : step > 0 ? norm(s[0], 0, n) : norm(s[0], -1, n - 1);
  const stop =
    s[1] === null ? (step > 0 ? n : -1) : step > 0 ? norm(s[1], 0, n) : norm(s[1], -1, n - 1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function refIndex(x: NestedArray, items: readonly RefItem[]): NestedArray {
  if (items.length === 0) return x;
  const [first, ...rest] = items as [RefItem, ...RefItem[]];
  if ('newaxis' in first) return [refIndex(x, rest)];
  const arr = x as NestedArray[];
  const n = arr.length;
  if ('int' in first)
    return refIndex(arr[first.int < 0 ? first.int + n : first.int] as NestedArray, rest);
  return refSliceIndices(first.slice, n).map((i) => refIndex(arr[i] as NestedArray, rest));
}

const itemArb = (n: number): fc.Arbitrary<RefItem> =>
  fc.oneof(
    fc.integer({ min: -n, max: n - 1 }).map((v) => ({ int: v })),
    fc
      .tuple(
        fc.option(fc.integer({ min: -n - 2, max: n + 2 })),
        fc.option(fc.integer({ min: -n - 2, max: n + 2 })),
        fc.option(fc.integer({ min: -3, max: 3 }).filter((v) => v !== 0)),
      )
      .map(([a, b, c]) => ({ slice: [a, b, c] as [number | null, number | null, number | null] })),
  );

/** Items for a prefix of the dims of `s` (trailing dims implicit), with new axes sprinkled in. */
const indexArb = shapeArb(1).chain((s) =>
  fc
    .tuple(
      fc.constant(s),
      fc.integer({ min: 0, max: s.length }),
      fc.tuple(...s.map((d) => itemArb(d))),
      fc.array(fc.boolean(), { minLength: s.length + 1, maxLength: s.length + 1 }),
    )
    .map(([shape, used, its, newAxes]) => {
      const out: RefItem[] = [];
      for (let i = 0; i <= used; i++) {
        if (newAxes[i]) out.push({ newaxis: true });
        if (i < used) out.push(its[i] as RefItem);
      }
      return [shape, out] as const;
    }),
);

function toItem(r: RefItem): IndexItem {
  if ('int' in r) return r.int;
  if ('newaxis' in r) return null;
  const [a, b, c] = r.slice;
  return jnp.slice(a, b, c);
}

function toSliceString(r: RefItem): IndexItem {
  if ('slice' in r) return r.slice.map((v) => (v === null ? '' : String(v))).join(':');
  return toItem(r);
}

/** Nested shape of a reference result. */
function shapeOfNested(x: NestedArray): number[] {
  const s: number[] = [];
  let p: NestedArray = x;
  while (Array.isArray(p)) {
    s.push(p.length);
    if (p.length === 0) break;
    p = p[0] as NestedArray;
  }
  return s;
}

describe('getItem agrees with NumPy basic indexing on nested arrays', () => {
  it('ints, slices with negative/out-of-range bounds and steps, new axes', () => {
    fc.assert(
      fc.property(indexArb, ([s, items]) => {
        const x = iotaOf(s);
        const ref = refIndex(x.toArray(), items);
        const got = x.get(...items.map(toItem));
        const empty = got.size === 0;
        if (!empty) expect(got.toArray()).toEqual(ref);
        else expect(got.shape.slice(0, shapeOfNested(ref).length)).toEqual(shapeOfNested(ref));
        expect(x.get(...items.map(toSliceString)).shape).toEqual(got.shape);
      }),
      { numRuns: 200 },
    );
  });

  it('at(...).set writes exactly the selected elements', () => {
    fc.assert(
      fc.property(indexArb, ([s, items]) => {
        const x = iotaOf(s);
        const sel = x.get(...items.map(toItem));
        const updated = x.at(...items.map(toItem)).set(sel.neg().sub(1));
        // Every selected element becomes -(v+1) < 0, every other keeps v >= 0.
        const selected = new Set(Array.from(sel.dataSync()));
        const before = Array.from(x.dataSync());
        const after = Array.from(updated.dataSync());
        after.forEach((v, i) => {
          const b = before[i] as number;
          expect(v).toBe(selected.has(b) ? -b - 1 : b);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('a single integer-array index equals take with clamped indices', () => {
    fc.assert(
      fc.property(
        shapeArb(1).chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.integer({ min: 0, max: s.length - 1 }),
            fc.array(fc.integer({ min: -6, max: 6 }), { maxLength: 4 }),
          ),
        ),
        ([s, axis, idx]) => {
          const x = iotaOf(s);
          const n = s[axis] as number;
          const items: IndexItem[] = [...new Array<IndexItem>(axis).fill(':'), idx];
          const clamped = idx.map((i) => Math.min(Math.max(i < 0 ? i + n : i, 0), n - 1));
          expect(x.get(...items).toArray()).toEqual(jnp.take(x, clamped, { axis }).toArray());
        },
      ),
    );
  });
});
