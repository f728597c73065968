/**
 * Turning JavaScript values into arrays: numbers and booleans become weakly typed scalars (JAX's
 * Python scalars), nested arrays and typed arrays become arrays. JAX: jnp.asarray, dtypes.
 */

import { type BackendArray, writeData } from '../backend/engine.ts';
import { adopt } from '../backend/memory.ts';
import { ShapedArray } from '../core/aval.ts';
import { type DType, scalarDType, toDType } from '../dtype.ts';
import { InvalidArgumentError } from '../errors.ts';
import { type ArrayImpl, Tensor } from '../tensor.ts';

export type NestedArray = number | boolean | NestedArray[];
export type TypedArrayLike =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array;
/** Anything jaxts accepts where JAX accepts an array: arrays, numbers, booleans, nested lists. */
export type TensorLike = Tensor | number | boolean | readonly TensorLikeNested[] | TypedArrayLike;
type TensorLikeNested = number | boolean | Tensor | readonly TensorLikeNested[];

/** tfjs storage dtype of a jaxts dtype: uint32 data is stored as int32 bits. */
export function storageDType(d: DType): 'float32' | 'int32' | 'bool' {
  return d === 'uint32' ? 'int32' : d;
}

/** Encodes JavaScript numbers as the backend storage array of `dtype` (casting like NumPy). */
export function encodeValues(values: ArrayLike<number | boolean>, dtype: DType): BackendArray {
  const n = values.length;
  switch (dtype) {
    case 'float32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(values[i]);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.trunc(Number(values[i]));
      return out;
    }
    case 'uint32': {
      const out = new Int32Array(n);
      // Values in [0, 2^32) keep their bits: `| 0` reinterprets them as int32 storage.
      for (let i = 0; i < n; i++) out[i] = Math.trunc(Number(values[i])) | 0;
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0;
      return out;
    }
  }
}

/** A new concrete array from host values (already in row-major order). */
export function fromValues(
  values: ArrayLike<number | boolean>,
  shape: readonly number[],
  dtype: DType,
  weakType = false,
): Tensor {
  const data = encodeValues(values, dtype);
  return adopt(
    writeData(data, [...shape], storageDType(dtype)),
    new ShapedArray([...shape], dtype, weakType),
  );
}

/** Wraps an already-encoded storage array without copying it. */
export function fromStorage(
  data: BackendArray,
  shape: readonly number[],
  dtype: DType,
  weakType = false,
): ArrayImpl {
  return adopt(
    writeData(data, [...shape], storageDType(dtype)),
    new ShapedArray([...shape], dtype, weakType),
  );
}

function typedArrayDType(x: TypedArrayLike): DType {
  if (x instanceof Float32Array || x instanceof Float64Array) return 'float32';
  if (x instanceof Uint32Array) return 'uint32';
  if (x instanceof Uint8Array) return 'int32';
  return 'int32';
}

/** Shape and flat values of a nested array, with NumPy's inferred dtype. */
function flattenNested(
  api: string,
  x: readonly TensorLikeNested[],
): { shape: number[]; values: (number | boolean)[]; dtype: DType } {
  const shape: number[] = [];
  let probe: unknown = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  if (probe instanceof Tensor) {
    throw new InvalidArgumentError(
      `${api}: nested arrays of Tensors are not supported; use jnp.stack.`,
    );
  }
  const values: (number | boolean)[] = [];
  let sawFloat = false;
  let sawInt = false;
  let sawBool = false;
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v === 'number') {
        if (Number.isInteger(v) && !Object.is(v, -0)) sawInt = true;
        else sawFloat = true;
      } else if (typeof v === 'boolean') sawBool = true;
      else {
        throw new InvalidArgumentError(
          `${api}: expected numbers or booleans at depth ${depth}; got ${Array.isArray(v) ? 'a list (ragged nesting)' : typeof v}.`,
        );
      }
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new InvalidArgumentError(
        `${api}: ragged nested array; expected a list of length ${shape[depth]} at depth ${depth}, ` +
          `got ${Array.isArray(v) ? `length ${v.length}` : typeof v}. Every row must have the same length.`,
      );
    }
    for (const e of v) walk(e, depth + 1);
  };
  walk(x, 0);
  const dtype: DType = sawFloat ? 'float32' : sawInt ? 'int32' : sawBool ? 'bool' : 'float32';
  return { shape, values, dtype };
}

const scalarCache = new Map<string, Tensor>();
const SCALAR_CACHE_LIMIT = 512;

/**
 * A cached scalar constant. Scalars from JavaScript numbers are common (x.mul(2)); caching them
 * saves a buffer allocation per op. Cached arrays are immutable and never freed.
 */
export function scalar(value: number | boolean, dtype: DType, weakType: boolean): Tensor {
  const key = `${dtype}|${weakType ? 'w' : 's'}|${Object.is(value, -0) ? '-0' : String(value)}`;
  let t = scalarCache.get(key);
  if (t === undefined) {
    const data = encodeValues([value], dtype);
    // Created outside any scope so that scope() never frees a shared constant.
    t = adoptUnscoped(data, dtype, weakType);
    if (scalarCache.size < SCALAR_CACHE_LIMIT) scalarCache.set(key, t);
  }
  return t;
}

function adoptUnscoped(data: BackendArray, dtype: DType, weakType: boolean): Tensor {
  return adopt(
    writeData(data, [], storageDType(dtype)),
    new ShapedArray([], dtype, weakType),
    false,
  );
}

/**
 * Converts to an array. Numbers and booleans become weakly typed scalars; with `dtype` the value
 * is created (or cast) to that dtype.
 */
export function asTensor(x: TensorLike, api = 'asarray', dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number' || typeof x === 'boolean') {
    if (dtype !== undefined) return scalar(x, dtype, false);
    return scalar(x, scalarDType(x), true);
  }
  if (ArrayBuffer.isView(x)) {
    const d = dtype ?? typedArrayDType(x as TypedArrayLike);
    return fromValues(x as ArrayLike<number>, [(x as TypedArrayLike).length], d);
  }
  if (Array.isArray(x)) {
    const { shape, values, dtype: inferred } = flattenNested(api, x);
    return fromValues(values, shape, dtype ?? inferred);
  }
  throw new InvalidArgumentError(
    `${api}: cannot convert ${x === null ? 'null' : typeof x} to an array; expected a Tensor, a number, a boolean, a (nested) array or a typed array.`,
  );
}

export function parseDType(d: unknown, api: string): DType {
  return toDType(d, api);
}
