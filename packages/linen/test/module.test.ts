// The Module system against Flax (golden/module.json): automatic naming (inventory 1.3), RNG
// derivation (1.4), the docstring goldens (1.10), sow/perturb/capture, the seed program's
// BiasAdderWithRunningMean and MLP, and init/apply mechanics.

import { FrozenDict } from '@jaxts/frozendict';
import * as nn from '@jaxts/linen';
import { jit, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { describe, expect, it } from 'vitest';
import { type Enc, type EncTree, expectTreeClose, loadGolden, shapeTree, t } from './golden.ts';

interface NamingCase {
  readonly shapes: unknown;
  readonly variables: EncTree;
}
const g = loadGolden<{
  naming: Record<string, NamingCase>;
  rng: {
    dense_top: EncTree;
    make_rng: { keys: Enc; child_keys: Enc };
    make_rng_apply: { keys: Enc; child_keys: Enc };
  };
  dropout_mlp: { variables: EncTree; eval: Enc; train: Enc };
  sow_default: { shapes: unknown; h: Enc };
  sow_reduce: Enc;
  perturb: { shapes: unknown; apply: Enc };
  capture: { shapes: unknown; values: EncTree };
  seed_part1: {
    variables: EncTree;
    output: Enc;
    new_state: EncTree;
    x32: Enc;
    steps: EncTree[];
    last_output: Enc;
  };
  seed_part2: { variables: EncTree; shapes: unknown; eval_first4: Enc };
}>('module.json');

const key0 = random.PRNGKey(0);
const ones13 = jnp.ones([1, 3]);
const ptol = { rtol: 1e-5, atol: 1e-5 };

// ---- models mirroring golden/flax_golden.py ---------------------------------------------------

class Naming extends nn.Module {
  call(x: Tensor): [Tensor, Tensor] {
    x = nn.Dense({ features: 3 }).call(x);
    x = nn.Dense({ features: 3 }).call(x);
    const y = nn.Conv({ features: 2, kernelSize: [1] }).call(jnp.expandDims(x, -1));
    x = nn.Dense({ features: 2, name: 'head' }).call(x);
    x = nn.BatchNorm({ useRunningAverage: true }).call(x);
    return [x, y];
  }
}

class Shared extends nn.Module {
  call(x: Tensor): Tensor {
    const d = nn.Dense({ features: 3 });
    return d.call(d.call(x));
  }
}

class Inner extends nn.Module {
  call(x: Tensor): Tensor {
    return nn.Dense({ features: 3 }).call(x);
  }
}

class Outer extends nn.Module {
  call(x: Tensor): Tensor {
    return new Inner().call(new Inner().call(x));
  }
}

class SetupNames extends nn.Module {
  declare layers: nn.Dense[];
  declare d: { a: nn.Dense; b: nn.Dense };
  enc!: nn.Dense;

  override setup(): void {
    this.layers = [nn.Dense({ features: 3 }), nn.Dense({ features: 3 })];
    this.d = { a: nn.Dense({ features: 3 }), b: nn.Dense({ features: 3 }) };
    this.enc = nn.Dense({ features: 3 });
  }

  call(x: Tensor): Tensor {
    for (const l of this.layers) x = l.call(x);
    return this.enc.call(this.d.b.call(this.d.a.call(x)));
  }
}

class MixedCounter extends nn.Module {
  call(x: Tensor): Tensor {
    x = nn.Dense({ features: 3, name: 'Dense_0x' }).call(x);
    x = nn.Dense({ features: 3 }).call(x);
    x = new Inner().call(x);
    return nn.Dense({ features: 3 }).call(x);
  }
}

class CalledTwice extends nn.Module {
  call(x: Tensor): Tensor {
    return nn.Dense({ features: 3 }).call(x);
  }
}

class UsesTwice extends nn.Module {
  call(x: Tensor): Tensor {
    const c = new CalledTwice();
    return c.call(x).add(c.call(x));
  }
}

const NAMING: Record<string, () => nn.Module<object>> = {
  compact: () => new Naming(),
  shared: () => new Shared(),
  nested: () => new Outer(),
  setup: () => new SetupNames(),
  mixed: () => new MixedCounter(),
  sequential: () =>
    nn.Sequential({ layers: [nn.Dense({ features: 3 }), nn.relu, nn.Dense({ features: 2 })] }),
  called_twice: () => new UsesTwice(),
};

describe('automatic naming like Flax (inventory 1.3)', () => {
  for (const [name, make] of Object.entries(NAMING)) {
    it(`${name}: same parameter tree and values as Flax`, () => {
      const v = make().init(key0, ones13);
      const c = g.naming[name] as NamingCase;
      expect(shapeTree(v)).toEqual(c.shapes);
      expectTreeClose(v, c.variables, ptol);
    });
  }

  it('the same instance called twice shares one entry', () => {
    const v = new Shared().init(key0, ones13);
    expect(Object.keys(v.params as object)).toEqual(['Dense_0']);
  });
});

class TwoRngs extends nn.Module {
  call(x: Tensor): [Tensor, Tensor] {
    const a = this.makeRng('params');
    const b = this.makeRng('params');
    const c = this.makeRng('dropout');
    const child = new Child().call(x);
    return [jnp.stack([a, b, c]), child];
  }
}

class Child extends nn.Module {
  call(_x: Tensor): Tensor {
    return jnp.stack([this.makeRng('dropout'), this.makeRng('dropout'), this.makeRng('other')]);
  }
}

describe("RNG derivation like Flax's LazyRng (inventory 1.4)", () => {
  it('top-level Dense(2) kernel uses fold_in(key, sha1(b"\\x01")[:4])', () => {
    const v = nn.Dense({ features: 2 }).init(key0, ones13);
    expectTreeClose(v, g.rng.dense_top, ptol);
    expect(nn.hashSuffix([1])).toBe(3213575472);
    expect(nn.hashSuffix(['Dense_0', 1])).toBe(2998342421);
  });

  it('makeRng counters per scope and stream, child suffixes, fallback to params (init and apply)', () => {
    const rngs = { params: key0, dropout: random.PRNGKey(1) };
    const [[keys, childKeys]] = new TwoRngs().initWithOutput(rngs, ones13);
    expect(keys.toArray()).toEqual(t(g.rng.make_rng.keys).toArray());
    expect(childKeys.toArray()).toEqual(t(g.rng.make_rng.child_keys).toArray());
    const [k2, c2] = new TwoRngs().apply({}, ones13, { rngs }) as [Tensor, Tensor];
    expect(k2.toArray()).toEqual(t(g.rng.make_rng_apply.keys).toArray());
    expect(c2.toArray()).toEqual(t(g.rng.make_rng_apply.child_keys).toArray());
  });

  it('init is deterministic given the key and differs across keys', () => {
    const m = new Outer();
    const a = m.init(key0, ones13);
    const b = m.init(key0, ones13);
    expectTreeClose(b, encodeTree(a), { rtol: 0, atol: 0 });
    const c = m.init(random.PRNGKey(1), ones13) as unknown as {
      params: { Inner_0: { Dense_0: { kernel: Tensor } } };
    };
    expect(c.params.Inner_0.Dense_0.kernel.toArray()).not.toEqual(
      (a as unknown as typeof c).params.Inner_0.Dense_0.kernel.toArray(),
    );
  });
});

/** Encodes a variables tree (to compare two trees with expectTreeClose). */
function encodeTree(x: unknown): EncTree {
  if (x !== null && typeof x === 'object' && 'dataSync' in x) {
    const tt = x as Tensor;
    return {
      shape: [...tt.shape],
      dtype: tt.dtype,
      data: Array.from(tt.dataSync() as ArrayLike<number>),
    };
  }
  if (Array.isArray(x)) return x.map(encodeTree);
  const out: Record<string, EncTree> = {};
  for (const k of Object.keys(x as object)) out[k] = encodeTree((x as Record<string, unknown>)[k]);
  return out;
}

class MLP extends nn.Module {
  call(x: Tensor, train: boolean): Tensor {
    x = nn.Dense({ features: 4 }).call(x);
    return nn.Dropout({ rate: 0.5, deterministic: !train }).call(x);
  }
}

describe('Flax docstring goldens (inventory 1.10)', () => {
  it('Dropout MLP: eval and train with rngs { dropout: key(1) }', () => {
    const model = new MLP();
    const variables = model.init(random.key(0), ones13, false);
    expectTreeClose(variables, g.dropout_mlp.variables, ptol);
    const y = model.apply(variables, ones13, false);
    expect(y).toBeAllclose([[-0.17875527, 1.6255447, -1.2431065, -0.02554005]], { rtol: 1e-5 });
    const yt = model.apply(variables, ones13, true, { rngs: { dropout: random.key(1) } });
    expect(yt).toBeAllclose([[-0.35751054, 3.2510893, 0, 0]], { rtol: 1e-5 });
    expectTreeClose(yt, g.dropout_mlp.train, ptol);
  });

  it('sow with the default (tuple/array) and with initFn/reduceFn', () => {
    class Foo extends nn.Module {
      call(x: Tensor): Tensor {
        const h = nn.Dense({ features: 4 }).call(x);
        this.sow('intermediates', 'h', h);
        return nn.Dense({ features: 2 }).call(h);
      }
    }
    const xs = jnp.ones([16, 9]);
    const foo = new Foo();
    const v = foo.init(key0, xs);
    expect(Object.keys(v)).toEqual(['params']); // intermediates are not kept by init
    const [, state] = foo.apply(v, xs, { mutable: ['intermediates'] });
    expect(shapeTree(state)).toEqual(g.sow_default.shapes);
    expectTreeClose(
      (state.intermediates as unknown as { h: Tensor[] }).h[0],
      g.sow_default.h,
      ptol,
    );

    class Foo2 extends nn.Module {
      call(x: Tensor): Tensor {
        const opts = { initFn: () => jnp.zeros([]), reduceFn: (a: Tensor, b: Tensor) => a.add(b) };
        this.sow('intermediates', 'h', x, opts);
        this.sow('intermediates', 'h', x.mul(2), opts);
        return x;
      }
    }
    const [, st] = new Foo2().apply({}, jnp.ones([1, 1]), { mutable: ['intermediates'] });
    expect((st.intermediates as unknown as { h: Tensor }).h.toArray()).toEqual([[3]]);
    // Immutable collection: sow is a no-op returning false.
    expect(new Foo2().apply({}, jnp.ones([1, 1])) as Tensor).toBeAllclose([[1]]);
  });

  it('perturb creates zero perturbations at init and adds them at apply', () => {
    class Perturb extends nn.Module {
      call(x: Tensor): Tensor {
        x = nn.Dense({ features: 3 }).call(x);
        x = this.perturb('dense3', x);
        return nn.Dense({ features: 2 }).call(x);
      }
    }
    const v = new Perturb().init(key0, jnp.ones([2, 9]));
    expect(shapeTree(v)).toEqual(g.perturb.shapes);
    expectTreeClose(new Perturb().apply(v, jnp.ones([2, 9])), g.perturb.apply, ptol);
    expect(new Perturb().apply(v, jnp.ones([2, 9]))).toBeAllclose(
      [
        [-0.04579116, 0.50412744],
        [-0.04579116, 0.50412744],
      ],
      { rtol: 1e-5 },
    );
  });

  it('captureIntermediates stores every call output under __call__', () => {
    class Cap extends nn.Module {
      call(x: Tensor): Tensor {
        return nn.Dense({ features: 2 }).call(nn.Dense({ features: 3 }).call(x));
      }
    }
    const v = new Cap().init(key0, ones13);
    const [, st] = new Cap().apply(v, ones13, {
      captureIntermediates: true,
      mutable: ['intermediates'],
    });
    expect(shapeTree(st)).toEqual(g.capture.shapes);
    expectTreeClose(st, g.capture.values, ptol);
  });
});

// ---- the seed program, part 1 (without grad): BiasAdderWithRunningMean ------------------------

class BiasAdderWithRunningMean extends nn.Module<{ momentum?: number }> {
  call(x: Tensor): Tensor {
    const momentum = this.props.momentum ?? 0.9;
    const isInitialized = this.hasVariable('batch_stats', 'mean');
    const mean = this.variable('batch_stats', 'mean', jnp.zeros, x.shape.slice(1));
    const bias = this.param('bias', (_rng, shape) => jnp.zeros(shape), x.shape.slice(1));
    if (isInitialized) {
      mean.value = mean.value
        .mul(momentum)
        .add(jnp.mean(x, { axis: 0, keepdims: true }).mul(1 - momentum));
    }
    return mean.value.add(bias);
  }
}

describe('seed part 1: BiasAdderWithRunningMean (init, apply with mutable batch_stats)', () => {
  const dummyInput = jnp.ones([32, 5]);
  const model = new BiasAdderWithRunningMean({});
  const variables = model.init(random.PRNGKey(0), dummyInput);

  it('init returns a FrozenDict of both collections', () => {
    expect(variables).toBeInstanceOf(FrozenDict);
    expectTreeClose(variables, g.seed_part1.variables, ptol);
  });

  it("variables.pop('params') and the seed's apply call", () => {
    const [state, params] = variables.pop('params');
    expect(Object.keys(state)).toEqual(['batch_stats']);
    const applyFn = model.apply;
    const [y, updatedState] = applyFn({ params, ...state }, dummyInput, {
      mutable: Object.keys(state),
    });
    expectTreeClose(y, g.seed_part1.output, ptol);
    expectTreeClose(updatedState, g.seed_part1.new_state, ptol);
  });

  it('running mean over three steps equals Flax', () => {
    const [state0, params] = variables.pop('params');
    const x = t(g.seed_part1.x32);
    let state: Record<string, unknown> = { ...state0 };
    let y: Tensor = x;
    for (const expected of g.seed_part1.steps) {
      [y, state] = model.apply({ params, ...state }, x, { mutable: Object.keys(state) });
      expectTreeClose(state, expected, ptol);
    }
    expectTreeClose(y, g.seed_part1.last_output, ptol);
  });

  it('model.apply is one function object, usable detached and as a jit static argument', () => {
    expect(model.apply).toBe(model.apply);
    expect(model.init).toBe(model.init);
    const [state, params] = variables.pop('params');
    const step = jit(
      (applyFn: typeof model.apply, x: Tensor, p: unknown, s: Record<string, unknown>) => {
        const [out, newState] = applyFn({ params: p, ...s } as nn.VariableDict, x, {
          mutable: Object.keys(s),
        }) as [Tensor, nn.Variables];
        return [out, newState] as const;
      },
      { staticArgnums: [0] },
    );
    const [y1, s1] = step(model.apply, dummyInput, params, { ...state });
    const [, s2] = step(model.apply, dummyInput, params, { ...(s1 as object) });
    const [, s3] = step(model.apply, dummyInput, params, { ...(s2 as object) });
    expectTreeClose(y1, g.seed_part1.output, ptol);
    // The running mean goes from [5] to [1, 5] after the first update (keepdims), so jit traces
    // twice, as JAX does; the third call hits the cache (model.apply is the same static value).
    expect(step.traceCount).toBe(2);
    expect((s3.batch_stats as Record<string, Tensor>).mean as Tensor).toBeAllclose([
      [0.271, 0.271, 0.271, 0.271, 0.271],
    ]);
  });
});

// ---- the seed program, part 2 model (init and eval apply; training needs grad/vmap) -----------

class SeedMLP extends nn.Module<{ hiddenSize: number; outSize: number }> {
  call(x: Tensor, train = false): Tensor {
    const norm = () =>
      nn.BatchNorm({ useRunningAverage: !train, momentum: 0.9, epsilon: 1e-5, axisName: 'batch' });
    x = nn.Dense({ features: this.props.hiddenSize }).call(x);
    x = norm().call(x);
    x = nn.relu(x);
    x = nn.Dense({ features: this.props.hiddenSize }).call(x);
    x = norm().call(x);
    x = nn.relu(x);
    return nn.Dense({ features: this.props.outSize }).call(x);
  }
}

describe('seed part 2 model (MLP with BatchNorm({ axisName }))', () => {
  it('init params and batch_stats equal Flax; eval apply too', () => {
    const model = new SeedMLP({ hiddenSize: 10, outSize: 1 });
    const variables = model.init(random.PRNGKey(0), jnp.ones([32, 5]));
    expect(shapeTree(variables)).toEqual(g.seed_part2.shapes);
    expectTreeClose(variables, g.seed_part2.variables, ptol);
    const X = random.uniform(random.PRNGKey(0), [128, 5], { minval: 0, maxval: 1 });
    const y = model.apply(variables, jnp.getItem(X, jnp.slice(0, 4)));
    expectTreeClose(y, g.seed_part2.eval_first4, { rtol: 1e-4, atol: 1e-5 });
  });
});

describe('init and apply under jit', () => {
  it('jit(init) equals init (orthogonal and RNG derivation traced)', () => {
    const model = nn.RNN({ cell: nn.LSTMCell({ features: 3 }) });
    const x = jnp.ones([2, 4, 2]);
    const eager = model.init(key0, x);
    const staged = jit((k: Tensor, xx: Tensor) => model.init(k, xx))(key0, x);
    expectTreeClose(staged, encodeTree(eager), { rtol: 1e-4, atol: 1e-5 });
    const y = jit((v: nn.Variables, xx: Tensor) => model.apply(v, xx))(eager, x);
    expect(y).toBeAllclose(model.apply(eager, x) as Tensor, { rtol: 1e-5, atol: 1e-6 });
  });
});
