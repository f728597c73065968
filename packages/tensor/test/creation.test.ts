/**
 * Array creation (jnp.array ... triu) against real JAX (golden/ops-creation.json) on cpu and
 * wasm, with JAX's weak types, and the creation errors.
 */
import {
  InvalidArgumentError,
  numpy as jnp,
  makeJaxpr,
  ShapeError,
  setBackend,
  type Tensor,
  UnsupportedDTypeError,
} from '@jaxts/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoldenCase, loadGolden } from './golden.ts';
import {
  decodeArg,
  type ErrorSpec,
  expectCase,
  expectError,
  hasIntegralFloat,
  optionsOf,
} from './structure-golden.ts';

type T = Tensor;
type Runner = (args: unknown[], o: Record<string, unknown>, c: GoldenCase) => T;
type D = jnp.DTypeArg | undefined;

const runners: Record<string, Runner> = {
  'numpy.array': ([x], o) => jnp.array(x as jnp.TensorLike, o.dtype as D),
  'numpy.asarray': ([x], o) => jnp.asarray(x as jnp.TensorLike, o.dtype as D),
  'numpy.zeros': ([s], o) => jnp.zeros(s as number[], o.dtype as D),
  'numpy.ones': ([s], o) => jnp.ones(s as number[], o.dtype as D),
  'numpy.empty': ([s], o) => jnp.empty(s as number[], o.dtype as D),
  'numpy.full': ([s, v], o) => jnp.full(s as number[], v as number, o.dtype as D),
  'numpy.zerosLike': ([x], o) =>
    jnp.zerosLike(x as T, o.dtype as D, o.shape as number[] | undefined),
  'numpy.onesLike': ([x], o) => jnp.onesLike(x as T, o.dtype as D, o.shape as number[] | undefined),
  'numpy.fullLike': ([x, v], o) =>
    jnp.fullLike(x as T, v as number, o.dtype as D, o.shape as number[] | undefined),
  'numpy.eye': ([n], o) =>
    jnp.eye(n as number, o.M as number | undefined, (o.k as number | undefined) ?? 0, o.dtype as D),
  'numpy.identity': ([n], o) => jnp.identity(n as number, o.dtype as D),
  'numpy.arange': (args, o, c) => {
    const [a, b, s] = args as (number | undefined)[];
    // JavaScript has no 5.0 distinct from 5: a Python float argument is spelled with a dtype.
    const d = (o.dtype as D) ?? (hasIntegralFloat(c) ? 'float32' : undefined);
    return jnp.arange(a as number, b, s, d);
  },
  'numpy.linspace': ([a, b, n], o) =>
    jnp.linspace(a as number, b as number, n as number | undefined, o),
  'numpy.tri': ([n], o) =>
    jnp.tri(n as number, o.M as number | undefined, (o.k as number | undefined) ?? 0, o.dtype as D),
  'numpy.tril': ([x], o) => jnp.tril(x as T, (o.k as number | undefined) ?? 0),
  'numpy.triu': ([x], o) => jnp.triu(x as T, (o.k as number | undefined) ?? 0),
};

const ERRORS: Record<string, ErrorSpec> = {
  'array/ragged_error': [InvalidArgumentError, /ragged nested array/],
  'asarray/ragged_error': [InvalidArgumentError, /ragged nested array/],
  'zeros/negative_dim_error': [
    ShapeError,
    /zeros: shape must contain non-negative integers; got \[2, -1\]/,
  ],
  'zeros/float_dim_error': [ShapeError, /shape must contain non-negative integers; got \[2.5\]/],
  'ones/negative_dim_error': [ShapeError, /non-negative integers; got \[2, -1\]/],
  'ones/float_dim_error': [ShapeError, /non-negative integers; got \[2.5\]/],
  'full/negative_dim_error': [ShapeError, /non-negative integers; got \[-2\]/],
  'arange/zero_step_error': [InvalidArgumentError, /arange: step must not be zero/],
  'arange/inf_stop_error': [
    InvalidArgumentError,
    /arange: stop must be a finite number; got Infinity/,
  ],
  'arange/nan_stop_error': [InvalidArgumentError, /arange: stop must be a finite number; got NaN/],
  'linspace/negative_num_error': [
    InvalidArgumentError,
    /number of samples must be a non-negative integer; got -1/,
  ],
  'tril/1d_error': [ShapeError, /tril: argument must be at least 2-D; got f32\[3\]/],
  'triu/1d_error': [ShapeError, /triu: argument must be at least 2-D; got f32\[3\]/],
};

const cases = loadGolden('ops-creation.json').cases;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`creation golden (${backend})`, () => {
    beforeAll(async () => {
      await setBackend(backend);
    });
    afterAll(async () => {
      await setBackend('cpu');
    });
    it('has a runner for every creation function', () => {
      expect(cases.filter((c) => !(c.fn in runners)).map((c) => c.id)).toEqual([]);
    });
    for (const c of cases) {
      it(c.id, () => {
        const run = () => (runners[c.fn] as Runner)(c.args.map(decodeArg), optionsOf(c), c);
        if (c.error !== undefined) {
          const spec = ERRORS[c.id];
          expect(spec, `no expected error for ${c.id}`).toBeDefined();
          expectError(run, spec as ErrorSpec);
        } else expectCase(c, run());
      });
    }
  });
}

describe('creation details', () => {
  it('zeros accepts a shape array or a number (used as an initializer)', () => {
    const init = jnp.zeros;
    expect(init([2, 3]).shape).toEqual([2, 3]);
    expect(init(4).shape).toEqual([4]);
  });

  it('scalars are fresh arrays (disposing one does not break cached constants)', () => {
    const a = jnp.array(3);
    a.dispose();
    expect(jnp.array(3).item()).toBe(3);
    const z = jnp.zeros([]);
    z.dispose();
    expect(jnp.zeros([]).item()).toBe(0);
  });

  it('array stacks lists of arrays and converts dtypes', () => {
    const t = jnp.array([jnp.array([1, 2]), jnp.array([3.5, 4])]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([
      [1, 2],
      [3.5, 4],
    ]);
    expect(jnp.array(jnp.array([1.9, -1.9]), 'int32').toArray()).toEqual([1, -1]);
    expectError(
      () => jnp.zeros([2], 'float64'),
      [UnsupportedDTypeError, /unsupported dtype "float64"/],
    );
    expectError(
      () => jnp.arange(0, Number.POSITIVE_INFINITY),
      [InvalidArgumentError, /stop must be a finite number/],
    );
    expectError(() => jnp.eye(-1), [ShapeError, /eye: N must be a non-negative integer; got -1/]);
  });

  it('linspace accepts array endpoints (samples along a new first axis)', () => {
    const out = jnp.linspace(jnp.array([0, 10]), 1, 3);
    expect(out.toArray()).toEqual([
      [0, 10],
      [0.5, 5.5],
      [1, 1],
    ]);
  });

  it('arange and eye are iota compositions in jaxprs', () => {
    const j = makeJaxpr(() => jnp.eye(3).add(jnp.arange(3)))().toString();
    expect(j).toContain('iota');
    expect(j).toContain('eq');
  });
});
