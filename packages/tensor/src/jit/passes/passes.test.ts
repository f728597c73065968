/**
 * Unit tests of jit's optimization passes on small jaxprs: each pass does its one rewrite (DCE
 * removes unused equations, CSE merges duplicates, folding evaluates constant equations,
 * simplification removes exact identities, inlining flattens nested jits, fusion groups
 * elementwise chains and matmul + bias + relu) and the rewritten program computes the same values.
 */
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../backend/engine.ts';
import { evalJaxpr } from '../../jaxpr/eval-jaxpr.ts';
import { type ClosedJaxpr, type JaxprEqn, Literal } from '../../jaxpr/jaxpr.ts';
import { makeJaxpr } from '../../jaxpr/make-jaxpr.ts';
import * as lax from '../../lax/index.ts';
import * as jnp from '../../numpy/index.ts';
import { PRNGKey } from '../../random/keys.ts';
import { normal } from '../../random/normal.ts';
import type { Tensor } from '../../tensor.ts';
import { jit } from '../jit.ts';
import { cse } from './cse.ts';
import { dce } from './dce.ts';
import { foldConstants } from './fold.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseMatmuls } from './fuse-matmul.ts';
import { inlineCalls } from './inline.ts';
import { simplify } from './simplify.ts';

const prims = (c: ClosedJaxpr | { eqns: readonly JaxprEqn[] }): string[] =>
  ('jaxpr' in c ? c.jaxpr.eqns : c.eqns).map((e) => e.primitive);

/** Evaluates a closed jaxpr on arguments (consts from the jaxpr). */
function run(c: ClosedJaxpr, ...args: Tensor[]): Tensor[] {
  return evalJaxpr(c.jaxpr, c.consts, args);
}

function sameValues(a: readonly Tensor[], b: readonly Tensor[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    expect(Array.from(x.dataSync())).toEqual(Array.from((b[i] as Tensor).dataSync()));
  });
}

const x = jnp.asarray([0.5, -1, 2]);

describe('dce', () => {
  it('removes equations whose results are unused', () => {
    const c = makeJaxpr((v: Tensor) => {
      v.sin().mul(3);
      return v.cos();
    })(x);
    expect(prims(c)).toEqual(['sin', 'mul', 'cos']);
    const d = dce(c.jaxpr);
    expect(prims(d)).toEqual(['cos']);
    sameValues(evalJaxpr(d, c.consts, [x]), run(c, x));
  });

  it('keeps a multi-result equation when one result is used', () => {
    const c = makeJaxpr((v: Tensor) => lax.sort([v, v.neg()], { numKeys: 1 })[1] as Tensor)(x);
    expect(prims(dce(c.jaxpr))).toEqual(['neg', 'sort']);
  });
});

describe('cse', () => {
  it('merges equations with the same primitive, inputs and params', () => {
    const c = makeJaxpr((v: Tensor) =>
      v
        .sin()
        .add(v.sin())
        .add(v.sum({ axis: 0 }))
        .add(v.sum({ axis: 0 })),
    )(x);
    const d = cse(c.jaxpr);
    expect(prims(d).filter((p) => p === 'sin')).toHaveLength(1);
    expect(prims(d).filter((p) => p === 'reduce_sum')).toHaveLength(1);
    sameValues(evalJaxpr(d, c.consts, [x]), run(c, x));
  });

  it('keeps equations whose params differ', () => {
    const m = jnp.ones([2, 3]);
    const c = makeJaxpr((v: Tensor) => [v.sum({ axis: 0 }), v.sum({ axis: 1 })])(m);
    expect(prims(cse(c.jaxpr))).toEqual(['reduce_sum', 'reduce_sum']);
  });
});

describe('constant folding', () => {
  it('evaluates equations on constants and literals once; scalars become literals', () => {
    const k = jnp.asarray([1, 2, 3], 'float32');
    const c = makeJaxpr((v: Tensor) => v.mul(k.mul(2).sum()).add(jnp.arange(3).astype('float32')))(
      x,
    );
    expect(prims(c)).toContain('iota');
    const f = foldConstants(c);
    expect(prims(f)).toEqual(['mul', 'add']);
    expect(f.jaxpr.eqns[0]?.inputs[1]).toBeInstanceOf(Literal);
    expect(f.toString()).toContain('12.0:f32[]');
    sameValues(run(f, x), run(c, x));
  });

  it('leaves large results to run time', () => {
    const c = makeJaxpr((v: Tensor) => v.sum().add(jnp.zeros([300, 300]).sum()))(x);
    expect(prims(foldConstants(c))).toContain('broadcast_in_dim');
  });
});

describe('simplify', () => {
  it('removes exact identities and turns splat operands into scalars', () => {
    const c = makeJaxpr((v: Tensor) => {
      const a = v.mul(1).astype('float32').reshape([3]).neg().neg();
      return a.mul(jnp.broadcastTo(jnp.asarray(2, 'float32'), [3])).sub(0);
    })(x);
    const s = simplify(c.jaxpr);
    // neg(neg v) reads v; the first neg and the broadcast are left for DCE.
    expect(prims(s)).toEqual(['neg', 'broadcast_in_dim', 'mul']);
    expect(s.eqns[2]?.inputs[1]).toBeInstanceOf(Literal);
    sameValues(evalJaxpr(dce(s), c.consts, [x]), run(c, x));
    expect(prims(dce(s))).toEqual(['mul']);
  });

  it('keeps x + 0.0 for floats (-0 + 0 is +0)', () => {
    const c = makeJaxpr((v: Tensor) => v.add(0))(x);
    expect(prims(simplify(c.jaxpr))).toEqual(['add']);
  });
});

describe('inline', () => {
  it('flattens nested jit equations into the outer program', () => {
    const inner = jit((v: Tensor) => v.sin().mul(2));
    const c = makeJaxpr((v: Tensor) => inner(inner(v)).add(1))(x);
    expect(prims(c)).toEqual(['jit', 'jit', 'add']);
    const i = inlineCalls(c);
    expect(prims(i)).toEqual(['sin', 'mul', 'sin', 'mul', 'add']);
    sameValues(run(i, x), run(c, x));
  });
});

describe('elementwise fusion', () => {
  it('groups a chain and closes the group where a reduction reads it', () => {
    const c = makeJaxpr((v: Tensor) => {
      const a = v.mul(2).add(1).tanh();
      const s = a.sum();
      return a.sub(s).exp();
    })(x);
    const units = fuseElementwise(c.jaxpr.eqns, c.jaxpr.outvars, (e) =>
      e.primitive === 'reduce_sum' ? null : 'elementwise',
    );
    expect(
      units.map((u) => (u.kind === 'group' ? `group(${prims(u)})` : u.item.primitive)),
    ).toEqual(['group(mul,add,tanh)', 'reduce_sum', 'group(sub,exp)']);
    const first = units[0];
    expect(first?.kind === 'group' ? first.outputs.length : 0).toBe(1);
  });

  it('a reduction of a group value joins the group as its epilogue', () => {
    const c = makeJaxpr((v: Tensor) => {
      const a = v.mul(2).add(1);
      return [a.sum(), a.max(), a.sub(a.sum()).exp()];
    })(x);
    const units = fuseElementwise(c.jaxpr.eqns, c.jaxpr.outvars, (e) =>
      e.primitive === 'reduce_sum' || e.primitive === 'reduce_max' ? 'sink' : 'elementwise',
    );
    // The sum is complete only after the loop: its consumer starts a new group.
    expect(
      units.map((u) => (u.kind === 'group' ? `group(${prims(u)})` : u.item.primitive)),
    ).toEqual(['group(mul,add,reduce_sum,reduce_max,reduce_sum)', 'group(sub,exp)']);
    const m = jnp.asarray(
      [
        [1, -2, 3],
        [0.5, 4, -1],
      ],
      'float32',
    );
    const f = (v: Tensor): Tensor[] => {
      const a = v.mul(2).add(1);
      return [
        a.sum({ axis: 0 }),
        a.max({ axis: 1 }),
        a.min(),
        a.sum({ axis: 1, keepdims: true }).add(a),
      ];
    };
    const j = jit(f);
    expect(j.compile(m).stats).toMatchObject({ hostKernels: 0, kernelSteps: 0 });
    sameValues(j(m), f(m));
    sameValues(jit(f, { compilerOptions: { codegen: false } })(m), f(m));
  });

  it('reductions move right after their operand, so a later consumer does not split the loop', () => {
    const m = jnp.asarray(
      [
        [1, -2, 3],
        [0.5, 4, -1],
      ],
      'float32',
    );
    const f = (v: Tensor): Tensor[] => {
      const a = v.mul(2);
      const s1 = a.sum({ axis: 0 });
      const c = a.mul(3);
      const b = s1.mul(jnp.asarray([1, 2, 3], 'float32'));
      return [b, c.sum({ axis: 0 }).sum()];
    };
    const c = makeJaxpr(f)(m);
    const sinks = new Set(['reduce_sum']);
    const units = fuseElementwise(c.jaxpr.eqns, c.jaxpr.outvars, (e) =>
      sinks.has(e.primitive) ? 'sink' : 'elementwise',
    );
    expect(
      units.map((u) => (u.kind === 'group' ? `group(${prims(u)})` : u.item.primitive)),
      // A reduction of a value outside any open loop is a loop of its own.
    ).toEqual(['group(mul,reduce_sum,mul,reduce_sum)', 'group(reduce_sum)', 'group(mul)']);
    sameValues(jit(f)(m), f(m));
  });

  it('a compiled chain runs as one loop and gives the same numbers', () => {
    const f = (v: Tensor): Tensor => {
      let y = v;
      for (let i = 0; i < 20; i++) y = i % 2 === 0 ? y.mul(1.01) : y.add(0.5);
      return y;
    };
    const j = jit(f);
    expect(j.compile(x).stats).toMatchObject({ hostLoops: 1, loopOps: 20, kernelSteps: 0 });
    expect(Array.from(j(x).dataSync())).toEqual(Array.from(f(x).dataSync()));
    const interp = jit(f, { compilerOptions: { codegen: false } });
    expect(Array.from(interp(x).dataSync())).toEqual(Array.from(f(x).dataSync()));
    const unfused = jit(f, { compilerOptions: { fuseElementwise: false } });
    expect(unfused.compile(x).stats.hostLoops).toBe(20);
  });
});

describe('matmul fusion', () => {
  const w = normal(PRNGKey(0), [4, 3]);
  const b = normal(PRNGKey(1), [3]);
  const m = normal(PRNGKey(2), [5, 4]);
  const layer = (v: Tensor): Tensor => jnp.maximum(v.matmul(w).add(b), 0);

  it('finds dot + bias + relu when the intermediates have one use', () => {
    const c = makeJaxpr(layer)(m);
    const items = fuseMatmuls(c.jaxpr.eqns, c.jaxpr.outvars, () => true);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'fused_matmul', activation: 'relu' });
    // The pre-activation is also returned: only the bias is fused.
    const two = makeJaxpr((v: Tensor) => {
      const h = v.matmul(w).add(b);
      return [jnp.maximum(h, 0), h];
    })(m);
    const items2 = fuseMatmuls(two.jaxpr.eqns, two.jaxpr.outvars, () => true);
    expect(items2.map((i) => ('kind' in i ? `${i.kind}:${i.activation}` : i.primitive))).toEqual([
      'fused_matmul:linear',
      'max',
    ]);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`_FusedMatMul gives the unfused numbers on ${backend}`, async () => {
      await setBackend(backend);
      const j = jit(layer, { compilerOptions: { host: false } });
      expect(j.compile(m).stats.fusedMatmuls).toBe(1);
      expect(j(m)).toBeAllclose(layer(m), { rtol: 1e-6, atol: 1e-6 });
      await setBackend('cpu');
    });
  }
});
