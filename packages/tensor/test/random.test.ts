/**
 * jaxts `random` through the public API: every golden case of golden/random.json (jax 0.10.2,
 * XLA:CPU, partitionable threefry) bit for bit, the seed program of issue 4, statistics of 10^5
 * samples, argument errors, and staging with makeJaxpr.
 */
import { readFileSync } from 'node:fs';
import {
  DTypeError,
  getBackend,
  InvalidArgumentError,
  jit,
  numpy as jnp,
  makeJaxpr,
  random,
  ShapeError,
  setBackend,
  type Tensor,
} from '@jaxts/tensor';
import { bind, evalJaxpr, typecheckJaxpr } from '@jaxts/tensor/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Scalar = number | string;
type ParamValue = Scalar | boolean | Scalar[];

interface GoldenCase {
  fn: string;
  key: string;
  params: Record<string, ParamValue>;
  shape: number[];
  dtype: string;
  value: Scalar[];
}

interface Golden {
  threefry: { kat: { key: number[]; x: number[]; y: number[] }[] };
  seeds: { seed: number; key: number[]; key_x64: number[]; key_typed: number[] }[];
  keys: Record<string, number[]>;
  cases: GoldenCase[];
  seed_program: { uniform_128x5: Scalar[]; noise: Scalar; X: Scalar[]; W: Scalar[]; b: Scalar };
}

const golden: Golden = JSON.parse(
  readFileSync(new URL('../golden/random.json', import.meta.url), 'utf8'),
);

function cases(fn: string): GoldenCase[] {
  const found = golden.cases.filter((c) => c.fn === fn);
  if (found.length === 0) throw new Error(`no golden cases for ${fn}`);
  return found;
}

function u32(values: readonly number[], shape: readonly number[] = [values.length]): Tensor {
  return jnp.fromValues(values, shape, 'uint32');
}

function keyOf(c: GoldenCase): Tensor {
  const k = golden.keys[c.key];
  if (k === undefined) throw new Error(`unknown golden key ${c.key}`);
  return u32(k);
}

function toNumber(v: ParamValue | undefined): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  throw new Error(`not a number: ${String(v)}`);
}

/** A scalar param as a number, an array param (with `<name>_shape`) as a float32 array. */
function param(c: GoldenCase, name: string): number | Tensor {
  const v = c.params[name];
  if (!Array.isArray(v)) return toNumber(v);
  const shape = c.params[`${name}_shape`];
  if (!Array.isArray(shape)) throw new Error(`missing ${name}_shape`);
  return jnp.fromValues(v.map(toNumber), shape.map(toNumber), 'float32');
}

/** Exact comparison that tells -0 from 0 and accepts any NaN for 'nan'. */
function exact(values: ArrayLike<number>): Scalar[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? 'nan' : Object.is(v, -0) ? '-0' : v));
}

function exactGolden(values: Scalar[]): Scalar[] {
  return exact(values.map((v) => toNumber(v)));
}

function label(c: GoldenCase): string {
  return `${c.fn} ${c.key} ${JSON.stringify(c.params)} [${c.shape.join(',')}]`;
}

/** Checks shape, dtype and exact values of a result against a golden case. */
function expectCase(got: Tensor, c: GoldenCase, dtype: string = c.dtype): void {
  expect(got.shape, label(c)).toEqual(c.shape);
  expect(got.dtype, label(c)).toBe(dtype);
  expect(exact(got.dataSync()), label(c)).toEqual(exactGolden(c.value));
}

const shapeOf = (c: GoldenCase): number[] => c.shape;

/** The jaxts call that reproduces one golden case (the JAX call named by `fn` and `params`). */
function run(c: GoldenCase): Tensor {
  const key = keyOf(c);
  const p = c.params;
  switch (c.fn) {
    case 'split':
      return random.split(key, typeof p.num === 'number' ? p.num : (p.num as number[]));
    case 'fold_in':
      return random.foldIn(key, toNumber(p.data));
    case 'bits': {
      const dtype = `uint${toNumber(p.bit_width)}` as 'uint8' | 'uint16' | 'uint32';
      return random.bits(key, shapeOf(c), { dtype });
    }
    case 'uniform':
      return random.uniform(key, shapeOf(c), {
        minval: param(c, 'minval'),
        maxval: param(c, 'maxval'),
      });
    case 'normal':
      return random.normal(key, shapeOf(c));
    case 'truncated_normal':
      return random.truncatedNormal(key, param(c, 'lower'), param(c, 'upper'), shapeOf(c));
    case 'exponential':
      return random.exponential(key, shapeOf(c));
    case 'gumbel':
      return random.gumbel(key, shapeOf(c));
    case 'laplace':
      return random.laplace(key, shapeOf(c));
    case 'logistic':
      return random.logistic(key, shapeOf(c));
    case 'bernoulli':
      return random.bernoulli(key, toNumber(p.p), shapeOf(c));
    case 'randint': {
      const lo = toNumber(p.minval);
      const hi = toNumber(p.maxval);
      // x64 goldens (int64 bounds past int32 max): a uint32 maxval clips to the same values.
      if (p.x64_bounds === true) {
        return random.randint(key, shapeOf(c), lo, u32([Math.min(hi, 4294967295)], []));
      }
      return random.randint(key, shapeOf(c), lo, hi);
    }
    case 'permutation': {
      if (typeof p.n === 'number') return random.permutation(key, p.n);
      const x = jnp.fromValues((p.x as number[]).map(toNumber), [4, 3], 'int32');
      return random.permutation(key, x, {
        axis: toNumber(p.axis),
        independent: p.independent === true,
      });
    }
    case 'categorical':
      return random.categorical(key, param(c, 'logits'), {
        axis: p.axis === undefined ? -1 : toNumber(p.axis),
        shape: Array.isArray(p.shape) ? p.shape.map(toNumber) : null,
      });
    case 'choice': {
      const av = p.a;
      const a = Array.isArray(av)
        ? jnp.fromValues(av.map(toNumber), [av.length], 'float32')
        : toNumber(av);
      const probs = Array.isArray(p.p)
        ? jnp.fromValues(p.p.map(toNumber), [p.p.length], 'float32')
        : null;
      return random.choice(key, a, (p.shape as number[]).map(toNumber), {
        replace: p.replace === true,
        p: probs,
      });
    }
    case 'vmap_uniform': {
      // vmap over split keys equals looping over them.
      const keys = random.split(key, toNumber(p.split));
      return jnp.stack(
        Array.from({ length: toNumber(p.split) }, (_, i) => random.uniform(keys.get(i))),
      );
    }
    default:
      throw new Error(`no runner for golden fn ${c.fn}`);
  }
}

/** Every golden case of `fn` through the public API. */
function expectAll(fn: string): void {
  for (const c of cases(fn)) expectCase(run(c), c, c.dtype.startsWith('uint') ? 'uint32' : c.dtype);
}

describe('keys', () => {
  it('PRNGKey / key keep the low 32 bits of the seed (x64 off); { x64: true } splits hi/lo', () => {
    for (const { seed, key, key_x64, key_typed } of golden.seeds) {
      const k = random.PRNGKey(seed);
      expect(k.shape).toEqual([2]);
      expect(k.dtype).toBe('uint32');
      expect(Array.from(k.dataSync()), `PRNGKey(${seed})`).toEqual(key);
      expect(Array.from(random.key(seed).dataSync()), `key(${seed})`).toEqual(key_typed);
      expect(Array.from(random.PRNGKey(seed, { x64: true }).dataSync()), `x64 ${seed}`).toEqual(
        key_x64,
      );
    }
  });

  it('PRNGKey from integer seed arrays is [0, uint32(seed)]', () => {
    expect(Array.from(random.PRNGKey(jnp.fromValues([-1], [], 'int32')).dataSync())).toEqual([
      0, 4294967295,
    ]);
    expect(Array.from(random.PRNGKey(jnp.fromValues([7], [], 'uint32')).dataSync())).toEqual([
      0, 7,
    ]);
    expect(Array.from(random.PRNGKey(true).dataSync())).toEqual([0, 1]);
  });

  it('keyData and wrapKeyData are the identity on raw keys', () => {
    const keys = random.split(random.PRNGKey(3), 4);
    expect(random.keyData(keys)).toBe(keys);
    expect(random.wrapKeyData(keys)).toBe(keys);
  });

  it('split', () => {
    expectAll('split');
    expect(random.split(random.PRNGKey(0)).shape).toEqual([2, 2]);
    expect(random.split(random.PRNGKey(0), 0).shape).toEqual([0, 2]);
  });

  it('foldIn with numbers, uint32 arrays and int32 arrays (wrapped to uint32)', () => {
    expectAll('fold_in');
    for (const c of cases('fold_in')) {
      const d = toNumber(c.params.data);
      expectCase(random.foldIn(keyOf(c), jnp.fromValues([d], [], 'uint32')), c);
      expectCase(random.foldIn(keyOf(c), jnp.fromValues([d | 0], [], 'int32')), c);
    }
  });

  it('the threefry2x32 primitive reproduces the Random123 known-answer vectors', () => {
    for (const { key, x, y } of golden.threefry.kat) {
      const [y0, y1] = bind(
        'threefry2x32',
        [
          u32([key[0] as number], []),
          u32([key[1] as number], []),
          u32([x[0] as number], []),
          u32([x[1] as number], []),
        ],
        {},
      );
      expect([y0?.item(), y1?.item()]).toEqual(y);
    }
  });
});

describe('bits and float samplers (bit-exact)', () => {
  it('bits for 8-, 16- and 32-bit dtypes (8/16-bit values held in uint32)', () => {
    expectAll('bits');
  });

  it('uniform (scalar and per-element bounds, empty and reversed ranges)', () => {
    expectAll('uniform');
  });

  it('normal: exact (max ulp difference 0) over 2000+ values, tails included', () => {
    expectAll('normal');
    const count = cases('normal').reduce((n, c) => n + c.value.length, 0);
    expect(count).toBeGreaterThan(2000);
  });

  it('truncatedNormal (scalar, infinite and per-element bounds)', () => {
    expectAll('truncated_normal');
    // Without a shape, the bounds' broadcast shape.
    const lo = jnp.fromValues([-2, -0.5, 1], [3], 'float32');
    const c = cases('truncated_normal').find((x) => Array.isArray(x.params.lower));
    if (c === undefined) throw new Error('missing per-element truncated_normal case');
    expect(random.truncatedNormal(keyOf(c), lo, 2.5).shape).toEqual([3]);
  });

  it('exponential, gumbel, laplace, logistic', () => {
    for (const fn of ['exponential', 'gumbel', 'laplace', 'logistic']) expectAll(fn);
  });

  it('bernoulli', () => {
    expectAll('bernoulli');
    // Shape defaults to p's shape; p may be an array.
    const p = jnp.fromValues([0.1, 0.9], [2], 'float32');
    expect(random.bernoulli(random.PRNGKey(0), p).shape).toEqual([2]);
  });
});

describe('the seed program (issue 4), exactly', () => {
  it('X, noise, W and b equal the float32 values JAX prints', () => {
    const sp = golden.seed_program;
    const k0 = random.PRNGKey(0);
    const noise = random.uniform(k0, [], { minval: 0, maxval: 0.1 });
    const X = random.uniform(k0, [128, 5], { minval: 0, maxval: 1 }).add(noise);
    const W = random.uniform(k0, [5, 1]);
    const b = random.uniform(k0, []);
    expect(noise.item()).toBe(0.09476669877767563);
    expect(noise.item()).toBe(toNumber(sp.noise));
    expect(exact(random.uniform(k0, [128, 5]).dataSync())).toEqual(exactGolden(sp.uniform_128x5));
    expect(exact(X.dataSync())).toEqual(exactGolden(sp.X));
    expect(Array.from(X.dataSync().subarray(0, 5))).toEqual([
      1.042433738708496, 1.0733466148376465, 0.4270581901073456, 0.5634351372718811,
      0.6646553874015808,
    ]);
    expect(W.shape).toEqual([5, 1]);
    expect(Array.from(W.dataSync())).toEqual([
      0.9476670026779175, 0.9785798788070679, 0.33229148387908936, 0.46866846084594727,
      0.569888710975647,
    ]);
    expect(exact(W.dataSync())).toEqual(exactGolden(sp.W));
    expect(b.item()).toBe(0.9476670026779175);
    expect(b.item()).toBe(toNumber(sp.b));
  });
});

describe('integer samplers and compositions (bit-exact)', () => {
  it('randint, including empty ranges, the full int32 span and uint32 bounds past int32 max', () => {
    expectAll('randint');
    expect(Array.from(random.randint(random.PRNGKey(0), [3, 3], 0, 8).dataSync())).toEqual([
      5, 0, 0, 5, 3, 3, 0, 7, 5,
    ]);
  });

  it('randint with per-element and float bounds', () => {
    const k = random.PRNGKey(42);
    const lo = jnp.fromValues([0, 10, 100], [3], 'int32');
    const got = random.randint(k, [2, 3], lo, lo.add(5));
    const want = [0, 1].flatMap(() => [0, 10, 100]);
    const v = Array.from(got.dataSync());
    v.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(want[i] as number);
      expect(x).toBeLessThan((want[i] as number) + 5);
    });
    // Fractional bounds truncate toward zero like JAX's astype(int): randint(k, 0.5, 7.9) = (0, 7).
    expect(Array.from(random.randint(k, [17], 0.5, 7.9).dataSync())).toEqual(
      Array.from(random.randint(k, [17], 0, 7).dataSync()),
    );
  });

  it('permutation of n, of rows, and independent shuffles along an axis', () => {
    expectAll('permutation');
  });

  it('shuffle is permutation with independent: true', () => {
    const k = random.PRNGKey(5);
    const x = jnp.arange(12).reshape([4, 3]);
    expect(random.shuffle(k, x).toArray()).toEqual(
      random.permutation(k, x, { independent: true }).toArray(),
    );
  });

  it('categorical (Gumbel-max, first index on ties)', () => {
    expectAll('categorical');
  });

  it('choice with and without replacement, with and without p', () => {
    expectAll('choice');
  });
});

describe('keys as data', () => {
  it('uniform of each split key equals the golden vmap(uniform)(split(key, 3))', () => {
    expectAll('vmap_uniform');
  });
});

// --- statistics ---------------------------------------------------------------------------------

const N = 100_000;

function moments(x: Tensor): { mean: number; variance: number } {
  const v = x.dataSync();
  let s = 0;
  for (const e of v) s += e;
  const mean = s / v.length;
  let q = 0;
  for (const e of v) q += (e - mean) ** 2;
  return { mean, variance: q / v.length };
}

/** Kolmogorov-Smirnov statistic of samples against a CDF. */
function ksStatistic(x: Tensor, cdf: (v: number) => number): number {
  const v = Float64Array.from(x.dataSync()).sort();
  let d = 0;
  for (let i = 0; i < v.length; i++) {
    const f = cdf(v[i] as number);
    d = Math.max(d, (i + 1) / v.length - f, f - i / v.length);
  }
  return d;
}

/** erf to ~1e-7 (Abramowitz & Stegun 7.1.26 would be 1.5e-7; this is W. J. Cody's series-free form). */
function erf(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    1 -
    t *
      Math.exp(
        -x * x -
          1.26551223 +
          t *
            (1.00002368 +
              t *
                (0.37409196 +
                  t *
                    (0.09678418 +
                      t *
                        (-0.18628806 +
                          t *
                            (0.27886807 +
                              t *
                                (-1.13520398 +
                                  t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
  return x >= 0 ? y : -y;
}

// KS critical value at significance 0.001 for n = 10^5: 1.95 / sqrt(n).
const KS_CRITICAL = 1.95 / Math.sqrt(N);
const EULER_GAMMA = 0.5772156649015329;

describe('statistics of 10^5 samples (fixed key, deterministic)', () => {
  const key = random.PRNGKey(20240611);

  it('uniform: mean 1/2, variance 1/12, KS against U(0, 1); bounds respected', () => {
    const x = random.uniform(key, [N]);
    const { mean, variance } = moments(x);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(ksStatistic(x, (v) => Math.min(1, Math.max(0, v)))).toBeLessThan(KS_CRITICAL);
    const y = random.uniform(key, [N], { minval: -3, maxval: 5 });
    const v = y.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...v)).toBeLessThan(5);
  });

  it('normal: mean 0, variance 1, KS against N(0, 1)', () => {
    const x = random.normal(key, [N]);
    const { mean, variance } = moments(x);
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(ksStatistic(x, (v) => 0.5 * (1 + erf(v / Math.SQRT2)))).toBeLessThan(KS_CRITICAL);
  });

  it('exponential, gumbel, laplace, logistic: mean and variance', () => {
    const want = {
      exponential: [1, 1, random.exponential],
      gumbel: [EULER_GAMMA, Math.PI ** 2 / 6, random.gumbel],
      laplace: [0, 2, random.laplace],
      logistic: [0, Math.PI ** 2 / 3, random.logistic],
    } as const;
    for (const [name, [m, v, sampler]] of Object.entries(want)) {
      const { mean, variance } = moments(sampler(key, [N]));
      expect(Math.abs(mean - m), name).toBeLessThan(0.03);
      expect(Math.abs(variance - v) / v, name).toBeLessThan(0.05);
    }
  });

  it('truncatedNormal stays inside (lower, upper) with the right mean', () => {
    const x = random.truncatedNormal(key, 0, 2, [N]);
    const v = x.dataSync();
    expect(Math.min(...v)).toBeGreaterThan(0);
    expect(Math.max(...v)).toBeLessThan(2);
    // E[X | 0 < X < 2] = (phi(0) - phi(2)) / (Phi(2) - Phi(0)).
    const phi = (t: number) => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
    const expected = (phi(0) - phi(2)) / (0.5 * erf(2 / Math.SQRT2));
    expect(Math.abs(moments(x).mean - expected)).toBeLessThan(0.01);
  });

  it('bernoulli frequency and randint range and mean', () => {
    const b = random.bernoulli(key, 0.3, [N]).dataSync();
    let ones = 0;
    for (const e of b) ones += e;
    expect(Math.abs(ones / N - 0.3)).toBeLessThan(0.005);
    const r = random.randint(key, [N], -3, 7);
    const rv = r.dataSync();
    expect(Math.min(...rv)).toBe(-3);
    expect(Math.max(...rv)).toBe(6);
    expect(Math.abs(moments(r).mean - 1.5)).toBeLessThan(0.03);
  });

  it('categorical frequencies follow softmax(logits)', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const logits = jnp.log(jnp.fromValues(p, [4], 'float32'));
    const draws = random.categorical(key, logits, { shape: [N] }).dataSync();
    const counts = [0, 0, 0, 0];
    for (const d of draws) counts[d] = (counts[d] as number) + 1;
    counts.forEach((n, i) => {
      expect(Math.abs(n / N - (p[i] as number))).toBeLessThan(0.006);
    });
  });
});

// --- errors ---------------------------------------------------------------------------------------

describe('argument errors', () => {
  const k = random.PRNGKey(0);

  it('a key must be u32[2]', () => {
    expect(() => random.uniform(jnp.zeros([3]))).toThrow(DTypeError);
    expect(() => random.uniform(jnp.zeros([3]))).toThrow(
      'random.uniform: expected a key of shape [2] and dtype uint32; got f32[3]',
    );
    expect(() => random.normal(u32([1, 2, 3]))).toThrow(
      'random.normal: expected a key of shape [2] and dtype uint32; got u32[3]',
    );
    expect(() => random.bits(jnp.fromValues([0, 0], [2], 'int32'))).toThrow(
      'random.bits: expected a key of shape [2] and dtype uint32; got i32[2]',
    );
  });

  it('a batch of keys is an error for functions of one key (as in JAX)', () => {
    const keys = random.split(k, 3);
    expect(() => random.split(keys)).toThrow(ShapeError);
    expect(() => random.split(keys)).toThrow(
      'random.split: split accepts a single key, but was given a key array of shape [3,2]; ' +
        'expected a key of shape [2]. Use vmap for batching.',
    );
    expect(() => random.uniform(keys)).toThrow('uniform accepts a single key');
    expect(() => random.foldIn(keys, 1)).toThrow('foldIn accepts a single key');
  });

  it('bad shapes are ShapeErrors', () => {
    expect(() => random.uniform(k, [-1])).toThrow(ShapeError);
    expect(() => random.uniform(k, [1.5])).toThrow(ShapeError);
    expect(() => random.normal(k, [2, -3])).toThrow(ShapeError);
    expect(() => random.split(k, [-2])).toThrow(ShapeError);
    // Parameter shapes must broadcast into the shape without growing it.
    expect(() => random.uniform(k, [3], { minval: jnp.zeros([4]) })).toThrow(ShapeError);
    expect(() => random.uniform(k, [], { maxval: jnp.ones([3]) })).toThrow(
      'random.uniform: parameter shapes must be broadcast-compatible with the shape argument',
    );
    expect(() => random.randint(k, [2], jnp.zeros([3], 'int32'), 5)).toThrow(ShapeError);
    expect(() => random.truncatedNormal(k, jnp.zeros([2]), 1, [3])).toThrow(ShapeError);
    expect(() => random.bernoulli(k, jnp.full([2], 0.5), [3])).toThrow(ShapeError);
    expect(() => random.categorical(k, jnp.zeros([3, 4]), { shape: [2] })).toThrow(ShapeError);
    // A number n is the shape [n], as JAX's canonicalize_shape allows.
    expect(random.uniform(k, 3).shape).toEqual([3]);
  });

  it('foldIn data must be a uint32 scalar value (JAX raises OverflowError outside [0, 2**32))', () => {
    expect(() => random.foldIn(k, -1)).toThrow(InvalidArgumentError);
    expect(() => random.foldIn(k, 2 ** 32)).toThrow(
      'random.foldIn: data 4294967296 is out of bounds for uint32',
    );
    expect(() => random.foldIn(k, jnp.zeros([3], 'int32'))).toThrow(ShapeError);
    // Fractional data truncates (JAX: jnp.asarray(1.5, 'uint32') is 1).
    expect(random.foldIn(k, 1.5).toArray()).toEqual(random.foldIn(k, 1).toArray());
  });

  it('randint bounds must fit int32 (OverflowError in JAX) and the dtype must be int32', () => {
    expect(() => random.randint(k, [3], 0, 2 ** 31)).toThrow(InvalidArgumentError);
    expect(() => random.randint(k, [3], -(2 ** 31) - 1, 0)).toThrow(
      'random.randint: minval -2147483649 is out of bounds for int32',
    );
    expect(() => random.randint(k, [3], 0, 5, { dtype: 'float32' })).toThrow(DTypeError);
  });

  it('float samplers reject non-float dtypes; bits rejects signed ones', () => {
    expect(() => random.uniform(k, [2], { dtype: 'int32' })).toThrow(
      'random.uniform: dtype argument to `uniform` must be a float dtype; expected float32, got int32',
    );
    expect(() => random.normal(k, [2], { dtype: 'bool' })).toThrow(DTypeError);
    expect(() => random.bits(k, [2], { dtype: 'int32' as 'uint32' })).toThrow(DTypeError);
    expect(() => random.bernoulli(k, jnp.fromValues([1], [1], 'int32'))).toThrow(
      'bernoulli probability `p` must have a floating dtype',
    );
  });

  it('seeds must be integers', () => {
    expect(() => random.PRNGKey(1.5)).toThrow(InvalidArgumentError);
    expect(() => random.PRNGKey(2 ** 60)).toThrow(InvalidArgumentError);
    expect(() => random.PRNGKey(jnp.zeros([]))).toThrow(DTypeError);
    expect(() => random.key(jnp.zeros([2], 'int32'))).toThrow(ShapeError);
  });

  it('minval > maxval is not an error: uniform returns minval (JAX takes max(minval, ...))', () => {
    expect(Array.from(random.uniform(k, [3], { minval: 2, maxval: 1 }).dataSync())).toEqual([
      2, 2, 2,
    ]);
    expect(Array.from(random.randint(k, [3], 5, 3).dataSync())).toEqual([5, 5, 5]);
  });

  it('choice, permutation and categorical check their sizes', () => {
    expect(() => random.choice(k, 3, [5], { replace: false })).toThrow(
      'random.choice: cannot take a larger sample (size 5) than population (size 3)',
    );
    expect(() => random.choice(k, 0, [2])).toThrow(InvalidArgumentError);
    expect(() => random.choice(k, 4, [2], { p: jnp.ones([3]) })).toThrow(ShapeError);
    expect(random.choice(k, 5, [0]).shape).toEqual([0]);
    expect(() => random.permutation(k, -1)).toThrow(InvalidArgumentError);
    expect(() => random.categorical(k, jnp.zeros([3]), { shape: [4], replace: false })).toThrow(
      'cannot exceed number of categories (3)',
    );
    expect(() => random.categorical(k, jnp.zeros([3], 'int32'))).toThrow(DTypeError);
  });
});

// --- staging ----------------------------------------------------------------------------------------

describe('random functions on traced keys', () => {
  const k = random.PRNGKey(7);

  it('makeJaxpr shows the staged PRNG primitives', () => {
    expect(
      makeJaxpr((key: Tensor) => random.uniform(key, [3]))(k).toString(),
    ).toMatchInlineSnapshot(`
        "{ lambda ; a:u32[2]. let
            b:u32[3] = random_bits[bit_width=32 shape=(3,)] a
            c:f32[3] = random_transform[distribution=uniform] b 0.0:f32[] 1.0:f32[]
          in (c,) }"
      `);
    expect(
      makeJaxpr((key: Tensor) => random.split(random.foldIn(key, 3), 4))(k).toString(),
    ).toMatchInlineSnapshot(`
        "{ lambda ; a:u32[2]. let
            b:u32[2] = random_fold_in a 3:u32[]
            c:u32[4,2] = random_split[shape=(4,)] b
          in (c,) }"
      `);
    expect(
      makeJaxpr((key: Tensor) => random.normal(key, [2, 2]))(k).toString(),
    ).toMatchInlineSnapshot(`
        "{ lambda ; a:u32[2]. let
            b:u32[2,2] = random_bits[bit_width=32 shape=(2, 2)] a
            c:f32[2,2] = random_transform[distribution=normal] b
          in (c,) }"
      `);
  });

  it('every function stages and the jaxpr evaluates to the eager result', () => {
    const logits = jnp.log(jnp.fromValues([0.1, 0.2, 0.3, 0.4], [4], 'float32'));
    const fns: Record<string, (key: Tensor) => Tensor> = {
      split: (key) => random.split(key, [2, 3]),
      foldIn: (key) => random.foldIn(key, 11),
      bits: (key) => random.bits(key, [5], { dtype: 'uint16' }),
      uniform: (key) => random.uniform(key, [4], { minval: -2, maxval: 3 }),
      normal: (key) => random.normal(key, [4]),
      truncatedNormal: (key) => random.truncatedNormal(key, -1, 1, [4]),
      bernoulli: (key) => random.bernoulli(key, 0.3, [6]),
      randint: (key) => random.randint(key, [5], -4, 9),
      permutation: (key) => random.permutation(key, 7),
      permutationRows: (key) => random.permutation(key, jnp.arange(12).reshape([4, 3])),
      shuffle: (key) => random.shuffle(key, jnp.arange(12).reshape([3, 4]), 1),
      choice: (key) => random.choice(key, 10, [3]),
      choiceNoReplace: (key) => random.choice(key, 10, [3], { replace: false }),
      choiceP: (key) =>
        random.choice(key, 4, [5], { p: jnp.fromValues([0.1, 0.2, 0.3, 0.4], [4], 'float32') }),
      choicePNoReplace: (key) =>
        random.choice(key, 4, [2], {
          replace: false,
          p: jnp.fromValues([0.1, 0.2, 0.3, 0.4], [4], 'float32'),
        }),
      categorical: (key) => random.categorical(key, logits, { shape: [5] }),
      categoricalNoReplace: (key) =>
        random.categorical(key, logits, { shape: [3], replace: false }),
      gumbel: (key) => random.gumbel(key, [3]),
      exponential: (key) => random.exponential(key, [3]),
      laplace: (key) => random.laplace(key, [3]),
      logistic: (key) => random.logistic(key, [3]),
    };
    for (const [name, f] of Object.entries(fns)) {
      const closed = makeJaxpr(f)(k);
      typecheckJaxpr(closed.jaxpr);
      const [staged] = evalJaxpr(closed.jaxpr, closed.consts, [k]);
      const eager = f(k);
      expect(staged?.shape, name).toEqual(eager.shape);
      expect(staged?.dtype, name).toBe(eager.dtype);
      expect(exact(staged?.dataSync() ?? []), name).toEqual(exact(eager.dataSync()));
    }
  });

  it('jit(f) equals f', () => {
    const f = (key: Tensor) => random.uniform(key, [4], { minval: -1, maxval: 2 });
    const g = (key: Tensor) => random.permutation(key, 9);
    expect(exact(jit(f)(k).dataSync())).toEqual(exact(f(k).dataSync()));
    expect(Array.from(jit(g)(k).dataSync())).toEqual(Array.from(g(k).dataSync()));
  });

  it('a traced seed gives a traced key', () => {
    const f = (seed: Tensor) => random.uniform(random.PRNGKey(seed), [2]);
    const closed = makeJaxpr(f)(jnp.fromValues([5], [], 'int32'));
    const [out] = evalJaxpr(closed.jaxpr, closed.consts, [jnp.fromValues([5], [], 'int32')]);
    expect(exact(out?.dataSync() ?? [])).toEqual(
      exact(random.uniform(random.PRNGKey(5), [2]).dataSync()),
    );
  });
});

// --- wasm -----------------------------------------------------------------------------------------

describe('the wasm backend gives the same bits', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });
  afterAll(async () => {
    await setBackend('cpu');
  });

  it('every golden case', () => {
    expect(getBackend()).toBe('wasm');
    const fns = new Set(golden.cases.map((c) => c.fn));
    for (const fn of fns) expectAll(fn);
  });

  it('the seed program', () => {
    const k0 = random.PRNGKey(0);
    const noise = random.uniform(k0, [], { minval: 0, maxval: 0.1 });
    const X = random.uniform(k0, [128, 5], { minval: 0, maxval: 1 }).add(noise);
    expect(exact(X.dataSync())).toEqual(exactGolden(golden.seed_program.X));
  });
});
