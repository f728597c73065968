/**
 * The tracing core: a test-only interpretation keyed by the same primitive set (a counting trace
 * with its own exhaustive table), trace levels, escaped tracers, and jaxpr staging/evaluation.
 */
import { numpy as jnp, makeJaxpr, type Tensor, UnexpectedTracerError } from '@jaxts/tensor';
import {
  bind,
  evalJaxpr,
  type Params,
  type Primitive,
  type ShapedArray,
  Trace,
  Tracer,
  typecheckJaxpr,
  withMain,
} from '@jaxts/tensor/core';
import { describe, expect, it } from 'vitest';

/** A tracer that counts the primitives applied to the values it carries. */
class CountingTracer extends Tracer {
  readonly val: Tensor;
  constructor(trace: CountingTrace, val: Tensor) {
    super(trace);
    this.val = val;
  }
  get aval(): ShapedArray {
    return this.val.aval;
  }
}

type Kind =
  | 'elementwise'
  | 'reduction'
  | 'structure'
  | 'linalg'
  | 'collective'
  | 'random'
  | 'higher-order';

/**
 * A test-only rule table keyed by the primitive set, exhaustive like grad's and vmap's tables: a
 * primitive missing here is a compile error on `satisfies`.
 */
const KINDS = {
  neg: 'elementwise',
  sign: 'elementwise',
  floor: 'elementwise',
  ceil: 'elementwise',
  round: 'elementwise',
  is_finite: 'elementwise',
  exp: 'elementwise',
  exp2: 'elementwise',
  log: 'elementwise',
  log1p: 'elementwise',
  expm1: 'elementwise',
  tanh: 'elementwise',
  logistic: 'elementwise',
  sin: 'elementwise',
  cos: 'elementwise',
  tan: 'elementwise',
  asin: 'elementwise',
  acos: 'elementwise',
  atan: 'elementwise',
  sinh: 'elementwise',
  cosh: 'elementwise',
  asinh: 'elementwise',
  acosh: 'elementwise',
  atanh: 'elementwise',
  sqrt: 'elementwise',
  rsqrt: 'elementwise',
  cbrt: 'elementwise',
  abs: 'elementwise',
  square: 'elementwise',
  erf: 'elementwise',
  erf_inv: 'elementwise',
  integer_pow: 'elementwise',
  not: 'elementwise',
  add: 'elementwise',
  sub: 'elementwise',
  mul: 'elementwise',
  div: 'elementwise',
  rem: 'elementwise',
  pow: 'elementwise',
  max: 'elementwise',
  min: 'elementwise',
  atan2: 'elementwise',
  nextafter: 'elementwise',
  and: 'elementwise',
  or: 'elementwise',
  xor: 'elementwise',
  shift_left: 'elementwise',
  shift_right_logical: 'elementwise',
  eq: 'elementwise',
  ne: 'elementwise',
  lt: 'elementwise',
  le: 'elementwise',
  gt: 'elementwise',
  ge: 'elementwise',
  select_n: 'elementwise',
  clamp: 'elementwise',
  convert_element_type: 'elementwise',
  bitcast_convert_type: 'elementwise',
  stop_gradient: 'elementwise',
  copy: 'elementwise',
  reduce_sum: 'reduction',
  reduce_max: 'reduction',
  reduce_min: 'reduction',
  reduce_prod: 'reduction',
  reduce_and: 'reduction',
  reduce_or: 'reduction',
  argmax: 'reduction',
  argmin: 'reduction',
  cumsum: 'reduction',
  cumprod: 'reduction',
  cummax: 'reduction',
  cummin: 'reduction',
  broadcast_in_dim: 'structure',
  reshape: 'structure',
  transpose: 'structure',
  squeeze: 'structure',
  expand_dims: 'structure',
  rev: 'structure',
  concatenate: 'structure',
  pad: 'structure',
  slice: 'structure',
  dynamic_slice: 'structure',
  dynamic_update_slice: 'structure',
  gather: 'structure',
  scatter_add: 'structure',
  sort: 'structure',
  iota: 'structure',
  dot_general: 'linalg',
  conv_general_dilated: 'linalg',
  reduce_window_sum: 'linalg',
  reduce_window_max: 'linalg',
  reduce_window_min: 'linalg',
  threefry2x32: 'random',
  random_bits: 'random',
  random_split: 'random',
  random_fold_in: 'random',
  random_transform: 'random',
  psum: 'collective',
  pmax: 'collective',
  pmin: 'collective',
  all_gather: 'collective',
  axis_index: 'collective',
  ppermute: 'collective',
  jit: 'higher-order',
  custom_jvp_call: 'higher-order',
  custom_vjp_call: 'higher-order',
  custom_lin: 'higher-order',
} satisfies { [P in Primitive]: Kind };

class CountingTrace extends Trace {
  readonly counts = new Map<string, number>();
  readonly kinds = new Map<Kind, number>();
  pure(x: Tensor): Tensor {
    return new CountingTracer(this, x);
  }
  lift(x: Tensor): Tensor {
    return new CountingTracer(this, x);
  }
  processPrimitive<P extends Primitive>(
    prim: P,
    tracers: readonly Tensor[],
    params: Params<P>,
  ): Tensor[] {
    this.counts.set(prim, (this.counts.get(prim) ?? 0) + 1);
    this.kinds.set(KINDS[prim], (this.kinds.get(KINDS[prim]) ?? 0) + 1);
    const vals = tracers.map((t) => (t as CountingTracer).val);
    return bind(prim, vals, params).map((v) => new CountingTracer(this, v));
  }
}

function countPrimitives(
  f: (x: Tensor) => Tensor,
  x: Tensor,
): { out: Tensor; counts: Map<string, number> } {
  return withMain(
    () => new CountingTrace(),
    null,
    (main) => {
      const trace = main.trace as CountingTrace;
      const out = f(new CountingTracer(trace, x)) as CountingTracer;
      return { out: out.val, counts: trace.counts };
    },
  );
}

describe('a test-only interpretation over the primitive set', () => {
  it('counts primitives and computes the same values', () => {
    const x = jnp.array([0.5, 1, 2]);
    const f = (y: Tensor) => jnp.sin(y).mul(y).add(jnp.cos(y));
    const { out, counts } = countPrimitives(f, x);
    expect(Object.fromEntries(counts)).toEqual({ sin: 1, mul: 1, cos: 1, add: 1 });
    expect(out).toBeAllclose(f(x));
  });

  it('nests with staging: makeJaxpr of a counted function stages the same equations', () => {
    const f = (y: Tensor) => countPrimitives((z) => jnp.exp(z).neg(), y).out;
    const jaxpr = makeJaxpr(f)(jnp.ones([3]));
    expect(jaxpr.toString()).toBe(
      [
        '{ lambda ; a:f32[3]. let',
        '    b:f32[3] = exp a',
        '    c:f32[3] = neg b',
        '  in (c,) }',
      ].join('\n'),
    );
  });
});

describe('jaxprs', () => {
  it('prints like JAX', () => {
    expect(makeJaxpr(jnp.sin)(jnp.ones([3])).toString()).toBe(
      '{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }',
    );
    const j = makeJaxpr((x: Tensor, y: Tensor) => [jnp.sin(x).mul(2).add(y), x.sum({ axis: 0 })])(
      jnp.ones([3, 4]),
      jnp.ones([4]),
    );
    expect(j.toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[3,4] b:f32[4]. let
          c:f32[3,4] = sin a
          d:f32[3,4] = mul c 2.0:f32[]
          e:f32[3,4] = add d b
          f:f32[4] = reduce_sum[axes=(0,)] a
        in (e, f) }"
    `);
  });

  it('puts array constants in constvars and scalars in literals', () => {
    const c = jnp.array([0, 1, 2]).astype('float32');
    const j = makeJaxpr((x: Tensor) => x.mul(c).add(1.5))(jnp.ones([3]));
    expect(j.toString()).toMatchInlineSnapshot(`
      "{ lambda a:f32[3]; b:f32[3]. let
          c:f32[3] = mul b a
          d:f32[3] = add c 1.5:f32[]
        in (d,) }"
    `);
    expect(j.consts.length).toBe(1);
  });

  it('evalJaxpr(makeJaxpr(f)) equals f and typechecks', () => {
    const f = (x: Tensor) => jnp.tanh(x.mul(x)).sub(jnp.exp(x.neg()));
    const x = jnp.array([
      [0.1, -0.3],
      [2, 0.5],
    ]);
    const j = makeJaxpr(f)(x);
    typecheckJaxpr(j.jaxpr);
    const [out] = evalJaxpr(j.jaxpr, j.consts, [x]);
    expect(out).toBeAllclose(f(x));
  });

  it('evalJaxpr is traceable: staging it again gives the same program', () => {
    const f = (x: Tensor) => jnp.sin(x).add(x);
    const j = makeJaxpr(f)(jnp.ones([2]));
    const j2 = makeJaxpr((x: Tensor) => evalJaxpr(j.jaxpr, j.consts, [x])[0] as Tensor)(
      jnp.ones([2]),
    );
    expect(j2.toString()).toBe(j.toString());
  });
});

describe('escaped tracers', () => {
  it('using a tracer after its transformation returned is a clear error', () => {
    let leaked: Tensor | null = null;
    makeJaxpr((x: Tensor) => {
      leaked = x;
      return x.add(1);
    })(jnp.ones([2]));
    expect(() => (leaked as unknown as Tensor).add(1)).toThrow(UnexpectedTracerError);
  });
});
