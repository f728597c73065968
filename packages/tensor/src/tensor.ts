/**
 * The array type. `Tensor` is the abstract face every value has (concrete arrays and tracers
 * alike), with a method for each numpy op; `ArrayImpl` is a concrete array holding a backend
 * buffer. JAX: jax.Array / ArrayImpl, core.Tracer.
 *
 * Import-cycle rule: nothing imported by this file may subclass Tensor at module top level
 * (tracer classes live in modules the ops never import), because ES modules evaluate this file's
 * dependencies before the class exists.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from './backend/engine.ts';
import { type BufferRecord, rehome, release } from './backend/memory.ts';
import { ShapedArray } from './core/aval.ts';
import type { Trace } from './core/trace.ts';
import type { DType } from './dtype.ts';
import { ConcretizationTypeError, DisposedTensorError } from './errors.ts';
import { formatStr, formatTensor } from './format.ts';
import { hostValues, hostValuesAsync, toNested } from './host.ts';
import type { Axis, IndexItem, NestedArray, TensorLike } from './numpy/index.ts';
import * as np from './numpy/index.ts';

export abstract class Tensor {
  /** The trace this value belongs to; null for concrete arrays. */
  readonly _trace: Trace | null;

  constructor(trace: Trace | null) {
    this._trace = trace;
  }

  abstract get aval(): ShapedArray;

  get shape(): readonly number[] {
    return this.aval.shape;
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.size;
  }
  get weakType(): boolean {
    return this.aval.weakType;
  }

  /**
   * Frees a concrete array's buffer now instead of when it becomes unreachable. Optional: jaxts
   * frees unreachable arrays itself. A no-op on tracers.
   */
  dispose(): void {}

  /** Returns the value this tracer stands for once its trace no longer needs it. */
  fullLower(): Tensor {
    return this;
  }

  /** Concrete arrays: the value itself. Tracers: a ConcretizationTypeError naming the fix. */
  protected concrete(api: string): ArrayImpl {
    throw new ConcretizationTypeError(
      `${api}: attempted to read the value of a traced array ${this.aval.strShort()} inside a ` +
        'transformation (jit, grad, vmap, makeJaxpr). The value is not known while tracing. ' +
        'Make the argument static (jit staticArgnums), or use jnp.where / lax.select instead of ' +
        'JavaScript control flow on the value.',
    );
  }

  // --- host access ---------------------------------------------------------------------------
  /** Values as a flat typed array (uint32 as Uint32Array, bool as Uint8Array). */
  dataSync(): Float32Array | Int32Array | Uint32Array | Uint8Array {
    return hostValues(this.concrete('dataSync'));
  }
  async data(): Promise<Float32Array | Int32Array | Uint32Array | Uint8Array> {
    return hostValuesAsync(this.concrete('data'));
  }
  /** Nested JavaScript arrays (numbers, or booleans for bool). */
  toArray(): NestedArray {
    const c = this.concrete('toArray');
    return toNested(hostValues(c), c.shape, c.dtype);
  }
  /** The value of a size-1 array as a JavaScript number (or boolean). */
  item(): number | boolean {
    const c = this.concrete('item');
    if (c.size !== 1) {
      throw new ConcretizationTypeError(
        `item: can only convert an array of size 1 to a scalar; got ${c.aval.strShort()}.`,
      );
    }
    const v = hostValues(c)[0] as number;
    return c.dtype === 'bool' ? v !== 0 : v;
  }
  toString(): string {
    if (this._trace !== null) return `Traced<${this.aval.strShort()}>`;
    const c = this.concrete('toString');
    return formatTensor(hostValues(c), c.shape, c.dtype, c.weakType);
  }
  /** NumPy's `str(x)`: `11.396822` for a scalar, `[1. 2. 3.]` for arrays (toString is the repr). */
  str(): string {
    if (this._trace !== null) return `Traced<${this.aval.strShort()}>`;
    const c = this.concrete('str');
    return formatStr(hostValues(c), c.shape, c.dtype);
  }
  get [Symbol.toStringTag](): string {
    return 'Tensor';
  }

  /** console.log(x) in Node prints the repr instead of the object's internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** Iterates over the first axis, like a NumPy/JAX array: `const [k1, k2] = random.split(key)`. */
  // --- elementwise --------------------------------------------------------------------------
  add(y: TensorLike): Tensor {
    return np.add(this, y);
  }
  sub(y: TensorLike): Tensor {
    return np.subtract(this, y);
  }
  mul(y: TensorLike): Tensor {
    return np.multiply(this, y);
  }
  div(y: TensorLike): Tensor {
    return np.divide(this, y);
  }
  pow(y: TensorLike): Tensor {
    return np.power(this, y);
  }
  mod(y: TensorLike): Tensor {
    return np.mod(this, y);
  }
  floorDiv(y: TensorLike): Tensor {
    return np.floorDivide(this, y);
  }
  neg(): Tensor {
    return np.negative(this);
  }
  abs(): Tensor {
    return np.abs(this);
  }
  square(): Tensor {
    return np.square(this);
  }
  sqrt(): Tensor {
    return np.sqrt(this);
  }
  exp(): Tensor {
    return np.exp(this);
  }
  log(): Tensor {
    return np.log(this);
  }
  sin(): Tensor {
    return np.sin(this);
  }
  cos(): Tensor {
    return np.cos(this);
  }
  tanh(): Tensor {
    return np.tanh(this);
  }
  sign(): Tensor {
    return np.sign(this);
  }
  reciprocal(): Tensor {
    return np.reciprocal(this);
  }
  maximum(y: TensorLike): Tensor {
    return np.maximum(this, y);
  }
  minimum(y: TensorLike): Tensor {
    return np.minimum(this, y);
  }
  clip(min?: TensorLike | null, max?: TensorLike | null): Tensor {
    return np.clip(this, min ?? null, max ?? null);
  }
  round(decimals = 0): Tensor {
    return np.round(this, decimals);
  }
  floor(): Tensor {
    return np.floor(this);
  }
  ceil(): Tensor {
    return np.ceil(this);
  }
  equal(y: TensorLike): Tensor {
    return np.equal(this, y);
  }
  notEqual(y: TensorLike): Tensor {
    return np.notEqual(this, y);
  }
  less(y: TensorLike): Tensor {
    return np.less(this, y);
  }
  lessEqual(y: TensorLike): Tensor {
    return np.lessEqual(this, y);
  }
  greater(y: TensorLike): Tensor {
    return np.greater(this, y);
  }
  greaterEqual(y: TensorLike): Tensor {
    return np.greaterEqual(this, y);
  }
  logicalNot(): Tensor {
    return np.logicalNot(this);
  }
  logicalAnd(y: TensorLike): Tensor {
    return np.logicalAnd(this, y);
  }
  logicalOr(y: TensorLike): Tensor {
    return np.logicalOr(this, y);
  }
  astype(dtype: DType): Tensor {
    return np.astype(this, dtype);
  }

  // --- reductions ---------------------------------------------------------------------------
  sum(opts?: np.ReduceOptions): Tensor {
    return np.sum(this, opts);
  }
  mean(opts?: np.ReduceOptions): Tensor {
    return np.mean(this, opts);
  }
  max(opts?: np.ReduceOptions): Tensor {
    return np.max(this, opts);
  }
  min(opts?: np.ReduceOptions): Tensor {
    return np.min(this, opts);
  }
  prod(opts?: np.ReduceOptions): Tensor {
    return np.prod(this, opts);
  }
  all(opts?: np.ReduceOptions): Tensor {
    return np.all(this, opts);
  }
  any(opts?: np.ReduceOptions): Tensor {
    return np.any(this, opts);
  }
  var(opts?: np.VarOptions): Tensor {
    return np.var_(this, opts);
  }
  std(opts?: np.VarOptions): Tensor {
    return np.std(this, opts);
  }
  argmax(opts?: np.ArgOptions): Tensor {
    return np.argmax(this, opts);
  }
  argmin(opts?: np.ArgOptions): Tensor {
    return np.argmin(this, opts);
  }
  cumsum(opts?: { axis?: number | null }): Tensor {
    return np.cumsum(this, opts);
  }
  cumprod(opts?: { axis?: number | null }): Tensor {
    return np.cumprod(this, opts);
  }

  // --- shapes and indexing ------------------------------------------------------------------
  reshape(shape: readonly number[]): Tensor {
    return np.reshape(this, shape);
  }
  transpose(axes?: readonly number[]): Tensor {
    return np.transpose(this, axes);
  }
  /** The transpose (all axes reversed), like NumPy's `x.T`. */
  get T(): Tensor {
    return np.transpose(this);
  }
  swapaxes(a: number, b: number): Tensor {
    return np.swapaxes(this, a, b);
  }
  expandDims(axis: Axis): Tensor {
    return np.expandDims(this, axis);
  }
  squeeze(axis?: Axis | null): Tensor {
    return np.squeeze(this, axis ?? null);
  }
  flatten(): Tensor {
    return np.ravel(this);
  }
  ravel(): Tensor {
    return np.ravel(this);
  }
  broadcastTo(shape: readonly number[]): Tensor {
    return np.broadcastTo(this, shape);
  }
  flip(axis?: Axis | null): Tensor {
    return np.flip(this, axis ?? null);
  }
  take(indices: TensorLike, opts?: { axis?: number | null }): Tensor {
    return np.take(this, indices, opts);
  }
  sort(opts?: { axis?: number | null }): Tensor {
    return np.sort(this, opts);
  }
  argsort(opts?: { axis?: number | null }): Tensor {
    return np.argsort(this, opts);
  }
  /** NumPy indexing `x[i, 1:3, None, ...]`: numbers, slices (`':'`, `'1:3'`, `slice(1, 3)`), null, '...'. */
  get(...index: IndexItem[]): Tensor {
    return np.getItem(this, index);
  }
  /** Functional updates, JAX's `x.at[idx]`: `x.at(0).set(1)`, `x.at('1:').add(y)`. */
  at(...index: IndexItem[]): np.AtUpdater {
    return np.atIndex(this, index);
  }

  // --- linear algebra -----------------------------------------------------------------------
  matmul(y: TensorLike): Tensor {
    return np.matmul(this, y);
  }
  dot(y: TensorLike): Tensor {
    return np.dot(this, y);
  }
}

/** A concrete array: a buffer on a tfjs backend plus its abstract value. JAX: ArrayImpl. */
export class ArrayImpl extends Tensor {
  info: TensorInfo;
  backend: tf.KernelBackend;
  readonly aval: ShapedArray;
  /** @internal The memory manager's record of this array's buffer (backend/memory.ts). */
  held: BufferRecord | null = null;
  private _disposed = false;

  constructor(info: TensorInfo, aval: ShapedArray, backend: tf.KernelBackend) {
    super(null);
    this.info = info;
    this.aval = aval;
    this.backend = backend;
  }

  get disposed(): boolean {
    return this._disposed;
  }

  /** @internal The buffer moved to another backend (see ensureOnCurrentBackend). */
  moved(): void {
    rehome(this);
  }

  /** @internal */
  markDisposed(): void {
    this._disposed = true;
  }

  throwIfDisposed(): void {
    if (this._disposed) {
      throw new DisposedTensorError(
        `Tensor ${this.aval.strShort()} was used after dispose(); dispose() frees an array for ` +
          'good. Drop the dispose() call, or keep a copy (jnp.copy(x)) before disposing.',
      );
    }
  }

  override dispose(): void {
    release(this);
  }

  protected override concrete(_api: string): ArrayImpl {
    this.throwIfDisposed();
    return this;
  }
}

export { ShapedArray };
