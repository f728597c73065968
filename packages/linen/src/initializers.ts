// Parameter initializers: functions `(key, shape, dtype?) => Tensor` and their factories.
// jax.nn.initializers (re-exported by flax.linen.initializers), with JAX's exact float32 math.

import { type DType, numpy as jnp, random, type Tensor } from '@jaxts/tensor';
import { ArrayImpl } from '@jaxts/tensor/core';
import { InvalidModuleArgumentError } from './errors.ts';

/** `(key, shape, dtype?) => array`: the key is supplied by `Module.param`. */
export type Initializer = (key: Tensor, shape: readonly number[], dtype?: DType) => Tensor;

const f32 = Math.fround;

function prod(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** An initializer returning zeros (the key is ignored). jax.nn.initializers.zeros. */
export const zeros: Initializer = (_key, shape, dtype = 'float32') => jnp.zeros(shape, dtype);

/** An initializer returning ones. jax.nn.initializers.ones. */
export const ones: Initializer = (_key, shape, dtype = 'float32') => jnp.ones(shape, dtype);

/** Returns `zeros` (Flax's zeros_init()). */
export function zerosInit(): Initializer {
  return zeros;
}

/** Returns `ones` (Flax's ones_init()). */
export function onesInit(): Initializer {
  return ones;
}

/** Fills with `value`. jax.nn.initializers.constant. */
export function constant(value: number, dtype: DType = 'float32'): Initializer {
  return (_key, shape, dt = dtype) => jnp.full(shape, value, dt);
}

function checkFloat(api: string, dtype: DType): void {
  if (dtype !== 'float32') {
    throw new InvalidModuleArgumentError(
      `initializers.${api}: random initializers produce floats; expected dtype float32, got ${dtype}.`,
    );
  }
}

/** Uniform on [0, scale). jax.nn.initializers.uniform. */
export function uniform(scale = 1e-2, dtype: DType = 'float32'): Initializer {
  return (key, shape, dt = dtype) => {
    checkFloat('uniform', dt);
    return random.uniform(key, shape).mul(f32(scale));
  };
}

/** Normal with standard deviation `stddev`. jax.nn.initializers.normal. */
export function normal(stddev = 1e-2, dtype: DType = 'float32'): Initializer {
  return (key, shape, dt = dtype) => {
    checkFloat('normal', dt);
    return random.normal(key, shape).mul(f32(stddev));
  };
}

/**
 * Truncated normal on (lower, upper) scaled by `stddev` (the standard deviation of the result is
 * smaller than stddev). jax.nn.initializers.truncated_normal.
 */
export function truncatedNormal(
  stddev = 1e-2,
  dtype: DType = 'float32',
  lower = -2.0,
  upper = 2.0,
): Initializer {
  return (key, shape, dt = dtype) => {
    checkFloat('truncatedNormal', dt);
    return random.truncatedNormal(key, lower, upper, shape).mul(f32(stddev));
  };
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fan_geo_avg';
export type Distribution = 'truncated_normal' | 'normal' | 'uniform';

export interface FanAxes {
  /** Input axis or axes (default -2). */
  readonly inAxis?: number | readonly number[];
  /** Output axis or axes (default -1). */
  readonly outAxis?: number | readonly number[];
  /** Batch axis or axes, excluded from the fans (default none). */
  readonly batchAxis?: number | readonly number[];
  readonly dtype?: DType;
}

function axisSize(shape: readonly number[], axis: number | readonly number[]): number {
  const one = (a: number): number => shape[a < 0 ? a + shape.length : a] as number;
  return typeof axis === 'number' ? one(axis) : prod(axis.map(one));
}

/** Fan-in and fan-out of a weight shape. jax._src.nn.initializers._compute_fans. */
export function computeFans(shape: readonly number[], axes: FanAxes = {}): [number, number] {
  const inAxis = axes.inAxis ?? -2;
  const outAxis = axes.outAxis ?? -1;
  const batchAxis = axes.batchAxis ?? [];
  if (typeof inAxis === 'number' && inAxis === -2 && shape.length <= 1) {
    throw new InvalidModuleArgumentError(
      `Can't compute input and output sizes of a ${shape.length}-dimensional weights tensor ` +
        'with default in_axis. Must be at least 2D or specify in_axis explicitly.',
    );
  }
  const inSize = axisSize(shape, inAxis);
  const outSize = axisSize(shape, outAxis);
  const batchSize = axisSize(shape, batchAxis);
  const receptive = prod(shape) / inSize / outSize / batchSize;
  return [inSize * receptive, outSize * receptive];
}

/**
 * Samples with variance `scale / denominator`, where the denominator is the fan-in, fan-out,
 * their mean or geometric mean. `truncated_normal` divides by 0.87962566103423978 (the standard
 * deviation of a standard normal truncated to (-2, 2)). jax.nn.initializers.variance_scaling.
 */
export function varianceScaling(
  scale: number,
  mode: FanMode,
  distribution: Distribution,
  axes: FanAxes = {},
): Initializer {
  return (key, shape, dt = axes.dtype ?? 'float32') => {
    checkFloat('varianceScaling', dt);
    const [fanIn, fanOut] = computeFans(shape, axes);
    let denominator: number;
    if (mode === 'fan_in') denominator = fanIn;
    else if (mode === 'fan_out') denominator = fanOut;
    else if (mode === 'fan_avg') denominator = (fanIn + fanOut) / 2;
    else if (mode === 'fan_geo_avg') denominator = (fanIn * fanOut) ** 0.5;
    else {
      throw new InvalidModuleArgumentError(
        `invalid mode for variance scaling initializer: ${String(mode)}`,
      );
    }
    // JAX computes in float32: variance = f32(scale / denominator), then f32 sqrt and divide.
    const variance = f32(scale / denominator);
    if (distribution === 'truncated_normal') {
      const stddev = f32(f32(Math.sqrt(variance)) / f32(0.87962566103423978));
      return random.truncatedNormal(key, -2, 2, shape).mul(stddev);
    }
    if (distribution === 'normal') {
      return random.normal(key, shape).mul(f32(Math.sqrt(variance)));
    }
    if (distribution === 'uniform') {
      return random.uniform(key, shape, { minval: -1 }).mul(f32(Math.sqrt(f32(3 * variance))));
    }
    throw new InvalidModuleArgumentError(
      `invalid distribution for variance scaling initializer: ${String(distribution)}`,
    );
  };
}

/** LeCun normal: variance_scaling(1, fan_in, truncated_normal). The Dense/Conv default. */
export function lecunNormal(axes: FanAxes = {}): Initializer {
  return varianceScaling(1.0, 'fan_in', 'truncated_normal', axes);
}

/** LeCun uniform: variance_scaling(1, fan_in, uniform). */
export function lecunUniform(axes: FanAxes = {}): Initializer {
  return varianceScaling(1.0, 'fan_in', 'uniform', axes);
}

/** Glorot (Xavier) normal: variance_scaling(1, fan_avg, truncated_normal). */
export function glorotNormal(axes: FanAxes = {}): Initializer {
  return varianceScaling(1.0, 'fan_avg', 'truncated_normal', axes);
}

/** Glorot (Xavier) uniform: variance_scaling(1, fan_avg, uniform). */
export function glorotUniform(axes: FanAxes = {}): Initializer {
  return varianceScaling(1.0, 'fan_avg', 'uniform', axes);
}

/** He (Kaiming) normal: variance_scaling(2, fan_in, truncated_normal). */
export function heNormal(axes: FanAxes = {}): Initializer {
  return varianceScaling(2.0, 'fan_in', 'truncated_normal', axes);
}

/** He (Kaiming) uniform: variance_scaling(2, fan_in, uniform). */
export function heUniform(axes: FanAxes = {}): Initializer {
  return varianceScaling(2.0, 'fan_in', 'uniform', axes);
}

export const xavierNormal = glorotNormal;
export const xavierUniform = glorotUniform;
export const kaimingNormal = heNormal;
export const kaimingUniform = heUniform;

/**
 * Orthonormal columns of `z` (N ≥ K) with a positive-diagonal R: classical Gram-Schmidt with
 * re-orthogonalization (CGS2), written with jnp ops so it traces. A QR with R's diagonal made
 * positive is unique, so this equals JAX's `q * sign(diag(r))` up to rounding.
 */
export function orthonormalColumns(z: Tensor): Tensor {
  const k = z.shape[1] as number;
  const cols: Tensor[] = [];
  for (let j = 0; j < k; j++) {
    let v = jnp.getItem(z, [jnp.slice(), j]);
    if (j > 0) {
      const q = jnp.stack(cols, 1);
      for (let pass = 0; pass < 2; pass++) v = v.sub(jnp.matmul(q, jnp.matmul(v, q)));
    }
    cols.push(v.div(jnp.sqrt(jnp.sum(jnp.square(v)))));
  }
  return jnp.stack(cols, 1);
}

/**
 * Q of the QR decomposition of a concrete (N, K) matrix (N ≥ K), computed on the host in float64
 * with Householder reflections, columns signed so that R's diagonal is positive.
 */
export function householderQ(values: ArrayLike<number>, n: number, k: number): Float32Array {
  const a = Float64Array.from(values);
  const vs: Float64Array[] = [];
  const signs: number[] = [];
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += (a[i * k + j] as number) ** 2;
    norm = Math.sqrt(norm);
    const x0 = a[j * k + j] as number;
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(n - j);
    for (let i = j; i < n; i++) v[i - j] = a[i * k + j] as number;
    v[0] = (v[0] as number) - alpha;
    let vnorm = 0;
    for (const e of v) vnorm += e * e;
    vnorm = Math.sqrt(vnorm);
    if (vnorm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / vnorm;
    // A[j:, j:] -= 2 v (vᵀ A[j:, j:])
    for (let c = j; c < k; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += (v[i - j] as number) * (a[i * k + c] as number);
      for (let i = j; i < n; i++)
        a[i * k + c] = (a[i * k + c] as number) - 2 * (v[i - j] as number) * dot;
    }
    vs.push(v);
    signs.push((a[j * k + j] as number) < 0 ? -1 : 1);
  }
  // Q = H_0 ... H_{k-1} [I; 0], applied right to left.
  const q = new Float64Array(n * k);
  for (let j = 0; j < k; j++) q[j * k + j] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j] as Float64Array;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += (v[i - j] as number) * (q[i * k + c] as number);
      for (let i = j; i < n; i++)
        q[i * k + c] = (q[i * k + c] as number) - 2 * (v[i - j] as number) * dot;
    }
  }
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < k; c++) out[i * k + c] = (q[i * k + c] as number) * (signs[c] as number);
  return out;
}

/**
 * A (semi-)orthogonal n×m matrix from `key`: QR of an (max, min) standard normal matrix with the
 * sign correction, transposed when n < m. jax.random.orthogonal with an empty batch shape.
 */
export function randomOrthogonal(key: Tensor, n: number, m: number): Tensor {
  const rows = Math.max(n, m);
  const cols = Math.min(n, m);
  const z = random.normal(key, [rows, cols]);
  // Concrete values: float64 Householder on the host (fast, exact to float32); under a trace:
  // the traceable Gram-Schmidt.
  const q =
    z instanceof ArrayImpl
      ? jnp.fromValues(householderQ(z.dataSync(), rows, cols), [rows, cols], 'float32')
      : orthonormalColumns(z);
  return n < m ? jnp.transpose(q) : q;
}

/**
 * Uniformly random orthogonal matrices (reshaped so `columnAxis` holds the columns), times
 * `scale`. jax.nn.initializers.orthogonal.
 */
export function orthogonal(scale = 1.0, columnAxis = -1, dtype: DType = 'float32'): Initializer {
  return (key, shape, dt = dtype) => {
    checkFloat('orthogonal', dt);
    if (shape.length < 2) {
      throw new InvalidModuleArgumentError('orthogonal initializer requires at least a 2D shape');
    }
    if (shape.some((d) => d === 0)) return jnp.zeros(shape, dt);
    const col = columnAxis < 0 ? columnAxis + shape.length : columnAxis;
    const nCols = shape[col] as number;
    const nRows = prod(shape) / nCols;
    let q = randomOrthogonal(key, nRows, nCols);
    const rest = shape.filter((_, i) => i !== col);
    q = jnp.reshape(q, [...rest, nCols]);
    q = jnp.moveaxis(q, -1, col);
    return q.mul(f32(scale));
  };
}

/**
 * Delta-orthogonal kernels for 3-D/4-D/5-D convolutions: zeros except an orthogonal matrix at
 * the spatial center. jax.nn.initializers.delta_orthogonal.
 */
export function deltaOrthogonal(
  scale = 1.0,
  columnAxis = -1,
  dtype: DType = 'float32',
): Initializer {
  return (key, shape, dt = dtype) => {
    checkFloat('deltaOrthogonal', dt);
    if (shape.length < 3 || shape.length > 5) {
      throw new InvalidModuleArgumentError(
        'Delta orthogonal initializer requires a 3D, 4D or 5D shape.',
      );
    }
    const fanIn = shape.at(-2) as number;
    const fanOut = shape.at(-1) as number;
    if (fanOut < fanIn) {
      throw new InvalidModuleArgumentError('`fan_in` must be less or equal than `fan_out`. ');
    }
    const m = orthogonal(scale, columnAxis, dt)(key, [fanIn, fanOut]);
    const spatial = shape.slice(0, -2);
    const expanded = jnp.reshape(m, [...spatial.map(() => 1), fanIn, fanOut]);
    const pads = [
      ...spatial.map((k) => [Math.floor((k - 1) / 2), k - 1 - Math.floor((k - 1) / 2)]),
      [0, 0],
      [0, 0],
    ];
    return jnp.pad(expanded, pads);
  };
}
