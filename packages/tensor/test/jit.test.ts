/**
 * jit: caching and retracing by signature, static arguments, pytrees, JAX's error messages, the
 * staged `jit` equation under makeJaxpr, nested jits, and the compiled program's results on both
 * backends. JAX: tests/api_test.py (APITest jit tests).
 */
import { FrozenDict } from '@jaxts/frozendict';
import {
  ConcretizationTypeError,
  DisposedTensorError,
  InvalidArgumentError,
  jit,
  numpy as jnp,
  lax,
  makeJaxpr,
  memoryStats,
  random,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { afterAll, describe, expect, it } from 'vitest';

afterAll(async () => {
  await setBackend('cpu');
});

const x3 = (): Tensor => jnp.asarray([1, 2, 3], 'float32');

describe('jit cache', () => {
  it('traces once per signature and hits the cache on the same shapes', () => {
    const f = jit((x: Tensor) => x.mul(2).add(1));
    expect(f(x3()).toArray()).toEqual([3, 5, 7]);
    expect(f(jnp.asarray([4, 5, 6], 'float32')).toArray()).toEqual([9, 11, 13]);
    expect(f.traceCount).toBe(1);
    expect(f.cacheSize).toBe(1);
    // New shape: retrace.
    expect(f(jnp.ones([2, 2])).toArray()).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(f.traceCount).toBe(2);
    expect(f.cacheSize).toBe(2);
    // Back to the first shape: a hit.
    f(x3());
    expect(f.traceCount).toBe(2);
  });

  it('keeps separate entries for dtypes and weak vs strong scalars', () => {
    const f = jit((x: Tensor | number) => jnp.add(x, 1));
    const weak = f(2);
    const strong = f(jnp.asarray(2, 'float32'));
    expect(f.traceCount).toBe(2);
    expect(weak.weakType).toBe(true);
    expect(strong.weakType).toBe(false);
    f(jnp.asarray(2, 'int32'));
    expect(f.traceCount).toBe(3);
    f(3);
    expect(f.traceCount).toBe(3);
    expect(f.cacheSize).toBe(3);
  });

  it('retraces when the tree structure changes', () => {
    const f = jit((t: { a: Tensor; b?: Tensor }) => (t.b === undefined ? t.a : t.a.add(t.b)));
    f({ a: x3() });
    f({ a: x3(), b: x3() });
    f({ a: x3() });
    expect(f.traceCount).toBe(2);
  });

  it('hashes static arguments by value (plain data) and by identity (functions, objects)', () => {
    const f = jit(
      (x: Tensor, n: number, opts: { axis: number[] }) => x.mul(n).sum({ axis: opts.axis }),
      {
        staticArgnums: [1, 2],
      },
    );
    const m = jnp.ones([2, 3]);
    expect(f(m, 2, { axis: [0] }).toArray()).toEqual([4, 4, 4]);
    expect(f(m, 2, { axis: [0] }).toArray()).toEqual([4, 4, 4]);
    expect(f.traceCount).toBe(1);
    expect(f(m, 3, { axis: [0] }).toArray()).toEqual([6, 6, 6]);
    expect(f.traceCount).toBe(2);
    expect(f(m, 3, { axis: [1] }).toArray()).toEqual([9, 9]);
    expect(f.traceCount).toBe(3);

    const apply = jit((fn: (x: Tensor) => Tensor, x: Tensor) => fn(x), { staticArgnums: 0 });
    const double = (x: Tensor): Tensor => x.mul(2);
    apply(double, x3());
    apply(double, x3());
    expect(apply.traceCount).toBe(1);
    // Another function object with the same source is another static value.
    expect(apply((x: Tensor) => x.mul(3), x3()).toArray()).toEqual([3, 6, 9]);
    expect(apply.traceCount).toBe(2);
  });

  it('resolves staticArgnames to positions and accepts negative staticArgnums', () => {
    const f = jit((x: Tensor, power: number) => x.pow(power), { staticArgnames: 'power' });
    expect(f(x3(), 2).toArray()).toEqual([1, 4, 9]);
    expect(f(x3(), 3).toArray()).toEqual([1, 8, 27]);
    expect(f.traceCount).toBe(2);
    const g = jit((x: Tensor, k: number) => x.add(k), { staticArgnums: -1 });
    expect(g(x3(), 1).toArray()).toEqual([2, 3, 4]);
    expect(g(x3(), 1).weakType).toBe(false);
    expect(g.traceCount).toBe(1);
  });

  it('runs side effects once per trace, not on cached calls (as JAX does)', () => {
    const log: string[] = [];
    const f = jit((x: Tensor) => {
      log.push(`traced ${x.shape.join('x')}`);
      return x.sin();
    });
    for (let i = 0; i < 5; i++) f(x3());
    f(jnp.ones([2]));
    expect(log).toEqual(['traced 3', 'traced 2']);
  });

  it('bakes closed-over values in at trace time', () => {
    let scale = 2;
    const f = jit((x: Tensor) => x.mul(scale));
    expect(f(x3()).toArray()).toEqual([2, 4, 6]);
    scale = 10;
    expect(f(x3()).toArray()).toEqual([2, 4, 6]);
    f.clearCache();
    expect(f(x3()).toArray()).toEqual([10, 20, 30]);
  });
});

describe('jit over pytrees', () => {
  it('takes and returns FrozenDicts, objects, arrays and numbers', () => {
    const f = jit((p: FrozenDict, xs: [Tensor, number], o: { k: Tensor }) => {
      const w = p.get('w') as Tensor;
      return { sum: w.add(xs[0]).mul(xs[1]), pair: [o.k, o.k.neg()], d: new FrozenDict({ w }) };
    });
    const p = new FrozenDict({ w: jnp.asarray([1, 1]) });
    const out = f(p, [jnp.asarray([1, 2]), 3], { k: jnp.asarray(5) });
    expect(out.sum.toArray()).toEqual([6, 9]);
    expect((out.pair[0] as Tensor).toArray()).toEqual(5);
    expect((out.pair[1] as Tensor).toArray()).toEqual(-5);
    expect(out.d).toBeInstanceOf(FrozenDict);
    expect((out.d.get('w') as Tensor).toArray()).toEqual([1, 1]);
  });

  it('returns inputs, constants, literals and repeated outputs as independent arrays', () => {
    const c = jnp.asarray([7, 8]);
    const f = jit((x: Tensor) => [x, c, jnp.asarray(1.5), x.add(1), x.add(1)] as const);
    const x = jnp.asarray([1, 2]);
    const [a, b, l, y, z] = f(x);
    expect(a.toArray()).toEqual([1, 2]);
    expect(b.toArray()).toEqual([7, 8]);
    expect(l.toArray()).toEqual(1.5);
    a.dispose();
    y.dispose();
    expect(x.toArray()).toEqual([1, 2]);
    expect(c.toArray()).toEqual([7, 8]);
    expect(z.toArray()).toEqual([2, 3]);
    expect(f(x)[1].toArray()).toEqual([7, 8]);
  });
});

describe('jit donation', () => {
  it('frees donated arguments after the call (JAX donate_argnums)', () => {
    const step = jit((p: { w: Tensor }, x: Tensor) => ({ w: p.w.sub(x), same: x }), {
      donateArgnums: 0,
    });
    let p = { w: jnp.asarray([5, 5], 'float32') };
    const x = jnp.asarray([1, 2], 'float32');
    const before = memoryStats().liveArrays;
    for (let i = 0; i < 3; i++) {
      const old = p.w;
      const out = step(p, x);
      expect(() => old.toArray()).toThrow(DisposedTensorError);
      p = { w: out.w };
      expect(out.same.toArray()).toEqual([1, 2]);
    }
    expect(p.w.toArray()).toEqual([2, -1]);
    expect(x.toArray()).toEqual([1, 2]);
    // One live parameter array and the three returned `same` arrays, nothing else.
    expect(memoryStats().liveArrays - before).toBe(3);
  });
});

describe('jit errors (JAX wording)', () => {
  it('staticArgnums out of range', () => {
    const f = jit((x: Tensor, _y: Tensor) => x, { staticArgnums: [3] });
    expect(() => f(x3(), x3())).toThrow(InvalidArgumentError);
    expect(() => f(x3(), x3())).toThrow(
      'Jitted function has staticArgnums=(3,), but only accepts 2 positional arguments.',
    );
  });

  it('a non-hashable static argument (an array)', () => {
    const f = jit((x: Tensor, y: Tensor) => x.add(y), { staticArgnums: [1] });
    expect(() => f(x3(), x3())).toThrow(
      /Non-hashable static arguments are not supported\. An error occurred while trying to hash an object of type Tensor, f32\[3\].*unhashable type: 'Tensor'/,
    );
    expect(() => f(x3(), new Float32Array(3) as unknown as Tensor)).toThrow(
      /unhashable type: 'Float32Array'/,
    );
  });

  it('a non-array dynamic argument names its path', () => {
    function g(x: Tensor, cfg: { a: [Tensor, string] }): Tensor {
      return x.add(cfg.a[0]);
    }
    const f = jit(g);
    expect(() => f(x3(), { a: [x3(), 'relu'] })).toThrow(
      "jit(g): Error interpreting argument to <function g> as an abstract array. The problematic value is of type string and was passed to the function at path cfg['a'][1]. This typically means that a jit-wrapped function was called with a non-array argument, and this argument was not marked as static using the staticArgnums or staticArgnames options of jit.",
    );
  });

  it('invalid staticArgnames', () => {
    expect(() => jit((x: Tensor, y: Tensor) => x.add(y), { staticArgnames: ['z'] })).toThrow(
      "Jitted function has invalid argnames {'z'} in staticArgnames. Function does not take these args.",
    );
  });

  it('reading a traced value raises ConcretizationTypeError naming the fix', () => {
    const viaItem = jit((x: Tensor) => ((x.sum().item() as number) > 0 ? x : x.neg()));
    expect(() => viaItem(x3())).toThrow(ConcretizationTypeError);
    expect(() => viaItem(x3())).toThrow(
      /item: attempted to read the value of a traced array f32\[\]/,
    );
    expect(() => viaItem(x3())).toThrow(/staticArgnums.*jnp\.where/);
    expect(() => jit((x: Tensor) => jnp.asarray(x.dataSync()))(x3())).toThrow(
      ConcretizationTypeError,
    );
    expect(() => jit((x: Tensor) => x.toArray())(x3())).toThrow(ConcretizationTypeError);
    // The fix: jnp.where on the value, or a static argument.
    const fixed = jit((x: Tensor) => jnp.where(x.sum().greater(0), x, x.neg()));
    expect(fixed(x3()).toArray()).toEqual([1, 2, 3]);
  });
});

describe('jit staging', () => {
  it('makeJaxpr(jit(f)) shows the jit equation with its sub-jaxpr', () => {
    function f(x: Tensor): Tensor {
      return jnp.sin(x).mul(2);
    }
    expect(makeJaxpr(jit(f))(jnp.ones([3])).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[3]. let
          b:f32[3] = jit[
            name=f
            jaxpr={ lambda ; a:f32[3]. let
                b:f32[3] = sin a
                c:f32[3] = mul b 2.0:f32[]
              in (c,) }
          ] a
        in (b,) }"
    `);
  });

  it('nested jits stage nested equations and run as one program', () => {
    const inner = jit(function f(x: Tensor) {
      return jnp.sin(x).mul(2);
    });
    const outer = jit(function g(x: Tensor, y: Tensor) {
      return inner(x).add(y);
    });
    const x = jnp.asarray([0.5, 1, 2]);
    const y = jnp.asarray(1.5, 'float32');
    expect(makeJaxpr(outer)(x, y).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[3] b:f32[]. let
          c:f32[3] = jit[
            name=g
            jaxpr={ lambda ; a:f32[3] b:f32[]. let
                c:f32[3] = jit[
                  name=f
                  jaxpr={ lambda ; a:f32[3]. let
                      b:f32[3] = sin a
                      c:f32[3] = mul b 2.0:f32[]
                    in (c,) }
                ] a
                d:f32[3] = add c b
              in (d,) }
          ] a b
        in (c,) }"
    `);
    expect(outer(x, y)).toBeAllclose(jnp.sin(x).mul(2).add(y));
    // The inner call is inlined into the outer program.
    const { optimized } = outer.compile(x, y);
    expect(optimized.jaxpr.eqns.map((e) => e.primitive)).toEqual(['sin', 'mul', 'add']);
  });

  it('lower returns the staged jaxpr without running it', () => {
    const c = jnp.asarray([1, 2, 3]);
    const f = jit((x: Tensor) => x.mul(c).sum());
    expect(f.lower(x3()).toString()).toMatchInlineSnapshot(`
      "{ lambda a:i32[3]; b:f32[3]. let
          c:f32[3] = convert_element_type[new_dtype=float32 weak_type=False] a
          d:f32[3] = mul b c
          e:f32[] = reduce_sum[axes=(0,)] d
        in (e,) }"
    `);
    expect(f.traceCount).toBe(1);
    f(x3());
    expect(f.traceCount).toBe(1);
  });

  it('a jitted function inside makeJaxpr with closed-over tracers is retraced, not cached', () => {
    const f = (y: Tensor): Tensor => jit((x: Tensor) => x.mul(y))(jnp.ones([2]));
    expect(makeJaxpr(f)(jnp.ones([2])).toString()).toContain('jit[');
  });
});

describe('jit results', () => {
  const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
    [
      'elementwise chain',
      (x) => jnp.tanh(x.mul(3).add(1)).square().sub(x.exp()),
      [random.normal(random.PRNGKey(0), [7, 5])],
    ],
    [
      'broadcasting',
      (x, b) => x.add(b).mul(b.reshape([1, 5])),
      [random.normal(random.PRNGKey(1), [4, 5]), jnp.arange(5).astype('float32')],
    ],
    [
      'reductions',
      (x) =>
        jnp.stack([
          x.sum({ axis: 0 }),
          x.max({ axis: 0 }),
          x.min({ axis: 0 }),
          x.prod({ axis: 0 }),
        ]),
      [random.uniform(random.PRNGKey(2), [3, 4])],
    ],
    [
      'matmul + transpose',
      (a, b) => a.matmul(b).T.add(1),
      [random.normal(random.PRNGKey(3), [6, 4]), random.normal(random.PRNGKey(4), [4, 3])],
    ],
    [
      'softmax',
      (x) =>
        jnp
          .exp(x.sub(x.max({ axis: -1, keepdims: true })))
          .div(
            jnp.exp(x.sub(x.max({ axis: -1, keepdims: true }))).sum({ axis: -1, keepdims: true }),
          ),
      [random.normal(random.PRNGKey(5), [8, 10])],
    ],
    [
      'integers and comparisons',
      (x) => jnp.where(x.greater(2), x.mul(3), x.floorDiv(2)),
      [jnp.asarray([1, 2, 3, 4, -5])],
    ],
    [
      'slices, pads, concatenation',
      (x) => jnp.concatenate([x.get('1:'), jnp.pad(x, [[1, 2]]), jnp.flip(x)]),
      [jnp.asarray([1, 2, 3, 4])],
    ],
    [
      'argmax and iota',
      (x) => x.argmax({ axis: 1 }).add(jnp.arange(3)),
      [random.normal(random.PRNGKey(6), [3, 5])],
    ],
    [
      'large arrays (kernels)',
      (x) => x.mul(2).add(1).sum({ axis: 1 }),
      [random.normal(random.PRNGKey(7), [300, 40])],
    ],
  ];

  for (const backend of ['cpu', 'wasm'] as const) {
    for (const [name, f, args] of cases) {
      it(`${name} on ${backend}: jit(f) equals f`, async () => {
        await setBackend(backend);
        const want = f(...args);
        const got = jit(f)(...args);
        expect(got.shape).toEqual(want.shape);
        expect(got.dtype).toBe(want.dtype);
        expect(got).toBeAllclose(want, { rtol: 1e-6, atol: 1e-6 });
        // Kernels only (no host execution) give the same numbers.
        const kernels = jit(f, { compilerOptions: { host: false } })(...args);
        expect(kernels).toBeAllclose(want, { rtol: 1e-6, atol: 1e-6 });
        await setBackend('cpu');
      });
    }
  }

  it('is bit-identical to eager execution on cpu for float32 chains and sums', async () => {
    await setBackend('cpu');
    const x = random.normal(random.PRNGKey(8), [32, 5]);
    const f = (v: Tensor): Tensor =>
      v
        .sub(v.mean({ axis: 0 }))
        .square()
        .sum({ axis: 0 })
        .sqrt()
        .mul(0.1);
    expect(Array.from(jit(f)(x).dataSync())).toEqual(Array.from(f(x).dataSync()));
    const g = (v: Tensor): Tensor => lax.integerPow(v, 5).sub(lax.integerPow(v, -2));
    expect(Array.from(jit(g)(x).dataSync())).toEqual(Array.from(g(x).dataSync()));
  });
});
