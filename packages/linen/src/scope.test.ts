import { freeze } from '@jaxts/frozendict';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import {
  InvalidRngError,
  InvalidScopeError,
  ModifyScopeVariableError,
  ScopeCollectionNotFound,
  ScopeVariableNotFoundError,
} from './errors.ts';
import { DenyList, inFilter, isFilterEmpty } from './filters.ts';
import { foldInStatic, hashSuffix, LazyRng } from './rng.ts';
import { bindScope, normalizeRngs, type Scope } from './scope.ts';

const key0 = random.PRNGKey(0);

function root(vars: object = {}, mutable: Parameters<typeof bindScope>[2] = true): Scope {
  return bindScope(
    vars,
    normalizeRngs({ params: key0, dropout: random.PRNGKey(1) }, 'rngs'),
    mutable,
  );
}

describe('filters', () => {
  it('in_filter / is_filter_empty semantics', () => {
    expect(inFilter(true, 'a')).toBe(true);
    expect(inFilter(false, 'a')).toBe(false);
    expect(inFilter('a', 'a')).toBe(true);
    expect(inFilter(['a', 'b'], 'b')).toBe(true);
    expect(inFilter(new DenyList('intermediates'), 'params')).toBe(true);
    expect(inFilter(new DenyList('intermediates'), 'intermediates')).toBe(false);
    expect(inFilter((c) => c.length === 1, 'a')).toBe(true);
    expect(isFilterEmpty(false)).toBe(true);
    expect(isFilterEmpty([])).toBe(true);
    expect(isFilterEmpty('x')).toBe(false);
    expect(isFilterEmpty(new DenyList(true))).toBe(true);
    expect(String(new DenyList(['a']))).toBe('DenyList(["a"])');
  });
});

describe('LazyRng and the static fold-in', () => {
  it('hashes strings as UTF-8 and ints big-endian with minimal bytes', () => {
    expect(hashSuffix([1])).toBe(3213575472);
    expect(hashSuffix(['Dense_0', 1])).toBe(2998342421);
    // 256 is two bytes [1, 0]; 0 is no bytes at all.
    expect(hashSuffix([256])).not.toBe(hashSuffix([1]));
    expect(hashSuffix(['a', 0])).toBe(hashSuffix(['a']));
  });

  it('an empty suffix is the key itself; extend appends', () => {
    expect(foldInStatic(key0, [])).toBe(key0);
    const r = new LazyRng(key0).extend('a').extend(1);
    expect(r.suffix).toEqual(['a', 1]);
    expect(r.asKey().toArray()).toEqual(random.foldIn(key0, hashSuffix(['a', 1])).toArray());
  });
});

describe('Scope', () => {
  it('makeRng counts per stream and falls back to params', () => {
    const s = root();
    const k1 = s.makeRng('params');
    const k2 = s.makeRng('params');
    expect(k1.toArray()).toEqual(random.foldIn(key0, hashSuffix([1])).toArray());
    expect(k2.toArray()).toEqual(random.foldIn(key0, hashSuffix([2])).toArray());
    const other = s.makeRng('other'); // falls back to params with counter 3
    expect(other.toArray()).toEqual(random.foldIn(key0, hashSuffix([3])).toArray());
    const d = s.makeRng('dropout');
    expect(d.toArray()).toEqual(random.foldIn(random.PRNGKey(1), hashSuffix([1])).toArray());
  });

  it('a missing stream without params raises InvalidRngError naming the scope', () => {
    const s = bindScope({}, new Map(), true).push('Dropout_0');
    expect(() => s.makeRng('dropout')).toThrow(InvalidRngError);
    expect(() => s.makeRng('dropout')).toThrow('Dropout_0 needs PRNG for "dropout"');
  });

  it('children share counters across pushes of the same name (rewinding)', () => {
    const s = root();
    const a = s.push('child');
    a.makeRng();
    const again = s.rewound().push('child');
    const k = again.makeRng();
    expect(k.toArray()).toEqual(random.foldIn(key0, hashSuffix(['child', 2])).toArray());
    expect(() => s.push('child')).toThrow(InvalidScopeError);
    expect(s.defaultName('child')).toBe('child0');
  });

  it('reservations: a child name blocks variables; collections are separate namespaces', () => {
    const s = root();
    s.reserve('x', 'params');
    expect(s.nameReserved('x', 'params')).toBe(true);
    expect(s.nameReserved('x', 'stats')).toBe(false);
    expect(s.nameReserved('x')).toBe(true);
    s.push('c');
    expect(s.nameReserved('c', 'params')).toBe(true);
  });

  it('variables: create in mutable collections, read-only otherwise, nested child nodes', () => {
    const s = root({}, ['stats']);
    const child = s.push('c');
    const v = child.variable('stats', 'm', () => jnp.ones([2]));
    expect(v.value.toArray()).toEqual([1, 1]);
    v.value = jnp.zeros([2]);
    expect(s.mutableVariables()).toHaveProperty('stats.c.m');
    expect(() => child.variable('params', 'w', () => jnp.ones([1]))).toThrow(
      ScopeCollectionNotFound,
    );
    expect(() => child.variable('stats', 'n', null)).toThrow(ScopeVariableNotFoundError);
    expect(() => child.putVariable('params', 'w', 1)).toThrow(ModifyScopeVariableError);
    expect(child.isCollectionEmpty('stats')).toBe(false);
    expect(child.isCollectionEmpty('params')).toBe(true);
  });

  it('binding copies mutable collections and keeps frozen immutable ones', () => {
    const vars = freeze({ params: { w: jnp.ones([1]) }, stats: { m: jnp.zeros([1]) } });
    const s = bindScope(vars, new Map(), ['stats']);
    s.putVariable('stats', 'm', jnp.ones([1]));
    expect(((vars.stats as unknown as { m: Tensor }).m as Tensor).toArray()).toEqual([0]);
    expect(s.getVariable('params', 'w')).toBe((vars.params as unknown as { w: Tensor }).w);
    expect(Object.keys(s.mutableVariables())).toEqual(['stats']);
  });

  it('an invalidated scope refuses work', () => {
    const s = root();
    s.invalidate();
    expect(() => s.makeRng()).toThrow(InvalidScopeError);
  });
});
