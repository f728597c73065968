// init / apply mechanics: options parsing, mutable filters, methods, bind, clone, setup and the
// adoption of modules passed as props (Flax's dataclass fields).

import { FrozenDict } from '@jaxts/frozendict';
import * as nn from '@jaxts/linen';
import { numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { shapeTree } from './golden.ts';

const key0 = random.PRNGKey(0);
const x13 = jnp.ones([1, 3]);

class Counter extends nn.Module {
  call(x: Tensor): Tensor {
    // Flax's counter pattern: only touch the collection when it can be created / updated.
    if (this.isMutableCollection('counter') || this.hasVariable('counter', 'count')) {
      const count = this.variable('counter', 'count', () => jnp.zeros([], 'int32'));
      if (!this.isInitializing() && this.isMutableCollection('counter')) {
        count.value = count.value.add(1);
      }
    }
    this.sow('intermediates', 'x', x);
    return nn.Dense({ features: 2 }).call(x);
  }
}

describe('init and apply', () => {
  it('init accepts a key or a dict of streams and returns a FrozenDict', () => {
    const m = new Counter();
    const a = m.init(key0, x13);
    const b = m.init({ params: key0 }, x13);
    expect(a).toBeInstanceOf(FrozenDict);
    expect(Object.keys(a).sort()).toEqual(['counter', 'params']); // no intermediates by default
    expect(shapeTree(a)).toEqual(shapeTree(b));
  });

  it('mutable: false (output only), a list, true, a DenyList, a predicate', () => {
    const m = new Counter();
    const v = m.init(key0, x13);
    const y = m.apply(v, x13, { mutable: false });
    expect(y.shape).toEqual([1, 2]);
    const [, list] = m.apply(v, x13, { mutable: ['counter'] });
    expect(Object.keys(list)).toEqual(['counter']);
    expect(((list.counter as Record<string, Tensor>).count as Tensor).item()).toBe(1);
    const [, all] = m.apply(v, x13, { mutable: true });
    expect(Object.keys(all).sort()).toEqual(['counter', 'intermediates', 'params']);
    const [, deny] = m.apply(v, x13, { mutable: new nn.DenyList(['params']) });
    expect(Object.keys(deny).sort()).toEqual(['counter', 'intermediates']);
    const [, pred] = m.apply(v, x13, { mutable: (c: string) => c.startsWith('inter') });
    expect(Object.keys(pred)).toEqual(['intermediates']);
    class Writer extends nn.Module {
      call(x: Tensor): Tensor {
        const c = this.variable('counter', 'count', () => jnp.zeros([], 'int32'));
        c.value = c.value.add(1);
        return x;
      }
    }
    const wv = new Writer().init(key0, x13);
    expect(() => new Writer().apply(wv, x13)).toThrow(nn.ModifyScopeVariableError);
  });

  it('init with mutable restricted and captureIntermediates', () => {
    const m = new Counter();
    const v = m.init(key0, x13, { mutable: ['params'] });
    expect(Object.keys(v)).toEqual(['params']);
    const w = m.init(key0, x13, { mutable: true, captureIntermediates: true });
    expect(Object.keys(w).sort()).toEqual(['counter', 'intermediates', 'params']);
    const inter = w.intermediates as Record<string, unknown>;
    expect(Object.keys(inter).sort()).toEqual(['Dense_0', '__call__', 'x']);
  });

  it('trailing options: only a plain object whose keys are all option names', () => {
    class TakesObject extends nn.Module {
      call(x: Tensor, cfg: { scale: number }): Tensor {
        return nn.Dense({ features: 2 }).call(x).mul(cfg.scale);
      }
    }
    const m = new TakesObject();
    const v = m.init(key0, x13, { scale: 2 });
    const y = m.apply(v, x13, { scale: 3 }) as Tensor;
    const y1 = m.apply(v, x13, { scale: 1 }) as Tensor;
    expect(y).toBeAllclose(y1.mul(3), { rtol: 1e-6 });
    // applyWith never inspects the positional arguments.
    const [y2, st] = m.applyWith(v, { mutable: ['params'] }, x13, { scale: 1 }) as [
      Tensor,
      nn.Variables,
    ];
    expect(y2).toBeAllclose(y1);
    expect(Object.keys(st)).toEqual(['params']);
    const [out, vars] = m.initWith(key0, {}, x13, { scale: 2 });
    expect((out as Tensor).shape).toEqual([1, 2]);
    expect(Object.keys(vars)).toEqual(['params']);
  });

  it('apply, init and initWithOutput are bound once per instance and work detached', () => {
    const m = nn.Dense({ features: 2 });
    const { init, apply, initWithOutput } = m;
    expect(m.apply).toBe(apply);
    expect(m.init).toBe(init);
    expect(m.initWithOutput).toBe(initWithOutput);
    const v = init(key0, x13);
    const [y0, v2] = initWithOutput(key0, x13);
    expect(apply(v, x13)).toBeAllclose(y0);
    expect(shapeTree(v2)).toEqual(shapeTree(v));
    expect(nn.Dense({ features: 2 }).apply).not.toBe(apply);
  });

  it('the caller’s variables are never mutated; FrozenDict and plain inputs both work', () => {
    const m = new Counter();
    const v = m.init(key0, x13);
    const plain = { params: v.params, counter: { count: jnp.zeros([], 'int32') } };
    const [, upd] = m.apply(plain, x13, { mutable: ['counter'] });
    expect((plain.counter.count as Tensor).item()).toBe(0);
    expect(((upd.counter as Record<string, Tensor>).count as Tensor).item()).toBe(1);
  });

  it('method: a name, a method of the module, or a function (module, ...args)', () => {
    class Enc extends nn.Module {
      declare dense: nn.Dense;
      override setup(): void {
        this.dense = nn.Dense({ features: 2 });
      }
      encode(x: Tensor): Tensor {
        return this.dense.call(x);
      }
      call(x: Tensor): Tensor {
        return this.encode(x).mul(2);
      }
    }
    const m = new Enc();
    const v = m.init(key0, x13);
    expect(shapeTree(v)).toEqual({ params: { dense: { bias: [2], kernel: [3, 2] } } });
    const e1 = m.apply(v, x13, { method: 'encode' }) as Tensor;
    const e2 = m.apply(v, x13, { method: Enc.prototype.encode }) as Tensor;
    const e3 = m.apply(v, x13, { method: (mod: Enc, x: Tensor) => mod.encode(x).mul(3) }) as Tensor;
    const e4 = m.apply(v, x13, { method: 'dense' }) as Tensor; // a setup submodule by name
    expect(e2).toBeAllclose(e1);
    expect(e3).toBeAllclose(e1.mul(3));
    expect(e4).toBeAllclose(e1);
    expect(m.apply(v, x13)).toBeAllclose(e1.mul(2));
  });

  it('bind gives an interactive bound copy; setup attributes are reachable', () => {
    class Enc extends nn.Module {
      declare dense: nn.Dense;
      override setup(): void {
        this.dense = nn.Dense({ features: 2 });
      }
      call(x: Tensor): Tensor {
        return this.dense.call(x);
      }
    }
    const m = new Enc();
    const v = m.init(key0, x13);
    const bound = m.bind(v);
    expect(bound.call(x13)).toBeAllclose(m.apply(v, x13));
    expect(bound.dense.path).toEqual(['dense']);
    expect(bound.dense.variables).toHaveProperty('params');
    expect(m.scope).toBeNull();
    expect(() => m.call(x13)).toThrow(nn.CallCompactUnboundModuleError);
  });

  it('clone replaces props; copies are independent unbound modules', () => {
    const d = nn.Dense({ features: 2 });
    const d3 = d.clone({ features: 3 });
    expect(d3.props.features).toBe(3);
    expect(d.props.features).toBe(2);
    expect(shapeTree(d3.init(key0, x13))).toEqual({ params: { bias: [3], kernel: [3, 3] } });
  });

  it('props are typed with defaults and frozen', () => {
    const d = nn.Dense({ features: 2 });
    expect(d.props.useBias).toBe(true);
    expect(d.props.paramDtype).toBe('float32');
    expect(Object.isFrozen(d.props)).toBe(true);
    expect(d.name).toBeNull();
    expect(nn.Dense({ features: 2, name: 'x' }).name).toBe('x');
    expect(new nn.Dense({ features: 2 })).toBeInstanceOf(nn.Dense);
    expect(nn.Dense({ features: 2 }).toString()).toMatch(/^Dense\(.*features=2/);
  });
});

describe('submodules passed as props are adopted (Flax dataclass fields)', () => {
  class Wrapper extends nn.Module<{ inner: nn.Module<object>; extra?: nn.Module<object>[] }> {
    call(x: Tensor): Tensor {
      const inner = this.props.inner as nn.Dense;
      let y = inner.call(x);
      for (const e of this.props.extra ?? []) y = (e as nn.Dense).call(y);
      return y;
    }
  }

  it('a top-level module passed as a prop is named after the prop (and list index)', () => {
    const m = new Wrapper({
      inner: nn.Dense({ features: 3 }),
      extra: [nn.Dense({ features: 2 }), nn.Dense({ features: 1 })],
    });
    const v = m.init(key0, x13);
    expect(shapeTree(v)).toEqual({
      params: {
        inner: { bias: [3], kernel: [3, 3] },
        extra_0: { bias: [2], kernel: [3, 2] },
        extra_1: { bias: [1], kernel: [2, 1] },
      },
    });
    // The user's instances stay unbound.
    expect(m.props.inner.scope).toBeNull();
  });

  it('the same module passed twice is adopted once and shares its parameters', () => {
    const shared = nn.Dense({ features: 3 });
    const m = new Wrapper({ inner: shared, extra: [shared] });
    const v = m.init(key0, x13);
    expect(Object.keys(v.params as object)).toEqual(['inner']);
  });

  it('a module created inline in a parent and passed down stays the parent’s child', () => {
    class Outer extends nn.Module {
      call(x: Tensor): Tensor {
        const cell = nn.Dense({ features: 3 });
        return new Wrapper({ inner: cell }).call(x);
      }
    }
    const v = new Outer().init(key0, x13);
    // Like Flax: Dense_0 belongs to Outer (created there); Wrapper_0 has no params of its own.
    expect(Object.keys(v.params as object)).toEqual(['Dense_0']);
  });

  it('parent: null makes a detached module even inside call', () => {
    class Outer extends nn.Module {
      call(x: Tensor): Tensor {
        const d = nn.Dense({ features: 3, parent: null });
        expect(d.scope).toBeNull();
        return x;
      }
    }
    new Outer().init(key0, x13);
  });
});

describe('setup()', () => {
  it('runs once per binding; names attributes; class fields declared with ! work too', () => {
    let runs = 0;
    class S extends nn.Module {
      blocks!: nn.Dense[];
      override setup(): void {
        runs++;
        this.blocks = [nn.Dense({ features: 2 }), nn.Dense({ features: 2, name: 'named' })];
      }
      call(x: Tensor): Tensor {
        for (const b of this.blocks) x = b.call(x);
        return x;
      }
    }
    const v = new S().init(key0, x13);
    expect(runs).toBe(1);
    expect(Object.keys(v.params as object).sort()).toEqual(['blocks_0', 'named']);
  });

  it('params created in setup are usable from any method', () => {
    class P extends nn.Module {
      declare w: Tensor;
      override setup(): void {
        this.w = this.param('w', nn.initializers.ones, [3]);
      }
      scale(x: Tensor): Tensor {
        return x.mul(this.w);
      }
      call(x: Tensor): Tensor {
        return this.scale(x);
      }
    }
    const m = new P();
    const v = m.init(key0, x13);
    expect(m.apply(v, x13, { method: 'scale' })).toBeAllclose([[1, 1, 1]]);
  });
});

describe('compact method rewinding', () => {
  it('calling a module twice in one apply reuses its variables (names rewind)', () => {
    class Twice extends nn.Module {
      call(x: Tensor): Tensor {
        const inner = new Inner();
        return inner.call(inner.call(x));
      }
    }
    class Inner extends nn.Module {
      call(x: Tensor): Tensor {
        return nn.Dense({ features: 3 }).call(x);
      }
    }
    const v = new Twice().init(key0, x13);
    expect(shapeTree(v)).toEqual({
      params: { Inner_0: { Dense_0: { bias: [3], kernel: [3, 3] } } },
    });
  });
});

describe('functional nn.init / nn.apply and unbind', () => {
  class Enc extends nn.Module {
    declare dense: nn.Dense;
    override setup(): void {
      this.dense = nn.Dense({ features: 2 });
    }
    call(x: Tensor): Tensor {
      return this.dense.call(x);
    }
  }

  it('runs fn(boundModule, ...args)', () => {
    const m = new Enc();
    const v = nn.init((mod: Enc, x: Tensor) => mod.call(x), m)(key0, x13);
    expect(shapeTree(v)).toEqual({ params: { dense: { bias: [2], kernel: [3, 2] } } });
    const f = nn.apply((mod: Enc, x: Tensor) => mod.dense.call(x).mul(2), m);
    expect(f(v, x13)).toBeAllclose((m.apply(v, x13) as Tensor).mul(2));
    const [y, vv] = nn.initWithOutput((mod: Enc, x: Tensor) => mod.call(x), m)(key0, x13);
    expect(y.shape).toEqual([1, 2]);
    expect(shapeTree(vv)).toEqual(shapeTree(v));
    const g = nn.apply((mod: Enc, x: Tensor) => mod.call(x), m, { mutable: ['params'] });
    expect(Array.isArray(g(v, x13))).toBe(true);
  });

  it('unbind returns an unbound copy and the submodule variables', () => {
    const m = new Enc();
    const v = m.init(key0, x13);
    const bound = m.bind(v);
    const [dense, dv] = bound.dense.unbind();
    expect(dense.scope).toBeNull();
    expect(shapeTree(dv)).toEqual({ params: { bias: [2], kernel: [3, 2] } });
    expect(dense.apply(dv, x13)).toBeAllclose(m.apply(v, x13));
    expect(() => m.unbind()).toThrow(/unbound/);
    expect(nn.zeros(key0, [2]).toArray()).toEqual([0, 0]);
  });
});
