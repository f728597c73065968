/**
 * JAX's check_jvp / check_vjp for jaxts (jax/_src/public_test_util.py): a JVP is compared with
 * central finite differences of the float32 function (the difference taken in float64 on the
 * host), and the VJP with the JVP through the transpose identity <vjp(ct), t> = <ct, jvp(t)>.
 */
import { jvp, linearize, vjp } from '@jaxts/grad';
import { numpy as jnp, type Tensor } from '@jaxts/tensor';
import { defaultGradientTolerance, innerProduct } from '@jaxts/testing';
import fc from 'fast-check';
import { expect } from 'vitest';

/** A float32 array as host data: shape and row-major values. */
export interface HostArray {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** One check: f of float32 arrays (the arguments being differentiated) → list of outputs. */
export interface Sample {
  readonly args: readonly HostArray[];
  readonly f: (...xs: Tensor[]) => Tensor[];
  /** What was drawn (shapes, params), for the failure message. */
  readonly note: string;
}

export interface CheckOptions {
  /** Tolerance (atol = rtol) of the JVP against finite differences. Default JAX's f32 2e-3. */
  readonly tol?: number;
  /** Finite-difference step (float32-aware: larger than JAX's f64 EPS). Default 1e-3. */
  readonly eps?: number;
  /** Also check the JVP of the JVP (JAX's check_grads order 2). */
  readonly order2?: boolean;
}

export function toTensor(a: HostArray): Tensor {
  return jnp.fromValues([...a.data], [...a.shape], 'float32');
}

export function hostValues(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>, Number);
}

/** mulberry32: reproducible tangents/cotangents from the seed fast-check drew. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

function randomLike(r: () => number, shape: readonly number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return jnp.fromValues(
    Array.from({ length: n }, () => Math.fround(r())),
    [...shape],
    'float32',
  );
}

function safeSub(a: number, b: number): number {
  return a === b ? 0 : a - b;
}

function describe(s: Sample, extra: string): string {
  const shapes = s.args.map((a) => `[${a.shape.join(',')}]`).join(' ');
  return `${s.note} args ${shapes}: ${extra}`;
}

function isFloat(t: Tensor): boolean {
  return t.dtype === 'float32';
}

/**
 * Checks one sample: primal outputs of jvp/vjp equal f, the JVP matches central differences,
 * linearize's JVP equals jvp's, and the VJP is the transpose of the JVP.
 */
export function checkSample(s: Sample, seed: number, opts: CheckOptions = {}): void {
  const tol = opts.tol ?? defaultGradientTolerance.float32;
  const eps = opts.eps ?? 1e-3;
  const r = rng(seed);
  const xs = s.args.map(toTensor);
  const ts = s.args.map((a) => randomLike(r, a.shape));
  const direct = s.f(...xs);

  // Forward mode against finite differences.
  const [outs, touts] = jvp((...a: Tensor[]) => s.f(...a), xs, ts) as [Tensor[], Tensor[]];
  expect(outs.length, describe(s, 'jvp output count')).toBe(direct.length);
  const shifted = (d: number): Tensor[] =>
    s.f(
      ...s.args.map((a, i) => {
        const t = hostValues(ts[i] as Tensor);
        return jnp.fromValues(
          a.data.map((v, j) => v + d * (t[j] as number)),
          [...a.shape],
          'float32',
        );
      }),
    );
  const plus = shifted(eps);
  const minus = shifted(-eps);
  direct.forEach((o, k) => {
    const out = outs[k] as Tensor;
    const tout = touts[k] as Tensor;
    expect(out.shape, describe(s, `jvp primal shape of output ${k}`)).toEqual(o.shape);
    expect(out, describe(s, `jvp primal of output ${k}`)).toBeAllclose(o, {
      rtol: 1e-6,
      atol: 1e-6,
    });
    expect(tout.shape, describe(s, `tangent shape of output ${k}`)).toEqual(o.shape);
    if (!isFloat(o)) {
      expect(
        hostValues(tout).every((v) => v === 0),
        describe(s, `non-float output ${k} has a tangent`),
      ).toBe(true);
      return;
    }
    const p = hostValues(plus[k] as Tensor);
    const m = hostValues(minus[k] as Tensor);
    const fd = p.map((v, j) => safeSub(v, m[j] as number) / (2 * eps));
    // float32 rounding of f(x ± eps t) (a few ulps of |f|) is amplified by 1 / (2 eps).
    const magnitude = p.reduce(
      (acc, v, j) => Math.max(acc, Math.abs(v) + Math.abs(m[j] as number)),
      0,
    );
    const noise = Number.isFinite(magnitude) ? (magnitude * 2 ** -22) / (2 * eps) : 0;
    expect(tout, describe(s, `jvp vs finite differences, output ${k}`)).toBeAllclose(
      jnp.fromValues(fd, [...o.shape], 'float32'),
      { rtol: tol, atol: tol + noise },
    );
  });

  // linearize gives the same linear map.
  const [, fJvp] = linearize((...a: Tensor[]) => s.f(...a), ...xs);
  const lin = fJvp(...ts) as Tensor[];
  lin.forEach((l, k) => {
    if (isFloat(direct[k] as Tensor)) {
      expect(l, describe(s, `linearize vs jvp, output ${k}`)).toBeAllclose(touts[k], {
        rtol: 1e-5,
        atol: 1e-5,
      });
    }
  });

  // Reverse mode: <vjp(ct), t> = <ct, jvp(t)>.
  const [vOuts, vjpFn] = vjp((...a: Tensor[]) => s.f(...a), ...xs) as [
    Tensor[],
    (ct: unknown) => Tensor[],
  ];
  vOuts.forEach((o, k) => {
    expect(o, describe(s, `vjp primal of output ${k}`)).toBeAllclose(direct[k], {
      rtol: 1e-6,
      atol: 1e-6,
    });
  });
  const cts = direct.map((o) =>
    isFloat(o) ? randomLike(r, o.shape) : jnp.zeros([...o.shape], o.dtype),
  );
  const ctIn = vjpFn(cts);
  expect(ctIn.length, describe(s, 'one cotangent per primal')).toBe(xs.length);
  let lhs = 0;
  let scale = 0;
  ctIn.forEach((c, i) => {
    expect(c.shape, describe(s, `cotangent shape of input ${i}`)).toEqual(s.args[i]?.shape);
    const cv = hostValues(c);
    const tv = hostValues(ts[i] as Tensor);
    lhs += innerProduct(cv, tv);
    scale += cv.reduce((acc, v, j) => acc + Math.abs(v * (tv[j] as number)), 0);
  });
  let rhs = 0;
  direct.forEach((o, k) => {
    if (!isFloat(o)) return;
    const cv = hostValues(cts[k] as Tensor);
    const tv = hostValues(touts[k] as Tensor);
    rhs += innerProduct(cv, tv);
    scale += cv.reduce((acc, v, j) => acc + Math.abs(v * (tv[j] as number)), 0);
  });
  expect(
    Math.abs(lhs - rhs) <= 1e-4 * scale + 1e-6,
    describe(s, `transpose identity: <vjp(ct), t> = ${lhs} but <ct, jvp(t)> = ${rhs}`),
  ).toBe(true);

  if (opts.order2 ?? false) {
    // The JVP as a function of the primals (tangents fixed) is itself checked.
    const g = (...a: Tensor[]): Tensor[] =>
      (jvp((...b: Tensor[]) => s.f(...b), a, ts) as [Tensor[], Tensor[]])[1];
    checkSample({ ...s, f: g, note: `${s.note} (order 2)` }, seed + 1, { tol: tol * 2.5, eps });
  }
}

/** Runs `checkSample` as a fast-check property over the samples of `gen`. */
export function checkProperty(
  gen: fc.Arbitrary<Sample>,
  opts: CheckOptions & { numRuns?: number } = {},
): void {
  const params = opts.numRuns === undefined ? {} : { numRuns: opts.numRuns };
  fc.assert(
    fc.property(gen, fc.integer({ min: 0, max: 0x7fffffff }), (s, seed) => {
      checkSample(s, seed, opts);
    }),
    params,
  );
}
