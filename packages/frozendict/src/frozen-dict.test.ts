import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { ImmutableFrozenDictError, JaxtsError, MissingKeyError, NotADictError } from './errors.ts';
import {
  copy,
  FrozenDict,
  FrozenDictBase,
  freeze,
  isFrozenDict,
  pop,
  prettyRepr,
  unfreeze,
} from './frozen-dict.ts';

// A stand-in for a tensor: a class instance, so a leaf that must not be copied.
class Leaf {
  readonly v: number;
  constructor(v: number) {
    this.v = v;
  }
  toString(): string {
    return `Leaf(${this.v})`;
  }
}

// Writes compiled in sloppy mode (new Function bodies are sloppy unless they say 'use strict').
const sloppySet = new Function('o', 'k', 'v', 'o[k] = v; return o[k];') as (
  o: unknown,
  k: string,
  v: unknown,
) => unknown;
const sloppyDelete = new Function('o', 'k', 'return delete o[k];') as (
  o: unknown,
  k: string,
) => boolean;

describe('construction', () => {
  test('freeze deep-freezes nested plain objects and keeps leaves', () => {
    const leaf = new Leaf(1);
    const arr = [1, 2];
    const fd = freeze({ a: { b: leaf, c: arr }, d: 3 });
    expect(fd).toBeInstanceOf(FrozenDict);
    expect(isFrozenDict(fd.a)).toBe(true);
    expect(fd.a.b).toBe(leaf);
    expect(fd.a.c).toBe(arr);
    expect(fd.d).toBe(3);
  });

  test('new FrozenDict copies: later changes to the source do not show', () => {
    const src: Record<string, unknown> = { a: { x: 1 } };
    const fd = new FrozenDict(src);
    src.b = 2;
    (src.a as Record<string, unknown>).x = 99;
    expect(Object.keys(fd)).toEqual(['a']);
    expect((fd.a as FrozenDict).get('x')).toBe(1);
  });

  test('empty FrozenDicts and FrozenDict inputs', () => {
    expect(new FrozenDict().size).toBe(0);
    expect(new FrozenDict({}).keys()).toEqual([]);
    const inner = freeze({ x: 1 });
    const outer = freeze({ inner });
    expect(outer.inner).toBe(inner);
    expect(freeze(inner)).toBe(inner);
    expect(new FrozenDict(inner).equals(inner)).toBe(true);
  });

  test('null-prototype objects are dicts too', () => {
    const obj = Object.create(null) as Record<string, unknown>;
    obj.a = { b: 1 };
    const fd = freeze(obj);
    expect(isFrozenDict(fd.a)).toBe(true);
  });

  test('freeze and new FrozenDict reject non-dicts', () => {
    expect(() => freeze([1, 2])).toThrow(NotADictError);
    expect(() => freeze(new Leaf(1))).toThrow(/freeze: Expected FrozenDict or dict, got Leaf/);
    expect(() => new FrozenDict(new Map() as unknown as object)).toThrow(
      /FrozenDict: Expected FrozenDict or dict, got Map/,
    );
  });

  test('keys keep insertion order (integer-like keys first, as in any JS object)', () => {
    expect(freeze({ b: 1, a: 2, c: 3 }).keys()).toEqual(['b', 'a', 'c']);
    expect(freeze({ b: 1, 2: 2, 1: 3 }).keys()).toEqual(['1', '2', 'b']);
  });
});

describe('Mapping interface', () => {
  const fd = freeze({ params: { w: 1 }, batch_stats: { mean: 0 } });

  test('get, getOr, has, size', () => {
    expect(fd.get('params').get('w')).toBe(1);
    expect(fd.getOr('nope', 42)).toBe(42);
    expect(fd.getOr('params', 42)).toBe(fd.params);
    expect(fd.has('params')).toBe(true);
    expect(fd.has('nope')).toBe(false);
    expect(fd.has('toString')).toBe(false);
    expect(fd.size).toBe(2);
  });

  test('get on a missing key names the key and the available keys', () => {
    expect(() => fd.get('parmas')).toThrow(MissingKeyError);
    expect(() => fd.get('parmas')).toThrow(
      "FrozenDict.get: key 'parmas' not found; expected one of 'params', 'batch_stats', got 'parmas'.",
    );
    try {
      fd.get('x');
    } catch (error) {
      expect(error).toBeInstanceOf(JaxtsError);
      expect((error as MissingKeyError).key).toBe('x');
      expect((error as MissingKeyError).availableKeys).toEqual(['params', 'batch_stats']);
      expect((error as Error).name).toBe('MissingKeyError');
    }
    expect(() => new FrozenDict().get('a')).toThrow(
      /expected no key \(the dict is empty\), got 'a'/,
    );
  });

  test('keys, values, entries, iteration over keys', () => {
    expect(fd.keys()).toEqual(['params', 'batch_stats']);
    expect(fd.values()).toEqual([fd.params, fd.batch_stats]);
    expect(fd.entries()).toEqual([
      ['params', fd.params],
      ['batch_stats', fd.batch_stats],
    ]);
    expect([...fd]).toEqual(['params', 'batch_stats']);
    // keys() returns a fresh array: changing it does not change the FrozenDict.
    fd.keys().push('x');
    expect(fd.keys()).toHaveLength(2);
  });

  test('toStringTag, instanceof, isFrozenDict', () => {
    expect(Object.prototype.toString.call(fd)).toBe('[object FrozenDict]');
    expect(fd instanceof FrozenDict).toBe(true);
    expect(fd instanceof FrozenDictBase).toBe(true);
    expect(isFrozenDict(fd)).toBe(true);
    expect(isFrozenDict({})).toBe(false);
    expect(isFrozenDict(null)).toBe(false);
    expect(isFrozenDict(1)).toBe(false);
  });

  test('entries are own enumerable properties: Object.keys, spread, JSON', () => {
    expect(Object.keys(fd)).toEqual(['params', 'batch_stats']);
    const { params, ...state } = fd;
    expect(params).toBe(fd.params);
    expect(Object.keys(state)).toEqual(['batch_stats']);
    expect({ ...fd }).toEqual({ params: fd.params, batch_stats: fd.batch_stats });
    expect(Object.getOwnPropertySymbols({ ...fd })).toEqual([]);
    expect(JSON.parse(JSON.stringify(fd))).toEqual({ params: { w: 1 }, batch_stats: { mean: 0 } });
    expect(Object.entries(fd)).toHaveLength(2);
    expect('params' in fd).toBe(true);
  });
});

describe('immutability', () => {
  const fd = freeze({ a: 1, nested: { b: 2 } });

  test('strict-mode writes, deletes and new keys throw ImmutableFrozenDictError', () => {
    const anyFd = fd as unknown as Record<string, unknown>;
    expect(() => {
      anyFd.a = 2;
    }).toThrow(ImmutableFrozenDictError);
    expect(() => {
      anyFd.z = 2;
    }).toThrow(/FrozenDict is immutable; cannot set key 'z'/);
    expect(() => {
      delete anyFd.a;
    }).toThrow(/FrozenDict is immutable; cannot delete key 'a'/);
    expect(() => Object.defineProperty(fd, 'q', { value: 1 })).toThrow(/cannot define key 'q'/);
    expect(() => Object.setPrototypeOf(fd, null)).toThrow(ImmutableFrozenDictError);
    expect(() => {
      (fd.nested as unknown as Record<string, unknown>).b = 3;
    }).toThrow(ImmutableFrozenDictError);
    expect(fd.a).toBe(1);
  });

  test('sloppy-mode writes throw too (a plain frozen object would ignore them)', () => {
    expect(() => sloppySet(fd, 'a', 5)).toThrow(/FrozenDict is immutable/);
    expect(() => sloppySet(fd, 'brandNew', 5)).toThrow(ImmutableFrozenDictError);
    expect(() => sloppyDelete(fd, 'a')).toThrow(ImmutableFrozenDictError);
    expect(() => sloppySet(fd.nested, 'b', 5)).toThrow(ImmutableFrozenDictError);
    expect(() => sloppySet(fd, Symbol.iterator as unknown as string, 5)).toThrow(
      /Symbol\(Symbol.iterator\)/,
    );
    expect(fd.a).toBe(1);
    expect(fd.has('brandNew')).toBe(false);
  });

  test('Object.freeze on a FrozenDict is a harmless no-op; it reports frozen', () => {
    expect(Object.isFrozen(fd)).toBe(true);
    expect(Object.freeze(fd)).toBe(fd);
    expect(Object.isExtensible(fd)).toBe(false);
  });

  test('the error message points to the functional updates', () => {
    expect(() => sloppySet(fd, 'a', 5)).toThrow(/fd\.copy\(\{ key: value \}\)/);
  });
});

describe('copy', () => {
  test('shallow top-level merge, deep-frozen, receiver untouched', () => {
    const fd = freeze({ a: 1, b: { c: 2 } });
    const fd2 = fd.copy({ b: { d: 3 }, e: 4 });
    expect(unfreeze(fd2)).toEqual({ a: 1, b: { d: 3 }, e: 4 });
    expect(isFrozenDict(fd2.b)).toBe(true);
    expect(unfreeze(fd)).toEqual({ a: 1, b: { c: 2 } });
    expect(fd2.keys()).toEqual(['a', 'b', 'e']);
  });

  test('without arguments returns an equal FrozenDict; accepts a FrozenDict to merge', () => {
    const fd = freeze({ a: 1 });
    expect(fd.copy().equals(fd)).toBe(true);
    expect(unfreeze(fd.copy(freeze({ b: { x: 1 } })))).toEqual({ a: 1, b: { x: 1 } });
  });

  test('free copy: FrozenDict in, FrozenDict out; plain in, deep-copied plain out', () => {
    const fd = freeze({ a: 1 });
    expect(isFrozenDict(copy(fd, { b: 2 }))).toBe(true);
    const plain = { a: { x: [1, { y: 2 }] }, f: fd };
    const out = copy(plain, { b: 2 });
    expect(out).toEqual({ a: { x: [1, { y: 2 }] }, f: fd, b: 2 });
    expect(isFrozenDict(out)).toBe(false);
    expect(out.a).not.toBe(plain.a);
    expect(out.a.x).not.toBe(plain.a.x);
    expect(out.f).toBe(fd);
    expect(plain).toEqual({ a: { x: [1, { y: 2 }] }, f: fd });
    expect(() => copy([1] as unknown as object)).toThrow(
      'copy: Expected FrozenDict or dict, got Array.',
    );
  });
});

describe('pop', () => {
  test('FrozenDict.pop returns [rest, value] and leaves the receiver alone', () => {
    const variables = freeze({ params: { w: 1 }, batch_stats: { mean: 0 } });
    const [state, params] = variables.pop('params');
    expect(isFrozenDict(state)).toBe(true);
    expect(state.keys()).toEqual(['batch_stats']);
    expect(params).toBe(variables.params);
    expect(variables.keys()).toEqual(['params', 'batch_stats']);
    // The seed program's pattern: rebuild the variables by spreading.
    expect({ params, ...state }).toEqual({
      params: variables.params,
      batch_stats: variables.batch_stats,
    });
  });

  test('missing keys name the key and the available keys', () => {
    expect(() => freeze({ a: 1 }).pop('b')).toThrow(
      "FrozenDict.pop: key 'b' not found; expected one of 'a', got 'b'.",
    );
    expect(() => pop({ a: 1 }, 'b')).toThrow(MissingKeyError);
  });

  test('free pop on plain objects deep-copies and never mutates the input', () => {
    const plain = { params: { w: [1, 2] }, stats: { m: 0 } };
    const [rest, params] = pop(plain, 'params');
    expect(rest).toEqual({ stats: { m: 0 } });
    expect(rest.stats).not.toBe(plain.stats);
    expect(params).toEqual({ w: [1, 2] });
    expect(params).not.toBe(plain.params);
    expect(plain).toEqual({ params: { w: [1, 2] }, stats: { m: 0 } });
    expect(() => pop(3 as unknown as object, 'a')).toThrow(
      'pop: Expected FrozenDict or dict, got number.',
    );
  });
});

describe('unfreeze', () => {
  test('gives a deep mutable plain copy; leaves are shared', () => {
    const leaf = new Leaf(1);
    const fd = freeze({ a: { b: leaf }, c: [1] });
    const plain = unfreeze(fd);
    expect(plain).toEqual({ a: { b: leaf }, c: [1] });
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(plain.a)).toBe(Object.prototype);
    expect(plain.a.b).toBe(leaf);
    plain.a.b = new Leaf(2);
    expect(fd.a.b).toBe(leaf);
    expect(plain.c).toBe(fd.c);
    expect(fd.unfreeze()).toEqual({ a: { b: leaf }, c: [1] });
  });

  test('plain objects are deep-copied, other values returned as they are', () => {
    const plain = { a: { b: 1 }, f: freeze({ x: 1 }) };
    const out = unfreeze(plain);
    expect(out).toEqual({ a: { b: 1 }, f: { x: 1 } });
    expect(out.a).not.toBe(plain.a);
    expect(isFrozenDict(out.f)).toBe(false);
    expect(unfreeze(5)).toBe(5);
    const arr = [1];
    expect(unfreeze(arr)).toBe(arr);
  });
});

describe('key collisions with method names', () => {
  const fd = freeze({ keys: 1, pop: { inner: 2 }, size: 3, get: 4, copy: 5 });

  test('entries shadow the methods on the instance', () => {
    expect(fd.keys).toBe(1);
    expect(fd.size).toBe(3);
    expect(Object.keys(fd)).toEqual(['keys', 'pop', 'size', 'get', 'copy']);
    expect({ ...fd }.size).toBe(3);
  });

  test('free functions and prototype calls always work', () => {
    const [rest, value] = pop(fd, 'pop');
    expect(isFrozenDict(value)).toBe(true);
    expect(FrozenDict.prototype.keys.call(rest)).toEqual(['keys', 'size', 'get', 'copy']);
    expect(FrozenDict.prototype.get.call(fd, 'get')).toBe(4);
    expect(unfreeze(copy(fd, { size: 0 }))).toMatchObject({ size: 0, keys: 1 });
    expect(prettyRepr(freeze({ prettyRepr: 1 }))).toBe('FrozenDict({\n    prettyRepr: 1,\n})');
  });

  test('__proto__ is an ordinary key', () => {
    const src = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as Record<string, unknown>;
    const frozen = freeze(src);
    expect(frozen.keys()).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(frozen)).toBe(FrozenDict.prototype);
    expect(isFrozenDict(frozen.get('__proto__'))).toBe(true);
    const plain = unfreeze(frozen);
    expect(Object.keys(plain)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
  });
});

describe('equals and hash', () => {
  test('structural equality with FrozenDicts and plain objects', () => {
    const a = freeze({ x: { y: [1, 2] }, z: Number.NaN });
    expect(a.equals(freeze({ z: Number.NaN, x: { y: [1, 2] } }))).toBe(true);
    expect(a.equals({ x: { y: [1, 2] }, z: Number.NaN })).toBe(true);
    expect(a.equals(freeze({ x: { y: [1, 3] }, z: Number.NaN }))).toBe(false);
    expect(a.equals(freeze({ x: { y: [1, 2] } }))).toBe(false);
    expect(a.equals(null)).toBe(false);
    expect(freeze({ t: new Leaf(1) }).equals(freeze({ t: new Leaf(1) }))).toBe(false);
  });

  test('equal FrozenDicts hash alike; the hash is cached and order-independent', () => {
    const leaf = new Leaf(1);
    const a = freeze({ x: 1, y: { z: leaf }, w: -0 });
    const b = freeze({ y: { z: leaf }, w: 0, x: 1 });
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).toBe(a.hash());
    expect(freeze({ x: 1 }).hash()).not.toBe(freeze({ x: 2 }).hash());
  });
});

describe('printing', () => {
  test("flax's pretty_repr format", () => {
    const fd = freeze({ a: 1, b: { c: 2, d: {} } });
    expect(String(fd)).toBe(
      'FrozenDict({\n    a: 1,\n    b: {\n        c: 2,\n        d: {},\n    },\n})',
    );
    expect(fd.prettyRepr(2)).toBe('FrozenDict({\n  a: 1,\n  b: {\n    c: 2,\n    d: {},\n  },\n})');
    expect(String(new FrozenDict())).toBe('FrozenDict({})');
    expect(prettyRepr({ a: 1, b: { c: 2 } })).toBe(
      '{\n    a: 1,\n    b: {\n        c: 2,\n    },\n}',
    );
    expect(prettyRepr('345')).toBe("'345'");
    expect(prettyRepr(freeze({ s: 'x', n: null, t: true, l: new Leaf(3) }))).toBe(
      "FrozenDict({\n    s: 'x',\n    n: None,\n    t: True,\n    l: Leaf(3),\n})",
    );
  });

  test('console.log / util.inspect show the pretty form', () => {
    expect(inspect(freeze({ a: 1 }))).toBe('FrozenDict({\n    a: 1,\n})');
  });
});
