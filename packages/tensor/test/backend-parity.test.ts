/**
 * Backend parity: a representative op of every family runs on the cpu and the wasm backend from
 * the same host inputs, and the results agree (float32 within tolerance, integers and bools
 * exactly, random bits exactly). Also checks that dot_general takes wasm's fast path: plain
 * BatchMatMul calls without transpose flags (an explicit Transpose kernel instead), recorded by
 * wrapping the tfjs kernels jaxts looks up.
 */
import { getBackend, jit, numpy as jnp, lax, random, setBackend, type Tensor } from '@jaxts/tensor';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

// --- deterministic host inputs ----------------------------------------------------------------

/** Values from a fixed linear congruential generator in [lo, hi). */
function lcg(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function f32(shape: readonly number[], seed: number, lo = -1, hi = 1): Tensor {
  return jnp.asarray(lcg(size(shape), seed, lo, hi)).reshape(shape);
}

function i32(shape: readonly number[], seed: number, lo: number, hi: number): Tensor {
  return jnp.asarray(Int32Array.from(lcg(size(shape), seed, lo, hi), Math.floor)).reshape(shape);
}

// --- the cases ----------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  /** Builds inputs from host data on the current backend and runs the op(s). */
  readonly run: () => Tensor | readonly Tensor[];
  /** Relative tolerance for float32 results (accumulation order differs between backends). */
  readonly rtol?: number;
}

const mlp = jit((x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor) =>
  jnp.tanh(jnp.maximum(x.matmul(w1).add(b1), 0).matmul(w2)).sum({ axis: -1 }),
);

const cases: readonly Case[] = [
  // elementwise
  {
    name: 'add/sub/mul/div (broadcast)',
    run: () => {
      const a = f32([4, 5], 1);
      const b = f32([5], 2, 0.5, 2);
      return [a.add(b), a.sub(b), a.mul(b), a.div(b), a.add(2.5), jnp.subtract(1, a)];
    },
  },
  {
    name: 'transcendental',
    run: () => {
      const a = f32([64], 3, 0.1, 3);
      return [
        a.exp(),
        a.log(),
        jnp.log1p(a),
        jnp.expm1(a),
        a.sqrt(),
        jnp.tanh(a),
        a.sin(),
        a.cos(),
        jnp.arctan(a),
        lax.logistic(a),
        lax.erf(a),
        lax.rsqrt(a),
      ];
    },
  },
  {
    name: 'power, maximum, where, clip, logaddexp',
    run: () => {
      const a = f32([3, 7], 4, 0.1, 2);
      const b = f32([3, 7], 5, -2, 2);
      return [
        a.pow(b),
        jnp.power(a, 3),
        jnp.maximum(a, b),
        jnp.where(b.greater(0), a, b),
        b.clip(-0.5, 0.5),
        jnp.logaddexp(a, b),
        jnp.floor(b),
        jnp.round(b.mul(3)),
      ];
    },
  },
  {
    name: 'comparisons and logic (bool)',
    run: () => {
      const a = f32([20], 6);
      const b = f32([20], 7);
      return [
        a.less(b),
        a.greaterEqual(b),
        jnp.logicalXor(a.greater(0), b.greater(0)),
        jnp.isfinite(a.div(b.mul(0))),
      ];
    },
  },
  {
    name: 'int32 arithmetic',
    run: () => {
      const a = i32([30], 8, -50, 50);
      const b = i32([30], 9, 1, 9);
      return [a.add(b), a.mul(b), jnp.floorDivide(a, b), jnp.mod(a, b), a.abs(), jnp.maximum(a, b)];
    },
  },
  // reductions
  {
    name: 'reductions over axes',
    run: () => {
      const a = f32([4, 6, 5], 10);
      return [
        a.sum(),
        a.sum({ axis: 1 }),
        a.mean({ axis: [0, 2], keepdims: true }),
        a.max({ axis: -1 }),
        a.min({ axis: 0 }),
        a.prod({ axis: 2 }),
        a.var({ axis: 1, ddof: 1 }),
        jnp.logsumexp(a, { axis: 1 }),
        a.cumsum({ axis: 1 }),
        a.argmax({ axis: 1 }),
        a.argmin({ axis: 2 }),
        a.greater(0).any({ axis: 0 }),
        i32([4, 6], 11, -9, 9).sum({ axis: 0 }),
      ];
    },
  },
  // linear algebra
  {
    name: 'matmul 2-D, batched, matrix-vector',
    rtol: 1e-4,
    run: () => {
      const a = f32([64, 48], 12);
      const b = f32([48, 40], 13);
      const ba = f32([3, 16, 24], 14);
      const bb = f32([24, 8], 15);
      return [
        a.matmul(b),
        ba.matmul(bb),
        a.matmul(f32([48], 16)),
        jnp.dot(f32([48], 17), f32([48], 18)),
      ];
    },
  },
  {
    name: 'dot_general contracting/batch dims, einsum',
    rtol: 1e-4,
    run: () => {
      const a = f32([32, 20], 19);
      const b = f32([32, 12], 20);
      const c = f32([2, 5, 7], 21);
      const d = f32([2, 6, 7], 22);
      return [
        lax.dotGeneral(a, b, [
          [[0], [0]],
          [[], []],
        ]),
        lax.dotGeneral(c, d, [
          [[2], [2]],
          [[0], [0]],
        ]),
        jnp.einsum('bij,bkj->bik', c, d),
        jnp.einsum('ij,ij->', a, a),
      ];
    },
  },
  // convolution and pooling
  {
    name: 'conv NHWC/HWIO (SAME, strided), NCHW VALID, grouped, dilated',
    rtol: 1e-4,
    run: () => {
      const x = f32([2, 9, 9, 4], 23);
      const w = f32([3, 3, 4, 6], 24);
      const nchw = f32([1, 4, 8, 8], 25);
      const oihw = f32([6, 2, 3, 3], 26);
      return [
        lax.convGeneralDilated(x, w, [1, 1], 'SAME', {
          dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'],
        }),
        lax.convGeneralDilated(x, w, [2, 2], 'SAME', {
          dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'],
        }),
        lax.conv(nchw, f32([5, 4, 3, 3], 27), [1, 1], 'VALID'),
        lax.convGeneralDilated(nchw, oihw, [1, 1], 'SAME', { featureGroupCount: 2 }),
        lax.convGeneralDilated(nchw, oihw, [1, 1], 'VALID', {
          featureGroupCount: 2,
          rhsDilation: [2, 2],
        }),
      ];
    },
  },
  {
    name: 'pooling: max and average windows',
    run: () => {
      const x = f32([2, 8, 8, 3], 28);
      return [
        lax.reduceWindow(x, Number.NEGATIVE_INFINITY, 'max', [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'),
        lax.reduceWindow(x, 0, 'add', [1, 3, 3, 1], [1, 1, 1, 1], 'SAME').div(9),
        lax.reduceWindow(x, Number.POSITIVE_INFINITY, 'min', [1, 2, 2, 1], [1, 1, 1, 1], 'SAME'),
      ];
    },
  },
  // shapes and indexing
  {
    name: 'indexing, gather, functional updates',
    run: () => {
      const a = f32([6, 5], 29);
      const idx = jnp.asarray([4, 0, 2, 2]);
      return [
        a.get('1:5:2', null, '::-1'),
        a.get(idx),
        a.take(idx, { axis: 1 }),
        jnp.takeAlongAxis(a, a.argsort({ axis: 1 }), 1),
        a.at(2, '1:3').set(7),
        a.at(idx).add(1),
        jnp.oneHot(jnp.asarray([0, 3, 1]), 4),
      ];
    },
  },
  {
    name: 'structure: transpose, concat, pad, sort, flip, tile',
    run: () => {
      const a = f32([3, 4, 2], 30);
      return [
        a.transpose([2, 0, 1]),
        jnp.concatenate([a, a.mul(2)], 1),
        jnp.stack([a, a], -1),
        jnp.pad(
          a,
          [
            [1, 0],
            [0, 2],
            [1, 1],
          ],
          { mode: 'reflect' },
        ),
        a.sort({ axis: 1 }),
        a.flip(0),
        jnp.tile(a, [1, 2, 1]),
        lax.dynamicSlice(a, [1, 1, 0], [2, 2, 2]),
      ];
    },
  },
  // random (host kernels: bit-exact on both backends)
  {
    name: 'random.uniform / normal / bits / split',
    run: () => {
      const key = random.PRNGKey(42);
      const [k1, k2] = [random.foldIn(key, 1), random.foldIn(key, 2)];
      return [
        random.uniform(k1, [1000]),
        random.uniform(k2, [10, 10], { minval: -3, maxval: 5 }),
        random.normal(k1, [257]),
        random.bits(k2, [33]),
        random.split(key, 3),
      ];
    },
  },
  // a jitted function (the compiled program runs straight on each backend's kernels)
  {
    name: 'jit(mlp forward)',
    rtol: 1e-4,
    run: () => mlp(f32([16, 8], 31), f32([8, 32], 32), f32([32], 33), f32([32, 4], 34)),
  },
];

interface Result {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly values: readonly number[];
}

async function runOn(backend: 'cpu' | 'wasm', c: Case): Promise<Result[]> {
  await setBackend(backend);
  expect(getBackend()).toBe(backend);
  calls.length = 0;
  recording = backend === 'wasm';
  let list: readonly Tensor[];
  try {
    const out = c.run();
    list = Array.isArray(out) ? (out as readonly Tensor[]) : [out as Tensor];
  } finally {
    recording = false;
  }
  // Every matmul of every case takes the fast path on wasm too.
  for (const call of calls) {
    if (call.name === 'BatchMatMul') {
      expect([call.attrs.transposeA, call.attrs.transposeB], c.name).toEqual([false, false]);
    }
  }
  return list.map((t) => ({
    shape: [...t.shape],
    dtype: t.dtype,
    values: Array.from(t.dataSync()),
  }));
}

// Installed before any test runs a wasm kernel (see spyOnWasmKernels).
beforeAll(() => {
  spyOnWasmKernels(['BatchMatMul', '_FusedMatMul', 'Transpose']);
});

describe('cpu and wasm agree', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const onCpu = await runOn('cpu', c);
    const onWasm = await runOn('wasm', c);
    expect(onWasm.length).toBe(onCpu.length);
    onCpu.forEach((r, i) => {
      const w = onWasm[i] as Result;
      const what = `${c.name}, result ${i}`;
      expect(w.shape, what).toEqual(r.shape);
      expect(w.dtype, what).toBe(r.dtype);
      if (r.dtype === 'float32') {
        expect(w.values, what).toBeAllclose(r.values, { rtol: c.rtol ?? 1e-5, atol: 1e-5 });
      } else {
        expect(w.values, what).toEqual(r.values);
      }
    });
  });
});

// --- the dot_general fast path on wasm ----------------------------------------------------------

interface KernelCall {
  readonly name: string;
  readonly attrs: Record<string, unknown>;
}

const calls: KernelCall[] = [];
let recording = false;

/**
 * Wraps the wasm kernels of interest in tfjs's kernel registry before jaxts first looks them up
 * (jaxts caches the kernel function per backend on first use, so this must run first).
 */
function spyOnWasmKernels(names: readonly string[]): void {
  for (const name of names) {
    const cfg = tf.getKernel(name, 'wasm');
    if (cfg === undefined) throw new Error(`wasm has no kernel ${name}`);
    const inner = cfg.kernelFunc;
    (cfg as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      if (recording) calls.push({ name, attrs: { ...(args.attrs ?? {}) } });
      return inner(args);
    };
  }
}

function record(fn: () => Tensor): KernelCall[] {
  calls.length = 0;
  recording = true;
  try {
    fn().dataSync();
  } finally {
    recording = false;
  }
  return [...calls];
}

describe('dot_general takes the fast path on wasm', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });

  const noFlags = (cs: readonly KernelCall[]): boolean =>
    cs.every(
      (c) =>
        c.name !== 'BatchMatMul' || (c.attrs.transposeA === false && c.attrs.transposeB === false),
    );
  const count = (cs: readonly KernelCall[], name: string): number =>
    cs.filter((c) => c.name === name).length;

  it('a @ b is one BatchMatMul without transposes', () => {
    const a = f32([64, 32], 40);
    const b = f32([32, 48], 41);
    const cs = record(() => a.matmul(b));
    expect(cs.map((c) => c.name)).toEqual(['BatchMatMul']);
    expect(noFlags(cs)).toBe(true);
  });

  it('contracting the leading dim of lhs (x.T @ dy) transposes explicitly', () => {
    const x = f32([32, 64], 42);
    const dy = f32([32, 16], 43);
    const cs = record(() =>
      lax.dotGeneral(x, dy, [
        [[0], [0]],
        [[], []],
      ]),
    );
    // The transpose is an explicit copy in JavaScript (backend/movement.ts), not a kernel.
    expect(count(cs, 'BatchMatMul')).toBe(1);
    expect(count(cs, 'Transpose')).toBe(0);
    expect(noFlags(cs)).toBe(true);
    const viaT = record(() => x.T.matmul(dy));
    expect(count(viaT, 'BatchMatMul')).toBe(1);
    expect(noFlags(viaT)).toBe(true);
  });

  it('a @ b.T (contracting the trailing dims) transposes explicitly', () => {
    const a = f32([16, 24], 44);
    const b = f32([40, 24], 45);
    const cs = record(() =>
      lax.dotGeneral(a, b, [
        [[1], [1]],
        [[], []],
      ]),
    );
    expect(count(cs, 'BatchMatMul')).toBe(1);
    expect(count(cs, 'Transpose')).toBe(0);
    expect(noFlags(cs)).toBe(true);
  });

  it('batched attention-style einsums use flag-free BatchMatMul', () => {
    const q = f32([2, 8, 16], 46);
    const k = f32([2, 8, 16], 47);
    const cs = record(() => jnp.einsum('bqd,bkd->bqk', q, k));
    expect(count(cs, 'BatchMatMul')).toBe(1);
    expect(count(cs, '_FusedMatMul')).toBe(0);
    expect(noFlags(cs)).toBe(true);
  });

  it('the spy sees the kernels jaxts runs (the check can fail)', () => {
    const cs = record(() => f32([3, 4], 48).matmul(f32([4, 2], 49)));
    expect(count(cs, 'BatchMatMul')).toBe(1);
  });
});
