// Every golden in packages/tensor/golden/random.json (jax 0.10.2, XLA:CPU) that the kernels
// reproduce on their own or with a few lines of composition (argmax, gather, cumsum).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bitsKernel, bitsKernelBatch } from './bits.ts';
import {
  bernoulliFromBits,
  exponentialFromBits,
  gumbelFromBits,
  laplaceFromBits,
  logisticFromBits,
} from './distributions.ts';
import { bitsFromF32 } from './f32.ts';
import { foldInKernel, seedKernel, splitKernel } from './keys.ts';
import { normalFromBits, truncatedNormalFromBits } from './normal.ts';
import { randintFromBits } from './randint.ts';
import { permutationKernel, shuffleRounds, stableArgsortU32 } from './shuffle.ts';
import { threefry2x32Array } from './threefry.ts';
import { uniformFromBits } from './uniform.ts';
import { logF32 } from './xla-math.ts';

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
  meta: { jax: string; jax_threefry_partitionable: boolean };
  threefry: {
    kat: { key: number[]; x: number[]; y: number[] }[];
    array: { key: number[]; count: number[]; out: number[] }[];
  };
  seeds: { seed: number; key: number[]; key_x64: number[]; key_typed: number[] }[];
  keys: Record<string, number[]>;
  cases: GoldenCase[];
  seed_program: { uniform_128x5: Scalar[]; noise: Scalar; X: Scalar[]; W: Scalar[]; b: Scalar };
}

const golden: Golden = JSON.parse(
  readFileSync(new URL('../../../golden/random.json', import.meta.url), 'utf8'),
);

function cases(fn: string): GoldenCase[] {
  const found = golden.cases.filter((c) => c.fn === fn);
  if (found.length === 0) throw new Error(`no golden cases for ${fn}`);
  return found;
}

function keyOf(c: GoldenCase): Uint32Array {
  const k = golden.keys[c.key];
  if (k === undefined) throw new Error(`unknown golden key ${c.key}`);
  return Uint32Array.from(k);
}

function toNumber(v: ParamValue | undefined): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  throw new Error(`not a number: ${String(v)}`);
}

function numbers(v: ParamValue | undefined): number[] {
  if (!Array.isArray(v)) throw new Error(`not a list: ${String(v)}`);
  return v.map(toNumber);
}

const size = (c: GoldenCase): number => c.shape.reduce((a, b) => a * b, 1);

// A scalar parameter, or an array parameter (with `<name>_shape`) broadcast numpy-style to the
// case's shape, flattened row-major: what the caller hands the kernels as per-element values.
function param(c: GoldenCase, name: string): number | number[] {
  const v = c.params[name];
  if (!Array.isArray(v)) return toNumber(v);
  const values = numbers(v);
  const shape = numbers(c.params[`${name}_shape`]);
  const out: number[] = [];
  for (let flatIndex = 0; flatIndex < size(c); flatIndex++) {
    let rem = flatIndex;
    let src = 0;
    let stride = 1;
    for (let d = c.shape.length - 1, e = shape.length - 1; d >= 0; d--, e--) {
      const coord = rem % (c.shape[d] as number);
      rem = Math.floor(rem / (c.shape[d] as number));
      if (e >= 0) {
        const dim = shape[e] as number;
        src += (dim === 1 ? 0 : coord) * stride;
        stride *= dim;
      }
    }
    out.push(values[src] as number);
  }
  return out;
}

// Exact float32 comparison that tells -0 from 0 and accepts any NaN for 'nan'.
function exact(values: ArrayLike<number>): Scalar[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? 'nan' : Object.is(v, -0) ? '-0' : v));
}
function exactGolden(values: Scalar[]): Scalar[] {
  return exact(values.map(toNumber));
}

function label(c: GoldenCase): string {
  return `${c.key} ${JSON.stringify(c.params)} [${c.shape.join(',')}]`;
}

describe('golden meta', () => {
  it('was generated in partitionable mode', () => {
    expect(golden.meta.jax_threefry_partitionable).toBe(true);
  });
});

describe('threefry goldens', () => {
  it('reproduces the known-answer vectors', () => {
    for (const { key, x, y } of golden.threefry.kat) {
      const out = threefry2x32Array(Uint32Array.from(key), Uint32Array.from(x));
      expect(Array.from(out)).toEqual(y);
    }
  });

  it('reproduces the array form threefry_2x32(key, count)', () => {
    for (const { key, count, out } of golden.threefry.array) {
      expect(Array.from(threefry2x32Array(Uint32Array.from(key), Uint32Array.from(count)))).toEqual(
        out,
      );
    }
  });
});

describe('key goldens', () => {
  it('PRNGKey(seed) keeps the low 32 bits with x64 off and splits hi/lo with x64 on', () => {
    for (const { seed, key, key_x64, key_typed } of golden.seeds) {
      expect(Array.from(seedKernel(seed)), `seed ${seed}`).toEqual(key);
      expect(Array.from(seedKernel(seed)), `key(${seed})`).toEqual(key_typed);
      expect(Array.from(seedKernel(seed, { x64: true })), `x64 seed ${seed}`).toEqual(key_x64);
    }
  });

  it('split', () => {
    for (const c of cases('split')) {
      const num = c.params.num;
      const shape = typeof num === 'number' ? [num] : numbers(num);
      expect(Array.from(splitKernel(keyOf(c), shape)), label(c)).toEqual(c.value);
    }
  });

  it('fold_in', () => {
    for (const c of cases('fold_in')) {
      expect(Array.from(foldInKernel(keyOf(c), toNumber(c.params.data))), label(c)).toEqual(
        c.value,
      );
    }
  });

  it('fold_in(key, i) equals split(key, n)[i]', () => {
    const key = Uint32Array.of(0, 42);
    const keys = splitKernel(key, 5);
    for (let i = 0; i < 5; i++) {
      expect(Array.from(foldInKernel(key, i))).toEqual(Array.from(keys.subarray(2 * i, 2 * i + 2)));
    }
  });
});

describe('bits goldens', () => {
  it('bits for 8-, 16- and 32-bit widths', () => {
    for (const c of cases('bits')) {
      const width = toNumber(c.params.bit_width);
      if (width !== 8 && width !== 16 && width !== 32) throw new Error(`width ${width}`);
      expect(Array.from(bitsKernel(keyOf(c), size(c), width)), label(c)).toEqual(c.value);
    }
  });
});

describe('float sampler goldens (bit-exact)', () => {
  const bitsOf = (c: GoldenCase): Uint32Array => bitsKernel(keyOf(c), size(c));

  it('uniform', () => {
    for (const c of cases('uniform')) {
      const u = uniformFromBits(bitsOf(c), param(c, 'minval'), param(c, 'maxval'));
      expect(exact(u), label(c)).toEqual(exactGolden(c.value));
    }
  });

  it('normal (exact: max ulp difference 0)', () => {
    let maxUlp = 0;
    let count = 0;
    for (const c of cases('normal')) {
      const got = normalFromBits(bitsOf(c));
      c.value.forEach((w, i) => {
        const want = toNumber(w);
        const g = got[i] as number;
        maxUlp = Math.max(maxUlp, Math.abs((bitsFromF32(g) | 0) - (bitsFromF32(want) | 0)));
        expect(Math.abs(g - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want));
        count++;
      });
    }
    expect(count).toBeGreaterThan(2000);
    expect(maxUlp).toBe(0);
  });

  it('truncated_normal', () => {
    for (const c of cases('truncated_normal')) {
      const lo = param(c, 'lower');
      const hi = param(c, 'upper');
      expect(exact(truncatedNormalFromBits(bitsOf(c), lo, hi)), label(c)).toEqual(
        exactGolden(c.value),
      );
    }
  });

  it('exponential, gumbel, laplace, logistic', () => {
    const samplers = {
      exponential: exponentialFromBits,
      gumbel: gumbelFromBits,
      laplace: laplaceFromBits,
      logistic: logisticFromBits,
    };
    for (const [fn, sampler] of Object.entries(samplers)) {
      for (const c of cases(fn)) {
        expect(exact(sampler(bitsOf(c))), `${fn} ${label(c)}`).toEqual(exactGolden(c.value));
      }
    }
  });

  it('bernoulli', () => {
    for (const c of cases('bernoulli')) {
      expect(Array.from(bernoulliFromBits(bitsOf(c), toNumber(c.params.p))), label(c)).toEqual(
        c.value,
      );
    }
  });

  it('vmap(uniform) over split keys equals uniform of each key', () => {
    const [c] = cases('vmap_uniform');
    if (c === undefined) throw new Error('missing vmap_uniform');
    const keys = splitKernel(keyOf(c), toNumber(c.params.split));
    const u = uniformFromBits(bitsKernelBatch(keys, 1));
    expect(exact(u)).toEqual(exactGolden(c.value));
  });
});

describe('the seed program (issue 4), exactly', () => {
  const k0 = seedKernel(0);
  const sp = golden.seed_program;

  it('uniform(PRNGKey(0), [128, 5]), noise, X, W and b', () => {
    const u = uniformFromBits(bitsKernel(k0, 640), 0, 1);
    expect(exact(u)).toEqual(exactGolden(sp.uniform_128x5));
    const noise = uniformFromBits(bitsKernel(k0, 1), 0, 0.1)[0] as number;
    expect(noise).toBe(0.09476669877767563);
    expect(noise).toBe(toNumber(sp.noise));
    const x = u.map((v) => Math.fround(v + noise));
    expect(exact(x)).toEqual(exactGolden(sp.X));
    expect(Array.from(x.subarray(0, 5))).toEqual([
      1.042433738708496, 1.0733466148376465, 0.4270581901073456, 0.5634351372718811,
      0.6646553874015808,
    ]);
    const w = uniformFromBits(bitsKernel(k0, 5));
    expect(Array.from(w)).toEqual([
      0.9476670026779175, 0.9785798788070679, 0.33229148387908936, 0.46866846084594727,
      0.569888710975647,
    ]);
    expect(exact(w)).toEqual(exactGolden(sp.W));
    const b = uniformFromBits(bitsKernel(k0, 1))[0];
    expect(b).toBe(0.9476670026779175);
    expect(b).toBe(toNumber(sp.b));
  });
});

// randint draws from split(key) = [k1, k2]: higher bits from k1, lower bits from k2.
function randint(key: Uint32Array, n: number, minval: number, maxval: number): Int32Array {
  const [k1, k2] = splitPair(key);
  return randintFromBits(bitsKernel(k1, n), bitsKernel(k2, n), minval, maxval);
}

function splitPair(key: Uint32Array): [Uint32Array, Uint32Array] {
  const keys = splitKernel(key, 2);
  return [keys.slice(0, 2), keys.slice(2, 4)];
}

describe('integer sampler goldens', () => {
  it('randint (including empty ranges, full int32 span and x64 bounds past int32 max)', () => {
    for (const c of cases('randint')) {
      const got = randint(keyOf(c), size(c), toNumber(c.params.minval), toNumber(c.params.maxval));
      expect(Array.from(got), label(c)).toEqual(c.value);
    }
  });

  it('randint(PRNGKey(0), (3, 3), 0, 8)', () => {
    expect(Array.from(randint(seedKernel(0), 9, 0, 8))).toEqual([5, 0, 0, 5, 3, 3, 0, 7, 5]);
  });

  it('permutation(key, n) and permutation of rows', () => {
    for (const c of cases('permutation')) {
      const key = keyOf(c);
      if (typeof c.params.n === 'number') {
        expect(Array.from(permutationKernel(key, c.params.n)), label(c)).toEqual(c.value);
        continue;
      }
      const x = numbers(c.params.x);
      const [rows, cols] = numbers(c.params.x_shape) as [number, number];
      let out: number[];
      if (c.params.independent === true) {
        out = shuffleRowsIndependently(key, x, rows, cols);
      } else {
        const perm = permutationKernel(key, rows);
        out = Array.from(perm).flatMap((r) => x.slice(r * cols, (r + 1) * cols));
      }
      expect(out, label(c)).toEqual(c.value);
    }
  });

  it('categorical = argmax(gumbel(key, prefix + logits shape) + logits)', () => {
    for (const c of cases('categorical')) {
      const logits = numbers(c.params.logits);
      const [m, k] = (
        numbers(c.params.logits_shape).length === 1
          ? [1, logits.length]
          : numbers(c.params.logits_shape)
      ) as [number, number];
      const draws = size(c) / m; // the shape prefix before the batch dims
      const g = gumbelFromBits(bitsKernel(keyOf(c), draws * m * k));
      const out: number[] = [];
      for (let d = 0; d < draws * m; d++) {
        const row = d % m;
        let best = 0;
        let bestVal = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < k; j++) {
          const v = Math.fround((g[d * k + j] as number) + (logits[row * k + j] as number));
          if (v > bestVal) {
            bestVal = v;
            best = j;
          }
        }
        out.push(best);
      }
      expect(out, label(c)).toEqual(c.value);
    }
  });

  it('choice with and without replacement, with and without p', () => {
    for (const c of cases('choice')) {
      const key = keyOf(c);
      const n = size(c);
      const a = c.params.a;
      const population = typeof a === 'number' ? a : numbers(a).length;
      const pick = (i: number): number => (typeof a === 'number' ? i : (numbers(a)[i] as number));
      let idx: number[];
      if (c.params.p === undefined) {
        idx =
          c.params.replace === true
            ? Array.from(randint(key, n, 0, population))
            : Array.from(permutationKernel(key, population).subarray(0, n));
      } else {
        const p = numbers(c.params.p);
        idx = c.params.replace === true ? choiceWithP(key, p, n) : choiceTopK(key, p, n);
      }
      expect(idx.map(pick), label(c)).toEqual(c.value.map(toNumber));
    }
  });
});

// permutation(key, x, axis=1, independent=True): each round sorts every row by its own slice
// of bits(sub, x.shape).
function shuffleRowsIndependently(
  key: Uint32Array,
  x: number[],
  rows: number,
  cols: number,
): number[] {
  const out = x.slice();
  let k = key;
  for (let r = shuffleRounds(rows * cols); r > 0; r--) {
    const [next, sub] = splitPair(k);
    k = next;
    const sortKeys = bitsKernel(sub, rows * cols);
    for (let i = 0; i < rows; i++) {
      const perm = stableArgsortU32(sortKeys.subarray(i * cols, (i + 1) * cols));
      const row = out.slice(i * cols, (i + 1) * cols);
      perm.forEach((src, j) => {
        out[i * cols + j] = row[src] as number;
      });
    }
  }
  return out;
}

// choice(replace=True, p): r = cumsum(p)[-1] * (1 - uniform); searchsorted(cumsum(p), r).
function choiceWithP(key: Uint32Array, p: number[], n: number): number[] {
  const cum: number[] = [];
  let acc = 0;
  for (const v of p) {
    acc = Math.fround(acc + v);
    cum.push(acc);
  }
  const total = cum[cum.length - 1] as number;
  const u = uniformFromBits(bitsKernel(key, n));
  return Array.from(u, (v) => {
    const r = Math.fround(total * Math.fround(1 - v));
    const i = cum.findIndex((s) => s >= r);
    return i < 0 ? cum.length : i;
  });
}

// choice(replace=False, p): top_k(gumbel(key, [len(p)]) + log(p), n).
function choiceTopK(key: Uint32Array, p: number[], n: number): number[] {
  const g = gumbelFromBits(bitsKernel(key, p.length));
  const scores = p.map((v, i) => Math.fround((g[i] as number) + logF32(Math.fround(v))));
  const order = scores
    .map((_, i) => i)
    .sort((i, j) => (scores[j] as number) - (scores[i] as number) || i - j);
  return order.slice(0, n);
}
