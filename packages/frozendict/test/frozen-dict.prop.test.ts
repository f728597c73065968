import { fc, test } from '@fast-check/vitest';
import { copy, FrozenDict, freeze, isFrozenDict, pop, unfreeze } from '@jaxts/frozendict';
import { expect } from 'vitest';
import { dictTree, key, leaf } from './arbitraries.ts';

// Same entries in the same key order at every level.
function expectSameOrder(a: unknown, b: unknown): void {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return;
  expect(Object.keys(a)).toEqual(Object.keys(b as object));
  for (const k of Object.keys(a)) {
    expectSameOrder((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  }
}

// Deep copy of plain objects and arrays; class instances (Box) are kept, unlike structuredClone.
function cloneStructure<T>(x: T): T {
  if (Array.isArray(x)) return x.map(cloneStructure) as T;
  if (x === null || typeof x !== 'object' || Object.getPrototypeOf(x) !== Object.prototype)
    return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    Object.defineProperty(out, k, {
      value: cloneStructure(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

const sloppySet = new Function('o', 'k', 'o[k] = 1') as (o: unknown, k: string) => void;

test.prop([dictTree()])('unfreeze(freeze(x)) deep-equals x, in the same key order', (x) => {
  const back = unfreeze(freeze(x));
  expect(back).toStrictEqual(x);
  expectSameOrder(back, x);
});

test.prop([dictTree(), key])(
  'every nested dict is a FrozenDict and rejects writes, even sloppy ones',
  (x, k) => {
    const visit = (fd: unknown): void => {
      expect(isFrozenDict(fd)).toBe(true);
      expect(() => sloppySet(fd, k)).toThrow(/FrozenDict is immutable/);
      for (const value of FrozenDict.prototype.values.call(fd))
        if (isFrozenDict(value)) visit(value);
    };
    visit(freeze(x));
  },
);

test.prop([dictTree(), dictTree()])(
  'copy never mutates the receiver and merges shallowly',
  (x, extra) => {
    const fd = freeze(x);
    const snapshot = unfreeze(fd);
    const merged = copy(fd, extra);
    expect(unfreeze(fd)).toStrictEqual(snapshot);
    expect(unfreeze(merged)).toStrictEqual(unfreeze({ ...snapshot, ...extra }));

    const plainBefore = cloneStructure(x);
    const plainMerged = copy(x, extra);
    expect(x).toStrictEqual(plainBefore);
    expect(plainMerged).toStrictEqual({ ...plainBefore, ...extra });
  },
);

test.prop([dictTree().filter((x) => Object.keys(x).length > 0)])(
  'pop never mutates the receiver',
  (x) => {
    const k = Object.keys(x)[0] as string;
    const fd = freeze(x);
    const snapshot = unfreeze(fd);
    const [rest, value] = pop(fd, k);
    expect(unfreeze(fd)).toStrictEqual(snapshot);
    expect(isFrozenDict(rest)).toBe(true);
    expect(FrozenDict.prototype.has.call(rest, k)).toBe(false);
    expect(unfreeze(FrozenDict.prototype.copy.call(rest, { [k]: value }))).toStrictEqual(
      unfreeze({ ...snapshot, [k]: snapshot[k] }),
    );

    const plainBefore = cloneStructure(x);
    const [plainRest, plainValue] = pop(x, k);
    expect(x).toStrictEqual(plainBefore);
    expect({ ...plainRest, [k]: plainValue }).toStrictEqual(plainBefore);
  },
);

test.prop([dictTree(), fc.infiniteStream(fc.nat())])(
  'equals is order-insensitive and implies equal hashes',
  (x, seeds) => {
    const shuffle = (obj: Record<string, unknown>): Record<string, unknown> => {
      const keys = Object.keys(obj).sort(
        (a, b) => a.localeCompare(b) * (seeds.next().value % 2 === 0 ? 1 : -1),
      );
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const v = obj[k];
        Object.defineProperty(out, k, {
          value:
            v !== null &&
            typeof v === 'object' &&
            !Array.isArray(v) &&
            Object.getPrototypeOf(v) === Object.prototype
              ? shuffle(v as Record<string, unknown>)
              : v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    };
    const a = freeze(x);
    const b = freeze(shuffle(x));
    expect(a.equals(b)).toBe(true);
    expect(FrozenDict.prototype.hash.call(a)).toBe(FrozenDict.prototype.hash.call(b));
    expect(FrozenDict.prototype.equals.call(a, x)).toBe(true);
  },
);

test.prop([dictTree(), key, leaf])('a changed entry breaks equality', (x, k, v) => {
  const fd = freeze(x);
  const changed = copy(fd, { [k]: v });
  const same =
    FrozenDict.prototype.has.call(fd, k) && Object.is(FrozenDict.prototype.get.call(fd, k), v);
  expect(FrozenDict.prototype.equals.call(fd, changed)).toBe(same);
});

test.prop([dictTree()])('freeze is idempotent and keeps the keys', (x) => {
  const fd = freeze(x);
  expect(freeze(fd)).toBe(fd);
  expect(Object.keys(fd)).toEqual(Object.keys(x));
  expect(FrozenDict.prototype.keys.call(fd)).toEqual(Object.keys(x));
});
