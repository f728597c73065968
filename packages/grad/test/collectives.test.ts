/**
 * Differentiation of the collectives under vmap: transpose(psum) = psum, so vmap(grad(f)) with a
 * named axis gives d(Σ_j f_j)/dx_i as in JAX (inventory 3.3; JAX: tests/batching_test.py
 * testGradOfPsum, testPerExampleGradients, testCommAssocCollective), plus the JVP / transpose
 * property checks of psum, pmax, pmin, all_gather, ppermute and axis_index.
 */
import { grad, hessian, jacfwd, jacrev, valueAndGrad } from '@jaxts/grad';
import { numpy as jnp, lax, type Tensor } from '@jaxts/tensor';
import { vmap } from '@jaxts/vmap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, type Sample } from './check.ts';
import { arr, distinct } from './primitive-cases.ts';

const x3 = jnp.arange(3, undefined, undefined, 'float32');
const named = <A extends unknown[], R>(f: (...a: A) => R) => vmap(f, { axisName: 'i' });

describe('grad × collectives (JAX batching_test.py::testGradOfPsum)', () => {
  it('vmap(grad(psum(x))) = [3, 3, 3]', () => {
    expect(named(grad((x: Tensor) => lax.psum(x, 'i')))(x3)).toBeAllclose([3, 3, 3]);
  });
  it('vmap(grad(pmean(x²))) = [0, 2, 4] (not 2x/3)', () => {
    expect(named(grad((x: Tensor) => lax.pmean(x.mul(x), 'i')))(x3)).toBeAllclose([0, 2, 4]);
  });
  it('vmap(grad(x * pmean(x))) = [2, 2, 2]', () => {
    expect(named(grad((x: Tensor) => x.mul(lax.pmean(x, 'i'))))(x3)).toBeAllclose([2, 2, 2]);
  });
  it('grad(sum(vmap(y => (y - pmean(y))²))) = [-2, 0, 2]', () => {
    const f = (x: Tensor) => jnp.sum(named((y: Tensor) => jnp.square(y.sub(lax.pmean(y, 'i'))))(x));
    expect(grad(f)(x3)).toBeAllclose([-2, 0, 2]);
  });
  it('pmax / pmin pass the gradient to the extreme (split over ties)', () => {
    expect(named(grad((x: Tensor) => lax.pmax(x, 'i')))(x3)).toBeAllclose([0, 0, 3]);
    expect(named(grad((x: Tensor) => lax.pmin(x, 'i')))(x3)).toBeAllclose([3, 0, 0]);
    const ties = jnp.array([1, 5, 5], 'float32');
    expect(named(grad((x: Tensor) => lax.pmax(x, 'i')))(ties)).toBeAllclose([0, 1.5, 1.5]);
  });
  it('batch-norm-like statistics: grad of a vmapped normalized loss equals the unbatched formula', () => {
    const xs = jnp.array(
      [
        [0.5, -1],
        [2, 0.3],
        [-0.7, 1.1],
        [0.2, 0.4],
      ],
      'float32',
    );
    const viaCollectives = grad((x: Tensor) =>
      jnp.sum(
        named((r: Tensor) => {
          const mu = lax.pmean(r, 'i');
          const v = lax.pmean(jnp.square(r.sub(mu)), 'i');
          return jnp.sum(jnp.tanh(r.sub(mu).div(jnp.sqrt(v.add(1e-3)))));
        })(x),
      ),
    )(xs);
    const direct = grad((x: Tensor) => {
      const mu = jnp.mean(x, { axis: 0 });
      const v = jnp.mean(jnp.square(x.sub(mu)), { axis: 0 });
      return jnp.sum(jnp.tanh(x.sub(mu).div(jnp.sqrt(v.add(1e-3)))));
    })(xs);
    expect(viaCollectives).toBeAllclose(direct, { atol: 1e-5 });
  });
});

describe('vmap of grad equals a loop of grad (per-example gradients)', () => {
  const loss = (params: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) =>
    jnp.square(jnp.tanh(jnp.sum(params.w.mul(x)).add(params.b)).sub(y));
  const params = { w: jnp.array([0.3, -0.2, 0.5], 'float32'), b: jnp.array(0.1, 'float32') };
  const xs = jnp.array(
    [
      [1, 2, 3],
      [0.5, -1, 0],
      [-2, 0.1, 0.7],
      [0, 0, 1],
    ],
    'float32',
  );
  const ys = jnp.array([0.2, -0.4, 0.9, 0], 'float32');

  it('vmap(grad(loss), { inAxes: [null, 0, 0] })', () => {
    const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys) as {
      w: Tensor;
      b: Tensor;
    };
    expect(perExample.w.shape).toEqual([4, 3]);
    expect(perExample.b.shape).toEqual([4]);
    for (let i = 0; i < 4; i++) {
      const g = grad(loss)(params, jnp.getItem(xs, i), jnp.getItem(ys, i)) as {
        w: Tensor;
        b: Tensor;
      };
      expect(jnp.getItem(perExample.w, i)).toBeAllclose(g.w, { atol: 1e-6 });
      expect(jnp.getItem(perExample.b, i)).toBeAllclose(g.b, { atol: 1e-6 });
    }
  });

  it('valueAndGrad with hasAux under vmap, and grad of a vmapped mean loss', () => {
    const withAux = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) =>
      [loss(p, x, y), { err: y }] as const;
    const [[v, aux], g] = vmap(valueAndGrad(withAux, { hasAux: true }), { inAxes: [null, 0, 0] })(
      params,
      xs,
      ys,
    ) as [[Tensor, { err: Tensor }], { w: Tensor }];
    expect(v.shape).toEqual([4]);
    expect(aux.err).toBeAllclose(ys);
    const mean = grad((p: { w: Tensor; b: Tensor }) =>
      jnp.mean(vmap((x: Tensor, y: Tensor) => loss(p, x, y))(xs, ys)),
    )(params);
    expect(mean.w).toBeAllclose(jnp.mean(g.w, { axis: 0 }), { atol: 1e-6 });
  });

  it('vmap of jacobians and Hessians, and jacobians of vmap', () => {
    const f = (x: Tensor) => jnp.sin(x).mul(jnp.sum(x));
    const batch = jnp.array(
      [
        [0.1, 0.2],
        [0.3, -0.4],
        [1, 2],
      ],
      'float32',
    );
    const jf = vmap(jacfwd(f))(batch) as Tensor;
    const jr = vmap(jacrev(f))(batch) as Tensor;
    const h = vmap(hessian((x: Tensor) => jnp.sum(f(x))))(batch) as Tensor;
    expect(jf.shape).toEqual([3, 2, 2]);
    expect(h.shape).toEqual([3, 2, 2]);
    for (let i = 0; i < 3; i++) {
      const row = jnp.getItem(batch, i);
      expect(jnp.getItem(jf, i)).toBeAllclose(jacfwd(f)(row), { atol: 1e-6 });
      expect(jnp.getItem(jr, i)).toBeAllclose(jacfwd(f)(row), { atol: 1e-6 });
      expect(jnp.getItem(h, i)).toBeAllclose(hessian((x: Tensor) => jnp.sum(f(x)))(row), {
        atol: 1e-5,
      });
    }
    // The Jacobian of the batched function is block diagonal.
    const big = jacfwd(vmap(f))(batch) as Tensor;
    expect(big.shape).toEqual([3, 2, 3, 2]);
    expect(jnp.getItem(big, [0, jnp.slice(), 1, jnp.slice()])).toBeAllclose(jnp.zeros([2, 2]));
    expect(jnp.getItem(big, [2, jnp.slice(), 2, jnp.slice()])).toBeAllclose(jnp.getItem(jf, 2), {
      atol: 1e-6,
    });
  });
});

describe('JVP and transpose of the collectives (as functions of the whole batch)', () => {
  const batched = (f: (x: Tensor) => Tensor | Tensor[]) => (x: Tensor) => {
    const out = named(f)(x);
    return Array.isArray(out) ? out : [out];
  };
  const gen = (
    g: fc.Arbitrary<{ shape: readonly number[]; data: readonly number[] }>,
    f: (x: Tensor) => Tensor | Tensor[],
    note: string,
  ) => g.map((a): Sample => ({ note, args: [a], f: batched(f) }));
  const shapes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }));
  const cases: [string, fc.Arbitrary<Sample>][] = [
    [
      'psum',
      shapes.chain(([n, d]) => gen(arr([n, d], -3, 3), (x) => lax.psum(x, 'i').mul(x), 'psum')),
    ],
    [
      'pmean',
      shapes.chain(([n, d]) => gen(arr([n, d], -3, 3), (x) => lax.pmean(jnp.sin(x), 'i'), 'pmean')),
    ],
    [
      'pmax',
      shapes.chain(([n, d]) => gen(distinct([n, d]), (x) => lax.pmax(x, 'i').mul(x), 'pmax')),
    ],
    [
      'pmin',
      shapes.chain(([n, d]) =>
        gen(distinct([n, d]), (x) => lax.pmin(jnp.exp(x.mul(0.3)), 'i'), 'pmin'),
      ),
    ],
    [
      'all_gather',
      // Per example x is [d]: a tiled gather concatenates along axis 0, a stacked one inserts
      // the new axis at 0 or 1.
      fc
        .tuple(shapes, fc.boolean(), fc.integer({ min: 0, max: 1 }))
        .chain(([[n, d], tiled, ax]) => {
          const axis = tiled ? 0 : ax;
          return gen(
            arr([n, d], -3, 3),
            (x) => lax.allGather(jnp.sin(x), 'i', { tiled, axis }),
            `all_gather tiled=${tiled} axis=${axis}`,
          );
        }),
    ],
    [
      'ppermute',
      shapes.chain(([n, d]) =>
        fc
          .tuple(
            arr([n, d], -3, 3),
            fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          )
          .map(
            ([a, perm]): Sample => ({
              note: `ppermute ${JSON.stringify(perm)}`,
              args: [a],
              f: batched((x) =>
                lax.ppermute(
                  x.mul(x),
                  'i',
                  perm.map((dst, src) => [src, dst] as const),
                ),
              ),
            }),
          ),
      ),
    ],
    [
      'axis_index',
      shapes.chain(([n, d]) =>
        gen(
          arr([n, d], -3, 3),
          (x) => {
            const i = lax.axisIndex('i');
            return [i, x.mul(i.astype('float32'))];
          },
          'axis_index',
        ),
      ),
    ],
  ];
  for (const [name, g] of cases) {
    it(name, () => {
      checkProperty(g);
      checkProperty(g, { numRuns: 3, order2: true });
    });
  }
});
