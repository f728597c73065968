/**
 * The closed set of primitives, declared once as a params map. Names are JAX's snake_case names so
 * jaxprs print like JAX's. Every interpretation (impl, abstract eval, jvp, transpose, batching)
 * keeps a table keyed by `Primitive`; adding a primitive makes the compiler point at every table.
 */
import type { DType } from '../dtype.ts';
import type { ClosedJaxpr } from '../jaxpr/jaxpr.ts';
import type { Tensor } from '../tensor.ts';
import type { ShapedArray } from './aval.ts';

type NoParams = Record<string, never>;

/** The samplers `random_transform` implements (one exact kernel each). */
export type RandomDistribution =
  | 'uniform'
  | 'normal'
  | 'truncated_normal'
  | 'exponential'
  | 'gumbel'
  | 'laplace'
  | 'logistic'
  | 'randint';

/** Convolution dimension numbers: the positions of batch/feature/spatial dims of each operand. */
export interface ConvDimensionNumbers {
  /** lhs: [batch dim, feature dim, ...spatial dims] */
  readonly lhsSpec: readonly number[];
  /** rhs: [out-feature dim, in-feature dim, ...spatial dims] */
  readonly rhsSpec: readonly number[];
  /** out: [batch dim, feature dim, ...spatial dims] */
  readonly outSpec: readonly number[];
}

export interface DotDimensionNumbers {
  readonly contracting: readonly [readonly number[], readonly number[]];
  readonly batch: readonly [readonly number[], readonly number[]];
}

export interface WindowParams {
  readonly window_dimensions: readonly number[];
  readonly window_strides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly base_dilation: readonly number[];
  readonly window_dilation: readonly number[];
}

/** Where out-of-bounds indices go in gather: JAX's GatherScatterMode. */
export type GatherMode = 'clip' | 'fill';

export interface PrimitiveParams {
  // Elementwise unary (float unless noted).
  neg: NoParams;
  sign: NoParams;
  floor: NoParams;
  ceil: NoParams;
  /** rounding_method 0 = away from zero, 1 = to nearest even (what jnp.round uses). */
  round: { readonly rounding_method: 0 | 1 };
  is_finite: NoParams;
  exp: NoParams;
  exp2: NoParams;
  log: NoParams;
  log1p: NoParams;
  expm1: NoParams;
  tanh: NoParams;
  logistic: NoParams;
  sin: NoParams;
  cos: NoParams;
  tan: NoParams;
  asin: NoParams;
  acos: NoParams;
  atan: NoParams;
  sinh: NoParams;
  cosh: NoParams;
  asinh: NoParams;
  acosh: NoParams;
  atanh: NoParams;
  sqrt: NoParams;
  rsqrt: NoParams;
  cbrt: NoParams;
  abs: NoParams;
  square: NoParams;
  erf: NoParams;
  erf_inv: NoParams;
  integer_pow: { readonly y: number };
  /** Logical not for bool, bitwise not for integers. */
  not: NoParams;
  // Elementwise binary with NumPy broadcasting (operands share one dtype).
  add: NoParams;
  sub: NoParams;
  mul: NoParams;
  div: NoParams;
  rem: NoParams;
  pow: NoParams;
  max: NoParams;
  min: NoParams;
  atan2: NoParams;
  nextafter: NoParams;
  and: NoParams;
  or: NoParams;
  xor: NoParams;
  shift_left: NoParams;
  shift_right_logical: NoParams;
  eq: NoParams;
  ne: NoParams;
  lt: NoParams;
  le: NoParams;
  gt: NoParams;
  ge: NoParams;
  /** select_n(which, *cases): which is bool (2 cases) or int32; broadcasting like NumPy. */
  select_n: NoParams;
  clamp: NoParams;
  // Types.
  convert_element_type: { readonly new_dtype: DType; readonly weak_type: boolean };
  bitcast_convert_type: { readonly new_dtype: DType };
  stop_gradient: NoParams;
  copy: NoParams;
  // Reductions.
  reduce_sum: { readonly axes: readonly number[] };
  reduce_max: { readonly axes: readonly number[] };
  reduce_min: { readonly axes: readonly number[] };
  reduce_prod: { readonly axes: readonly number[] };
  reduce_and: { readonly axes: readonly number[] };
  reduce_or: { readonly axes: readonly number[] };
  argmax: { readonly axes: readonly [number]; readonly index_dtype: DType };
  argmin: { readonly axes: readonly [number]; readonly index_dtype: DType };
  cumsum: { readonly axis: number; readonly reverse: boolean };
  cumprod: { readonly axis: number; readonly reverse: boolean };
  cummax: { readonly axis: number; readonly reverse: boolean };
  cummin: { readonly axis: number; readonly reverse: boolean };
  // Structure.
  broadcast_in_dim: {
    readonly shape: readonly number[];
    readonly broadcast_dimensions: readonly number[];
  };
  reshape: { readonly new_sizes: readonly number[]; readonly dimensions: null };
  transpose: { readonly permutation: readonly number[] };
  squeeze: { readonly dimensions: readonly number[] };
  expand_dims: { readonly dimensions: readonly number[] };
  rev: { readonly dimensions: readonly number[] };
  concatenate: { readonly dimension: number };
  pad: { readonly padding_config: readonly (readonly [number, number, number])[] };
  slice: {
    readonly start_indices: readonly number[];
    readonly limit_indices: readonly number[];
    readonly strides: readonly number[] | null;
  };
  dynamic_slice: { readonly slice_sizes: readonly number[] };
  dynamic_update_slice: NoParams;
  /** take along one axis (NumPy `take`): out = x.shape[:axis] + idx.shape + x.shape[axis+1:]. */
  gather: { readonly axis: number; readonly batch_dims: number; readonly mode: GatherMode };
  /** Transpose of gather: adds updates into zeros of `operand_shape` at the gathered positions. */
  scatter_add: {
    readonly axis: number;
    readonly batch_dims: number;
    readonly operand_shape: readonly number[];
  };
  sort: { readonly dimension: number; readonly is_stable: boolean; readonly num_keys: number };
  iota: {
    readonly dtype: DType;
    readonly shape: readonly number[];
    readonly dimension: number;
  };
  // Linear algebra and windows.
  dot_general: {
    readonly dimension_numbers: DotDimensionNumbers;
    readonly precision: null;
    readonly preferred_element_type: DType | null;
  };
  conv_general_dilated: {
    readonly window_strides: readonly number[];
    readonly padding: readonly (readonly [number, number])[];
    readonly lhs_dilation: readonly number[];
    readonly rhs_dilation: readonly number[];
    readonly dimension_numbers: ConvDimensionNumbers;
    readonly feature_group_count: number;
    readonly batch_group_count: number;
  };
  reduce_window_sum: WindowParams;
  reduce_window_max: WindowParams;
  reduce_window_min: WindowParams;
  // PRNG. Keys are raw uint32[2] arrays (jaxts has no key dtype); see docs/random.md.
  threefry2x32: NoParams;
  /**
   * One key u32[2] → u32[...shape] random bits (partitionable threefry). bit_width 8/16 keep the
   * low 8/16 bits of each word (JAX's uint8/uint16 bits), still stored as uint32: jaxts has no
   * uint8/uint16 dtypes.
   */
  random_bits: { readonly shape: readonly number[]; readonly bit_width: 8 | 16 | 32 };
  /** One key u32[2] → u32[...shape, 2] new keys. */
  random_split: { readonly shape: readonly number[] };
  /** key u32[2], data u32[] → u32[2]. */
  random_fold_in: NoParams;
  /**
   * Random bits (u32) → samples, with the bit-exact kernels of src/random/kernels. Operands
   * broadcast like a binary op: uniform (bits, minval, maxval: f32), truncated_normal (bits,
   * lower, upper: f32), randint (higher bits, lower bits, minval, maxval: i32 or u32) → i32, the
   * others (bits) → f32.
   */
  random_transform: { readonly distribution: RandomDistribution };
  // Collectives: names of the mapped axes they reduce over.
  psum: { readonly axes: readonly string[] };
  pmax: { readonly axes: readonly string[] };
  pmin: { readonly axes: readonly string[] };
  all_gather: {
    readonly axis_name: string;
    readonly axis_size: number;
    readonly all_gather_dimension: number;
    readonly tiled: boolean;
  };
  axis_index: { readonly axis_name: string };
  ppermute: { readonly axis_name: string; readonly perm: readonly (readonly [number, number])[] };
  // Higher-order: a staged sub-program (its constants are passed as leading arguments).
  jit: { readonly name: string; readonly jaxpr: ClosedJaxpr };
  /**
   * A function with a custom JVP rule (jax.custom_jvp). Evaluation, staging and batching use
   * `call` (the staged function, constants hoisted to leading operands: operands = [...consts,
   * ...args]); the JVP trace calls `jvp(primals, tangents)` (on the args only, not the consts) →
   * [primalsOut, tangentsOut]. Batching rules must keep the custom rule: bind again with `call`
   * and `jvp` vmapped.
   */
  custom_jvp_call: {
    readonly name: string;
    readonly call: ClosedJaxpr;
    readonly num_consts: number;
    readonly jvp: (primals: readonly Tensor[], tangents: readonly Tensor[]) => [Tensor[], Tensor[]];
  };
  /**
   * A function with a custom VJP (jax.custom_vjp). Evaluation, staging and batching use `call`
   * (operands = [...consts, ...args]); the JVP trace runs `fwd(...args)` → [outs, residuals] and
   * emits `custom_lin` on the tangents, whose transpose calls `bwd(residuals, cts)`.
   */
  custom_vjp_call: {
    readonly name: string;
    readonly call: ClosedJaxpr;
    readonly num_consts: number;
    readonly fwd: (...args: Tensor[]) => [Tensor[], Tensor[]];
    readonly bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[];
  };
  /**
   * The linear part of a custom_vjp function in a linearized program: operands are
   * [...residuals, ...tangents]; outputs have `out_avals`. It has no forward evaluation (JAX:
   * "can't apply forward-mode autodiff (jvp) to a custom_vjp function"); its transpose calls
   * `bwd(residuals, cts)`. Under vmap, batch by binding again with `bwd` vmapped.
   */
  custom_lin: {
    readonly name: string;
    readonly num_res: number;
    readonly out_avals: readonly ShapedArray[];
    readonly bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[];
  };
}

export type Primitive = keyof PrimitiveParams;

/** The params object of primitive `P`. */
export type Params<P extends Primitive> = PrimitiveParams[P];

/** A rule table that must cover every primitive: `satisfies RuleTable<MyRule>`. */
export type RuleTable<R extends { [P in Primitive]: unknown }> = { [P in Primitive]: R[P] };

/** Abstract evaluation rule: input avals → output avals, throwing every shape/dtype error. */
export type AbstractEvalRule<P extends Primitive> = (
  avals: readonly ShapedArray[],
  params: Params<P>,
) => ShapedArray[];

/** Primitives whose outputs are a list (most have one output). */
export const MULTIPLE_RESULTS: ReadonlySet<Primitive> = new Set<Primitive>([
  'sort',
  'threefry2x32',
]);

/** Elementwise primitives with one operand and the operand's dtype. */
export type UnaryPrimitive =
  | 'neg'
  | 'sign'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'exp'
  | 'exp2'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'tanh'
  | 'logistic'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sinh'
  | 'cosh'
  | 'asinh'
  | 'acosh'
  | 'atanh'
  | 'sqrt'
  | 'rsqrt'
  | 'cbrt'
  | 'abs'
  | 'square'
  | 'erf'
  | 'erf_inv'
  | 'integer_pow'
  | 'not'
  | 'is_finite'
  | 'stop_gradient'
  | 'copy';

/** Elementwise primitives with two broadcasting operands of one dtype. */
export type BinaryPrimitive =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'rem'
  | 'pow'
  | 'max'
  | 'min'
  | 'atan2'
  | 'nextafter'
  | 'and'
  | 'or'
  | 'xor'
  | 'shift_left'
  | 'shift_right_logical'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge';

export type ElementwisePrimitive =
  | UnaryPrimitive
  | BinaryPrimitive
  | 'select_n'
  | 'clamp'
  | 'convert_element_type'
  | 'bitcast_convert_type';

export type ReductionPrimitive =
  | 'reduce_sum'
  | 'reduce_max'
  | 'reduce_min'
  | 'reduce_prod'
  | 'reduce_and'
  | 'reduce_or'
  | 'argmax'
  | 'argmin'
  | 'cumsum'
  | 'cumprod'
  | 'cummax'
  | 'cummin';

export type StructurePrimitive =
  | 'broadcast_in_dim'
  | 'reshape'
  | 'transpose'
  | 'squeeze'
  | 'expand_dims'
  | 'rev'
  | 'concatenate'
  | 'pad'
  | 'slice'
  | 'dynamic_slice'
  | 'dynamic_update_slice'
  | 'gather'
  | 'scatter_add'
  | 'sort'
  | 'iota';

export type LinalgPrimitive =
  | 'dot_general'
  | 'conv_general_dilated'
  | 'reduce_window_sum'
  | 'reduce_window_max'
  | 'reduce_window_min';

export type CollectivePrimitive =
  | 'psum'
  | 'pmax'
  | 'pmin'
  | 'all_gather'
  | 'axis_index'
  | 'ppermute';

export type RandomPrimitive =
  | 'threefry2x32'
  | 'random_bits'
  | 'random_split'
  | 'random_fold_in'
  | 'random_transform';

/** Primitives that carry a sub-program. */
export type HigherOrderPrimitive = 'jit' | 'custom_jvp_call' | 'custom_vjp_call' | 'custom_lin';

/** A table for one family: `satisfies FamilyTable<UnaryPrimitive, AbstractEvalRuleOf>`. */
export type FamilyRules<F extends Primitive, R extends { [P in Primitive]: unknown }> = {
  [P in F]: R[P];
};
