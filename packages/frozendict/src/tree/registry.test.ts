import { describe, expect, test } from 'vitest';
import {
  DuplicateNodeRegistrationError,
  InvalidPytreeNodeError,
  TreeStructureError,
} from '../errors.ts';
import { FrozenDict } from '../frozen-dict.ts';
import { map } from './api.ts';
import { flatten, flattenWithPath } from './flatten.ts';
import { keystr } from './keypath.ts';
import { PYTREE, type PytreeParts, registerNode } from './registry.ts';

class Point {
  readonly x: unknown;
  readonly y: unknown;
  constructor(x: unknown, y: unknown) {
    this.x = x;
    this.y = y;
  }
}
registerNode(
  Point,
  (p) => [[p.x, p.y], null, ['x', 'y']],
  (_aux, [x, y]) => new Point(x, y),
);

class Scaled {
  readonly value: unknown;
  readonly scale: number;
  constructor(value: unknown, scale: number) {
    this.value = value;
    this.scale = scale;
  }
}
registerNode(
  Scaled,
  (s) => [[s.value], s.scale],
  (scale: number, [value]) => new Scaled(value, scale),
);

// The [PYTREE] protocol: the object describes itself; rebuild is static so it is stable.
class Pair {
  readonly a: unknown;
  readonly b: unknown;
  readonly label: string;
  constructor(a: unknown, b: unknown, label: string) {
    this.a = a;
    this.b = b;
    this.label = label;
  }
  [PYTREE](): PytreeParts {
    return { children: [this.a, this.b], aux: this.label, keys: ['a', 'b'], rebuild: Pair.rebuild };
  }
  static rebuild(aux: unknown, [a, b]: unknown[]): Pair {
    return new Pair(a, b, aux as string);
  }
}

describe('registerNode', () => {
  test('registered classes flatten, unflatten and print as CustomNode', () => {
    const [leaves, def] = flatten(new Point(1, [2, 3]));
    expect(leaves).toEqual([1, 2, 3]);
    expect(def.toString()).toBe('PyTreeDef(CustomNode(Point[None], [*, [*, *]]))');
    const back = def.unflatten([4, 5, 6]);
    expect(back).toBeInstanceOf(Point);
    expect(back).toEqual(new Point(4, [5, 6]));
    expect(def.kind).toBe('custom');
    expect(def.nodeData()).toEqual({ type: Point, aux: null });
  });

  test('keys from flatten become key paths; without keys, indices', () => {
    const [pairs] = flattenWithPath({ p: new Point(1, 2), s: new Scaled(3, 2) });
    expect(pairs.map(([p]) => keystr(p))).toEqual(["['p']['x']", "['p']['y']", "['s'][0]"]);
  });

  test('aux data is part of the structure', () => {
    const a = flatten(new Scaled(1, 2))[1];
    expect(a.equals(flatten(new Scaled(5, 2))[1])).toBe(true);
    expect(a.equals(flatten(new Scaled(1, 3))[1])).toBe(false);
    expect(a.toString()).toBe('PyTreeDef(CustomNode(Scaled[2], [*]))');
  });

  test('map keeps the class and checks aux across trees', () => {
    const out = map((x: number, y: number) => x + y, new Scaled(1, 2), new Scaled(10, 2));
    expect(out).toEqual(new Scaled(11, 2));
    expect(() => map((x: number, y: number) => x + y, new Scaled(1, 2), new Scaled(10, 3))).toThrow(
      /different pytree metadata/,
    );
    expect(() =>
      map((x: number) => x, new Point(1, 2), new Scaled(1, 2) as unknown as Point),
    ).toThrow(TreeStructureError);
  });

  test('subclasses are not covered (exact type match, like JAX)', () => {
    class Point3 extends Point {}
    expect(flatten(new Point3(1, 2))[0]).toHaveLength(1);
  });

  test('duplicate and built-in registrations are rejected', () => {
    expect(() =>
      registerNode(
        Point,
        () => [[], null],
        () => new Point(0, 0),
      ),
    ).toThrow(DuplicateNodeRegistrationError);
    expect(() =>
      registerNode(
        Point,
        () => [[], null],
        () => new Point(0, 0),
      ),
    ).toThrow(/Duplicate custom PyTreeDef type registration for Point/);
    expect(() =>
      registerNode(
        Object,
        () => [[], null],
        () => ({}),
      ),
    ).toThrow(/built-in pytree node type/);
    expect(() =>
      registerNode(
        FrozenDict,
        () => [[], null],
        () => new FrozenDict(),
      ),
    ).toThrow(DuplicateNodeRegistrationError);
  });

  test('malformed flatten results are reported', () => {
    class Bad {}
    registerNode(
      Bad,
      () => [5 as unknown as unknown[], null],
      () => new Bad(),
    );
    expect(() => flatten(new Bad())).toThrow(InvalidPytreeNodeError);
    expect(() => flatten(new Bad())).toThrow(/expected an array, got number/);
    class BadKeys {}
    registerNode(
      BadKeys,
      () => [[1, 2], null, ['a']],
      () => new BadKeys(),
    );
    expect(() => flatten(new BadKeys())).toThrow(/expected an array of 2 keys, got 1 keys/);
  });
});

describe('[PYTREE] protocol', () => {
  test('flatten, unflatten, paths, printing', () => {
    const [pairs, def] = flattenWithPath(new Pair(1, { z: 2 }, 'lbl'));
    expect(pairs.map(([p, v]) => [keystr(p), v])).toEqual([
      ["['a']", 1],
      ["['b']['z']", 2],
    ]);
    expect(def.toString()).toBe("PyTreeDef(CustomNode(Pair['lbl'], [*, {'z': *}]))");
    const back = def.unflatten([3, 4]) as Pair;
    expect(back).toBeInstanceOf(Pair);
    expect(back).toEqual(new Pair(3, { z: 4 }, 'lbl'));
  });

  test('node type is the constructor; aux compared structurally', () => {
    const a = flatten(new Pair(1, 2, 'x'))[1];
    expect(a.equals(flatten(new Pair(5, 6, 'x'))[1])).toBe(true);
    expect(a.equals(flatten(new Pair(5, 6, 'y'))[1])).toBe(false);
    expect(map((x: number) => x * 2, new Pair(1, 2, 'x'))).toEqual(new Pair(2, 4, 'x'));
  });

  test('a [PYTREE] method returning garbage is reported', () => {
    const bad = { [PYTREE]: () => 3 };
    expect(() => flatten(bad)).toThrow(InvalidPytreeNodeError);
  });
});
