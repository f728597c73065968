/**
 * jit composes with the other transformations as in JAX: grad(jit(f)), jit(grad(f)),
 * vmap(jit(f)), jit(vmap(f)), nested jits and custom derivatives all give the numbers of the
 * untransformed program, and a jitted training step holds only its inputs and outputs.
 * JAX: tests/api_test.py (test_grad_of_jit, test_jit_of_grad, test_vmap_of_jit...).
 */
import { grad, valueAndGrad } from '@jaxts/grad';
import {
  collectGarbage,
  customJvp,
  jit,
  numpy as jnp,
  makeJaxpr,
  memoryStats,
  random,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import { afterAll, describe, expect, it } from 'vitest';

afterAll(async () => {
  await setBackend('cpu');
});

const keys = random.split(random.PRNGKey(42), 6);
const k = (i: number) => keys.get(i);

function loss(w: Tensor, x: Tensor): Tensor {
  return jnp.tanh(x.matmul(w)).square().mean().add(w.square().sum().mul(0.01));
}

describe('grad and jit commute', () => {
  const w = random.normal(k(0), [4, 3]);
  const x = random.normal(k(1), [5, 4]);
  const want = grad(loss)(w, x) as Tensor;

  it('grad(jit(f)) equals grad(f)', () => {
    expect(grad(jit(loss))(w, x)).toBeAllclose(want, { rtol: 1e-5, atol: 1e-6 });
  });

  it('jit(grad(f)) equals grad(f), traced once', () => {
    const g = jit(grad(loss));
    expect(g(w, x)).toBeAllclose(want, { rtol: 1e-5, atol: 1e-6 });
    expect(g(w, x)).toBeAllclose(want, { rtol: 1e-5, atol: 1e-6 });
    expect(g.traceCount).toBe(1);
  });

  it('jit(grad(jit(f))) and second derivatives through jit', () => {
    expect(jit(grad(jit(loss)))(w, x)).toBeAllclose(want, { rtol: 1e-5, atol: 1e-6 });
    const f = (t: Tensor): Tensor => jnp.sin(t).mul(t).sum();
    const t = jnp.asarray([0.3, -1.2, 2.0]);
    const gg = grad((u: Tensor) => (grad(f)(u) as Tensor).sum());
    expect(jit(gg)(t)).toBeAllclose(gg(t), { rtol: 1e-5 });
    expect(grad((u: Tensor) => (jit(grad(jit(f)))(u) as Tensor).sum())(t)).toBeAllclose(gg(t), {
      rtol: 1e-5,
    });
  });

  it('valueAndGrad with aux inside jit (a training step)', () => {
    const step = jit((p: { w: Tensor }, xb: Tensor) => {
      const [[l, aux], g] = valueAndGrad(
        (q: { w: Tensor }) => {
          const out = loss(q.w, xb);
          return [out, { norm: q.w.square().sum() }] as const;
        },
        { hasAux: true },
      )(p);
      return { p: { w: p.w.sub(g.w.mul(0.1)) }, l, aux };
    });
    const out = step({ w }, x);
    expect(out.l).toBeAllclose(loss(w, x), { rtol: 1e-6 });
    expect(out.p.w).toBeAllclose(w.sub(want.mul(0.1)), { rtol: 1e-5, atol: 1e-6 });
    expect(out.aux.norm).toBeAllclose(w.square().sum(), { rtol: 1e-6 });
  });

  it('dead primal code in a grad program is removed', () => {
    const g = jit(grad((v: Tensor) => v.mul(v).sum()));
    const c = g.compile(jnp.ones([3]));
    expect(c.optimized.jaxpr.eqns.map((e) => e.primitive)).not.toContain('reduce_sum');
    expect(g(jnp.asarray([1, 2, 3], 'float32')).toArray()).toEqual([2, 4, 6]);
  });

  it('custom_jvp functions inside jit keep their rule', () => {
    const f = customJvp((t: Tensor) => jnp.sin(t));
    f.defJvp((primals, tangents) => {
      const [t] = primals as [Tensor];
      const [dt] = tangents as [Tensor];
      return [jnp.sin(t), dt.mul(100)];
    });
    const t = jnp.asarray([0.1, 0.2]);
    expect(jit(f)(t)).toBeAllclose(jnp.sin(t));
    expect(grad((u: Tensor) => jit(f)(u).sum())(t)).toBeAllclose([100, 100]);
    expect(jit(grad((u: Tensor) => f(u).sum()))(t)).toBeAllclose([100, 100]);
  });
});

describe('vmap and jit commute', () => {
  const f = (a: Tensor, b: Tensor): Tensor => jnp.tanh(a.matmul(b)).sum({ axis: -1 }).add(a.mean());
  const as = random.normal(k(2), [6, 3, 4]);
  const b = random.normal(k(3), [4, 5]);
  const want = vmap(f, { inAxes: [0, null] })(as, b) as Tensor;

  it('vmap(jit(f)) equals vmap(f)', () => {
    expect(vmap(jit(f), { inAxes: [0, null] })(as, b)).toBeAllclose(want, { rtol: 1e-5 });
  });

  it('jit(vmap(f)) equals vmap(f) and stages once', () => {
    const g = jit(vmap(f, { inAxes: [0, null] }));
    expect(g(as, b)).toBeAllclose(want, { rtol: 1e-5 });
    expect(g(as, b)).toBeAllclose(want, { rtol: 1e-5 });
    expect(g.traceCount).toBe(1);
  });

  it('per-example gradients: jit(vmap(grad(f))) equals a loop of grads', () => {
    const w = random.normal(k(4), [4, 3]);
    const xs = random.normal(k(5), [7, 1, 4]);
    const perEx = jit(vmap((xi: Tensor) => grad(loss)(w, xi) as Tensor));
    const got = perEx(xs) as Tensor;
    for (let i = 0; i < 7; i++) {
      expect(got.get(i)).toBeAllclose(grad(loss)(w, xs.get(i)), { rtol: 1e-5, atol: 1e-6 });
    }
  });

  it('makeJaxpr(vmap(jit(f))) keeps one jit equation', () => {
    const txt = makeJaxpr(vmap(jit(f), { inAxes: [0, null] }))(as, b).toString();
    expect(txt.match(/jit\[/g)?.length).toBe(1);
  });
});

describe('memory', () => {
  it('a jitted training step holds only its inputs and outputs, flat over 2000 steps', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await setBackend(backend);
      const x = random.normal(k(0), [16, 8]);
      const y = random.normal(k(1), [16, 1]);
      const step = jit((p: { w1: Tensor; w2: Tensor }) => {
        const [l, g] = valueAndGrad((q: { w1: Tensor; w2: Tensor }) =>
          jnp.maximum(x.matmul(q.w1), 0).matmul(q.w2).sub(y).square().mean(),
        )(p);
        return { p: { w1: p.w1.sub(g.w1.mul(0.05)), w2: p.w2.sub(g.w2.mul(0.05)) }, l };
      });
      let p = {
        w1: random.normal(k(2), [8, 16]).mul(0.3),
        w2: random.normal(k(3), [16, 1]).mul(0.3),
      };
      p = step(p).p;
      collectGarbage();
      const before = memoryStats().liveArrays;
      const collections = memoryStats().collections;
      const first = step(p);
      if (memoryStats().collections === collections) {
        // Exactly the three outputs are new: every intermediate was freed (or never allocated).
        expect(memoryStats().liveArrays - before).toBe(3);
      }
      p = first.p;
      let firstLoss = 0;
      let lastLoss = 0;
      for (let i = 0; i < 2000; i++) {
        const prev = p;
        const out = step(p);
        p = out.p;
        prev.w1.dispose();
        prev.w2.dispose();
        if (i === 0) firstLoss = out.l.item() as number;
        if (i === 1999) lastLoss = out.l.item() as number;
        out.l.dispose();
      }
      expect(lastLoss).toBeLessThan(firstLoss);
      expect(memoryStats().liveArrays).toBeLessThanOrEqual(before + 3);
      expect(step.traceCount).toBe(1);
    }
  });
});
